#include "reporters/reporter.hpp"

#include <gtest/gtest.h>

#include "test_reporter_fixture.hpp"

namespace mtaudit::reporters {
namespace {

TEST(ReporterRegistry, NamesAndExtensions) {
  std::string names;
  for (const Reporter& r : reporters()) {
    names += std::string(r.name) + "." + std::string(r.extension) + " ";
    EXPECT_FALSE(r.description.empty());
  }
  EXPECT_EQ(names, "text.txt json.json junit.xml sarif.sarif html.html ");
}

TEST(ReporterRegistry, FindByName) {
  ASSERT_NE(find_reporter("junit"), nullptr);
  EXPECT_EQ(find_reporter("junit")->extension, "xml");
  EXPECT_EQ(find_reporter("xml"), nullptr);
  EXPECT_EQ(find_reporter(""), nullptr);
  EXPECT_EQ(find_reporter("SARIF"), nullptr);
}

TEST(ReporterRegistry, RendersThroughOptions) {
  engine::RunResult run = fixture::representative_run();
  ReportOptions o;
  o.sarif.profile = SarifProfile::audit;
  o.sarif.source_root = fixture::k_source_root;
  o.text.color = true;
  EXPECT_EQ(find_reporter("sarif")->render(run, o), render_sarif(run, o.sarif));
  EXPECT_EQ(find_reporter("text")->render(run, o), render_text(run, o.text));
  EXPECT_EQ(find_reporter("json")->render(run, o), render_json(run));
  EXPECT_EQ(find_reporter("junit")->render(run, o), render_junit(run));
  EXPECT_EQ(find_reporter("html")->render(run, o), render_html(run));
}

}  // namespace
}  // namespace mtaudit::reporters
