#pragma once
// Postfix's $name expansion (mac_parse.c + mac_expand.c, 3.7 semantics): $name, ${name},
// $(name), $$, ${name?text}, ${name:text}, ${name?{a}:{b}}, ${{a} OP {b} ? {t} : {f}} and
// the 3.6+ `level` operators. Pure: parameter values come from a lookup function.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace mtaudit::postfix {

// Returns the raw (unexpanded) value of a parameter, or nullptr when it is undefined.
using RawLookup = std::function<const std::string*(std::string_view name)>;

struct ExpandOptions {
  bool recurse = true;  // expand looked-up values again (postconf -x, daemons)
};

// Expands `value`. Undefined names expand to "" and are appended to *undefined (when given),
// as postconf warns "undefined parameter". A syntax error or runaway nesting is an error
// whose message is Postfix's own (e.g. `truncated macro reference: "${a"`).
Expected<std::string> expand_macros(std::string_view value, const RawLookup& lookup,
                                    ExpandOptions options, std::vector<std::string>* undefined);

// Compares two compatibility levels ("0", "2", "3.6", "3.10.1") numerically per component.
// Returns <0, 0, >0; an invalid level is an error.
Expected<int> compare_compat_levels(std::string_view a, std::string_view b);

}  // namespace mtaudit::postfix
