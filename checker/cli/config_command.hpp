#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace mtaudit::cli {

// `mtaudit config`: prints parameters as `postconf -c DIR [-x] PARAM...` does, optionally
// inside one master.cf service and with each value's provenance.
int run_config_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Hands the option table of `mtaudit config` to the visitor (help, man page).
void visit_config_options(const OptionsVisitor& visit);

}  // namespace mtaudit::cli
