#include "reporters/html.hpp"

#include <map>

#include "reporters/report_util.hpp"

namespace mtaudit::reporters {
namespace {

using engine::Result;
using engine::RuleInfo;
using engine::RunResult;

constexpr std::string_view k_head = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
)";

constexpr std::string_view k_style = R"(<style>
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.text, td div, dd { white-space: pre-wrap; }
dl { margin: 0.3em 0 0 0; }
dt { font-weight: bold; }
dd { margin: 0 0 0.3em 1.5em; }
tr.fail td.status { background: #f8d0d0; }
tr.error td.status { background: #ecd0f0; }
tr.skip td.status { background: #f8f0c8; }
tr.pass td.status { background: #d4f0d4; }
.summary { font-weight: bold; }
</style>
)";

void append_dd(std::string& out, std::string_view label, const std::string& value) {
  if (!value.empty()) {
    out += "<dt>" + std::string(label) + "</dt><dd>" + html_escape(value) + "</dd>";
  }
}

std::string details(const Result& r, const RuleInfo& rule) {
  std::string out = "<div>" + html_escape((r.waived ? "waived: " : "") + r.message) + "</div>";
  std::string dl;
  append_dd(dl, "observed", r.observed);
  append_dd(dl, "expected", r.expected);
  for (const engine::Location& loc : r.locations) {
    append_dd(dl, "location", format_location(loc));
  }
  bool finding = r.status == engine::Status::fail || r.status == engine::Status::error || r.waived;
  if (finding) {
    append_dd(dl, "remediation", remediation_for(r, rule));
  }
  return dl.empty() ? out : out + "<dl>" + dl + "</dl>";
}

std::string row(const Result& r, const RuleInfo& rule) {
  std::string status = engine::to_string(r.status);
  std::string out = "<tr class=\"" + status + "\">";
  out += "<td class=\"status\">" + upper(status) + "</td>";
  out += "<td>" + engine::to_string(r.severity) + "</td>";
  out += "<td><code>" + html_escape(r.rule) + "</code>";
  if (!rule.title.empty() && rule.title != rule.id) {
    out += "<br>" + html_escape(rule.title);
  }
  out += "</td><td class=\"text\">" + html_escape(r.target) + "</td>";
  return out + "<td>" + details(r, rule) + "</td></tr>\n";
}

std::string area_table(const std::string& area, const std::vector<const Result*>& results,
                       const RuleIndex& rules) {
  std::string out = "<h2 id=\"area-" + html_escape(slug(area)) + "\">" + html_escape(area) +
                    "</h2>\n<table>\n<thead><tr><th>Status</th><th>Severity</th><th>Rule</th>"
                    "<th>Target</th><th>Details</th></tr></thead>\n<tbody>\n";
  for (const Result* r : results) {
    out += row(*r, rules.find(r->rule));
  }
  return out + "</tbody>\n</table>\n";
}

std::string intro(const RunResult& run) {
  std::string name = run.tool_name.empty() ? "mtaudit" : run.tool_name;
  std::string out = "<title>" + html_escape(name) + " report</title>\n" + std::string(k_style) +
                    "</head>\n<body>\n<h1>" + html_escape(name) + " report</h1>\n";
  out += "<p class=\"meta\">" + run_heading(run, html_escape) + "</p>\n";
  out += "<p class=\"summary\">" + html_escape(summary_line(run)) + "</p>\n";
  if (!run.notices.empty()) {
    out += "<ul class=\"notices\">\n";
    for (const std::string& n : run.notices) {
      out += "<li>" + html_escape(n) + "</li>\n";
    }
    out += "</ul>\n";
  }
  return out;
}

}  // namespace

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : display_safe(s)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_html(const RunResult& run) {
  RuleIndex rules(run);
  std::map<std::string, std::vector<const Result*>> by_area;
  for (const Result* r : results_by_status(run)) {
    const std::string& area = rules.find(r->rule).area;
    by_area[area.empty() ? "other" : area].push_back(r);
  }
  std::string out = std::string(k_head) + intro(run);
  for (const auto& [area, results] : by_area) {
    out += area_table(area, results, rules);
  }
  return out + "</body>\n</html>\n";
}

}  // namespace mtaudit::reporters
