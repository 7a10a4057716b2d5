#pragma once
// Profiles: named rule sets with severity and param overrides, defined in profile files.
// A rule belongs to profile P when P (or a profile P extends) is listed in the rule's
// `profiles`, or matches a `select` entry (rule id or tag) of P or of a profile P extends.
// Overrides apply from the farthest ancestor to P itself, so the child wins.
#include <map>
#include <string>
#include <vector>

#include "core/diag.hpp"
#include "engine/rule_model.hpp"
#include "engine/rule_validator.hpp"

namespace mtaudit::engine {

// Reads the overrides of every valid profile spec and checks the references between
// profiles and rules (extends, select, overrides, rules' `profiles`).
void compile_profiles(std::vector<ProfileSpec>& profiles, const std::vector<RuleSpec>& rules, Diags& errors);

struct EffectiveRule {
  const CompiledRule* rule = nullptr;
  Severity severity = Severity::medium;
  std::map<std::string, facts::Fact> params;  // every declared param, overrides applied
};

// The rules of profile `name`, sorted by id; "" = every rule with its own defaults.
// `name` must be a loaded profile (check_options reports unknown ones).
std::vector<EffectiveRule> profile_rules(const CompiledRules& rules, const std::string& name);

// A rule id or one of the rule's tags.
bool rule_matches(const CompiledRule& rule, const std::string& term);

}  // namespace mtaudit::engine
