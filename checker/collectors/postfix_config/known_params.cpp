#include "collectors/postfix_config/known_params.hpp"

#include <algorithm>
#include <cctype>

namespace mtaudit::postfix {
namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

const char* const k_client_dbms[] = {"ldap", "mysql", "pgsql", "sqlite", "memcache", "mongodb"};

bool is_client_dbms(std::string_view type) {
  return std::find(std::begin(k_client_dbms), std::end(k_client_dbms), type) != std::end(k_client_dbms);
}

// Splits on commas and whitespace, keeping {...} groups whole (mystrtokq).
std::vector<std::string> dbms_tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  for (char c : text) {
    if (depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    depth += c == '{' ? 1 : (c == '}' ? -1 : 0);
    cur += c;
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string_view unbrace(std::string_view s) {
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}') return s.substr(1, s.size() - 2);
  return s.substr(s.empty() ? 0 : 1);
}

// postconf_dbms.c: "ldap:NAME" (NAME not a path) makes NAME_<suffix> parameters known.
void collect_dbms_prefixes(std::string_view text, bool recurse, std::set<std::string>* out) {
  for (const auto& tok : dbms_tokens(text)) {
    std::string_view t = tok;
    if (t.front() == '{') {
      if (recurse) collect_dbms_prefixes(unbrace(t), recurse, out);
      continue;
    }
    std::size_t colon = t.find(':');
    while (colon != std::string_view::npos && t.substr(0, colon) == "proxy") {
      t = t.substr(colon + 1);
      colon = t.find(':');
    }
    if (colon == std::string_view::npos) continue;
    std::string_view type = t.substr(0, colon), name = t.substr(colon + 1);
    if (name.empty() || name.front() == '/' || name.front() == '.') continue;
    if (name.front() == '{') {
      collect_dbms_prefixes(unbrace(name), recurse && type != "regexp" && type != "pcre", out);
    } else if (is_client_dbms(type)) {
      out->emplace(name);
    }
  }
}

}  // namespace

std::vector<std::string> referenced_names(std::string_view text) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '$') continue;
    if (text[i + 1] == '$') {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    if (text[j] == '{' || text[j] == '(') {
      ++j;
      while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
    }
    std::size_t start = j;
    while (j < text.size() && is_name_char(text[j])) ++j;
    if (j > start) names.emplace_back(text.substr(start, j - start));
  }
  return names;
}

std::vector<std::string> KnownParameters::sorted() const {
  std::vector<std::string> out;
  const auto& builtin = m_space->defaults().values;
  out.reserve(builtin.size() + m_found.size());
  for (const auto& [name, value] : builtin) out.push_back(name);
  out.insert(out.end(), m_found.begin(), m_found.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

KnownParameters known_parameters(const ParamSpace& space, const std::vector<Setting>& main,
                                 const std::vector<MasterEntry>& master,
                                 const std::vector<Override>& service) {
  std::set<std::string, std::less<>> known;  // found in the configuration; references to built-ins are left out
  auto add_refs = [&](const std::string& value) {
    for (auto& n : referenced_names(value)) {
      if (!space.is_builtin(n) && space.raw(n) != nullptr) known.insert(std::move(n));
    }
  };
  for (const auto& [name, value] : space.defaults().values) {
    if (value.find('$') != std::string::npos) {
      add_refs(value);  // e.g. postscreen_denylist_action's default names postscreen_blacklist_action
    }
  }
  // postconf_user.c: a name listed in smtpd_restriction_classes is a parameter when it has a
  // name=value entry (the class's restriction list). The service's own -o list counts too.
  if (auto classes = space.expanded("smtpd_restriction_classes", nullptr)) {
    for (auto& n : dbms_tokens(*classes)) {
      if (space.raw(n) != nullptr) known.insert(std::move(n));
    }
  }
  std::set<std::string> replaced;
  for (const auto& o : service) {
    replaced.insert(o.name);
    add_refs(o.value);
  }
  std::set<std::string> prefixes;
  auto add_dbms = [&](const std::string& value) {
    if (value.find_first_of(":$") == std::string::npos) return;  // cannot name a type:table
    auto v = space.expand_text(value, nullptr);
    collect_dbms_prefixes(v ? *v : value, true, &prefixes);
  };
  for (const auto& o : service) add_dbms(o.value);
  for (const auto& s : main) {
    if (replaced.count(s.name) > 0) continue;
    add_refs(s.value);
    add_dbms(s.value);
  }
  for (const auto& e : master) {
    for (const auto& o : e.overrides) {
      add_refs(o.value);
      if (o.name != "smtpd_restriction_classes") continue;
      for (auto& n : dbms_tokens(o.value)) {
        if (space.raw(n) != nullptr) known.insert(std::move(n));
      }
    }
  }
  // Any suffix is accepted here; postconf checks it against a generated per-type list.
  for (const auto& p : prefixes) {
    for (const auto& s : main) {
      if (s.name.rfind(p + "_", 0) == 0) known.insert(s.name);
    }
    for (const auto& o : service) {
      if (o.name.rfind(p + "_", 0) == 0) known.insert(o.name);
    }
  }
  return KnownParameters(space, std::move(known));
}

}  // namespace mtaudit::postfix
