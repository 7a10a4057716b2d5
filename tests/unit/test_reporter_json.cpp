#include "reporters/json.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>

#include "test_reporter_fixture.hpp"

namespace mtaudit::reporters {
namespace {

namespace json = boost::json;
using engine::RunResult;
using engine::Severity;
using engine::Status;

TEST(JsonReporter, MatchesGolden) {
  fixture::expect_golden("representative.json", render_json(fixture::representative_run()));
}

TEST(JsonReporter, ValidatesAgainstResultsSchema) {
  MTAUDIT_EXPECT_VALID_REPORT("json", "results.json", render_json(fixture::representative_run()));
}

TEST(JsonReporter, SchemaRejectsUnknownStatus) {
  std::string doc = render_json(fixture::representative_run());
  doc.replace(doc.find("\"status\": \"fail\""), 16, "\"status\": \"failed\"");
  fixture::TempDir dir;
  fixture::write_text(dir.path() / "bad.json", doc);
  std::string out;
  int rc = fixture::run_validator("--json '" + (dir.path() / "bad.json").string() + "'", out);
  if (rc == fixture::k_validator_skip) {
    GTEST_SKIP() << out;
  }
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("'failed' is not one of"), std::string::npos) << out;
}

TEST(JsonReporter, SameBytesWhateverTheInputOrder) {
  RunResult run = fixture::representative_run();
  std::string first = render_json(run);
  std::reverse(run.results.begin(), run.results.end());
  std::reverse(run.rules.begin(), run.rules.end());
  std::reverse(run.artifacts.begin(), run.artifacts.end());
  // Ties (same rule and target) keep input order by contract, so restore that pair.
  auto obsolete = [](const engine::Result& r) { return r.rule == "postfix-obsolete-tls-params"; };
  auto it = std::find_if(run.results.begin(), run.results.end(), obsolete);
  std::iter_swap(it, it + 1);
  EXPECT_EQ(render_json(run), first);
}

TEST(JsonReporter, ToolNamesTheTlsLibraryWhenKnown) {
  RunResult run = fixture::representative_run();
  EXPECT_FALSE(json::parse(render_json(run)).at("tool").as_object().contains("tls_library"));
  run.tls_library = "OpenSSL 3.0.19 27 Jan 2026";
  std::string text = render_json(run);
  EXPECT_EQ(json::parse(text).at("tool").at("tls_library").as_string(), "OpenSSL 3.0.19 27 Jan 2026");
  MTAUDIT_EXPECT_VALID_REPORT("json", "tls-library.json", text);
}

TEST(JsonReporter, FieldsAndSummary) {
  json::value doc = json::parse(render_json(fixture::representative_run()));
  EXPECT_EQ(doc.at("format_version").as_int64(), 1);
  EXPECT_EQ(doc.at("tool").at("name").as_string(), "mtaudit");
  EXPECT_EQ(doc.at("tool").at("version").as_string(), "0.1.0");
  EXPECT_EQ(doc.at("profile").as_string(), "guide");
  EXPECT_FALSE(doc.as_object().contains("timestamp"));
  const json::array& results = doc.at("results").as_array();
  ASSERT_EQ(results.size(), 12u);
  const json::object& first = results[0].as_object();
  EXPECT_EQ(first.at("rule").as_string(), "cert-key-permissions");
  EXPECT_EQ(first.at("area").as_string(), "cert");
  EXPECT_EQ(first.at("status").as_string(), "fail");
  EXPECT_EQ(first.at("severity").as_string(), "high");
  EXPECT_EQ(first.at("observed").as_string(), "mode 0640");
  EXPECT_EQ(first.at("locations").at(0).at("file").as_string(), "/etc/ssl/private/mail.key");
  EXPECT_FALSE(first.at("locations").at(0).as_object().contains("line"));
  const json::object& summary = doc.at("summary").as_object();
  EXPECT_EQ(summary.at("total").as_int64(), 12);
  EXPECT_EQ(summary.at("fail").as_int64(), 7);
  EXPECT_EQ(summary.at("error").as_int64(), 1);
  EXPECT_EQ(summary.at("skip").as_int64(), 2);
  EXPECT_EQ(summary.at("pass").as_int64(), 2);
  EXPECT_EQ(summary.at("waived").as_int64(), 1);
  EXPECT_EQ(summary.at("fail_by_severity").at("info").as_int64(), 2);
  EXPECT_EQ(summary.at("fail_by_severity").at("critical").as_int64(), 1);
}

TEST(JsonReporter, TimestampOnlyWhenSet) {
  RunResult run = fixture::representative_run();
  run.timestamp = 1738317600;
  json::value doc = json::parse(render_json(run));
  EXPECT_EQ(doc.at("timestamp").as_string(), "2025-01-31T10:00:00Z");
}

TEST(JsonReporter, InvalidUtf8AndControlsStayValidJson) {
  RunResult run;
  run.results.push_back(fixture::make_result("r", Status::fail, Severity::low, "t\xFF",
                                             "bell\x07 quote\" é"));
  std::string text = render_json(run);
  EXPECT_NE(text.find("\"message\": \"bell\\u0007 quote\\\" é\""), std::string::npos) << text;
  json::value doc = json::parse(text);
  EXPECT_EQ(doc.at("results").at(0).at("target").as_string(), "t\xEF\xBF\xBD");
}

TEST(JsonReporter, EmptyRun) {
  json::value doc = json::parse(render_json(RunResult{}));
  EXPECT_TRUE(doc.at("results").as_array().empty());
  EXPECT_EQ(doc.at("summary").at("text").as_string(), "mtaudit: 0 failed, 0 errors, 0 skipped, 0 passed");
}

}  // namespace
}  // namespace mtaudit::reporters
