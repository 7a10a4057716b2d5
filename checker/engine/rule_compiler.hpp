#pragma once
// Stages 3 and 4 for one validated rule: parse its predicates and templates, resolve every
// fact path and param, compile regexes. Fills spec.rule; returns false after reporting.
#include "core/diag.hpp"
#include "engine/fact_schema.hpp"
#include "engine/rule_validator.hpp"

namespace mtaudit::engine {

bool compile_rule(RuleSpec& spec, const FactTypePtr& schema, Diags& errors);

}  // namespace mtaudit::engine
