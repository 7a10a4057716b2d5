#include <gtest/gtest.h>

#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

const char* k_rule = R"({"rules": [{"id": "r", "area": "postfix", "title": "T", "rationale": "R", "severity": "low",
  "for_each": {"in": "postfix.services", "where": {"eq": ["item.public", true]}, "if_none": "fail", "report": "problems"},
  "when": {"ne": ["item.level", "none"]},
  "check": {"every": {"in": "item.ciphers", "as": "c", "label": "{c.name}", "check": {"eq": ["c.pfs", true]}}},
  "message": {"pass": "ok", "fail": "bad {observed}", "none": "no public service"},
  "target": "{item.id}", "summary_target": "master.cf", "locations": ["item.level"]}]})";

TEST(EngineRuleCompiler, CompilesEveryPart) {
  auto rules = test::load(k_rule);
  ASSERT_TRUE(rules.ok()) << test::messages(rules.errors());
  const CompiledRule& r = rules->rules.front();
  ASSERT_TRUE(r.for_each.has_value());
  EXPECT_EQ(r.for_each->list.text, "postfix.services");
  EXPECT_EQ(type_name(*r.for_each->list.type), "list<object>");
  EXPECT_EQ(r.for_each->if_none, IfNone::fail);
  EXPECT_TRUE(r.for_each->problems_only);
  ASSERT_NE(r.for_each->where, nullptr);
  EXPECT_EQ(r.for_each->where->op, Op::eq);
  ASSERT_NE(r.when, nullptr);
  EXPECT_EQ(r.when->op, Op::ne);
  EXPECT_EQ(r.check->op, Op::every);
  EXPECT_EQ(r.check->var, "c");
  EXPECT_EQ(r.check->label.parts.front().path.text, "c.name");
  EXPECT_EQ(r.messages.none.parts.front().text, "no public service");
  EXPECT_EQ(r.summary_target.parts.front().text, "master.cf");
  ASSERT_EQ(r.locations.size(), 1u);
  EXPECT_EQ(type_name(*r.locations[0].type), "string");
}

TEST(EngineRuleCompiler, NoneMessageCannotUseItem) {
  std::string text = k_rule;
  text.replace(text.find("no public service"), 17, "{item.id}");
  EXPECT_EQ(test::load_errors(text),
            "t.json:5:64: unknown fact path 'item.id': 'item' is not a fact root (dns, postfix); "
            "message 'none' stands for no single item, so 'item' is not bound there\n");
}

TEST(EngineRuleCompiler, ABrokenForEachStopsTheRuleWithOneError) {
  std::string text = k_rule;
  text.replace(text.find("\"postfix.services\""), 18, "\"postfix.nothing\"");
  EXPECT_EQ(test::load_errors(text),
            "t.json:2:22: unknown fact path 'postfix.nothing': 'postfix' has no member 'nothing'\n");
}

}  // namespace
}  // namespace mtaudit::engine
