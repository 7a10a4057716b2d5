#include "reporters/junit.hpp"

#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "test_reporter_fixture.hpp"

namespace mtaudit::reporters {
namespace {

using engine::RunResult;
using engine::Severity;
using engine::Status;

pugi::xml_document parse(const std::string& xml) {
  pugi::xml_document doc;
  pugi::xml_parse_result ok = doc.load_string(xml.c_str());
  EXPECT_TRUE(ok) << ok.description() << "\n" << xml;
  return doc;
}

TEST(JunitReporter, MatchesGolden) {
  fixture::expect_golden("representative.junit.xml", render_junit(fixture::representative_run()));
}

TEST(JunitReporter, ValidAgainstAntAndJenkinsSchemas) {
  MTAUDIT_EXPECT_VALID_REPORT("junit", "junit.xml", render_junit(fixture::representative_run()));
}

TEST(JunitReporter, SchemaCheckCatchesMissingHostname) {
  std::string xml = render_junit(fixture::representative_run());
  std::string attr = " hostname=\"localhost\"";
  xml.replace(xml.find(attr), attr.size(), "");
  fixture::TempDir dir;
  fixture::write_text(dir.path() / "bad.xml", xml);
  std::string out;
  int rc = fixture::run_validator("--junit '" + (dir.path() / "bad.xml").string() + "'", out);
  if (rc == fixture::k_validator_skip) {
    GTEST_SKIP() << out;
  }
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("hostname"), std::string::npos) << out;
}

TEST(JunitReporter, OneSuitePerAreaWithCounts) {
  pugi::xml_document doc = parse(render_junit(fixture::representative_run()));
  std::string summary;
  for (pugi::xml_node s : doc.child("testsuites").children("testsuite")) {
    summary += std::string(s.attribute("id").value()) + ":" + s.attribute("name").value() + " " +
               s.attribute("tests").value() + "/" + s.attribute("failures").value() + "/" +
               s.attribute("errors").value() + "/" + s.attribute("skipped").value() + "; ";
  }
  EXPECT_EQ(summary, "0:cert 1/1/0/0; 1:dns 2/1/1/0; 2:drift 1/0/0/1; 3:live 2/1/0/0; "
                     "4:postfix 6/4/0/1; ");
}

TEST(JunitReporter, TestcaseNamesClassnamesAndOutcomes) {
  pugi::xml_document doc = parse(render_junit(fixture::representative_run()));
  pugi::xml_node dns = doc.select_node("//testsuite[@name='dns']").node();
  pugi::xml_node fail = dns.child("testcase");
  EXPECT_STREQ(fail.attribute("name").value(), "[CRITICAL] dane-tlsa-matches-disk (mx.example.org)");
  EXPECT_STREQ(fail.attribute("classname").value(), "mtaudit.dns");
  EXPECT_STREQ(fail.child("failure").attribute("type").value(), "critical");
  EXPECT_STREQ(fail.child("failure").attribute("message").value(),
               "no TLSA record matches the RSA certificate");
  pugi::xml_node error = fail.next_sibling("testcase");
  EXPECT_STREQ(error.child("error").attribute("type").value(), "CheckError");
  EXPECT_STREQ(error.child("error").attribute("message").value(), "DNS lookup failed: SERVFAIL");
  pugi::xml_node skip = doc.select_node("//testsuite[@name='drift']/testcase").node();
  EXPECT_STREQ(skip.attribute("name").value(), "[HIGH] drift-cert-disk-vs-live");
  EXPECT_STREQ(skip.child("skipped").attribute("message").value(),
               "live checks not collected in this mode");
  EXPECT_STREQ(skip.child("skipped").text().get(), "");
  pugi::xml_node pass = doc.select_node("//testcase[@name='[CRITICAL] live-starttls (127.0.0.1:25)']").node();
  ASSERT_TRUE(pass);
  EXPECT_FALSE(pass.first_child());
}

TEST(JunitReporter, WaivedSkipKeepsEvidence) {
  pugi::xml_document doc = parse(render_junit(fixture::representative_run()));
  pugi::xml_node skipped =
      doc.select_node("//testcase[@name='[LOW] postfix-compatibility-level (main.cf)']/skipped").node();
  EXPECT_STREQ(skipped.attribute("message").value(),
               "waived: waiver CHG-1234 until 2026-12-31: legacy peers");
  EXPECT_EQ(std::string(skipped.text().get()).rfind("rule: postfix-compatibility-level", 0), 0u);
}

TEST(JunitReporter, DuplicateNamesGetSuffix) {
  pugi::xml_document doc = parse(render_junit(fixture::representative_run()));
  EXPECT_TRUE(doc.select_node("//testcase[@name='[INFO] postfix-obsolete-tls-params (main.cf)']"));
  EXPECT_TRUE(doc.select_node("//testcase[@name='[INFO] postfix-obsolete-tls-params (main.cf) #2']"));
}

TEST(JunitReporter, ClassnameHasNoStrayDots) {
  RunResult run;
  run.rules = {fixture::make_rule("r1", "live.v2 smtp", "t", Severity::high)};
  run.results = {fixture::make_result("r1", Status::pass, Severity::high, "mx.example.org:25", "")};
  pugi::xml_document doc = parse(render_junit(run));
  pugi::xml_node tc = doc.select_node("//testcase").node();
  EXPECT_STREQ(tc.attribute("classname").value(), "mtaudit.live_v2_smtp");
  EXPECT_STREQ(tc.attribute("name").value(), "[HIGH] r1 (mx.example.org:25)");
}

TEST(JunitReporter, EscapesSpecialCharactersControlsAndBadUtf8) {
  RunResult run;
  run.results = {fixture::make_result("r", Status::fail, Severity::low, "t<&>\"'",
                                      "a<b>&\"c' \x01\x1b é→\xFF\nsecond line")};
  run.results[0].observed = "]]> & <tag>";
  std::string xml = render_junit(run);
  EXPECT_EQ(xml.find("\xFF"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_EQ(xml.find('\x1b'), std::string::npos);
  pugi::xml_document doc = parse(xml);
  pugi::xml_node tc = doc.select_node("//testcase").node();
  EXPECT_STREQ(tc.attribute("name").value(), "[LOW] r (t<&>\"')");
  EXPECT_STREQ(tc.child("failure").attribute("message").value(),
               "a<b>&\"c' \\x01\\x1b é→\xEF\xBF\xBD second line");
  EXPECT_NE(std::string(tc.child("failure").text().get()).find("observed: ]]> & <tag>\n"),
            std::string::npos);
  MTAUDIT_EXPECT_VALID_REPORT("junit", "escape.xml", xml);
}

TEST(JunitReporter, TimestampAndPropertiesWhenSet) {
  RunResult run = fixture::representative_run();
  run.timestamp = 1738317600;
  pugi::xml_document doc = parse(render_junit(run));
  pugi::xml_node suite = doc.child("testsuites").child("testsuite");
  EXPECT_STREQ(suite.attribute("timestamp").value(), "2025-01-31T10:00:00");
  EXPECT_STREQ(suite.select_node("properties/property[@name='timestamp.utc']").node()
                   .attribute("value").value(),
               "2025-01-31T10:00:00Z");
}

TEST(JunitReporter, TlsLibraryIsAProperty) {
  RunResult run = fixture::representative_run();
  EXPECT_EQ(render_junit(run).find("tool.tls_library"), std::string::npos);
  run.tls_library = "OpenSSL 3.0.19 27 Jan 2026";
  pugi::xml_document doc = parse(render_junit(run));
  EXPECT_STREQ(doc.child("testsuites").child("testsuite").select_node("properties/property[@name='tool.tls_library']")
                   .node().attribute("value").value(),
               "OpenSSL 3.0.19 27 Jan 2026");
}

TEST(JunitReporter, NoTimestampMeansEpochAndNoTimeProperty) {
  std::string xml = render_junit(fixture::representative_run());
  EXPECT_NE(xml.find("timestamp=\"1970-01-01T00:00:00\""), std::string::npos);
  EXPECT_EQ(xml.find("timestamp.utc"), std::string::npos);
}

TEST(JunitReporter, EmptyRunIsValid) {
  std::string xml = render_junit(RunResult{});
  EXPECT_EQ(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites />\n");
  MTAUDIT_EXPECT_VALID_REPORT("junit", "empty.xml", xml);
}

}  // namespace
}  // namespace mtaudit::reporters
