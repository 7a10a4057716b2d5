#include "reporters/report_util.hpp"

#include <gtest/gtest.h>

#include "test_reporter_fixture.hpp"

namespace mtaudit::reporters {
namespace {

using engine::Location;
using engine::Result;
using engine::RunResult;
using engine::Severity;
using engine::Status;

const std::string k_fffd = "\xEF\xBF\xBD";

TEST(ReportUtil, SanitizeUtf8KeepsValidText) {
  std::string s = "plain é→ü \xF0\x9F\x98\x80 <&>";
  EXPECT_EQ(sanitize_utf8(s), s);
}

TEST(ReportUtil, SanitizeUtf8ReplacesEachBadByte) {
  EXPECT_EQ(sanitize_utf8("a\xFF" "b"), "a" + k_fffd + "b");
  EXPECT_EQ(sanitize_utf8("\xC0\xAF"), k_fffd + k_fffd);          // overlong '/'
  EXPECT_EQ(sanitize_utf8("\xED\xA0\x80"), k_fffd + k_fffd + k_fffd);  // surrogate D800
  EXPECT_EQ(sanitize_utf8("x\xE2\x86"), "x" + k_fffd + k_fffd);  // truncated
  EXPECT_EQ(sanitize_utf8("\xF4\x90\x80\x80"), k_fffd + k_fffd + k_fffd + k_fffd);  // > U+10FFFF
}

TEST(ReportUtil, XmlSafeEscapesControlsVisiblyAndKeepsWhitespace) {
  EXPECT_EQ(xml_safe("a\x01" "b\tc\nd\re"), "a\\x01b\tc\nd\re");
  EXPECT_EQ(xml_safe(std::string("nul\0end", 7)), "nul\\x00end");
  EXPECT_EQ(xml_safe("\xEF\xBF\xBE|\xEF\xBF\xBF"), k_fffd + "|" + k_fffd);  // U+FFFE, U+FFFF
  EXPECT_EQ(xml_safe("\x7F \xC2\x85"), "\x7F \xC2\x85");  // legal in XML 1.0
}

TEST(ReportUtil, DisplaySafeNeutralisesTerminalControls) {
  EXPECT_EQ(display_safe("220 mx\x1b[2J"), "220 mx\\x1b[2J");
  EXPECT_EQ(display_safe("a\rb"), "a\\x0db");
  EXPECT_EQ(display_safe("del\x7F"), "del\\x7f");
  EXPECT_EQ(display_safe("csi\xC2\x9B"), "csi\\x9b");
  EXPECT_EQ(display_safe("abc\xE2\x80\xAE" "fed"), "abc\\u{202e}fed");
  EXPECT_EQ(display_safe("line1\n\tline2 é"), "line1\n\tline2 é");
  EXPECT_EQ(display_safe("bad\xFF"), "bad" + k_fffd);
  // Plain ASCII takes a shortcut; its edges still go the long way.
  EXPECT_EQ(display_safe("plain text, 250 OK\n\t~"), "plain text, 250 OK\n\t~");
  EXPECT_EQ(display_safe(std::string("nul\0", 4)), "nul\\x00");
  EXPECT_EQ(display_safe("\x1f \x7f"), "\\x1f \\x7f");
  EXPECT_EQ(display_safe(""), "");
}

TEST(ReportUtil, OneLineCollapsesWhitespace) {
  EXPECT_EQ(one_line("  a \n\t b\r\n c  "), "a b c");
  EXPECT_EQ(one_line(""), "");
}

TEST(ReportUtil, UpperAndSlug) {
  EXPECT_EQ(upper("critical"), "CRITICAL");
  EXPECT_EQ(slug("NIST SP 800-52r2"), "nist-sp-800-52r2");
  EXPECT_EQ(slug("  BSI TR-03108 (2024) "), "bsi-tr-03108-2024");
}

TEST(ReportUtil, FormatUtcStyles) {
  EXPECT_EQ(format_utc(1738317600, UtcStyle::junit), "2025-01-31T10:00:00");
  EXPECT_EQ(format_utc(1738317600, UtcStyle::sarif), "2025-01-31T10:00:00.000Z");
  EXPECT_EQ(format_utc(1738317600, UtcStyle::iso), "2025-01-31T10:00:00Z");
  EXPECT_EQ(format_utc(0, UtcStyle::junit), "1970-01-01T00:00:00");
}

TEST(ReportUtil, FormatLocation) {
  EXPECT_EQ(format_location({"main.cf", 42, "", ""}), "main.cf:42");
  EXPECT_EQ(format_location({"master.cf", 17, "smtp/inet", "-o"}), "master.cf:17 smtp/inet (-o)");
  EXPECT_EQ(format_location({"main.cf", 0, "", "default"}), "main.cf (default)");
  EXPECT_EQ(format_location({"", 0, "127.0.0.1:25", ""}), "127.0.0.1:25");
  EXPECT_EQ(format_location({"", 0, "", "only a note"}), "(only a note)");
}

TEST(ReportUtil, EvidenceTextListsNonEmptyFieldsAndDedupesControls) {
  engine::RuleInfo rule = fixture::representative_rules()[8];  // three controls, one repeated
  Result r = fixture::make_result(rule.id, Status::fail, Severity::medium, "smtp/inet",
                                  "two\nlines", {{"master.cf", 17, "smtp/inet", "-o"}});
  r.observed = "TLSv1";
  EXPECT_EQ(evidence_text(r, rule),
            "rule: postfix-smtpd-protocols-tls12-min (smtpd refuses TLS < 1.2)\n"
            "target: smtp/inet\n"
            "message: two\n  lines\n"
            "observed: TLSv1\n"
            "location: master.cf:17 smtp/inet (-o)\n"
            "controls: NIST SP 800-52r2 3.1, NIST SP 800-52r2 3.2\n"
            "remediation: Fix postfix-smtpd-protocols-tls12-min.\n");
}

TEST(ReportUtil, RemediationPrefersResult) {
  engine::RuleInfo rule = fixture::make_rule("r", "a", "t", Severity::low);
  Result r;
  EXPECT_EQ(remediation_for(r, rule), "Fix r.");
  r.remediation = "do this";
  EXPECT_EQ(remediation_for(r, rule), "do this");
}

TEST(ReportUtil, SummaryLineOfRepresentativeRun) {
  EXPECT_EQ(summary_line(fixture::representative_run()),
            "mtaudit: 7 failed (1 critical, 1 high, 2 medium, 1 low, 2 info), 1 error, "
            "2 skipped (1 waived), 2 passed");
}

TEST(ReportUtil, SummaryLineOfEmptyRunAndPlurals) {
  RunResult run;
  EXPECT_EQ(summary_line(run), "mtaudit: 0 failed, 0 errors, 0 skipped, 0 passed");
  run.results.push_back(fixture::make_result("a", Status::error, Severity::low, "", "x"));
  run.results.push_back(fixture::make_result("b", Status::fail, Severity::high, "", "x"));
  EXPECT_EQ(summary_line(run), "mtaudit: 1 failed (1 high), 1 error, 0 skipped, 0 passed");
}

TEST(ReportUtil, ResultsByStatusOrdersStatusThenSeverityThenRule) {
  RunResult run;
  run.results = {fixture::make_result("z", Status::pass, Severity::critical, "", ""),
                 fixture::make_result("b", Status::fail, Severity::low, "", ""),
                 fixture::make_result("a", Status::fail, Severity::low, "", ""),
                 fixture::make_result("c", Status::skip, Severity::high, "", ""),
                 fixture::make_result("d", Status::error, Severity::info, "", ""),
                 fixture::make_result("e", Status::fail, Severity::high, "", "")};
  std::string order;
  for (const Result* r : results_by_status(run)) {
    order += r->rule;
  }
  EXPECT_EQ(order, "eabdcz");
}

TEST(ReportUtil, ResultsByRuleKeepsInputOrderForTies) {
  RunResult run;
  run.results = {fixture::make_result("b", Status::pass, Severity::low, "t", "first"),
                 fixture::make_result("a", Status::pass, Severity::low, "u", ""),
                 fixture::make_result("b", Status::pass, Severity::low, "t", "second"),
                 fixture::make_result("a", Status::pass, Severity::low, "t", "")};
  std::vector<const Result*> sorted = results_by_rule(run);
  ASSERT_EQ(sorted.size(), 4u);
  EXPECT_EQ(sorted[0]->rule + sorted[0]->target, "at");
  EXPECT_EQ(sorted[1]->rule + sorted[1]->target, "au");
  EXPECT_EQ(sorted[2]->message, "first");
  EXPECT_EQ(sorted[3]->message, "second");
}

TEST(ReportUtil, RuleIndexAddsStandInForUnknownRule) {
  RunResult run;
  run.rules = {fixture::make_rule("known", "postfix", "Known", Severity::high)};
  run.results = {fixture::make_result("ghost", Status::fail, Severity::low, "", "")};
  RuleIndex index(run);
  EXPECT_EQ(index.find("known").title, "Known");
  EXPECT_EQ(index.find("ghost").area, "other");
  EXPECT_EQ(index.find("ghost").title, "ghost");
  EXPECT_EQ(index.find("ghost").severity, Severity::low);
  ASSERT_EQ(index.all().size(), 2u);
  EXPECT_EQ(index.all()[0]->id, "ghost");
  EXPECT_EQ(index.all()[1]->id, "known");
}

TEST(ReportUtil, Ranks) {
  EXPECT_LT(status_rank(Status::fail), status_rank(Status::error));
  EXPECT_LT(status_rank(Status::error), status_rank(Status::skip));
  EXPECT_LT(status_rank(Status::skip), status_rank(Status::pass));
  EXPECT_EQ(severity_rank(Severity::critical), 0);
  EXPECT_EQ(severity_rank(Severity::info), 4);
}

TEST(ReportUtil, CountWaived) {
  EXPECT_EQ(count_waived(fixture::representative_run()), 1);
}

}  // namespace
}  // namespace mtaudit::reporters
