#include "engine/fact_paths.hpp"

#include "engine/json_checks.hpp"

namespace mtaudit::engine {

Scope Scope::with(std::string name, FactTypePtr type) const {
  Scope inner = *this;
  inner.m_vars.emplace_back(std::move(name), std::move(type));
  return inner;
}

Scope Scope::with_item_note(std::string note) const {
  Scope other = *this;
  other.m_item_note = std::move(note);
  return other;
}

bool Scope::is_root(const std::string& name) const {
  return m_root->members.count(name) > 0;
}

bool Scope::is_bound(const std::string& name) const {
  for (const auto& [var, type] : m_vars) {
    if (var == name) {
      return true;
    }
  }
  return false;
}

FactTypePtr Scope::start(const PathRef& path) const {
  for (auto it = m_vars.rbegin(); it != m_vars.rend(); ++it) {
    if (it->first == path.var) {
      return it->second;
    }
  }
  auto it = m_root->members.find(path.var);
  return it == m_root->members.end() ? nullptr : it->second;
}

std::string Scope::unknown_start(const PathRef& path) const {
  std::string roots;
  for (const auto& [name, type] : m_root->members) {
    roots += (roots.empty() ? "" : ", ") + name;
  }
  std::string vars;
  for (const auto& [name, type] : m_vars) {
    vars += (vars.empty() ? "" : ", ") + name;
  }
  std::string msg = "unknown fact path '" + path.text + "': '" + path.var + "' is not a fact root (" + roots + ")";
  if (!vars.empty()) {
    return msg + " or a name bound here (" + vars + ")";
  }
  return path.var == "item" ? msg + "; " + m_item_note : msg;
}

std::optional<std::string> Scope::resolve(PathRef& path) const {
  FactTypePtr type = start(path);
  if (type == nullptr) {
    return unknown_start(path);
  }
  path.root = !is_bound(path.var);
  std::string prefix = path.var;
  for (const auto& member : path.members) {
    std::string head = "unknown fact path '" + path.text + "': '" + prefix + "'";
    if (type->kind == FactType::Kind::list) {
      return head + " is a list; look inside with every, some or count";
    }
    if (type->kind != FactType::Kind::any && type->kind != FactType::Kind::object &&
        type->kind != FactType::Kind::map) {
      return head + " is " + type_name(*type) + " and has no members";
    }
    FactTypePtr next = member_type(*type, member);
    if (next == nullptr) {
      std::vector<std::string_view> names;
      for (const auto& [name, t] : type->members) {
        names.push_back(name);
      }
      return head + " has no member '" + member + "'" + did_you_mean(member, names);
    }
    type = std::move(next);
    prefix += "." + member;
  }
  path.type = std::move(type);
  return std::nullopt;
}

}  // namespace mtaudit::engine
