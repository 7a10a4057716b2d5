#include "reporters/sarif.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test_reporter_fixture.hpp"

namespace mtaudit::reporters {
namespace {

namespace json = boost::json;
using engine::RunResult;
using engine::Severity;
using engine::Status;

SarifOptions github_options() {
  SarifOptions o;
  o.source_root = fixture::k_source_root;
  return o;
}

SarifOptions audit_options() {
  SarifOptions o = github_options();
  o.profile = SarifProfile::audit;
  return o;
}

json::object run_of(const RunResult& run, const SarifOptions& o) {
  json::value doc = json::parse(render_sarif(run, o));
  return doc.at("runs").at(0).as_object();
}

// Lowercase hex digits where `shape` has 'h', the same character elsewhere.
bool matches_shape(const std::string& s, const std::string& shape) {
  if (s.size() != shape.size()) {
    return false;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool hex = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f');
    if (shape[i] == 'h' ? !hex : s[i] != shape[i]) {
      return false;
    }
  }
  return true;
}

std::string uri_line(const json::value& result) {
  const json::object& phys = result.at("locations").at(0).at("physicalLocation").as_object();
  return std::string(phys.at("artifactLocation").at("uri").as_string()) + ":" +
         std::to_string(phys.at("region").at("startLine").as_int64());
}

const json::value& find_result(const json::object& run, const std::string& rule, int nth = 0) {
  for (const json::value& r : run.at("results").as_array()) {
    if (r.at("ruleId").as_string() == rule && nth-- == 0) {
      return r;
    }
  }
  static const json::value none;
  ADD_FAILURE() << "no result for " << rule;
  return none;
}

TEST(SarifReporter, GithubMatchesGolden) {
  fixture::expect_golden("representative.github.sarif",
                         render_sarif(fixture::representative_run(), github_options()));
}

TEST(SarifReporter, AuditMatchesGolden) {
  fixture::expect_golden("representative.audit.sarif",
                         render_sarif(fixture::representative_run(), audit_options()));
}

TEST(SarifReporter, GithubValidAgainstSchemaAndGithubRules) {
  MTAUDIT_EXPECT_VALID_REPORT("sarif-github", "github.sarif",
                              render_sarif(fixture::representative_run(), github_options()));
}

TEST(SarifReporter, AuditValidAgainstSchema) {
  MTAUDIT_EXPECT_VALID_REPORT("sarif", "audit.sarif",
                              render_sarif(fixture::representative_run(), audit_options()));
}

TEST(SarifReporter, DriverPropertiesNameTheTlsLibrary) {
  RunResult run = fixture::representative_run();
  EXPECT_FALSE(run_of(run, github_options()).at("tool").at("driver").as_object().contains("properties"));
  run.tls_library = "OpenSSL 3.0.19 27 Jan 2026";
  EXPECT_EQ(run_of(run, audit_options()).at("tool").at("driver").at("properties").at("tls_library").as_string(),
            "OpenSSL 3.0.19 27 Jan 2026");
  MTAUDIT_EXPECT_VALID_REPORT("sarif-github", "tls-library.sarif", render_sarif(run, github_options()));
}

TEST(SarifReporter, AuditProfileIsNotForGithub) {
  fixture::TempDir dir;
  fixture::write_text(dir.path() / "a.sarif",
                      render_sarif(fixture::representative_run(), audit_options()));
  std::string out;
  int rc = fixture::run_validator("--sarif-github '" + (dir.path() / "a.sarif").string() + "'", out);
  if (rc == fixture::k_validator_skip) {
    GTEST_SKIP() << out;
  }
  EXPECT_EQ(rc, 1);
  EXPECT_NE(out.find("kind 'pass': GitHub ignores kind"), std::string::npos) << out;
  EXPECT_NE(out.find("suppressions are not honoured"), std::string::npos) << out;
}

TEST(SarifReporter, GithubKeepsOnlyUnwaivedFailures) {
  json::object run = run_of(fixture::representative_run(), github_options());
  std::string ids;
  for (const json::value& r : run.at("results").as_array()) {
    ids += std::string(r.at("ruleId").as_string()) + " ";
    EXPECT_FALSE(r.as_object().contains("kind"));
    EXPECT_FALSE(r.as_object().contains("suppressions"));
  }
  EXPECT_EQ(ids, "cert-key-permissions dane-tlsa-matches-disk live-protocols-tls12-min "
                 "postfix-obsolete-tls-params postfix-obsolete-tls-params "
                 "postfix-smtpd-protocols-tls12-min postfix-tls-logging ");
  EXPECT_EQ(run.at("tool").at("driver").at("rules").as_array().size(), 11u);
  EXPECT_FALSE(run.contains("invocations"));
  EXPECT_FALSE(run.contains("taxonomies"));
  EXPECT_EQ(run.at("originalUriBaseIds").at("%SRCROOT%").at("uri").as_string(), "file:///work/repo/");
}

TEST(SarifReporter, GithubLocationsArePhysicalAndRepoRelative) {
  json::object run = run_of(fixture::representative_run(), github_options());
  // File outside the source root and no file at all: the main.cf artifact, line 1.
  EXPECT_EQ(uri_line(find_result(run, "cert-key-permissions")), "etc/postfix/main.cf:1");
  EXPECT_EQ(uri_line(find_result(run, "dane-tlsa-matches-disk")), "etc/postfix/main.cf:1");
  // First location is host:port, second the config line: the config line wins.
  EXPECT_EQ(uri_line(find_result(run, "live-protocols-tls12-min")), "etc/postfix/main.cf:12");
  // Relative path resolved against the source root; line 0 becomes 1.
  EXPECT_EQ(uri_line(find_result(run, "postfix-smtpd-protocols-tls12-min")), "etc/postfix/master.cf:17");
  EXPECT_EQ(uri_line(find_result(run, "postfix-tls-logging")), "etc/postfix/main.cf:1");
  const json::value& loc = find_result(run, "dane-tlsa-matches-disk").at("locations").at(0);
  EXPECT_EQ(loc.at("physicalLocation").at("artifactLocation").at("uriBaseId").as_string(), "%SRCROOT%");
  EXPECT_EQ(loc.at("logicalLocations").at(0).at("name").as_string(), "mx.example.org");
}

TEST(SarifReporter, FallbackFileOptionWins) {
  SarifOptions o = github_options();
  o.fallback_file = "/work/repo/inventory/mail.yml";
  json::object run = run_of(fixture::representative_run(), o);
  EXPECT_EQ(uri_line(find_result(run, "dane-tlsa-matches-disk")), "inventory/mail.yml:1");
  o.fallback_file = "/elsewhere/inventory.yml";  // outside the root: ignored
  run = run_of(fixture::representative_run(), o);
  EXPECT_EQ(uri_line(find_result(run, "dane-tlsa-matches-disk")), "etc/postfix/main.cf:1");
}

TEST(SarifReporter, MadeUpPathWhenNothingInRoot) {
  RunResult run = fixture::representative_run();
  run.artifacts.clear();
  json::object sarif = run_of(run, github_options());
  EXPECT_EQ(uri_line(find_result(sarif, "dane-tlsa-matches-disk")), "mtaudit/targets/mx.example.org:1");
  EXPECT_EQ(uri_line(find_result(sarif, "cert-key-permissions")),
            "mtaudit/targets/_etc_ssl_private_mail.key:1");
}

TEST(SarifReporter, FingerprintsIgnoreLineButSeparateDuplicates) {
  RunResult run = fixture::representative_run();
  json::object before = run_of(run, github_options());
  auto hash = [](const json::value& r) {
    return std::string(r.at("partialFingerprints").at("primaryLocationLineHash").as_string());
  };
  std::string first = hash(find_result(before, "postfix-obsolete-tls-params", 0));
  std::string second = hash(find_result(before, "postfix-obsolete-tls-params", 1));
  EXPECT_TRUE(matches_shape(first, "hhhhhhhhhhhhhhhh:1")) << first;
  EXPECT_EQ(second, first.substr(0, 16) + ":2");
  for (engine::Result& r : run.results) {
    for (engine::Location& loc : r.locations) {
      loc.line += 5;  // lines moved by an edit above
    }
  }
  json::object after = run_of(run, github_options());
  EXPECT_EQ(hash(find_result(after, "postfix-obsolete-tls-params", 0)), first);
  EXPECT_EQ(hash(find_result(after, "live-protocols-tls12-min")),
            hash(find_result(before, "live-protocols-tls12-min")));
  run.results[1].target = "mx2.example.org";
  json::object retargeted = run_of(run, github_options());
  EXPECT_NE(hash(find_result(retargeted, "dane-tlsa-matches-disk")),
            hash(find_result(before, "dane-tlsa-matches-disk")));
}

TEST(SarifReporter, RuleDescriptors) {
  json::object run = run_of(fixture::representative_run(), github_options());
  const json::object& rule = run.at("tool").at("driver").at("rules").at(0).as_object();
  EXPECT_EQ(rule.at("id").as_string(), "cert-key-permissions");
  EXPECT_EQ(rule.at("shortDescription").at("text").as_string(), "Private key not readable by others");
  EXPECT_EQ(rule.at("fullDescription").at("text").as_string(), "Why cert-key-permissions matters.");
  EXPECT_EQ(rule.at("helpUri").as_string(), "https://www.postfix.org/postconf.5.html#smtpd_tls_key_file");
  EXPECT_EQ(rule.at("help").at("markdown").as_string(),
            "Fix cert-key-permissions.\n\n**References**\n\n"
            "- <https://www.postfix.org/postconf.5.html#smtpd_tls_key_file>\n- RFC 7672");
  EXPECT_EQ(rule.at("defaultConfiguration").at("level").as_string(), "error");
  EXPECT_EQ(json::serialize(rule.at("properties")),
            R"({"tags":["security","cert","tls","key","bsi-tr-03108/4.2.1"],)"
            R"("precision":"very-high","security-severity":"8.0"})");
}

TEST(SarifReporter, LevelsAndSecuritySeverity) {
  EXPECT_EQ(sarif_level(Severity::critical), "error");
  EXPECT_EQ(sarif_level(Severity::high), "error");
  EXPECT_EQ(sarif_level(Severity::medium), "warning");
  EXPECT_EQ(sarif_level(Severity::low), "note");
  EXPECT_EQ(sarif_level(Severity::info), "note");
  EXPECT_EQ(security_severity(Severity::critical), "9.5");
  EXPECT_EQ(security_severity(Severity::high), "8.0");
  EXPECT_EQ(security_severity(Severity::medium), "5.5");
  EXPECT_EQ(security_severity(Severity::low), "3.0");
  EXPECT_EQ(security_severity(Severity::info), "1.0");
}

TEST(SarifReporter, LongAndEmptyTextsStayWithinGithubLimits) {
  RunResult run;
  engine::RuleInfo rule = fixture::make_rule("long", "postfix", std::string(1030, 'x'), Severity::low);
  rule.rationale = "";
  rule.remediation = "";
  for (int i = 0; i < 25; ++i) {
    rule.tags.push_back("tag" + std::to_string(i));
  }
  run.rules = {rule, fixture::make_rule("empty", "postfix", "", Severity::low)};
  run.rules[1].rationale = "";
  run.results = {fixture::make_result("long", Status::fail, Severity::low, "", ""),
                 fixture::make_result("empty", Status::fail, Severity::low, "", "")};
  std::string sarif = render_sarif(run, SarifOptions{});
  json::object r = json::parse(sarif).at("runs").at(0).as_object();
  const json::object& d0 = r.at("tool").at("driver").at("rules").at(0).as_object();
  const json::object& d1 = r.at("tool").at("driver").at("rules").at(1).as_object();
  EXPECT_EQ(d0.at("id").as_string(), "empty");
  EXPECT_EQ(d0.at("shortDescription").at("text").as_string(), "empty");
  EXPECT_EQ(d0.at("fullDescription").at("text").as_string(), "empty");
  EXPECT_EQ(d0.at("help").at("text").as_string(), "Fix empty.");
  std::string short_text(d1.at("shortDescription").at("text").as_string());
  EXPECT_EQ(short_text, std::string(1021, 'x') + "...");
  EXPECT_EQ(d1.at("help").at("text").as_string(), "See the description of rule long.");
  EXPECT_EQ(d1.at("properties").at("tags").as_array().size(), 20u);
  EXPECT_EQ(r.at("results").at(1).at("message").at("text").as_string(), std::string(1030, 'x'));
  EXPECT_EQ(r.at("results").at(0).at("message").at("text").as_string(), "empty");
  MTAUDIT_EXPECT_VALID_REPORT("sarif-github", "limits.sarif", sarif);
}

TEST(SarifReporter, AuditKindsLevelsAndSuppressions) {
  json::object run = run_of(fixture::representative_run(), audit_options());
  std::string kinds;
  for (const json::value& r : run.at("results").as_array()) {
    kinds += std::string(r.at("kind").as_string()) + "/" + std::string(r.at("level").as_string()) +
             "/" + std::to_string(r.at("suppressions").as_array().size()) + " ";
  }
  EXPECT_EQ(kinds, "fail/error/0 fail/error/0 open/none/0 notApplicable/none/0 fail/warning/0 "
                   "pass/none/0 fail/note/1 fail/note/0 fail/note/0 fail/warning/0 pass/none/0 "
                   "fail/note/0 ");
  EXPECT_EQ(json::serialize(find_result(run, "postfix-compatibility-level").at("suppressions")),
            R"([{"kind":"external","status":"accepted",)"
            R"("justification":"waiver CHG-1234 until 2026-12-31: legacy peers"}])");
}

TEST(SarifReporter, AuditInvocationArtifactsLogicalLocations) {
  json::object run = run_of(fixture::representative_run(), audit_options());
  EXPECT_EQ(json::serialize(run.at("invocations")),
            R"([{"commandLine":"mtaudit --config-dir etc/postfix --format sarif",)"
            R"("executionSuccessful":true,"toolExecutionNotifications":[{"level":"note",)"
            R"("message":{"text":"Postfix version not given, assuming 3.7"}}]}])");
  const json::array& artifacts = run.at("artifacts").as_array();
  ASSERT_EQ(artifacts.size(), 3u);
  EXPECT_EQ(artifacts[0].at("location").at("uri").as_string(), "file:///etc/ssl/certs/mail.pem");
  EXPECT_EQ(artifacts[1].at("location").at("uri").as_string(), "etc/postfix/main.cf");
  EXPECT_EQ(artifacts[1].at("hashes").at("sha-256").as_string(), std::string(64, 'b'));
  EXPECT_EQ(find_result(run, "postfix-tls-logging").at("locations").at(0).at("physicalLocation")
                .at("artifactLocation").at("index").as_int64(), 1);
  std::string names;
  for (const json::value& l : run.at("logicalLocations").as_array()) {
    names += std::string(l.at("name").as_string()) + " ";
  }
  EXPECT_EQ(names, "127.0.0.1:25 _25._tcp.mx.example.org. main.cf mx.example.org smtp/inet "
                   "submission/inet ");
  EXPECT_EQ(find_result(run, "live-starttls").at("locations").at(0).at("logicalLocations").at(0)
                .at("index").as_int64(), 0);
}

TEST(SarifReporter, AuditTaxonomies) {
  json::object run = run_of(fixture::representative_run(), audit_options());
  const json::array& tax = run.at("taxonomies").as_array();
  ASSERT_EQ(tax.size(), 2u);
  EXPECT_EQ(tax[0].at("name").as_string(), "BSI TR-03108");
  EXPECT_EQ(tax[1].at("name").as_string(), "NIST SP 800-52r2");
  EXPECT_EQ(tax[1].at("taxa").as_array().size(), 2u);
  std::string tax_guid(tax[1].at("guid").as_string());
  EXPECT_TRUE(matches_shape(tax_guid, "hhhhhhhh-hhhh-5hhh-hhhh-hhhhhhhhhhhh")) << tax_guid;
  EXPECT_NE(std::string("89ab").find(tax_guid[19]), std::string::npos) << tax_guid;  // variant
  const json::object& driver = run.at("tool").at("driver").as_object();
  EXPECT_EQ(driver.at("supportedTaxonomies").at(1).at("guid").as_string(), tax_guid);
  const json::array& rel = driver.at("rules").at(8).at("relationships").as_array();
  ASSERT_EQ(rel.size(), 2u);  // the repeated control appears once
  EXPECT_EQ(rel[0].at("target").at("id").as_string(), "3.1");
  EXPECT_EQ(rel[0].at("target").at("guid"), tax[1].at("taxa").at(0).at("guid"));
  EXPECT_EQ(rel[0].at("target").at("toolComponent").at("guid").as_string(), tax_guid);
  EXPECT_EQ(rel[0].at("kinds").at(0).as_string(), "superset");
}

TEST(SarifReporter, TimestampOnlyInAuditInvocationWhenSet) {
  RunResult run = fixture::representative_run();
  std::string without = render_sarif(run, audit_options());
  EXPECT_EQ(without.find("TimeUtc"), std::string::npos);
  run.timestamp = 1738317600;
  json::object sarif = run_of(run, audit_options());
  EXPECT_EQ(sarif.at("invocations").at(0).at("startTimeUtc").as_string(), "2025-01-31T10:00:00.000Z");
  EXPECT_EQ(render_sarif(run, github_options()),
            render_sarif(fixture::representative_run(), github_options()));
}

TEST(SarifReporter, CategoryBecomesAutomationId) {
  SarifOptions o = github_options();
  o.category = "mtaudit/mx1";
  EXPECT_EQ(run_of(fixture::representative_run(), o).at("automationDetails").at("id").as_string(),
            "mtaudit/mx1/");
  EXPECT_FALSE(run_of(fixture::representative_run(), github_options()).contains("automationDetails"));
}

TEST(SarifReporter, ProfileNames) {
  EXPECT_EQ(parse_sarif_profile("github"), SarifProfile::github);
  EXPECT_EQ(parse_sarif_profile("audit"), SarifProfile::audit);
  EXPECT_EQ(parse_sarif_profile("GitHub"), std::nullopt);
  EXPECT_EQ(to_string(SarifProfile::audit), "audit");
  EXPECT_EQ(to_string(SarifProfile::github), "github");
}

TEST(SarifReporter, EmptyRunHasResultsArray) {
  std::string sarif = render_sarif(RunResult{}, SarifOptions{});
  json::object run = json::parse(sarif).at("runs").at(0).as_object();
  EXPECT_TRUE(run.at("results").as_array().empty());
  MTAUDIT_EXPECT_VALID_REPORT("sarif-github", "empty.sarif", sarif);
}

TEST(SarifReporter, HostileTextStaysValid) {
  RunResult run;
  run.results = {fixture::make_result("r", Status::fail, Severity::high, "mx:25",
                                      "x\x01\xFF<script>\"", {{"/tmp/a b#c.cf", 3, "", ""}})};
  SarifOptions o;
  o.source_root = "/tmp";
  std::string sarif = render_sarif(run, o);
  json::object r = json::parse(sarif).at("runs").at(0).as_object();
  EXPECT_EQ(uri_line(r.at("results").at(0)), "a%20b%23c.cf:3");
  EXPECT_EQ(r.at("results").at(0).at("message").at("text").as_string(),
            "x\x01\xEF\xBF\xBD<script>\"\nTarget: mx:25");
  MTAUDIT_EXPECT_VALID_REPORT("sarif-github", "hostile.sarif", sarif);
}

}  // namespace
}  // namespace mtaudit::reporters
