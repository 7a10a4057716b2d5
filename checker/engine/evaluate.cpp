#include <algorithm>
#include <tuple>

#include "engine/engine.hpp"
#include "engine/options.hpp"
#include "engine/params.hpp"
#include "engine/rule_runner.hpp"

namespace mtaudit::engine {

namespace {

RuleInfo info_of(const EffectiveRule& e) {
  const CompiledRule& r = *e.rule;
  RuleInfo info{r.id, r.area, r.title, r.rationale, "", e.severity, r.tags, {}, r.controls};
  // Rule-level remediation: params are known, facts of one target are not.
  for (const auto& part : r.remediation.parts) {
    auto param = e.params.find(part.text);
    switch (part.kind) {
      case TemplatePart::Kind::text: info.remediation += part.text; break;
      case TemplatePart::Kind::param:
        info.remediation += param == e.params.end() ? "?" : render_value(param->second);
        break;
      case TemplatePart::Kind::fact: info.remediation += "{" + part.path.text + "}"; break;
      default: info.remediation += "{target}"; break;
    }
  }
  for (const auto& ref : r.references) {
    info.references.push_back(ref.url.empty() ? ref.title : ref.url);
  }
  return info;
}

Result skipped_on_request(const EffectiveRule& e) {
  Result r;
  r.rule = e.rule->id;
  r.status = Status::skip;
  r.severity = e.severity;
  r.message = "skipped on request";
  return r;
}

// Waivers only quiet problems: a passing result stays a pass.
void apply_waivers(const std::vector<Waiver>& waivers, Result& r) {
  if (r.status != Status::fail && r.status != Status::error) {
    return;
  }
  for (const auto& w : waivers) {
    if (w.rule == r.rule && (w.target.empty() || w.target == r.target)) {
      r.status = Status::skip;
      r.waived = true;
      r.message = w.reason + " (was: " + r.message + ")";  // reporters say "waived"
      return;
    }
  }
}

}  // namespace

RunResult evaluate(const CompiledRules& rules, const facts::Fact& root, const EvalOptions& options) {
  Diags problems;
  Plan plan = plan_run(rules, options, problems);
  RunResult run;
  run.profile = options.profile;
  for (const auto& d : problems) {
    run.notices.push_back(d.message);
  }
  for (const auto& e : plan.rules) {
    run.rules.push_back(info_of(e));
    if (plan.skip.count(e.rule->id) > 0) {
      run.results.push_back(skipped_on_request(e));
      continue;
    }
    for (auto& r : run_rule(e, root)) {
      apply_waivers(plan.waivers, r);
      run.results.push_back(std::move(r));
    }
  }
  std::stable_sort(run.results.begin(), run.results.end(), [](const Result& a, const Result& b) {
    return std::tie(a.rule, a.target) < std::tie(b.rule, b.target);
  });
  return run;
}

}  // namespace mtaudit::engine
