#pragma once
// Pure parser of main.cf: logical lines to `name = value` settings, in file order.
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace mtaudit::postfix {

struct Setting {
  std::string name;
  std::string value;  // trimmed at both ends, interior whitespace verbatim, not expanded
  int line = 0;
};

// Postfix's split_nameval(): the name runs to whitespace or '=', then optional whitespace and
// a mandatory '='. Every malformed line is reported (file:line), not only the first.
Expected<std::vector<Setting>> parse_main_cf(std::string_view content, const std::string& file,
                                             Diags* warnings);

// One `name = value` text (also the inside of master.cf `-o { name = value }`).
// Returns an error message, or "" on success.
std::string split_name_value(std::string_view text, std::string* name, std::string* value);

// Whitespace as Postfix's split_nameval() trims it.
std::string_view trim_postfix_space(std::string_view s);

}  // namespace mtaudit::postfix
