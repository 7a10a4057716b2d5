#include <gtest/gtest.h>

#include "engine/template.hpp"
#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

TEST(EngineTemplate, SplitsTextAndPlaceholders) {
  SourceText s("t", "");
  auto t = parse_template(s, "{item.id}: {param.min} {{x}} {observed}", 0, TemplateAllows{true, true});
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->parts.size(), 5u);
  EXPECT_EQ(t->parts[0].kind, TemplatePart::Kind::fact);
  EXPECT_EQ(t->parts[0].path.var, "item");
  EXPECT_EQ(t->parts[0].path.members, std::vector<std::string>{"id"});
  EXPECT_EQ(t->parts[1].text, ": ");
  EXPECT_EQ(t->parts[2].kind, TemplatePart::Kind::param);
  EXPECT_EQ(t->parts[2].text, "min");
  EXPECT_EQ(t->parts[3].text, " {x} ");
  EXPECT_EQ(t->parts[4].kind, TemplatePart::Kind::observed);
}

TEST(EngineTemplate, ReportsMisplacedPlaceholdersAndBraces) {
  SourceText s("t.json", R"(  "a {observed} b"  "x }" "{a" "{a..b}")");
  auto observed = parse_template(s, "a {observed} b", 2, TemplateAllows{});
  EXPECT_EQ(test::messages(observed.errors()), "t.json:1:6: placeholder '{observed}' cannot be used in this template\n");
  auto target = parse_template(s, "{target}", 2, TemplateAllows{true, false});
  EXPECT_EQ(test::messages(target.errors()), "t.json:1:4: placeholder '{target}' cannot be used in this template\n");
  auto close = parse_template(s, "x }", 20, TemplateAllows{});
  EXPECT_EQ(test::messages(close.errors()), "t.json:1:24: unbalanced '}' in template (write '}}' for a literal brace)\n");
  auto open = parse_template(s, "{a", 26, TemplateAllows{});
  EXPECT_EQ(test::messages(open.errors()), "t.json:1:28: unbalanced '{' in template (write '{{' for a literal brace)\n");
  auto path = parse_template(s, "{a..b}", 31, TemplateAllows{});
  EXPECT_EQ(test::messages(path.errors()), "t.json:1:33: malformed fact path 'a..b'\n");
}

TEST(EngineTemplate, ParsesPaths) {
  SourceText s("t", "");
  auto p = parse_path(s, "postfix.main.x", 0);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->var, "postfix");
  EXPECT_EQ(p->members, (std::vector<std::string>{"main", "x"}));
  EXPECT_FALSE(parse_path(s, "", 0).ok());
  EXPECT_FALSE(parse_path(s, "a.", 0).ok());
}

}  // namespace
}  // namespace mtaudit::engine
