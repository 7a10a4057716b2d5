#include "cli/rules_command.hpp"

#include <ostream>

#include "cli/common.hpp"
#include "cli/rule_sources.hpp"
#include "engine/profiles.hpp"

namespace po = boost::program_options;

namespace mtaudit::cli {
namespace {

struct RulesOptions {
  std::string profile;
  std::vector<std::string> rule_paths;
  std::vector<std::string> positional;
  bool help = false;
};

void describe(po::options_description& desc, RulesOptions& o) {
  desc.add_options()
      ("profile", po::value(&o.profile)->value_name("NAME"), "only the rules of this profile, with its severities")
      ("rules", po::value(&o.rule_paths)->value_name("PATH")->composing(), "extra rule file or directory (repeatable)")
      ("arg", po::value(&o.positional), "");
  add_help_option(desc, &o.help);
}

Expected<RulesOptions> parse_options(const std::vector<std::string>& args) {
  RulesOptions o;
  po::options_description desc("mtaudit rules options");
  describe(desc, o);
  po::positional_options_description pos;
  pos.add("arg", -1);
  auto parsed = parse_command_line(args, desc, pos);
  if (!parsed) return parsed.errors();
  return o;
}

// A template as the rule file wrote it, placeholders in braces.
std::string template_text(const engine::Template& t) {
  using Kind = engine::TemplatePart::Kind;
  std::string out;
  for (const auto& p : t.parts) {
    switch (p.kind) {
      case Kind::text: out += p.text; break;
      case Kind::param: out += "{param." + p.text + "}"; break;
      case Kind::observed: out += "{observed}"; break;
      case Kind::expected: out += "{expected}"; break;
      case Kind::target: out += "{target}"; break;
      case Kind::fact: out += "{" + p.path.text + "}"; break;
    }
  }
  return out;
}

int list(const RuleSet& set, const RulesOptions& o, std::ostream& out, std::ostream& err) {
  if (!o.profile.empty() && set.rules.find_profile(o.profile) == nullptr) {
    return report_errors({Diag{"", 0, 0, "unknown profile \"" + o.profile + "\""}}, err);
  }
  for (const auto& e : engine::profile_rules(set.rules, o.profile)) {
    out << e.rule->id << "\t" << engine::to_string(e.severity) << "\t" << e.rule->title << "\n";
  }
  return 0;
}

int show(const RuleSet& set, const std::string& id, std::ostream& out, std::ostream& err) {
  const engine::CompiledRule* r = set.rules.find_rule(id);
  if (r == nullptr) return report_errors({Diag{"", 0, 0, "no rule \"" + id + "\""}}, err);
  out << r->id << " (" << engine::to_string(r->severity) << ", " << r->area << ")\n"
      << r->title << "\n\nWhy:\n" << r->rationale << "\n\nFix:\n" << template_text(r->remediation) << "\n";
  if (!r->references.empty()) out << "\nReferences:\n";
  for (const auto& ref : r->references) out << "  " << ref.title << " <" << ref.url << ">\n";
  if (!r->controls.empty()) out << "\nControls:\n";
  for (const auto& c : r->controls) out << "  " << c.framework << " " << c.id << "\n";
  return 0;
}

}  // namespace

void visit_rules_options(const OptionsVisitor& visit) {
  visit_options_of<RulesOptions>("mtaudit rules options", describe, visit);
}

int run_rules_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    print_command_help(*find_command("rules"), out);
    return 0;
  }
  if (args.empty()) return report_errors({Diag{"", 0, 0, "rules: give list, show ID or validate PATH..."}}, err);
  std::string verb = args[0];
  auto opts = parse_options(std::vector<std::string>(args.begin() + 1, args.end()));
  if (!opts) return report_errors(opts.errors(), err);
  if (opts->help) {
    print_command_help(*find_command("rules"), out);
    return 0;
  }
  if (verb == "validate") {
    if (opts->positional.empty()) return report_errors({Diag{"", 0, 0, "rules validate: give PATH..."}}, err);
    // The given files replace built-in files of the same name; the rest (profiles) stay, so
    // a rule file is checked in the company it will be used in.
    auto set = load_rule_set(opts->positional, true);
    if (!set) return report_errors(set.errors(), err);
    out << set->rules.rules.size() << " rules, " << set->rules.profiles.size() << " profiles: valid\n";
    return 0;
  }
  auto set = load_rule_set(opts->rule_paths, true);
  if (!set) return report_errors(set.errors(), err);
  if (verb == "list") return list(*set, *opts, out, err);
  if (verb == "show" && opts->positional.size() == 1) return show(*set, opts->positional[0], out, err);
  return report_errors({Diag{"", 0, 0, "rules: give list, show ID or validate PATH..."}}, err);
}

}  // namespace mtaudit::cli
