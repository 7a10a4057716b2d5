#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace mtaudit::cli {

// `mtaudit facts`: the collected fact tree as JSON (what rules are evaluated against).
int run_facts_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Hands the option table of `mtaudit facts` to the visitor (help, man page).
void visit_facts_options(const OptionsVisitor& visit);

}  // namespace mtaudit::cli
