#include "cli/check_command.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <future>
#include <iostream>
#include <optional>
#include <ostream>

#include "cli/common.hpp"
#include "cli/config_input.hpp"
#include "cli/rule_sources.hpp"
#include "cli/run_facts.hpp"
#include "core/atomic_file.hpp"
#include "core/openssl_warmup.hpp"
#include "core/thread_heap.hpp"
#include "reporters/reporter.hpp"

namespace po = boost::program_options;

namespace mtaudit::cli {
namespace {

struct CheckOptions {
  ConfigInputOptions source;
  postfix::ConfigInput input;
  std::vector<std::string> rule_paths;
  engine::EvalOptions eval;
  std::string fail_on = "low";
  std::string junit, sarif, json, html, text;
  std::string sarif_profile = "github";
  std::string source_root;
  std::string color = "auto";
  std::vector<std::string> waivers;  // RULE[@TARGET]=REASON
  CollectInputOptions collect_input;
  CollectOptions collect;
  bool help = false;
};

// "postfix-tls-logging=accepted risk, CHG-1234" or "cert-validity@/etc/ssl/a.pem=renewal booked".
Expected<engine::Waiver> parse_waiver(const std::string& text) {
  std::size_t eq = text.find('=');
  std::string head = text.substr(0, eq);
  std::size_t at = head.find('@');
  engine::Waiver w{head.substr(0, at), at == std::string::npos ? "" : head.substr(at + 1),
                   eq == std::string::npos ? "" : text.substr(eq + 1)};
  if (w.rule.empty() || w.reason.empty()) {
    return Diag{"", 0, 0, "--waive \"" + text + "\": expected RULE[@TARGET]=REASON"};
  }
  return w;
}

const std::vector<std::string> k_fail_on = {"critical", "high", "medium", "low", "info", "never"};

void describe(po::options_description& desc, CheckOptions& o) {
  add_config_input_options(desc, o.source);
  add_collect_options(desc, o.collect_input);
  add_live_options(desc, o.collect_input);
  add_dns_options(desc, o.collect_input);
  desc.add_options()
      ("profile", po::value(&o.eval.profile)->value_name("NAME"), "rule profile: guide (default) or baseline")
      ("rules", po::value(&o.rule_paths)->value_name("PATH")->composing(), "extra rule file or directory (repeatable)")
      ("select", po::value(&o.eval.select)->value_name("ID|TAG")->composing(), "only these rule ids or tags (repeatable)")
      ("skip", po::value(&o.eval.skip)->value_name("ID")->composing(), "report this rule as skipped (repeatable)")
      ("set", po::value(&o.eval.param_overrides)->value_name("RULE.PARAM=VALUE")->composing(), "RULE.PARAM=VALUE: change a rule parameter (repeatable)")
      ("fail-on", po::value(&o.fail_on)->value_name("SEVERITY"), "lowest failing severity that makes the exit status 1: critical, high, "
                                         "medium, low (default), info or never")
      ("waive", po::value(&o.waivers)->value_name("RULE[@TARGET]=REASON")->composing(),
       "RULE[@TARGET]=REASON: report that finding as skip (waived) with the reason (repeatable)")
      ("junit", po::value(&o.junit)->value_name("FILE"), "write JUnit XML to FILE")
      ("sarif", po::value(&o.sarif)->value_name("FILE"), "write SARIF 2.1.0 to FILE")
      ("sarif-profile", po::value(&o.sarif_profile)->value_name("NAME"), "github (default) or audit")
      ("source-root", po::value(&o.source_root)->value_name("DIR"), "repository root SARIF paths are relative to")
      ("json", po::value(&o.json)->value_name("FILE"), "write JSON results to FILE")
      ("html", po::value(&o.html)->value_name("FILE"), "write an HTML report to FILE")
      ("text", po::value(&o.text)->value_name("FILE"), "write the text report to FILE ('-' = stdout, the default)")
      ("color", po::value(&o.color)->value_name("WHEN"), "auto (default), always or never");
  add_help_option(desc, &o.help);
}

Expected<CheckOptions> parse_options(const std::vector<std::string>& args) {
  CheckOptions o;
  o.eval.profile = "guide";
  po::options_description desc("mtaudit check options");
  describe(desc, o);
  auto parsed = parse_command_line(args, desc, {});
  if (!parsed) return parsed.errors();
  if (o.help) return o;
  auto input = finish_config_input(o.source, "check");
  if (!input) return input.errors();
  o.input = *input;
  Diags errors;
  auto collect = finish_collect_options(o.collect_input, source_inputs(o.source, o.collect_input));
  if (collect) {
    o.collect = *collect;
  } else {
    errors = collect.errors();
  }
  if (std::find(k_fail_on.begin(), k_fail_on.end(), o.fail_on) == k_fail_on.end()) {
    errors.push_back({"", 0, 0, "--fail-on must be critical, high, medium, low, info or never"});
  }
  if (!reporters::parse_sarif_profile(o.sarif_profile)) {
    errors.push_back({"", 0, 0, "--sarif-profile must be github or audit"});
  }
  if (o.color != "auto" && o.color != "always" && o.color != "never") {
    errors.push_back({"", 0, 0, "--color must be auto, always or never"});
  }
  for (const auto& w : o.waivers) {
    auto waiver = parse_waiver(w);
    if (!waiver) {
      errors.push_back(waiver.errors().front());
    } else {
      o.eval.waivers.push_back(*waiver);
    }
  }
  if (!errors.empty()) return errors;
  if (o.text.empty()) o.text = "-";
  return o;
}

reporters::ReportOptions report_options(const CheckOptions& o) {
  reporters::ReportOptions r;
  r.sarif.profile = *reporters::parse_sarif_profile(o.sarif_profile);
  std::error_code ec;
  std::string cwd = std::filesystem::current_path(ec).string();
  r.sarif.source_root = o.source_root.empty() ? cwd : std::filesystem::absolute(o.source_root, ec).string();
  r.sarif.base_dir = cwd;
  bool tty = o.text == "-" && ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
  r.text.color = o.color == "always" || (o.color == "auto" && tty);
  return r;
}

// Every requested report, each written to a temp file and renamed, so none is half-written.
Diags write_reports(const CheckOptions& o, const engine::RunResult& run) {
  auto options = report_options(o);
  const std::pair<const std::string*, const char*> outputs[] = {
      {&o.junit, "junit"}, {&o.sarif, "sarif"}, {&o.json, "json"}, {&o.html, "html"}, {&o.text, "text"}};
  Diags errors;
  for (const auto& [path, format] : outputs) {
    if (path->empty()) continue;
    const reporters::Reporter* r = reporters::find_reporter(format);
    auto written = write_file_atomic(*path, r->render(run, options));
    if (!written) errors.insert(errors.end(), written.errors().begin(), written.errors().end());
  }
  return errors;
}

int exit_status(const engine::RunResult& run, const std::string& fail_on) {
  auto threshold = std::find(k_fail_on.begin(), k_fail_on.end(), fail_on) - k_fail_on.begin();
  bool failed = false, incomplete = false;
  for (const auto& r : run.results) {
    if (r.status == engine::Status::error) incomplete = true;
    // Severity enumerators run critical..info, the order of k_fail_on; "never" is past them all.
    bool counts = fail_on != "never" && static_cast<long>(r.severity) <= threshold;
    if (r.status == engine::Status::fail && counts) failed = true;
  }
  return failed ? 1 : (incomplete ? 3 : 0);
}

}  // namespace

void visit_check_options(const OptionsVisitor& visit) {
  visit_options_of<CheckOptions>("mtaudit check options", describe, visit);
}

int run_check_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  // The rules load (a quarter of an offline check's work) while the local sources are read.
  // That thread first builds OpenSSL's tables, the longest single step, which the cipher
  // expansion waits for: so it starts before the options are read, and learns the rule paths
  // (or that there is nothing to load) from `rule_paths`.
  std::promise<std::optional<std::vector<std::string>>> rule_paths;
  auto loading = std::async(std::launch::async, [paths = rule_paths.get_future()]() mutable {
    HeapReservation heap = reserve_thread_heap(k_worker_heap);
    warm_up_openssl();
    auto given = paths.get();
    return given ? std::optional(load_rule_set(*given, true)) : std::nullopt;
  });
  auto opts = parse_options(args);
  rule_paths.set_value(opts && !opts->help ? std::optional(opts->rule_paths) : std::nullopt);
  if (!opts) return report_errors(opts.errors(), err);
  if (opts->help) {  // reports otherwise go through write_file_atomic ("-" is stdout)
    print_command_help(*find_command("check"), out);
    return 0;
  }
  auto facts = collect_local_facts(opts->input, opts->collect);
  auto rules = *loading.get();
  if (!rules) return report_errors(rules.errors(), err);
  Diags option_errors = engine::check_options(rules->rules, opts->eval);
  if (!option_errors.empty()) return report_errors(option_errors, err);
  if (!facts) return report_errors(facts.errors(), err);
  if (::isatty(STDERR_FILENO) != 0) {  // progress is for a person watching, never for logs
    opts->collect.live.progress = [&err](const std::string& line) { err << "mtaudit: " << line << "\n" << std::flush; };
  }
  if (auto network = collect_network_facts(opts->collect, *facts); !network) return report_errors(network.errors(), err);
  report_warnings(facts->warnings, err);
  engine::RunResult run = engine::evaluate(rules->rules, facts->root, opts->eval);
  fill_run_metadata(*facts, args, &run);
  Diags write_errors = write_reports(*opts, run);
  if (!write_errors.empty()) return report_errors(write_errors, err);
  int status = exit_status(run, opts->fail_on);
  leave_to_process_exit(std::move(facts), std::move(rules), std::move(run));
  return status;
}

}  // namespace mtaudit::cli
