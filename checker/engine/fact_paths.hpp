#pragma once
// Names visible in a predicate or template (fact roots, `item`, names bound by every/some/
// count) and the resolution of a path against the fact schema.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/fact_schema.hpp"
#include "engine/predicate.hpp"

namespace mtaudit::engine {

class Scope {
 public:
  explicit Scope(FactTypePtr root) : m_root(std::move(root)) {}

  Scope with(std::string name, FactTypePtr type) const;
  // What an unknown-root error says about `item` (where it is and is not bound).
  Scope with_item_note(std::string note) const;
  bool is_root(const std::string& name) const;
  bool is_bound(const std::string& name) const;
  // Sets path.root and path.type; on failure returns the message ("unknown fact path ...").
  std::optional<std::string> resolve(PathRef& path) const;

 private:
  FactTypePtr start(const PathRef& path) const;
  std::string unknown_start(const PathRef& path) const;

  FactTypePtr m_root;
  std::string m_item_note = "'item' is bound only in rules with for_each";
  std::vector<std::pair<std::string, FactTypePtr>> m_vars;  // innermost last
};

}  // namespace mtaudit::engine
