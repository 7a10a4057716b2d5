#pragma once
// Built-in parameter defaults of one Postfix minor version (data files in defaults/, compiled
// into the binary), as `postconf -d` prints them: unexpanded.
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collectors/postfix_config/version.hpp"
#include "core/expected.hpp"

namespace mtaudit::postfix {

struct DefaultsTable {
  PostfixVersion version;                     // the version the table is for
  std::map<std::string, std::string> values;  // name -> unexpanded default
  std::set<std::string> raw;                  // shown unexpanded even with -x
  std::set<std::string> readonly;             // main.cf / -o assignments are ignored
};

// Reads parameter-classes.txt ("raw NAME" / "readonly NAME" lines) into the table.
Diags parse_parameter_classes(std::string_view content, const std::string& file, DefaultsTable* t);

// Parses a defaults file ("name = value" lines, '#' comments).
Expected<DefaultsTable> parse_defaults(std::string_view content, const std::string& file);

// The embedded table for the version's minor release (3.4 ... 3.11).
Expected<DefaultsTable> builtin_defaults(const PostfixVersion& version);

// postconf derives parameters from master.cf: a service `relay` running `smtp` has
// relay_destination_concurrency_limit = $default_destination_concurrency_limit, and so on.
struct ServiceParamTemplate {
  std::vector<std::string> commands;  // master.cf command names, compared byte for byte
  std::string suffix;                 // appended to the service name
  std::string value;                  // default of the derived parameter
};

// Lines "commands<TAB>suffix<TAB>default" (defaults/service-parameters.txt).
Expected<std::vector<ServiceParamTemplate>> parse_service_templates(std::string_view content,
                                                                    const std::string& file);
std::vector<ServiceParamTemplate> builtin_service_templates();

// Adds the derived parameters of every entry (service name, command) that is not built-in.
void add_service_parameters(DefaultsTable& table,
                            const std::vector<std::pair<std::string, std::string>>& services,
                            const std::vector<ServiceParamTemplate>& templates);

}  // namespace mtaudit::postfix
