#pragma once
// Evaluation of compiled predicates and templates against the fact tree.
//
// A predicate yields true or false with the evidence that decided it, or stops (Abort)
// when a fact it needs is a gap, absent or null, or has an unexpected type at run time.
// An abort is never turned into true or false: the rule result becomes skip or error.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/predicate.hpp"
#include "engine/template.hpp"
#include "facts/fact.hpp"

namespace mtaudit::engine {

struct Evidence {
  std::string label;     // the compared path as written, "count of ...", ...
  std::string context;   // which element(s) of enclosing every/some, outermost first
  std::string observed;
  std::string expected;
  std::vector<facts::Origin> origins;
  bool sentence = false;  // `observed` is a predicate's explain text: shown without label or expectation
};

struct Abort {
  enum class Kind { not_collected, not_applicable, failed, missing, bad_value };
  Kind kind = Kind::missing;
  std::string path;    // how far the path got: where the gap or absence is
  std::string reason;  // gap reason, or what was wrong with the value
};

struct Outcome {
  bool value = false;
  std::vector<Evidence> evidence;
  std::optional<Abort> abort;
};

// What names mean while evaluating: the fact tree, the rule's params, bound elements.
struct Env {
  const facts::Fact& root;
  const std::map<std::string, facts::Fact>& params;
  std::vector<std::pair<std::string, const facts::Fact*>> vars;  // innermost last
  // Only the value and the abort are wanted (a `where` that selects items): no evidence is
  // built. Values and aborts are the same either way.
  bool quiet = false;
};

struct Lookup {
  const facts::Fact* fact = nullptr;  // nullptr with no abort: absent or null (allow_missing)
  std::optional<Abort> abort;
};

// Follows `path`. Gaps always abort; absence and null abort unless allow_missing.
Lookup lookup(const PathRef& path, const Env& env, bool allow_missing);

Outcome evaluate_predicate(const Predicate& p, Env& env);

// The same with Env::quiet set: for callers that only read the value and the abort.
Outcome evaluate_quietly(const Predicate& p, Env& env);

// Values for the placeholders that are not facts or params.
struct TemplateValues {
  std::string observed;
  std::string expected;
  std::string target;
};

// Facts that cannot be read render as "?" (a target never does: see whole_target in rule_runner.cpp).
std::string render_template(const Template& t, const Env& env, const TemplateValues& values);

}  // namespace mtaudit::engine
