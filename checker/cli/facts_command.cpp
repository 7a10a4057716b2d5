#include "cli/facts_command.hpp"

#include <boost/json.hpp>
#include <ostream>

#include "cli/common.hpp"
#include "cli/config_input.hpp"
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
  auto cfg = postfix::load_postfix_config(in);
  if (!cfg) return report_errors(cfg.errors(), err);
  Diags problems;
  facts::Fact root;
  root["postfix"] = postfix::collect_postfix_facts(in, *cfg, &problems);
  report_warnings(cfg->warnings, err);
  report_warnings(problems, err);
  out << boost::json::serialize(facts::to_json(root)) << "\n";
  return 0;
}

}  // namespace mtaudit::cli
