#include <gtest/gtest.h>

#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

using test::load;
using test::messages;
using test::one_rule;

std::string rule_named(const std::string& id) {
  return "{\"rules\": [\n  {\"id\": \"" + id +
         R"(", "area": "postfix", "title": "T", "rationale": "R", "severity": "high",
   "message": {"pass": "ok", "fail": "bad"}, "check": {"exists": "postfix.count"}}]})";
}

TEST(EngineLoader, DuplicateIdsAcrossFilesNameBothPlaces) {
  auto rules = load({RuleSource{"a.json", rule_named("postfix-x")}, RuleSource{"b.json", rule_named("postfix-y")},
                     RuleSource{"c.json", rule_named("postfix-x")}});
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(messages(rules.errors()), "c.json:2:10: duplicate rule id 'postfix-x' (also defined at a.json:2:10)\n");
  EXPECT_EQ(rules.errors().front().snippet, "  {\"id\": \"postfix-x\", \"area\": \"postfix\", \"title\": \"T\", "
                                            "\"rationale\": \"R\", \"severity\": \"high\",");
}

TEST(EngineLoader, DuplicateProfiles) {
  auto rules = load({RuleSource{"p.json", R"({"profile": "base"})"}, RuleSource{"q.json", R"({"profile": "base"})"}});
  EXPECT_EQ(messages(rules.errors()), "q.json:1:13: duplicate profile 'base' (also defined at p.json:1:13)\n");
}

TEST(EngineLoader, ReportsEveryErrorOfEveryFileInFileOrder) {
  std::string c = one_rule(R"({"bogus": 1})");
  c.replace(c.find("\"r\""), 3, "\"s\"");
  auto rules = load({RuleSource{"a.json", one_rule(R"({"eq": ["postfix.nmae", 1]})", R"("tags": 1)")},
                     RuleSource{"b.json", "{\"rules\": [}"}, RuleSource{"c.json", c}});
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(messages(rules.errors()),
            "a.json:3:22: unknown fact path 'postfix.nmae': 'postfix' has no member 'nmae' (did you mean 'name'?)\n"
            "a.json:3:51: 'tags' of rule 'r' must be an array (found an integer)\n"
            "b.json:1:12: invalid JSON: syntax error at '}'\n"
            "c.json:3:15: unknown operator 'bogus'\n");
}

TEST(EngineLoader, SchemaErrorsStopLoading) {
  auto rules = load_rules({RuleSource{"a.json", rule_named("r")}}, RuleSource{"facts.json", "{"});
  EXPECT_EQ(messages(rules.errors()), "facts.json:1:2: invalid JSON: unexpected end of file\n");
}

TEST(EngineLoader, LoadedRulesAreSortedAndComplete) {
  auto rules = load({RuleSource{"a.json", rule_named("zeta")}, RuleSource{"b.json", rule_named("alpha")}});
  ASSERT_TRUE(rules.ok()) << messages(rules.errors());
  ASSERT_EQ(rules->rules.size(), 2u);
  EXPECT_EQ(rules->rules[0].id, "alpha");
  EXPECT_EQ(rules->rules[0].defined_at, "b.json:2:10");
  EXPECT_EQ(rules->rules[1].id, "zeta");
  EXPECT_NE(rules->find_rule("zeta"), nullptr);
  EXPECT_EQ(rules->find_rule("nope"), nullptr);
  EXPECT_NE(rules->schema, nullptr);
}

TEST(EngineLoader, RuleMetadataIsKept) {
  auto rules = load(one_rule(R"({"exists": "postfix.count"})",
                             R"j("tags": ["tls"], "references": [{"title": "postconf(5)", "url": "https://www.postfix.org/postconf.5.html"}],
    "controls": [{"framework": "NIST SP 800-52r2", "id": "3.1"}], "remediation": ["a", "b {target}"])j"));
  ASSERT_TRUE(rules.ok()) << messages(rules.errors());
  const CompiledRule& r = rules->rules.front();
  EXPECT_EQ(r.area, "postfix");
  EXPECT_EQ(r.severity, Severity::high);
  EXPECT_EQ(r.tags, std::vector<std::string>{"tls"});
  EXPECT_EQ(r.references.front().url, "https://www.postfix.org/postconf.5.html");
  EXPECT_EQ(r.controls.front().framework, "NIST SP 800-52r2");
  EXPECT_EQ(r.controls.front().id, "3.1");
  ASSERT_EQ(r.remediation.parts.size(), 2u);
  EXPECT_EQ(r.remediation.parts[0].text, "a\nb ");
  EXPECT_EQ(r.remediation.parts[1].kind, TemplatePart::Kind::target);
}

TEST(EngineLoader, ReadsFilesFromDisk) {
  auto source = read_rule_source(test::source_dir() + "/tests/unit/engine_data/facts.test.schema.json");
  ASSERT_TRUE(source.ok());
  EXPECT_EQ(source->name, test::source_dir() + "/tests/unit/engine_data/facts.test.schema.json");
  EXPECT_EQ(source->text.substr(0, 1), "{");
  auto missing = read_rule_source("/nonexistent/rules.json");
  EXPECT_EQ(messages(missing.errors()), "/nonexistent/rules.json: cannot open file\n");
}

}  // namespace
}  // namespace mtaudit::engine
