#include "cli/check_command.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <ostream>

#include "cli/common.hpp"
#include "cli/config_input.hpp"
#include "cli/rule_sources.hpp"
#include "cli/run_facts.hpp"
#include "collectors/files/timestamp.hpp"
#include "core/atomic_file.hpp"
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
  std::string now;                   // --now as given
  CollectOptions collect;
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

Expected<CheckOptions> parse_options(const std::vector<std::string>& args) {
  CheckOptions o;
  o.eval.profile = "guide";
  po::options_description desc("mtaudit check options");
  add_config_input_options(desc, o.source);
  desc.add_options()
      ("profile", po::value(&o.eval.profile), "rule profile: guide (default) or baseline")
      ("rules", po::value(&o.rule_paths)->composing(), "extra rule file or directory (repeatable)")
      ("select", po::value(&o.eval.select)->composing(), "only these rule ids or tags (repeatable)")
      ("skip", po::value(&o.eval.skip)->composing(), "report this rule as skipped (repeatable)")
      ("set", po::value(&o.eval.param_overrides)->composing(), "RULE.PARAM=VALUE (repeatable)")
      ("fail-on", po::value(&o.fail_on), "lowest failing severity that makes the exit status 1")
      ("junit", po::value(&o.junit), "write JUnit XML to FILE")
      ("sarif", po::value(&o.sarif), "write SARIF 2.1.0 to FILE")
      ("sarif-profile", po::value(&o.sarif_profile), "github (default) or audit")
      ("source-root", po::value(&o.source_root), "repository root SARIF paths are relative to")
      ("json", po::value(&o.json), "write JSON results to FILE")
      ("html", po::value(&o.html), "write an HTML report to FILE")
      ("text", po::value(&o.text), "write the text report to FILE ('-' = stdout, the default)")
      ("now", po::value(&o.now), "ISO 8601 time of every time-dependent check, e.g. 2040-01-01T00:00:00Z "
                                 "(default: SOURCE_DATE_EPOCH, else the clock)")
      ("ca-file", po::value(&o.collect.ca_file), "PEM file of trust anchors for certificate verification "
                                                 "(default: the system trust store)")
      ("color", po::value(&o.color), "auto (default), always or never")
      ("waive", po::value(&o.waivers)->composing(),
       "RULE[@TARGET]=REASON: report that finding as skip (waived) with the reason (repeatable)");
  auto parsed = parse_command_line(args, desc, {});
  if (!parsed) return parsed.errors();
  auto input = finish_config_input(o.source, "check");
  if (!input) return input.errors();
  o.input = *input;
  Diags errors;
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
  if (!o.now.empty()) {
    auto now = files::parse_timestamp(o.now);
    if (now) {
      o.collect.now = *now;
    } else {
      errors.push_back({"", 0, 0, "--now: " + now.errors().front().message});
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

int run_check_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  (void)out;  // reports go through write_file_atomic ("-" is stdout)
  auto opts = parse_options(args);
  if (!opts) return report_errors(opts.errors(), err);
  auto rules = load_rule_set(opts->rule_paths, true);
  if (!rules) return report_errors(rules.errors(), err);
  Diags option_errors = engine::check_options(rules->rules, opts->eval);
  if (!option_errors.empty()) return report_errors(option_errors, err);
  auto facts = collect_run_facts(opts->input, opts->collect);
  if (!facts) return report_errors(facts.errors(), err);
  report_warnings(facts->warnings, err);
  engine::RunResult run = engine::evaluate(rules->rules, facts->root, opts->eval);
  fill_run_metadata(*facts, args, &run);
  Diags write_errors = write_reports(*opts, run);
  if (!write_errors.empty()) return report_errors(write_errors, err);
  return exit_status(run, opts->fail_on);
}

}  // namespace mtaudit::cli
