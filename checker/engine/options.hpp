#pragma once
// Turns EvalOptions into the list of rules to run: profile, select, skip, param overrides,
// waivers. Problems are collected, never thrown.
#include <set>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/profiles.hpp"

namespace mtaudit::engine {

struct Plan {
  std::vector<EffectiveRule> rules;  // sorted by id
  std::set<std::string> skip;
  std::vector<Waiver> waivers;
};

Plan plan_run(const CompiledRules& rules, const EvalOptions& options, Diags& problems);

}  // namespace mtaudit::engine
