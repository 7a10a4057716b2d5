#include "collectors/postfix_config/main_cf.hpp"

#include "collectors/postfix_config/logical_lines.hpp"

namespace mtaudit::postfix {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n';
}

}  // namespace

std::string_view trim_postfix_space(std::string_view s) {
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

std::string split_name_value(std::string_view text, std::string* name, std::string* value) {
  std::string_view s = trim_postfix_space(text);
  std::size_t n = 0;
  while (n < s.size() && !is_space(s[n]) && s[n] != '=') {
    ++n;
  }
  if (n == 0) {
    return "missing attribute name";
  }
  std::string_view rest = s.substr(n);
  while (!rest.empty() && is_space(rest.front())) {
    rest.remove_prefix(1);
  }
  if (rest.empty() || rest.front() != '=') {
    return "missing '=' after attribute name";
  }
  *name = std::string(s.substr(0, n));
  *value = std::string(trim_postfix_space(rest.substr(1)));
  return "";
}

Expected<std::vector<Setting>> parse_main_cf(std::string_view content, const std::string& file,
                                             Diags* warnings) {
  std::vector<Setting> settings;
  Diags errors;
  for (const auto& ll : read_logical_lines(content, file, warnings)) {
    Setting s;
    std::string err = split_name_value(ll.text, &s.name, &s.value);
    if (!err.empty()) {
      errors.push_back({file, ll.line, 0, err, ll.text});
      continue;
    }
    s.line = ll.line;
    settings.push_back(std::move(s));
  }
  if (!errors.empty()) {
    return errors;
  }
  return settings;
}

}  // namespace mtaudit::postfix
