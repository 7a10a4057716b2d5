#include "cli/app.hpp"

#include <ostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace mtaudit::cli {

int run(int argc, char** argv, std::ostream& out, std::ostream& err) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_usage(err);
    return 2;
  }
  std::string command = args[0];
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    if (!args.empty() && args[0] == "--man") {
      print_man_page(out);
      return 0;
    }
    const Command* c = args.empty() ? nullptr : find_command(args[0]);
    if (c != nullptr) {
      print_command_help(*c, out);
    } else {
      print_usage(out);
    }
    return 0;
  }
  if (command == "--version") command = "version";
  if (const Command* c = find_command(command)) return c->run(args, out, err);
  err << "mtaudit: unknown command \"" << command << "\" (mtaudit --help lists them)\n";
  return 2;
}

}  // namespace mtaudit::cli
