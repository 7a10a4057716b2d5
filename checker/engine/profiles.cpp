#include "engine/profiles.hpp"

#include <algorithm>
#include <set>

#include "engine/json_checks.hpp"
#include "engine/params.hpp"

namespace mtaudit::engine {

namespace {

const RuleSpec* find_rule(const std::vector<RuleSpec>& rules, const std::string& id) {
  for (const auto& r : rules) {
    if (r.rule.id == id) {
      return &r;
    }
  }
  return nullptr;
}

void override_params(JsonChecker& c, const JsonNode& node, const CompiledRule& rule,
                     const std::string& context, RuleOverride& out) {
  if (!c.kind(node, JsonNode::Kind::object, "'params' of " + context)) {
    return;
  }
  for (const auto& m : node.members) {
    const ParamDef* def = rule.find_param(m.key);
    if (def == nullptr) {
      c.error(m.key_offset, context + " sets unknown param '" + m.key + "' of rule '" + rule.id + "'");
      continue;
    }
    auto value = literal_from_json(m.value);
    if (!value || !value_fits(*value, *def->type)) {
      c.error(m.value.offset, "param '" + m.key + "' of rule '" + rule.id + "' must be of type " + def->type_name);
      continue;
    }
    out.params[m.key] = std::move(*value);
  }
}

void one_override(JsonChecker& c, const JsonMember& m, const std::vector<RuleSpec>& rules,
                  const std::string& profile, Profile& out) {
  const RuleSpec* rule = find_rule(rules, m.key);
  if (rule == nullptr) {
    c.error(m.key_offset, profile + " overrides unknown rule '" + m.key + "'");
    return;
  }
  std::string context = profile + " for rule '" + m.key + "'";
  if (!c.kind(m.value, JsonNode::Kind::object, "the override of " + context)) {
    return;
  }
  c.keys(m.value, "the override of " + context, {}, {"severity", "enabled", "params"});
  RuleOverride o{m.key, std::nullopt, std::nullopt, {}};
  if (auto s = c.string(m.value, "severity", context)) {
    o.severity = severity_from_string(*s);
    if (!o.severity) {
      c.error(m.value.find("severity")->offset, "unknown severity '" + *s + "' in " + context +
                                                     " (expected one of critical, high, medium, low, info)");
    }
  }
  if (const JsonNode* e = m.value.find("enabled"); e != nullptr && c.kind(*e, JsonNode::Kind::boolean, "'enabled' of " + context)) {
    o.enabled = e->boolean;
  }
  if (const JsonNode* p = m.value.find("params")) {
    override_params(c, *p, rule->rule, context, o);
  }
  out.overrides.push_back(std::move(o));
}

const ProfileSpec* find_profile(const std::vector<ProfileSpec>& profiles, const std::string& name) {
  for (const auto& p : profiles) {
    if (p.profile.name == name) {
      return &p;
    }
  }
  return nullptr;
}

void check_extends(JsonChecker& c, const ProfileSpec& spec, const std::vector<ProfileSpec>& profiles) {
  const std::string& parent = spec.profile.extends;
  if (parent.empty()) {
    return;
  }
  std::size_t offset = spec.node->find("extends")->offset;
  if (find_profile(profiles, parent) == nullptr) {
    c.error(offset, "profile '" + spec.profile.name + "' extends unknown profile '" + parent + "'");
    return;
  }
  std::string chain = spec.profile.name;
  std::set<std::string> seen{spec.profile.name};
  for (const ProfileSpec* p = find_profile(profiles, parent); p != nullptr;
       p = p->profile.extends.empty() ? nullptr : find_profile(profiles, p->profile.extends)) {
    chain += " -> " + p->profile.name;
    if (!seen.insert(p->profile.name).second) {
      c.error(offset, "profile inheritance cycle: " + chain);
      return;
    }
  }
}

void check_select(JsonChecker& c, const ProfileSpec& spec, const std::vector<RuleSpec>& rules) {
  const JsonNode* select = spec.node->find("select");
  for (const auto& item : select == nullptr ? std::vector<JsonNode>{} : select->items) {
    bool known = std::any_of(rules.begin(), rules.end(), [&](const RuleSpec& r) {
      return rule_matches(r.rule, item.string);
    });
    if (item.is_string() && !known) {
      c.error(item.offset, "profile '" + spec.profile.name + "' selects unknown rule or tag '" + item.string + "'");
    }
  }
}

void check_rule_profiles(const RuleSpec& rule, const std::vector<ProfileSpec>& profiles, Diags& errors) {
  const JsonNode* list = rule.node == nullptr ? nullptr : rule.node->find("profiles");
  if (list == nullptr || !list->is_array()) {
    return;
  }
  JsonChecker c(*rule.source, errors);
  for (const auto& item : list->items) {
    if (item.is_string() && find_profile(profiles, item.string) == nullptr) {
      c.error(item.offset, "rule '" + rule.rule.id + "' names unknown profile '" + item.string + "'");
    }
  }
}

// Ancestors first, `name` last.
std::vector<const Profile*> chain_of(const CompiledRules& rules, const std::string& name) {
  std::vector<const Profile*> chain;
  for (const Profile* p = rules.find_profile(name); p != nullptr && chain.size() <= rules.profiles.size();
       p = p->extends.empty() ? nullptr : rules.find_profile(p->extends)) {
    chain.insert(chain.begin(), p);
  }
  return chain;
}

bool listed(const CompiledRule& rule, const Profile& profile) {
  bool named = std::find(rule.profiles.begin(), rule.profiles.end(), profile.name) != rule.profiles.end();
  return named || std::any_of(profile.select.begin(), profile.select.end(),
                              [&](const std::string& term) { return rule_matches(rule, term); });
}

// nullopt when the profile chain leaves the rule out.
std::optional<EffectiveRule> effective(const CompiledRule& rule, const std::vector<const Profile*>& chain) {
  EffectiveRule out{&rule, rule.severity, {}};
  for (const auto& def : rule.params) {
    out.params[def.name] = def.default_value;
  }
  bool included = chain.empty();
  for (const Profile* p : chain) {
    included = included || listed(rule, *p);
    for (const auto& o : p->overrides) {
      if (o.rule != rule.id) {
        continue;
      }
      included = o.enabled.value_or(included);
      out.severity = o.severity.value_or(out.severity);
      for (const auto& [name, value] : o.params) {
        out.params[name] = value;
      }
    }
  }
  return included ? std::optional<EffectiveRule>(std::move(out)) : std::nullopt;
}

}  // namespace

bool rule_matches(const CompiledRule& rule, const std::string& term) {
  return rule.id == term || std::find(rule.tags.begin(), rule.tags.end(), term) != rule.tags.end();
}

void compile_profiles(std::vector<ProfileSpec>& profiles, const std::vector<RuleSpec>& rules, Diags& errors) {
  for (auto& spec : profiles) {
    if (!spec.ok) {
      continue;
    }
    JsonChecker c(*spec.source, errors);
    std::string context = "profile '" + spec.profile.name + "'";
    const JsonNode* overrides = spec.node->find("overrides");
    for (const auto& m : overrides != nullptr && overrides->is_object() ? overrides->members : std::vector<JsonMember>{}) {
      one_override(c, m, rules, context, spec.profile);
    }
    check_extends(c, spec, profiles);
    check_select(c, spec, rules);
  }
  for (const auto& rule : rules) {
    check_rule_profiles(rule, profiles, errors);
  }
}

std::vector<EffectiveRule> profile_rules(const CompiledRules& rules, const std::string& name) {
  std::vector<const Profile*> chain = chain_of(rules, name);
  std::vector<EffectiveRule> out;
  out.reserve(rules.rules.size());
  for (const auto& rule : rules.rules) {
    if (auto e = effective(rule, chain)) {
      out.push_back(std::move(*e));
    }
  }
  return out;
}

}  // namespace mtaudit::engine
