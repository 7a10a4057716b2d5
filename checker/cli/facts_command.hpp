#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace mtaudit::cli {

// `mtaudit facts`: the collected fact tree as JSON (what rules are evaluated against).
int run_facts_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace mtaudit::cli
