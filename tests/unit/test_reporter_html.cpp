#include "reporters/html.hpp"

#include <gtest/gtest.h>

#include "test_reporter_fixture.hpp"

namespace mtaudit::reporters {
namespace {

using engine::RunResult;
using engine::Severity;
using engine::Status;

TEST(HtmlReporter, MatchesGolden) {
  fixture::expect_golden("representative.html", render_html(fixture::representative_run()));
}

TEST(HtmlReporter, EscapeFunction) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(html_escape("esc\x1b bad\xFF é"), "esc\\x1b bad\xEF\xBF\xBD é");
}

TEST(HtmlReporter, SelfContainedWithoutScripts) {
  std::string html = render_html(fixture::representative_run());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n", 0), 0u);
  EXPECT_NE(html.find("content=\"default-src 'none'; style-src 'unsafe-inline'\""),
            std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href="), std::string::npos);
}

TEST(HtmlReporter, OneTablePerAreaInOrder) {
  std::string html = render_html(fixture::representative_run());
  std::size_t pos = 0;
  std::string areas;
  while ((pos = html.find("<h2 id=\"area-", pos)) != std::string::npos) {
    pos += 13;
    areas += html.substr(pos, html.find('"', pos) - pos) + " ";
  }
  EXPECT_EQ(areas, "cert dns drift live postfix ");
  std::size_t tables = 0;
  for (pos = 0; (pos = html.find("<table>", pos)) != std::string::npos; ++pos) {
    ++tables;
  }
  EXPECT_EQ(tables, 5u);
}

TEST(HtmlReporter, InjectedMarkupIsEscaped) {
  RunResult run;
  run.rules = {fixture::make_rule("r", "<b>area</b>", "<i>title</i>", Severity::high)};
  run.results = {fixture::make_result("r", Status::fail, Severity::high,
                                      "<img src=x onerror=alert(1)>", "</td><script>x</script>")};
  std::string html = render_html(run);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("<h2 id=\"area-b-area-b\">&lt;b&gt;area&lt;/b&gt;</h2>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"text\">&lt;img src=x onerror=alert(1)&gt;</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<div>&lt;/td&gt;&lt;script&gt;x&lt;/script&gt;</div>"), std::string::npos);
}

TEST(HtmlReporter, MetaNamesTheTlsLibrary) {
  RunResult run;
  run.tool_version = "1.2.3";
  run.tls_library = "OpenSSL <3>";
  EXPECT_NE(render_html(run).find("<p class=\"meta\">mtaudit 1.2.3 (OpenSSL &lt;3&gt;)</p>"), std::string::npos);
}

TEST(HtmlReporter, RemediationOnlyForFindings) {
  RunResult run;
  run.rules = {fixture::make_rule("r", "a", "t", Severity::high)};
  run.results = {fixture::make_result("r", Status::pass, Severity::high, "p", "ok"),
                 fixture::make_result("r", Status::fail, Severity::high, "f", "bad")};
  std::string html = render_html(run);
  std::size_t fail_row = html.find("<tr class=\"fail\">");
  std::size_t pass_row = html.find("<tr class=\"pass\">");
  ASSERT_LT(fail_row, pass_row);
  EXPECT_NE(html.substr(fail_row, pass_row - fail_row).find("<dt>remediation</dt><dd>Fix r.</dd>"),
            std::string::npos);
  EXPECT_EQ(html.substr(pass_row).find("remediation"), std::string::npos);
}

}  // namespace
}  // namespace mtaudit::reporters
