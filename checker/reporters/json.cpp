#include "reporters/json.hpp"

#include "facts/fact_json.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "reporters/json_write.hpp"
#include "reporters/report_util.hpp"

namespace mtaudit::reporters {
namespace {

namespace json = boost::json;
using engine::Result;
using engine::RuleInfo;
using engine::RunResult;

json::string str(std::string_view s) {
  return json::string(sanitize_utf8(s));
}

json::array str_array(const std::vector<std::string>& items) {
  json::array out;
  for (const std::string& s : items) {
    out.emplace_back(str(s));
  }
  return out;
}

json::object location_json(const engine::Location& loc) {
  json::object out;
  if (!loc.file.empty()) {
    out["file"] = str(loc.file);
    if (loc.line > 0) {
      out["line"] = loc.line;
    }
  }
  if (!loc.logical.empty()) {
    out["logical"] = str(loc.logical);
  }
  if (!loc.note.empty()) {
    out["note"] = str(loc.note);
  }
  return out;
}

json::object result_json(const Result& r, const RuleInfo& rule) {
  json::object out;
  out["rule"] = str(r.rule);
  out["area"] = str(rule.area);
  out["status"] = engine::to_string(r.status);
  out["severity"] = engine::to_string(r.severity);
  out["target"] = str(r.target);
  out["message"] = str(r.message);
  out["observed"] = str(r.observed);
  out["expected"] = str(r.expected);
  json::array locations;
  for (const engine::Location& loc : r.locations) {
    locations.emplace_back(location_json(loc));
  }
  out["locations"] = std::move(locations);
  out["remediation"] = str(r.remediation);
  out["waived"] = r.waived;
  return out;
}

json::object rule_json(const RuleInfo& rule) {
  json::object out;
  out["id"] = str(rule.id);
  out["area"] = str(rule.area);
  out["title"] = str(rule.title);
  out["severity"] = engine::to_string(rule.severity);
  out["rationale"] = str(rule.rationale);
  out["remediation"] = str(rule.remediation);
  out["tags"] = str_array(rule.tags);
  out["references"] = str_array(rule.references);
  json::array controls;
  for (const engine::ControlRef& c : rule.controls) {
    controls.emplace_back(json::object{{"framework", str(c.framework)}, {"id", str(c.id)}});
  }
  out["controls"] = std::move(controls);
  return out;
}

json::object summary_json(const RunResult& run) {
  engine::Summary s = engine::summarize(run);
  json::object by_sev;
  for (engine::Severity sev : {engine::Severity::critical, engine::Severity::high,
                               engine::Severity::medium, engine::Severity::low,
                               engine::Severity::info}) {
    auto it = s.fail_by_severity.find(sev);
    by_sev[engine::to_string(sev)] = it == s.fail_by_severity.end() ? 0 : it->second;
  }
  return json::object{{"total", static_cast<int>(run.results.size())},
                      {"fail", s.fail},
                      {"error", s.error},
                      {"skip", s.skip},
                      {"pass", s.pass},
                      {"waived", count_waived(run)},
                      {"fail_by_severity", std::move(by_sev)},
                      {"text", str(summary_line(run))}};
}

json::array artifacts_json(const RunResult& run) {
  std::vector<engine::Artifact> sorted = run.artifacts;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.path < b.path; });
  json::array out;
  for (const engine::Artifact& a : sorted) {
    out.emplace_back(json::object{{"path", str(a.path)}, {"sha256", str(a.sha256)}});
  }
  return out;
}

}  // namespace

std::string render_json(const RunResult& run) {
  RuleIndex rules(run);
  json::object root;
  root["format_version"] = k_json_format_version;
  json::object tool{{"name", str(run.tool_name)}, {"version", str(run.tool_version)}};
  if (!run.tls_library.empty()) {
    tool["tls_library"] = str(run.tls_library);
  }
  root["tool"] = std::move(tool);
  root["profile"] = str(run.profile);
  if (run.timestamp) {
    root["timestamp"] = format_utc(*run.timestamp, UtcStyle::iso);
  }
  json::array rule_list;
  for (const RuleInfo* rule : rules.all()) {
    rule_list.emplace_back(rule_json(*rule));
  }
  root["rules"] = std::move(rule_list);
  json::array results;
  for (const Result* r : results_by_rule(run)) {
    results.emplace_back(result_json(*r, rules.find(r->rule)));
  }
  root["results"] = std::move(results);
  root["artifacts"] = artifacts_json(run);
  root["notices"] = str_array(run.notices);
  root["summary"] = summary_json(run);
  if (run.evidence.is_map()) root["evidence"] = facts::to_json(run.evidence);
  return to_pretty_json(root);
}

}  // namespace mtaudit::reporters
