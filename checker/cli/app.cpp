#include "cli/app.hpp"

#include <ostream>
#include <string>
#include <vector>

#include "cli/check_command.hpp"
#include "cli/config_command.hpp"
#include "cli/facts_command.hpp"
#include "cli/rules_command.hpp"

namespace mtaudit::cli {
namespace {

constexpr const char* k_usage =
    "usage: mtaudit COMMAND [OPTIONS]\n"
    "commands:\n"
    "  check    audit: collect facts, evaluate rules, write reports (--config-dir DIR | --root DIR)\n"
    "           [--profile guide|baseline] [--rules PATH]... [--select ID|TAG]... [--skip ID]...\n"
    "           [--set RULE.PARAM=VALUE]... [--fail-on SEVERITY|never] [--junit FILE]\n"
    "           [--sarif FILE] [--sarif-profile github|audit] [--source-root DIR]\n"
    "           [--json FILE] [--html FILE] [--text FILE|-] [--color auto|always|never]\n"
    "  rules    list [--profile P] | show ID | validate PATH...\n"
    "  config   print Postfix parameters as postconf does (--config-dir DIR | --root DIR)\n"
    "           [--service NAME[/TYPE]] [-x] [--explain] [--postfix-version V] [PARAM...]\n"
    "  facts    print the collected facts as JSON (--config-dir DIR | --root DIR)\n"
    "  version  print the version\n";

}  // namespace

int run(int argc, char** argv, std::ostream& out, std::ostream& err) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    (args.empty() ? err : out) << k_usage;
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  if (command == "config") return run_config_command(args, out, err);
  if (command == "facts") return run_facts_command(args, out, err);
  if (command == "check") return run_check_command(args, out, err);
  if (command == "rules") return run_rules_command(args, out, err);
  if (command == "version" || command == "--version") {
    out << "mtaudit " << MTAUDIT_VERSION << "\n";
    return 0;
  }
  err << "mtaudit: unknown command \"" << command << "\"\n" << k_usage;
  return 2;
}

}  // namespace mtaudit::cli
