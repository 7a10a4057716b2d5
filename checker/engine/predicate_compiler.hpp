#pragma once
// Stage 4 of loading: what can be prepared once is prepared once. Regex patterns are
// compiled (RE2 syntax, linear-time matching); version literals are checked to be dotted numbers.
#include "engine/json_checks.hpp"
#include "engine/predicate.hpp"

namespace mtaudit::engine {

bool compile_predicate(JsonChecker& checker, Predicate& p);

}  // namespace mtaudit::engine
