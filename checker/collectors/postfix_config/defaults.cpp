#include "collectors/postfix_config/defaults.hpp"

#include <algorithm>
#include <sstream>

#include "core/embedded.hpp"

namespace mtaudit::postfix {
namespace {

// Calls fn(line, number) for each line of a data file that is neither empty nor a comment.
template <class Fn>
void for_each_data_line(std::string_view content, Fn fn) {
  int number = 0;
  std::size_t pos = 0;
  while (pos < content.size()) {
    std::size_t end = content.find('\n', pos);
    std::string_view line = content.substr(pos, end == std::string_view::npos ? end : end - pos);
    pos = end == std::string_view::npos ? content.size() : end + 1;
    ++number;
    if (!line.empty() && line.front() != '#') fn(line, number);
  }
}

}  // namespace

Expected<DefaultsTable> parse_defaults(std::string_view content, const std::string& file) {
  DefaultsTable t;
  Diags errors;
  for_each_data_line(content, [&](std::string_view line, int number) {
    std::size_t sp = line.find(" =");
    if (sp == std::string_view::npos || sp == 0) {
      errors.push_back({file, number, 0, "expected \"name = value\"", std::string(line)});
      return;
    }
    std::string_view value = line.substr(sp + 2);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    t.values.emplace(std::string(line.substr(0, sp)), std::string(value));
  });
  if (!errors.empty()) return errors;
  return t;
}

Diags parse_parameter_classes(std::string_view content, const std::string& file, DefaultsTable* t) {
  Diags errors;
  for_each_data_line(content, [&](std::string_view line, int number) {
    std::istringstream words{std::string(line)};
    std::string kind, name;
    words >> kind >> name;
    if (kind == "raw" && !name.empty()) {
      t->raw.insert(name);
    } else if (kind == "readonly" && !name.empty()) {
      t->readonly.insert(name);
    } else {
      errors.push_back({file, number, 0, "expected \"raw NAME\" or \"readonly NAME\"", std::string(line)});
    }
  });
  return errors;
}

Expected<DefaultsTable> builtin_defaults(const PostfixVersion& version) {
  std::string wanted = "postfix-" + version.minor_string() + ".cf";
  for (const auto& f : embedded_defaults()) {
    if (f.name != wanted) continue;
    auto t = parse_defaults(f.contents, wanted);
    if (!t) return t;
    t->version = version;
    for (const auto& c : embedded_defaults()) {
      if (c.name != "parameter-classes.txt") continue;
      Diags errors = parse_parameter_classes(c.contents, "parameter-classes.txt", &*t);
      if (!errors.empty()) return errors;
    }
    return t;
  }
  return Diag{"", 0, 0, "no built-in defaults for Postfix " + version.to_string() +
                            " (supported: 3.4 to 3.11)"};
}

Expected<std::vector<ServiceParamTemplate>> parse_service_templates(std::string_view content,
                                                                    const std::string& file) {
  std::vector<ServiceParamTemplate> out;
  Diags errors;
  for_each_data_line(content, [&](std::string_view view, int number) {
    std::string line(view);
    std::size_t t1 = line.find('\t');
    std::size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string::npos) {
      errors.push_back({file, number, 0, "expected commands<TAB>suffix<TAB>default", line});
      return;
    }
    ServiceParamTemplate t{{}, line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1)};
    std::istringstream commands(line.substr(0, t1));
    for (std::string c; std::getline(commands, c, ',');) t.commands.push_back(c);
    out.push_back(std::move(t));
  });
  if (!errors.empty()) return errors;
  return out;
}

std::vector<ServiceParamTemplate> builtin_service_templates() {
  for (const auto& f : embedded_defaults()) {
    if (f.name == "service-parameters.txt") {
      auto t = parse_service_templates(f.contents, "service-parameters.txt");
      if (t) return *t;
    }
  }
  return {};
}

void add_service_parameters(DefaultsTable& table,
                            const std::vector<std::pair<std::string, std::string>>& services,
                            const std::vector<ServiceParamTemplate>& templates) {
  for (const auto& [service, command] : services) {
    for (const auto& t : templates) {
      if (std::find(t.commands.begin(), t.commands.end(), command) == t.commands.end()) continue;
      table.values.emplace(service + t.suffix, t.value);  // a built-in keeps its own default
    }
  }
}

}  // namespace mtaudit::postfix
