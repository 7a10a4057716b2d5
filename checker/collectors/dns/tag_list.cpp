#include "collectors/dns/tag_list.hpp"

#include <cctype>

namespace mtaudit::dns {

std::string trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const std::string* TagList::find(std::string_view name) const {
  for (const auto& [k, v] : tags) {
    if (k == name) return &v;
  }
  return nullptr;
}

TagList parse_tag_list(std::string_view record) {
  TagList out;
  std::size_t start = 0;
  int index = 0;
  while (start <= record.size()) {
    std::size_t semi = record.find(';', start);
    std::string part = trim(record.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start));
    start = semi == std::string_view::npos ? record.size() + 1 : semi + 1;
    ++index;
    if (part.empty()) {
      if (semi != std::string_view::npos && start <= record.size() && !trim(record.substr(start)).empty()) {
        out.problems.push_back("empty tag " + std::to_string(index));
      }
      continue;
    }
    std::size_t eq = part.find('=');
    if (eq == std::string::npos) {
      out.problems.push_back("tag " + std::to_string(index) + " \"" + part + "\" has no '='");
      continue;
    }
    std::string name = lower(trim(part.substr(0, eq)));
    if (out.find(name) != nullptr) out.problems.push_back("tag " + name + " appears twice");
    out.tags.emplace_back(name, trim(part.substr(eq + 1)));
  }
  return out;
}

std::vector<std::string> records_with_prefix(const std::vector<std::string>& txts, std::string_view version,
                                             bool ignore_case) {
  std::vector<std::string> out;
  for (const auto& t : txts) {
    std::string head = t.substr(0, version.size());
    if (ignore_case) head = lower(head);
    if (head != version) continue;
    // The version tag must end there: "v=spf10" is not SPF, "v=DMARC1;" and "v=DMARC1 " are.
    if (t.size() == version.size() || t[version.size()] == ' ' || t[version.size()] == ';' ||
        t[version.size()] == '\t') {
      out.push_back(t);
    }
  }
  return out;
}

}  // namespace mtaudit::dns
