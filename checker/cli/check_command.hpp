#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace mtaudit::cli {

// `mtaudit check`: collect facts, evaluate the rules, write the reports. Exit status:
// 0 compliant at --fail-on, 1 non-compliant, 2 usage or input error, 3 incomplete.
int run_check_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Hands the option table of `mtaudit check` to the visitor (help, man page).
void visit_check_options(const OptionsVisitor& visit);

}  // namespace mtaudit::cli
