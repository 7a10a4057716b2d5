#include "cli/facts_command.hpp"

#include <boost/json.hpp>
#include <ostream>

#include "cli/common.hpp"
#include "cli/config_input.hpp"
#include "cli/run_facts.hpp"
#include "collectors/postfix_config.hpp"
#include "facts/fact_json.hpp"

namespace po = boost::program_options;

namespace mtaudit::cli {

int run_facts_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  ConfigInputOptions source;
  po::options_description desc("mtaudit facts options");
  add_config_input_options(desc, source);
  auto parsed = parse_command_line(args, desc, {});
  if (!parsed) return report_errors(parsed.errors(), err);
  auto input = finish_config_input(source, "facts");
  if (!input) return report_errors(input.errors(), err);
  const postfix::ConfigInput& in = *input;
  auto facts = collect_run_facts(in);
  if (!facts) return report_errors(facts.errors(), err);
  report_warnings(facts->warnings, err);
  const facts::Fact& root = facts->root;
  out << boost::json::serialize(facts::to_json(root)) << "\n";
  return 0;
}

}  // namespace mtaudit::cli
