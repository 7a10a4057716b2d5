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

namespace {

struct FactsOptions {
  ConfigInputOptions source;
  CollectInputOptions collect;
  bool help = false;
};

void describe(po::options_description& desc, FactsOptions& o) {
  add_config_input_options(desc, o.source);
  add_collect_options(desc, o.collect);
  add_live_options(desc, o.collect);
  add_dns_options(desc, o.collect);
  add_help_option(desc, &o.help);
}

}  // namespace

void visit_facts_options(const OptionsVisitor& visit) {
  visit_options_of<FactsOptions>("mtaudit facts options", describe, visit);
}

int run_facts_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  FactsOptions o;
  po::options_description desc("mtaudit facts options");
  describe(desc, o);
  auto parsed = parse_command_line(args, desc, {});
  if (!parsed) return report_errors(parsed.errors(), err);
  if (o.help) {
    print_command_help(*find_command("facts"), out);
    return 0;
  }
  auto input = finish_config_input(o.source, "facts");
  if (!input) return report_errors(input.errors(), err);
  auto collect = finish_collect_options(o.collect, source_inputs(o.source, o.collect));
  if (!collect) return report_errors(collect.errors(), err);
  auto facts = collect_run_facts(*input, *collect);
  if (!facts) return report_errors(facts.errors(), err);
  report_warnings(facts->warnings, err);
  out << boost::json::serialize(facts::to_json(facts->root)) << "\n";
  return 0;
}

}  // namespace mtaudit::cli
