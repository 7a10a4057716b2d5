#include "reporters/sarif.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <boost/json.hpp>

#include "core/sha256.hpp"
#include "reporters/json_write.hpp"
#include "reporters/report_util.hpp"
#include "reporters/sarif_paths.hpp"

namespace mtaudit::reporters {
namespace {

namespace json = boost::json;
using engine::Location;
using engine::Result;
using engine::RuleInfo;
using engine::RunResult;
using engine::Severity;
using engine::Status;

constexpr std::string_view k_schema_uri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view k_srcroot = "%SRCROOT%";
constexpr std::size_t k_max_description = 1024;  // GitHub's limit for short/full descriptions
constexpr std::size_t k_max_tags = 20;           // GitHub rejects rules with more
// Fixed namespace for name-based GUIDs, so the same taxonomy always gets the same guid.
constexpr std::array<unsigned char, 16> k_guid_namespace = {
    0x6d, 0x74, 0x61, 0x75, 0x64, 0x69, 0x74, 0x2d, 0x9a, 0x51, 0x4c, 0x3e, 0x8f, 0x0b, 0x2d, 0x71};

json::string str(std::string_view s) {
  return json::string(sanitize_utf8(s));
}

json::object text(std::string_view s) {
  return json::object{{"text", str(s)}};
}

// UUID version 5 (SHA-1, RFC 4122 section 4.3): matches the schema's GUID pattern.
std::string name_guid(std::string_view name) {
  std::string input(k_guid_namespace.begin(), k_guid_namespace.end());
  input += name;
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  EVP_Digest(input.data(), input.size(), md.data(), &len, EVP_sha1(), nullptr);
  md[6] = static_cast<unsigned char>((md[6] & 0x0F) | 0x50);
  md[8] = static_cast<unsigned char>((md[8] & 0x3F) | 0x80);
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    out += (i == 4 || i == 6 || i == 8 || i == 10) ? "-" : "";
    out += k_hex[md[i] >> 4];
    out += k_hex[md[i] & 0x0F];
  }
  return out;
}

// At most `limit` code points, "..." marking a cut.
std::string truncate(std::string_view s, std::size_t limit) {
  std::string clean = sanitize_utf8(s);
  std::size_t points = 0;
  std::size_t cut = 0;
  for (std::size_t i = 0; i < clean.size(); ++i) {
    if ((static_cast<unsigned char>(clean[i]) & 0xC0) != 0x80 && ++points == limit - 2) {
      cut = i;  // keep limit - 3 code points, then "..."
    }
  }
  return points <= limit ? clean : clean.substr(0, cut) + "...";
}

std::string markdown_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\`*_[]<>|#").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

bool is_http_url(std::string_view s) {
  return s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0;
}

bool in_github_profile(const Result& r) {
  return r.status == Status::fail && !r.waived;
}

std::string_view result_kind(const Result& r) {
  if (r.waived) {
    return "fail";  // a waived finding is a finding; its suppression says it was accepted
  }
  switch (r.status) {
    case Status::pass: return "pass";
    case Status::fail: return "fail";
    case Status::skip: return "notApplicable";
    case Status::error: return "open";
  }
  return "open";
}

// Everything a reader needs in the alert itself; the first line is GitHub's alert title.
std::string result_message(const Result& r, const RuleInfo& rule) {
  std::string out = r.message.empty() ? (rule.title.empty() ? r.rule : rule.title) : r.message;
  auto add = [&out](std::string_view label, const std::string& value) {
    if (!value.empty()) {
      out += "\n" + std::string(label) + ": " + value;
    }
  };
  add("Target", r.target);
  add("Observed", r.observed);
  add("Expected", r.expected);
  add("Remediation", r.remediation);
  return out;
}

json::array rule_tags(const RuleInfo& rule) {
  std::vector<std::string> tags = {"security"};
  if (!rule.area.empty()) {
    tags.push_back(rule.area);
  }
  tags.insert(tags.end(), rule.tags.begin(), rule.tags.end());
  for (const engine::ControlRef& c : rule.controls) {
    tags.push_back(slug(c.framework) + "/" + c.id);
  }
  json::array out;
  std::set<std::string> seen;
  for (const std::string& t : tags) {
    if (!t.empty() && out.size() < k_max_tags && seen.insert(t).second) {
      out.emplace_back(str(t));
    }
  }
  return out;
}

json::object rule_help(const RuleInfo& rule) {
  std::string plain = rule.remediation.empty() ? "See the description of rule " + rule.id + "."
                                               : rule.remediation;
  std::string md = markdown_escape(plain);
  if (!rule.references.empty()) {
    plain += "\n\nReferences:";
    md += "\n\n**References**\n";
    for (const std::string& ref : rule.references) {
      plain += "\n- " + ref;
      md += "\n- " + (is_http_url(ref) ? "<" + ref + ">" : markdown_escape(ref));
    }
  }
  return json::object{{"text", str(plain)}, {"markdown", str(md)}};
}

// One location of the github profile: where GitHub shows the alert.
struct PrimaryLocation {
  std::string uri;
  int line = 1;
  const Location* source = nullptr;  // the Location it came from, if any
};

struct Taxonomy {
  std::string name;
  std::string guid;
  std::set<std::string> ids;
};

class SarifBuilder {
 public:
  SarifBuilder(const RunResult& run, const SarifOptions& options)
      : m_run(run), m_options(options), m_rules(run),
        m_uris(options.source_root, options.base_dir) {}

  json::object build();

 private:
  bool audit() const { return m_options.profile == SarifProfile::audit; }
  void index_rules();
  void index_artifacts();
  void index_logical(const std::vector<const Result*>& results);
  void index_taxonomies();
  std::vector<std::string> logical_names(const Result& r) const;
  PrimaryLocation primary_location(const Result& r) const;
  std::string fallback_uri(const Result& r) const;
  json::object driver() const;
  json::object rule_descriptor(const RuleInfo& rule) const;
  json::array relationships(const RuleInfo& rule) const;
  json::array taxonomies() const;
  json::object result_json(const Result& r, std::map<std::string, int>& occurrences) const;
  json::array github_locations(const Result& r, const PrimaryLocation& primary) const;
  json::array audit_locations(const Result& r) const;
  json::object physical(const ArtifactUri& uri, int line) const;
  json::object logical_ref(const std::string& name) const;
  json::object fingerprints(const Result& r, const PrimaryLocation& primary,
                            std::map<std::string, int>& occurrences) const;
  json::object result_properties(const Result& r) const;
  json::array invocations() const;
  json::array artifacts() const;
  json::object run_json(const std::vector<const Result*>& results) const;

  const RunResult& m_run;
  const SarifOptions& m_options;
  RuleIndex m_rules;
  UriMapper m_uris;
  std::vector<const RuleInfo*> m_rule_list;
  std::map<std::string, int> m_rule_index;
  std::vector<std::pair<ArtifactUri, std::string>> m_artifacts;  // uri, sha256
  std::map<std::string, int> m_artifact_index;                   // by uri
  std::map<std::string, int> m_logical_index;                    // by name, sorted
  std::map<std::string, Taxonomy> m_taxonomies;                  // by framework
};

void SarifBuilder::index_rules() {
  m_rule_list = m_rules.all();
  for (std::size_t i = 0; i < m_rule_list.size(); ++i) {
    m_rule_index[m_rule_list[i]->id] = static_cast<int>(i);
  }
}

void SarifBuilder::index_artifacts() {
  std::vector<engine::Artifact> sorted = m_run.artifacts;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.path < b.path; });
  for (const engine::Artifact& a : sorted) {
    ArtifactUri uri = m_uris.map(a.path);
    if (m_artifact_index.emplace(uri.uri, static_cast<int>(m_artifacts.size())).second) {
      m_artifacts.emplace_back(uri, a.sha256);
    }
  }
}

// Targets and Location.logical names: the things a result is about that are not files.
std::vector<std::string> SarifBuilder::logical_names(const Result& r) const {
  std::vector<std::string> names;
  bool target_seen = r.target.empty();
  for (const Location& loc : r.locations) {
    if (!loc.logical.empty()) {
      names.push_back(loc.logical);
    }
    target_seen = target_seen || loc.logical == r.target || loc.file == r.target;
  }
  if (!target_seen) {
    names.push_back(r.target);
  }
  return names;
}

void SarifBuilder::index_logical(const std::vector<const Result*>& results) {
  for (const Result* r : results) {
    for (const std::string& name : logical_names(*r)) {
      m_logical_index.emplace(name, 0);
    }
  }
  int i = 0;
  for (auto& [name, index] : m_logical_index) {
    index = i++;
  }
}

void SarifBuilder::index_taxonomies() {
  for (const RuleInfo* rule : m_rule_list) {
    for (const engine::ControlRef& c : rule->controls) {
      Taxonomy& t = m_taxonomies[c.framework];
      t.name = c.framework;
      t.guid = name_guid("taxonomy:" + c.framework);
      t.ids.insert(c.id);
    }
  }
}

std::string SarifBuilder::fallback_uri(const Result& r) const {
  if (!m_options.fallback_file.empty()) {
    ArtifactUri uri = m_uris.map(m_options.fallback_file);
    if (uri.in_root) {
      return uri.uri;
    }
  }
  for (const auto& [uri, sha] : m_artifacts) {
    bool main_cf = uri.uri == "main.cf" || uri.uri.ends_with("/main.cf");
    if (uri.in_root && main_cf) {
      return uri.uri;
    }
  }
  std::string name = r.target.empty() ? r.rule : r.target;
  for (char& c : name) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_';
    c = keep ? c : '_';
  }
  return "mtaudit/targets/" + (name.find_first_not_of('.') == std::string::npos ? "_" : name);
}

PrimaryLocation SarifBuilder::primary_location(const Result& r) const {
  for (const Location& loc : r.locations) {
    if (loc.file.empty()) {
      continue;
    }
    ArtifactUri uri = m_uris.map(loc.file);
    if (uri.in_root) {
      return {uri.uri, loc.line > 0 ? loc.line : 1, &loc};
    }
  }
  return {fallback_uri(r), 1, nullptr};
}

json::object SarifBuilder::physical(const ArtifactUri& uri, int line) const {
  json::object art{{"uri", uri.uri}};
  if (uri.in_root) {
    art["uriBaseId"] = k_srcroot;
  }
  if (auto it = m_artifact_index.find(uri.uri); audit() && it != m_artifact_index.end()) {
    art["index"] = it->second;
  }
  json::object out{{"artifactLocation", std::move(art)}};
  if (line > 0) {
    out["region"] = json::object{{"startLine", line}};
  }
  return out;
}

json::object SarifBuilder::logical_ref(const std::string& name) const {
  json::object out;
  if (audit()) {
    out["index"] = m_logical_index.at(name);
  }
  out["name"] = str(name);
  out["kind"] = "resource";
  return out;
}

json::array SarifBuilder::relationships(const RuleInfo& rule) const {
  json::array out;
  for (const engine::ControlRef& c : rule.controls) {
    const Taxonomy& t = m_taxonomies.at(c.framework);
    json::object target{{"id", str(c.id)},
                        {"guid", name_guid("taxon:" + c.framework + "\n" + c.id)},
                        {"toolComponent", json::object{{"name", str(t.name)}, {"guid", t.guid}}}};
    json::object rel{{"target", std::move(target)}, {"kinds", json::array{"superset"}}};
    if (std::find(out.begin(), out.end(), json::value(rel)) == out.end()) {
      out.emplace_back(std::move(rel));  // uniqueItems: a control listed twice appears once
    }
  }
  return out;
}

json::object SarifBuilder::rule_descriptor(const RuleInfo& rule) const {
  std::string title = rule.title.empty() ? rule.id : rule.title;
  json::object out{{"id", str(rule.id)},
                   {"shortDescription", text(truncate(title, k_max_description))},
                   {"fullDescription",
                    text(truncate(rule.rationale.empty() ? title : rule.rationale,
                                  k_max_description))},
                   {"help", rule_help(rule)}};
  auto url = std::find_if(rule.references.begin(), rule.references.end(), is_http_url);
  if (url != rule.references.end()) {
    out["helpUri"] = str(*url);
  }
  out["defaultConfiguration"] = json::object{{"level", sarif_level(rule.severity)}};
  if (audit() && !rule.controls.empty()) {
    out["relationships"] = relationships(rule);
  }
  out["properties"] = json::object{{"tags", rule_tags(rule)},
                                   {"precision", "very-high"},
                                   {"security-severity", security_severity(rule.severity)}};
  return out;
}

json::object SarifBuilder::driver() const {
  json::object out{{"name", str(m_run.tool_name.empty() ? "mtaudit" : m_run.tool_name)}};
  if (!m_run.tool_version.empty()) {
    out["version"] = str(m_run.tool_version);
  }
  if (!m_run.tls_library.empty()) {
    out["properties"] = json::object{{"tls_library", str(m_run.tls_library)}};
  }
  if (audit() && !m_taxonomies.empty()) {
    json::array supported;
    for (const auto& [name, t] : m_taxonomies) {
      supported.emplace_back(json::object{{"name", str(t.name)}, {"guid", t.guid}});
    }
    out["supportedTaxonomies"] = std::move(supported);
  }
  json::array rules;
  for (const RuleInfo* rule : m_rule_list) {
    rules.emplace_back(rule_descriptor(*rule));
  }
  out["rules"] = std::move(rules);
  return out;
}

json::array SarifBuilder::taxonomies() const {
  json::array out;
  for (const auto& [name, t] : m_taxonomies) {
    json::array taxa;
    for (const std::string& id : t.ids) {
      taxa.emplace_back(json::object{{"id", str(id)},
                                     {"guid", name_guid("taxon:" + name + "\n" + id)}});
    }
    out.emplace_back(json::object{{"name", str(t.name)},
                                  {"guid", t.guid},
                                  {"isComprehensive", false},
                                  {"taxa", std::move(taxa)}});
  }
  return out;
}

json::array SarifBuilder::github_locations(const Result& r, const PrimaryLocation& primary) const {
  json::object loc{{"physicalLocation", physical({primary.uri, true}, primary.line)}};
  // What the alert is about when that is not the file itself: the service, host:port, name.
  std::string logical = primary.source != nullptr && !primary.source->logical.empty()
                            ? primary.source->logical : r.target;
  bool is_the_file = primary.source != nullptr && logical == primary.source->file;
  if (!logical.empty() && !is_the_file) {
    loc["logicalLocations"] = json::array{logical_ref(logical)};
  }
  if (primary.source != nullptr && !primary.source->note.empty()) {
    loc["message"] = text(primary.source->note);
  }
  return json::array{std::move(loc)};
}

// Every Location as recorded (files outside the source root as file: URIs), then the target
// as a logical location when no Location names it.
json::array SarifBuilder::audit_locations(const Result& r) const {
  json::array out;
  bool target_seen = r.target.empty();
  for (const Location& loc : r.locations) {
    json::object o;
    if (!loc.file.empty()) {
      o["physicalLocation"] = physical(m_uris.map(loc.file), loc.line);
    }
    if (!loc.logical.empty()) {
      o["logicalLocations"] = json::array{logical_ref(loc.logical)};
    }
    if (!loc.note.empty()) {
      o["message"] = text(loc.note);
    }
    target_seen = target_seen || loc.logical == r.target || loc.file == r.target;
    out.emplace_back(std::move(o));
  }
  if (!target_seen) {
    out.emplace_back(json::object{{"logicalLocations", json::array{logical_ref(r.target)}}});
  }
  return out;
}

// Identity across runs: rule, target and the repo-relative file, but not the line (editing
// main.cf above a setting must not close one alert and open another). Several results with
// the same identity are told apart by GitHub's ":occurrence" suffix.
json::object SarifBuilder::fingerprints(const Result& r, const PrimaryLocation& primary,
                                        std::map<std::string, int>& occurrences) const {
  std::string hash = sha256_hex("mtaudit/v1\n" + r.rule + "\n" + r.target + "\n" + primary.uri)
                         .substr(0, 16);
  int n = ++occurrences[hash];
  return json::object{{"primaryLocationLineHash", hash + ":" + std::to_string(n)}};
}

json::object SarifBuilder::result_properties(const Result& r) const {
  json::object out{{"status", engine::to_string(r.status)},
                   {"severity", engine::to_string(r.severity)}};
  for (const auto& [key, value] : {std::pair<const char*, const std::string&>{"target", r.target},
                                   {"observed", r.observed},
                                   {"expected", r.expected},
                                   {"remediation", r.remediation}}) {
    if (!value.empty()) {
      out[key] = str(value);
    }
  }
  return out;
}

json::object SarifBuilder::result_json(const Result& r,
                                       std::map<std::string, int>& occurrences) const {
  const RuleInfo& rule = m_rules.find(r.rule);
  bool failing = r.status == Status::fail || r.waived;
  PrimaryLocation primary = primary_location(r);
  json::object out{{"ruleId", str(r.rule)}, {"ruleIndex", m_rule_index.at(r.rule)}};
  if (audit()) {
    out["kind"] = result_kind(r);
  }
  out["level"] = failing ? sarif_level(r.severity) : "none";
  out["message"] = text(result_message(r, rule));
  out["locations"] = audit() ? audit_locations(r) : github_locations(r, primary);
  out["partialFingerprints"] = fingerprints(r, primary, occurrences);
  if (audit()) {
    json::array suppressions;  // present on every result: "known not suppressed" when empty
    if (r.waived) {
      suppressions.emplace_back(json::object{
          {"kind", "external"},
          {"status", "accepted"},
          {"justification", str(r.message.empty() ? "waived" : r.message)}});
    }
    out["suppressions"] = std::move(suppressions);
  }
  out["properties"] = result_properties(r);
  return out;
}

json::array SarifBuilder::invocations() const {
  json::object inv;
  if (!m_run.command_line.empty()) {
    inv["commandLine"] = str(m_run.command_line);
  }
  if (m_run.timestamp) {
    inv["startTimeUtc"] = format_utc(*m_run.timestamp, UtcStyle::sarif);
  }
  // Per-check failures are results of kind "open"; the run itself completed.
  inv["executionSuccessful"] = true;
  if (!m_run.notices.empty()) {
    json::array notes;
    for (const std::string& n : m_run.notices) {
      notes.emplace_back(json::object{{"level", "note"}, {"message", text(n)}});
    }
    inv["toolExecutionNotifications"] = std::move(notes);
  }
  return json::array{std::move(inv)};
}

json::array SarifBuilder::artifacts() const {
  json::array out;
  for (const auto& [uri, sha] : m_artifacts) {
    json::object loc{{"uri", uri.uri}};
    if (uri.in_root) {
      loc["uriBaseId"] = k_srcroot;
    }
    json::object a{{"location", std::move(loc)}, {"roles", json::array{"analysisTarget"}}};
    if (!sha.empty()) {
      a["hashes"] = json::object{{"sha-256", str(sha)}};
    }
    out.emplace_back(std::move(a));
  }
  return out;
}

json::object SarifBuilder::run_json(const std::vector<const Result*>& results) const {
  json::object run{{"tool", json::object{{"driver", driver()}}}};
  if (audit()) {
    run["invocations"] = invocations();
  }
  if (auto root = m_uris.root_uri()) {
    run["originalUriBaseIds"] =
        json::object{{k_srcroot, json::object{{"uri", str(*root)}}}};
  }
  if (audit()) {
    run["artifacts"] = artifacts();
    json::array logical;
    for (const auto& [name, index] : m_logical_index) {
      logical.emplace_back(json::object{{"name", str(name)}, {"kind", "resource"}});
    }
    run["logicalLocations"] = std::move(logical);
    run["taxonomies"] = taxonomies();
  }
  if (!m_options.category.empty()) {
    std::string id = m_options.category;
    run["automationDetails"] = json::object{{"id", str(id.ends_with('/') ? id : id + "/")}};
  }
  std::map<std::string, int> occurrences;
  json::array out;
  for (const Result* r : results) {
    out.emplace_back(result_json(*r, occurrences));
  }
  run["results"] = std::move(out);
  run["properties"] = json::object{{"profile", str(m_run.profile)},
                                   {"sarifProfile", to_string(m_options.profile)}};
  return run;
}

json::object SarifBuilder::build() {
  index_rules();
  index_artifacts();
  index_taxonomies();
  std::vector<const Result*> results;
  for (const Result* r : results_by_rule(m_run)) {
    if (audit() || in_github_profile(*r)) {
      results.push_back(r);
    }
  }
  index_logical(results);
  return json::object{{"$schema", k_schema_uri},
                      {"version", "2.1.0"},
                      {"runs", json::array{run_json(results)}}};
}

}  // namespace

std::optional<SarifProfile> parse_sarif_profile(std::string_view name) {
  if (name == "github") {
    return SarifProfile::github;
  }
  if (name == "audit") {
    return SarifProfile::audit;
  }
  return std::nullopt;
}

std::string_view to_string(SarifProfile p) {
  return p == SarifProfile::audit ? "audit" : "github";
}

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::critical:
    case Severity::high: return "error";
    case Severity::medium: return "warning";
    case Severity::low:
    case Severity::info: return "note";
  }
  return "warning";
}

std::string_view security_severity(Severity s) {
  switch (s) {
    case Severity::critical: return "9.5";
    case Severity::high: return "8.0";
    case Severity::medium: return "5.5";
    case Severity::low: return "3.0";
    case Severity::info: return "1.0";
  }
  return "5.5";
}

std::string render_sarif(const RunResult& run, const SarifOptions& options) {
  SarifBuilder builder(run, options);
  return to_pretty_json(builder.build());
}

}  // namespace mtaudit::reporters
