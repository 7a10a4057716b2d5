#pragma once
// The rule engine's public entry points.
//
// Rules are data: JSON rule files (schemas/rule.schema.json) are loaded in stages (read ->
// validate -> resolve against schemas/facts.schema.json -> compile) and evaluated against a
// fact tree (facts/fact.hpp). The engine knows nothing about where facts come from or how
// results are rendered: it only turns (rules, facts, options) into a RunResult.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag.hpp"
#include "core/expected.hpp"
#include "engine/result.hpp"
#include "engine/rule_model.hpp"
#include "facts/fact.hpp"

namespace mtaudit::engine {

// One input file: `name` is what diagnostics print (a path, or "builtin:rules/postfix.json"
// for an embedded file), `text` its contents. A file embedded in the binary lives as long as
// the process: `embedded` views it, and `text` stays empty (the rules and the facts schema
// are a quarter of a megabyte that every check would otherwise copy).
struct RuleSource {
  std::string name;
  std::string text;
  std::optional<std::string_view> embedded;
};

// Rule files over this size are refused unread.
inline constexpr std::size_t k_max_rule_file_bytes = 4 * 1024 * 1024;
// Reads a file from disk into a RuleSource named by its path.
Expected<RuleSource> read_rule_source(const std::string& path);

// Loads rule and profile files against the facts schema. Every problem of every file is
// reported at once, each as "file:line:col: message" with the offending line as snippet.
// The texts are moved into the loaded documents (pass copies to keep them).
Expected<CompiledRules> load_rules(std::vector<RuleSource> files, RuleSource facts_schema);
// The same against a schema already loaded (load_fact_schema), for callers that load many rule
// sets against one schema (the rules fuzzer).
Expected<CompiledRules> load_rules(std::vector<RuleSource> files, FactTypePtr facts_schema);

// A waiver turns a result into skip (waived = true) with its reason.
struct Waiver {
  std::string rule;
  std::string target;  // "" = every target of the rule
  std::string reason;
};

struct EvalOptions {
  std::string profile;                       // "" = every loaded rule with its own severity
  std::vector<std::string> select;           // rule ids or tags; empty = the whole profile
  std::vector<std::string> skip;             // rule ids reported as skip ("skipped on request")
  std::vector<std::string> param_overrides;  // "RULE.PARAM=VALUE"
  std::vector<Waiver> waivers;
};

// Problems with the options: unknown profile, select term, skip id, malformed or unknown
// param override, a value of the wrong type. Diags have no file.
Diags check_options(const CompiledRules& rules, const EvalOptions& options);

// Evaluates every selected rule against `root`. Results are sorted by (rule, target).
// Options should have passed check_options; if not, the problems go to RunResult::notices
// and the offending entries are ignored.
RunResult evaluate(const CompiledRules& rules, const facts::Fact& root, const EvalOptions& options);

}  // namespace mtaudit::engine
