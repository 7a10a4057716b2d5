#include "cli/common.hpp"

#include <ostream>

namespace po = boost::program_options;

namespace mtaudit::cli {

Expected<Parsed> parse_command_line(const std::vector<std::string>& args,
                                    const po::options_description& desc,
                                    const po::positional_options_description& pos) {
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return Diag{"", 0, 0, e.what()};
  }
  return Parsed{};
}

void add_help_option(po::options_description& desc, bool* help) {
  desc.add_options()("help,h", po::bool_switch(help), "print this command's options and exit");
}

int report_errors(const Diags& errors, std::ostream& err) {
  for (const auto& d : errors) err << "mtaudit: " << format_diag(d) << "\n";
  return 2;
}

void report_warnings(const Diags& warnings, std::ostream& err) {
  for (const auto& d : warnings) err << "mtaudit: warning: " << format_diag(d) << "\n";
}

}  // namespace mtaudit::cli
