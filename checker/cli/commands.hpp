#pragma once
// The table of subcommands: name, synopsis, one-line summary, how to run it, and its option
// table. Usage text, `COMMAND --help` and the man page (docs/mtaudit.1) are all generated from
// this table and the commands' own option descriptions, so they cannot drift apart.
#include <boost/program_options.hpp>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace mtaudit::cli {

using OptionsVisitor = std::function<void(const boost::program_options::options_description&)>;

struct Command {
  const char* name;
  const char* synopsis;  // after "mtaudit NAME "
  const char* summary;   // one line
  int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
  // Builds the command's option table (bound to throw-away storage) and hands it to the visitor.
  void (*visit_options)(const OptionsVisitor& visit);
};

// The usual visit_options: a command's option table built on throw-away storage.
template <class Options>
void visit_options_of(const char* title, void (*describe)(boost::program_options::options_description&, Options&),
                      const OptionsVisitor& visit) {
  Options storage;
  boost::program_options::options_description desc(title);
  describe(desc, storage);
  visit(desc);
}

const std::vector<Command>& commands();
const Command* find_command(const std::string& name);

// "usage: mtaudit NAME SYNOPSIS", the summary, then every option with its description.
void print_command_help(const Command& c, std::ostream& out);
// Every command with its options: the top-level usage.
void print_usage(std::ostream& out);
// The man page in roff (man(7)), from the same tables.
void print_man_page(std::ostream& out);

}  // namespace mtaudit::cli
