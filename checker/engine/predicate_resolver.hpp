#pragma once
// Stage 3 of loading: every fact path must exist in the facts schema, every param must be
// declared by the rule, and every operator must get operands of types it can compare.
#include <string>
#include <vector>

#include "engine/fact_paths.hpp"
#include "engine/json_checks.hpp"
#include "engine/rule_model.hpp"

namespace mtaudit::engine {

struct ResolveContext {
  JsonChecker& checker;
  const std::vector<ParamDef>& params;
  std::string rule;  // "rule 'x'", for messages
};

bool resolve_path(ResolveContext& ctx, PathRef& path, const Scope& scope);
bool resolve_predicate(ResolveContext& ctx, Predicate& p, const Scope& scope);
bool resolve_template(ResolveContext& ctx, Template& t, const Scope& scope);

}  // namespace mtaudit::engine
