#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace mtaudit::cli {

// `mtaudit rules list [--profile P] [--rules PATH]...`, `rules show ID`,
// `rules validate PATH...` (exit 2 with every problem, file:line:col).
int run_rules_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace mtaudit::cli
