#include "reporters/junit.hpp"

#include <map>
#include <set>
#include <sstream>

#include <pugixml.hpp>

#include "reporters/report_util.hpp"

namespace mtaudit::reporters {
namespace {

using engine::Result;
using engine::RuleInfo;
using engine::RunResult;
using engine::Status;

struct Suite {
  std::vector<const Result*> results;
  int failures = 0, errors = 0, skipped = 0;
};

// Jenkins splits classname on dots into package and class; keep exactly one dot.
std::string classname_for(const RuleInfo& rule) {
  std::string area = rule.area.empty() ? "other" : rule.area;
  for (char& c : area) {
    if (c == '.' || c == ' ') {
      c = '_';
    }
  }
  return "mtaudit." + xml_safe(area);
}

std::string case_name(const Result& r) {
  std::string name = "[" + upper(engine::to_string(r.severity)) + "] " + r.rule;
  if (!r.target.empty()) {
    name += " (" + r.target + ")";
  }
  return one_line(xml_safe(name));
}

// Attribute values stay on one line; details go in the element body.
void set_attr(pugi::xml_node node, const char* name, const std::string& value) {
  node.append_attribute(name).set_value(one_line(xml_safe(value)).c_str());
}

std::map<std::string, Suite> group_by_area(const RunResult& run, const RuleIndex& rules) {
  std::map<std::string, Suite> suites;
  for (const Result* r : results_by_rule(run)) {
    const std::string& area = rules.find(r->rule).area;
    Suite& s = suites[area.empty() ? "other" : area];
    s.results.push_back(r);
    s.failures += r->status == Status::fail ? 1 : 0;
    s.errors += r->status == Status::error ? 1 : 0;
    s.skipped += r->status == Status::skip ? 1 : 0;
  }
  return suites;
}

void add_outcome(pugi::xml_node tc, const Result& r, const RuleInfo& rule) {
  std::string body = xml_safe(evidence_text(r, rule));
  pugi::xml_node child;
  if (r.status == Status::fail) {
    child = tc.append_child("failure");
    set_attr(child, "message", r.message);
    set_attr(child, "type", engine::to_string(r.severity));
  } else if (r.status == Status::error) {
    child = tc.append_child("error");
    set_attr(child, "message", r.message);
    set_attr(child, "type", "CheckError");
  } else if (r.status == Status::skip) {
    child = tc.append_child("skipped");
    set_attr(child, "message", (r.waived ? "waived: " : "") + r.message);
    if (!r.waived) {
      return;  // not applicable: the message says why; a waived finding keeps its evidence
    }
  } else {
    return;  // pass: an empty <testcase/>
  }
  child.append_child(pugi::node_pcdata).set_value(body.c_str());
}

// Unique classname+name (GitLab keeps only the first of duplicates): "#2", "#3" ...
std::string unique_name(std::set<std::string>& seen, const std::string& name) {
  std::string candidate = name;
  for (int n = 2; !seen.insert(candidate).second; ++n) {
    candidate = name + " #" + std::to_string(n);
  }
  return candidate;
}

void add_properties(pugi::xml_node suite, const RunResult& run) {
  pugi::xml_node props = suite.append_child("properties");
  auto add = [&props](const char* name, const std::string& value) {
    pugi::xml_node p = props.append_child("property");
    set_attr(p, "name", name);
    set_attr(p, "value", value);
  };
  add("tool.name", run.tool_name);
  add("tool.version", run.tool_version);
  if (!run.tls_library.empty()) {
    add("tool.tls_library", run.tls_library);
  }
  add("profile", run.profile);
  if (run.timestamp) {
    add("timestamp.utc", format_utc(*run.timestamp, UtcStyle::iso));
  }
}

std::string suite_out(const RunResult& run, const std::string& area, const Suite& s) {
  std::string out = area + ": tests " + std::to_string(s.results.size()) + ", failed " +
                    std::to_string(s.failures) + ", errors " + std::to_string(s.errors) +
                    ", skipped " + std::to_string(s.skipped) + "\n" + summary_line(run) + "\n";
  for (const std::string& notice : run.notices) {
    out += "notice: " + notice + "\n";
  }
  return xml_safe(out);
}

void add_suite(pugi::xml_node root, const RunResult& run, const RuleIndex& rules, int id,
               const std::string& area, const Suite& s) {
  pugi::xml_node suite = root.append_child("testsuite");
  set_attr(suite, "name", area);
  set_attr(suite, "package", "mtaudit");
  set_attr(suite, "id", std::to_string(id));
  set_attr(suite, "timestamp", format_utc(run.timestamp.value_or(0), UtcStyle::junit));
  set_attr(suite, "hostname", "localhost");
  set_attr(suite, "tests", std::to_string(s.results.size()));
  set_attr(suite, "failures", std::to_string(s.failures));
  set_attr(suite, "errors", std::to_string(s.errors));
  set_attr(suite, "skipped", std::to_string(s.skipped));
  set_attr(suite, "time", "0");
  add_properties(suite, run);
  std::set<std::string> seen;
  for (const Result* r : s.results) {
    const RuleInfo& rule = rules.find(r->rule);
    pugi::xml_node tc = suite.append_child("testcase");
    set_attr(tc, "name", unique_name(seen, case_name(*r)));
    set_attr(tc, "classname", classname_for(rule));
    set_attr(tc, "time", "0");
    add_outcome(tc, *r, rule);
  }
  suite.append_child("system-out").append_child(pugi::node_pcdata)
      .set_value(suite_out(run, area, s).c_str());
  suite.append_child("system-err");
}

}  // namespace

std::string render_junit(const RunResult& run) {
  RuleIndex rules(run);
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  pugi::xml_node root = doc.append_child("testsuites");
  int id = 0;
  for (const auto& [area, suite] : group_by_area(run, rules)) {
    add_suite(root, run, rules, id++, area, suite);
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

}  // namespace mtaudit::reporters
