#include "engine/rule_model.hpp"

#include <algorithm>

namespace mtaudit::engine {

const ParamDef* CompiledRule::find_param(const std::string& name) const {
  for (const auto& p : params) {
    if (p.name == name) {
      return &p;
    }
  }
  return nullptr;
}

const CompiledRule* CompiledRules::find_rule(const std::string& id) const {
  auto it = std::lower_bound(rules.begin(), rules.end(), id,
                             [](const CompiledRule& r, const std::string& key) { return r.id < key; });
  return it != rules.end() && it->id == id ? &*it : nullptr;
}

const Profile* CompiledRules::find_profile(const std::string& name) const {
  for (const auto& p : profiles) {
    if (p.name == name) {
      return &p;
    }
  }
  return nullptr;
}

}  // namespace mtaudit::engine
