#pragma once
// Stage 2 of loading for predicates: JSON -> Predicate AST with unresolved paths. Checks the
// grammar in predicate.hpp (known operators, operand shapes); types come later.
#include <optional>
#include <string_view>
#include <vector>

#include "engine/json_checks.hpp"
#include "engine/predicate.hpp"

namespace mtaudit::engine {

std::optional<Predicate> parse_predicate(JsonChecker& checker, const JsonNode& node);

// Every operator name, for the rule.schema.json consistency test.
std::vector<std::string_view> operator_names();

}  // namespace mtaudit::engine
