#include "reporters/text.hpp"

#include <gtest/gtest.h>

#include "test_reporter_fixture.hpp"

namespace mtaudit::reporters {
namespace {

using engine::RunResult;
using engine::Severity;
using engine::Status;

TEST(TextReporter, MatchesGolden) {
  fixture::expect_golden("representative.txt", render_text(fixture::representative_run(), {}));
}

TEST(TextReporter, ColourMatchesGolden) {
  fixture::expect_golden("representative.color.txt",
                         render_text(fixture::representative_run(), TextOptions{true}));
}

TEST(TextReporter, NoEscapeSequencesWithoutColour) {
  std::string out = render_text(fixture::representative_run(), {});
  EXPECT_EQ(out.find('\x1b'), std::string::npos);  // the banner's ESC is shown as \x1b
  EXPECT_NE(out.find("banner: 220 mx\\x1b[2J\xEF\xBF\xBD"), std::string::npos) << out;
}

TEST(TextReporter, ColourWrapsStatusAndSeverity) {
  std::string out = render_text(fixture::representative_run(), TextOptions{true});
  EXPECT_NE(out.find("\x1b[1;31mFAIL\x1b[0m (7)\n"), std::string::npos);
  EXPECT_NE(out.find("  \x1b[1;31m[CRITICAL]\x1b[0m dane-tlsa-matches-disk (mx.example.org)\n"),
            std::string::npos);
  EXPECT_NE(out.find("\x1b[1;32mPASS\x1b[0m (2)\n"), std::string::npos);
}

TEST(TextReporter, GroupsInStatusOrderAndEndsWithSummary) {
  std::string out = render_text(fixture::representative_run(), {});
  std::size_t fail = out.find("\nFAIL (7)\n");
  std::size_t error = out.find("\nERROR (1)\n");
  std::size_t skip = out.find("\nSKIP (2)\n");
  std::size_t pass = out.find("\nPASS (2)\n");
  ASSERT_NE(fail, std::string::npos);
  EXPECT_LT(fail, error);
  EXPECT_LT(error, skip);
  EXPECT_LT(skip, pass);
  EXPECT_EQ(out.substr(out.rfind('\n', out.size() - 2) + 1),
            "mtaudit: 7 failed (1 critical, 1 high, 2 medium, 1 low, 2 info), 1 error, "
            "2 skipped (1 waived), 2 passed\n");
}

TEST(TextReporter, FailBlockAndSkipLine) {
  RunResult run;
  run.rules = {fixture::make_rule("r1", "postfix", "T", Severity::high)};
  run.results = {fixture::make_result("r1", Status::fail, Severity::high, "smtp/inet",
                                      "bad\nvalue", {{"main.cf", 3, "", ""}}),
                 fixture::make_result("r1", Status::skip, Severity::low, "x", "n/a\nreally")};
  run.results[0].expected = "good";
  EXPECT_EQ(render_text(run, {}),
            "mtaudit\n"
            "\nFAIL (1)\n"
            "  [HIGH] r1 (smtp/inet)\n"
            "      bad\n        value\n"
            "      expected: good\n"
            "      at: main.cf:3\n"
            "      fix: Fix r1.\n"
            "\nSKIP (1)\n"
            "  [LOW] r1 (x): n/a really\n"
            "\nmtaudit: 1 failed (1 high), 0 errors, 1 skipped, 0 passed\n");
}

TEST(TextReporter, HeaderWithTimestamp) {
  RunResult run;
  run.tool_version = "1.2.3";
  run.profile = "baseline";
  run.timestamp = 1738317600;
  EXPECT_EQ(render_text(run, {}),
            "mtaudit 1.2.3, profile baseline, 2025-01-31T10:00:00Z\n"
            "\nmtaudit: 0 failed, 0 errors, 0 skipped, 0 passed\n");
}

TEST(TextReporter, HeaderNamesTheTlsLibrary) {
  RunResult run;
  run.tool_version = "1.2.3";
  run.tls_library = "OpenSSL 3.0.19 27 Jan 2026";
  run.profile = "guide";
  EXPECT_EQ(render_text(run, {}).substr(0, 58), "mtaudit 1.2.3 (OpenSSL 3.0.19 27 Jan 2026), profile guide\n");
}

TEST(TextReporter, BidiOverrideIsShownNotApplied) {
  RunResult run;
  run.results = {fixture::make_result("r", Status::pass, Severity::low, "a\xE2\x80\xAE" "b", "")};
  EXPECT_NE(render_text(run, {}).find("  [LOW] r (a\\u{202e}b)\n"), std::string::npos);
}

}  // namespace
}  // namespace mtaudit::reporters
