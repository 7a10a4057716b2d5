#pragma once
#include <iosfwd>

namespace mtaudit::cli {

// Dispatches `mtaudit COMMAND ...`; returns the process exit status.
int run(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace mtaudit::cli
