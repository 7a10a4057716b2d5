#pragma once
// Rules and profiles after loading. A CompiledRules is immutable and self-contained: it owns
// the fact schema its paths point into.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/fact_schema.hpp"
#include "engine/predicate.hpp"
#include "engine/result.hpp"
#include "engine/template.hpp"
#include "facts/fact.hpp"

namespace mtaudit::engine {

struct Reference {
  std::string title;
  std::string url;
};

struct ParamDef {
  std::string name;
  std::string type_name;  // as written: "integer", "list<string>", ...
  FactTypePtr type;
  facts::Fact default_value;
  std::string description;
};

// What to report when `for_each` selects no item.
enum class IfNone { skip, pass, fail };

struct ForEach {
  PathRef list;
  std::unique_ptr<const Predicate> where;  // null: every item
  IfNone if_none = IfNone::skip;
  bool problems_only = false;  // report: "problems" (passing items fold into one pass result)
};

struct Messages {
  Template pass;
  Template fail;
  Template not_applicable;  // empty = a default text built from the `when` evidence
  Template none;            // for_each selected nothing; empty = the message of the if_none status
};

struct CompiledRule {
  std::string id;
  std::string area;
  std::string title;
  std::string rationale;
  Severity severity = Severity::medium;
  std::vector<std::string> tags;
  std::vector<std::string> profiles;
  std::vector<Reference> references;
  std::vector<ControlRef> controls;
  std::vector<ParamDef> params;  // in file order
  // Compiled predicates live out of line: a Predicate is most of a kilobyte, and rules are
  // built twice over (as specs while loading, then in their final sorted list).
  std::optional<ForEach> for_each;
  std::unique_ptr<const Predicate> when;   // null: always applicable
  std::unique_ptr<const Predicate> check;  // set once the rule compiled
  Messages messages;
  Template target;          // per item with for_each; the one target otherwise
  Template summary_target;  // the target of results that stand for no single item
  Template remediation;
  std::vector<PathRef> locations;
  std::string defined_at;   // "file:line:col" of the id, for duplicate-id messages

  const ParamDef* find_param(const std::string& name) const;
};

struct RuleOverride {
  std::string rule;
  std::optional<Severity> severity;
  std::optional<bool> enabled;
  std::map<std::string, facts::Fact> params;
};

struct Profile {
  std::string name;
  std::string description;
  std::string extends;              // "" = none
  std::vector<std::string> select;  // rule ids or tags added to the profile
  std::vector<RuleOverride> overrides;
  std::string defined_at;
};

struct CompiledRules {
  FactTypePtr schema;
  std::vector<CompiledRule> rules;  // sorted by id
  std::vector<Profile> profiles;    // sorted by name

  const CompiledRule* find_rule(const std::string& id) const;
  const Profile* find_profile(const std::string& name) const;
};

}  // namespace mtaudit::engine
