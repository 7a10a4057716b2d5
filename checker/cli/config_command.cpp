#include "cli/config_command.hpp"

#include <boost/program_options.hpp>
#include <ostream>
#include <set>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/config_input.hpp"
#include "collectors/postfix_config.hpp"
#include "collectors/postfix_config/known_params.hpp"
#include "collectors/postfix_config/service_select.hpp"

namespace po = boost::program_options;

namespace mtaudit::cli {
namespace {

struct ConfigOptions {
  ConfigInputOptions source;
  postfix::ConfigInput input;
  std::string service;
  bool expand = false;
  bool explain = false;
  std::vector<std::string> params;
  bool help = false;
};

// postconf prints "name = value" with every run of whitespace folded to one space.
std::string fold_whitespace(const std::string& line) {
  std::string out;
  bool pending_space = false;
  for (char c : line) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

void describe(po::options_description& desc, ConfigOptions& o) {
  add_config_input_options(desc, o.source);
  desc.add_options()
      ("service", po::value(&o.service)->value_name("NAME[/TYPE]"), "evaluate inside this master.cf service (NAME or NAME/TYPE)")
      (",x", po::bool_switch(&o.expand), "expand $name references, as postconf -x")
      ("explain", po::bool_switch(&o.explain), "add each value's provenance")
      ("param", po::value(&o.params)->value_name("PARAM"), "parameter names (also given without --param)");
  add_help_option(desc, &o.help);
}

Expected<ConfigOptions> parse_options(const std::vector<std::string>& args) {
  ConfigOptions o;
  po::options_description desc("mtaudit config options");
  describe(desc, o);
  po::positional_options_description pos;
  pos.add("param", -1);
  auto parsed = parse_command_line(args, desc, pos);
  if (!parsed) return parsed.errors();
  if (o.help) return o;
  auto input = finish_config_input(o.source, "config");
  if (!input) return input.errors();
  o.input = *input;
  return o;
}

int print_params(const ConfigOptions& o, const postfix::LoadedConfig& cfg,
                 const postfix::MasterEntry* service, std::ostream& out, std::ostream& err) {
  std::vector<postfix::Override> overrides;
  if (service != nullptr) overrides = service->overrides;
  auto space = cfg.global->with_overrides(cfg.master_path, overrides);
  auto known = postfix::known_parameters(space, cfg.main, cfg.master, overrides);
  std::vector<std::string> names = o.params;
  if (names.empty()) names = known.sorted();
  int status = 0;
  for (const auto& name : names) {
    const postfix::RawParam* raw = space.raw(name);
    if (!known.contains(name) || raw == nullptr) {
      err << "mtaudit: " << name << ": unknown parameter\n";
      status = 2;
      continue;
    }
    std::string value = raw->value;
    if (o.expand && !space.is_raw(name)) {
      auto v = space.expanded(name, nullptr);
      if (!v) {
        err << "mtaudit: " << raw->origin.to_string() << ": " << name << ": "
            << v.errors().front().message << "\n";
        return 2;
      }
      value = *v;
    }
    out << fold_whitespace(name + " = " + value);
    if (o.explain) out << "\t# " << raw->origin.to_string();
    out << "\n";
  }
  return status;
}

}  // namespace

void visit_config_options(const OptionsVisitor& visit) {
  visit_options_of<ConfigOptions>("mtaudit config options", describe, visit);
}

int run_config_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto opts = parse_options(args);
  if (!opts) return report_errors(opts.errors(), err);
  if (opts->help) {
    print_command_help(*find_command("config"), out);
    return 0;
  }
  auto cfg = postfix::load_postfix_config(opts->input);
  if (!cfg) return report_errors(cfg.errors(), err);
  report_warnings(cfg->warnings, err);
  for (const auto& n : cfg->notices) err << "mtaudit: notice: " << n << "\n";
  if (opts->service.empty()) return print_params(*opts, *cfg, nullptr, out, err);
  auto entry = postfix::select_service(cfg->master, opts->service, cfg->master_path);
  if (!entry) return report_errors(entry.errors(), err);
  return print_params(*opts, *cfg, *entry, out, err);
}

}  // namespace mtaudit::cli
