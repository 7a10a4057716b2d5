#include "engine/options.hpp"

#include <algorithm>

#include "engine/params.hpp"

namespace mtaudit::engine {

namespace {

Diag problem(std::string message) { return Diag{"", 0, 0, std::move(message), ""}; }

bool known_term(const CompiledRules& rules, const std::string& term) {
  return std::any_of(rules.rules.begin(), rules.rules.end(),
                     [&](const CompiledRule& r) { return rule_matches(r, term); });
}

std::string profile_names(const CompiledRules& rules) {
  std::string names;
  for (const auto& p : rules.profiles) {
    names += (names.empty() ? "" : ", ") + p.name;
  }
  return names.empty() ? "no profiles are loaded" : "known: " + names;
}

void apply_select(const CompiledRules& rules, const EvalOptions& options, Plan& plan, Diags& problems) {
  if (options.select.empty()) {
    return;
  }
  std::vector<EffectiveRule> kept;
  for (const auto& term : options.select) {
    bool in_plan = std::any_of(plan.rules.begin(), plan.rules.end(),
                               [&](const EffectiveRule& e) { return rule_matches(*e.rule, term); });
    if (!known_term(rules, term)) {
      problems.push_back(problem("select: unknown rule or tag '" + term + "'"));
    } else if (!in_plan) {
      problems.push_back(problem("select: '" + term + "' matches no rule of profile '" + options.profile + "'"));
    }
  }
  for (auto& e : plan.rules) {
    if (std::any_of(options.select.begin(), options.select.end(),
                    [&](const std::string& t) { return rule_matches(*e.rule, t); })) {
      kept.push_back(std::move(e));
    }
  }
  plan.rules = std::move(kept);
}

void apply_override(const CompiledRules& rules, const std::string& text, Plan& plan, Diags& problems) {
  std::string head = "param override '" + text + "': ";
  std::size_t eq = text.find('=');
  std::size_t dot = text.find('.');
  if (eq == std::string::npos || dot == std::string::npos || dot > eq || dot == 0 || dot + 1 == eq) {
    problems.push_back(problem(head + "expected RULE.PARAM=VALUE"));
    return;
  }
  std::string id = text.substr(0, dot);
  std::string name = text.substr(dot + 1, eq - dot - 1);
  const CompiledRule* rule = rules.find_rule(id);
  const ParamDef* def = rule == nullptr ? nullptr : rule->find_param(name);
  if (def == nullptr) {
    problems.push_back(problem(head + (rule == nullptr ? "unknown rule '" + id + "'"
                                                       : "rule '" + id + "' has no param '" + name + "'")));
    return;
  }
  auto value = param_from_text(text.substr(eq + 1), *def->type);
  if (!value) {
    problems.push_back(problem(head + "value '" + text.substr(eq + 1) + "' is not of type " + def->type_name));
    return;
  }
  for (auto& e : plan.rules) {
    if (e.rule->id == id) {
      e.params[name] = *value;
    }
  }
}

void check_ids(const CompiledRules& rules, const std::vector<std::string>& ids, const std::string& what,
               Diags& problems) {
  for (const auto& id : ids) {
    if (rules.find_rule(id) == nullptr) {
      problems.push_back(problem(what + ": unknown rule '" + id + "'"));
    }
  }
}

}  // namespace

Plan plan_run(const CompiledRules& rules, const EvalOptions& options, Diags& problems) {
  Plan plan;
  if (!options.profile.empty() && rules.find_profile(options.profile) == nullptr) {
    problems.push_back(problem("unknown profile '" + options.profile + "' (" + profile_names(rules) + ")"));
    return plan;
  }
  plan.rules = profile_rules(rules, options.profile);
  apply_select(rules, options, plan, problems);
  check_ids(rules, options.skip, "skip", problems);
  plan.skip.insert(options.skip.begin(), options.skip.end());
  for (const auto& text : options.param_overrides) {
    apply_override(rules, text, plan, problems);
  }
  std::vector<std::string> waived;
  for (const auto& w : options.waivers) {
    waived.push_back(w.rule);
  }
  check_ids(rules, waived, "waiver", problems);
  plan.waivers = options.waivers;
  return plan;
}

Diags check_options(const CompiledRules& rules, const EvalOptions& options) {
  Diags problems;
  plan_run(rules, options, problems);
  return problems;
}

}  // namespace mtaudit::engine
