#pragma once
// Helpers every subcommand shares: option parsing into values, and rendering diagnostics.
#include <boost/program_options.hpp>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/expected.hpp"

namespace mtaudit::cli {

struct Parsed {};

// Parses and stores into the variables bound in `desc`; unknown options are an error.
Expected<Parsed> parse_command_line(const std::vector<std::string>& args,
                                    const boost::program_options::options_description& desc,
                                    const boost::program_options::positional_options_description& pos);

// Adds -h/--help; a command that sees it set prints its help (commands.hpp) and exits 0
// before checking anything else.
void add_help_option(boost::program_options::options_description& desc, bool* help);

// Prints each diagnostic as "mtaudit: file:line: message" and returns exit status 2.
int report_errors(const Diags& errors, std::ostream& err);
void report_warnings(const Diags& warnings, std::ostream& err);

}  // namespace mtaudit::cli
