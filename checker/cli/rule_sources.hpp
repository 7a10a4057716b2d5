#pragma once
// Where rules come from: the rule files compiled into the binary, plus --rules PATH (a file,
// or a directory whose *.json files are read in name order).
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "engine/engine.hpp"

namespace mtaudit::cli {

struct RuleSet {
  engine::CompiledRules rules;
  std::vector<std::string> files;  // names of the files loaded, for --verbose and SARIF
};

// The built-in files plus the given paths (files, or directories of *.json). A given file
// replaces the built-in file of the same name, so an edited rules/postfix.json is validated
// in place of the one compiled in. `builtin` false: only the given paths.
Expected<RuleSet> load_rule_set(const std::vector<std::string>& paths, bool builtin);

}  // namespace mtaudit::cli
