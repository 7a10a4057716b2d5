#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace mtaudit::cli {

// `mtaudit rules list [--profile P] [--rules PATH]...`, `rules show ID`,
// `rules validate PATH...` (exit 2 with every problem, file:line:col).
int run_rules_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Hands the option table of `mtaudit rules` to the visitor (help, man page).
void visit_rules_options(const OptionsVisitor& visit);

}  // namespace mtaudit::cli
