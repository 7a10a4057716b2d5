#include <gtest/gtest.h>

#include "engine/profiles.hpp"
#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

RuleSource data(const std::string& name) {
  return RuleSource{name, test::read_text("tests/unit/engine_data/" + name)};
}

CompiledRules load_profiles() {
  auto rules = test::load({data("profile_rules.json"), data("profile_guide.json"), data("profile_baseline.json"),
                           data("profile_strict.json")});
  EXPECT_TRUE(rules.ok()) << (rules.ok() ? "" : test::messages(rules.errors()));
  return rules.ok() ? std::move(*rules) : CompiledRules{};
}

// "id:severity:min" per rule of the profile.
std::string members(const CompiledRules& rules, const std::string& profile) {
  std::string out;
  for (const auto& e : profile_rules(rules, profile)) {
    auto min = e.params.find("min");
    out += e.rule->id + ":" + to_string(e.severity) + (min == e.params.end() ? "" : ":" + std::to_string(min->second.as_int())) + " ";
  }
  return out;
}

TEST(EngineProfiles, NoProfileMeansEveryRuleAsWritten) {
  EXPECT_EQ(members(load_profiles(), ""), "a-guide:high:3 b-guide:medium c-extra:low ");
}

TEST(EngineProfiles, RulesJoinByTheirProfilesList) {
  EXPECT_EQ(members(load_profiles(), "guide"), "a-guide:high:3 b-guide:medium ");
}

TEST(EngineProfiles, ExtendsSelectAndOverrides) {
  EXPECT_EQ(members(load_profiles(), "baseline"), "a-guide:high:10 b-guide:low c-extra:low ");
}

TEST(EngineProfiles, ChildOverridesWinAndCanDisable) {
  EXPECT_EQ(members(load_profiles(), "strict"), "a-guide:critical:10 c-extra:low ");
}

TEST(EngineProfiles, EvaluationUsesTheProfile) {
  CompiledRules rules = load_profiles();
  EvalOptions options;
  options.profile = "baseline";
  RunResult run = test::run(rules, test::sample_facts(), options);
  EXPECT_EQ(run.profile, "baseline");
  EXPECT_EQ(test::outcome(run), "fail : count 5 below 10\nfail : bad\npass : ok\n");
  ASSERT_EQ(run.rules.size(), 3u);
  EXPECT_EQ(run.rules[1].id, "b-guide");
  EXPECT_EQ(run.rules[1].severity, Severity::low);
  EXPECT_EQ(run.results[1].severity, Severity::low);
}

TEST(EngineProfiles, RuleMatchesIdOrTag) {
  CompiledRules rules = load_profiles();
  EXPECT_TRUE(rule_matches(*rules.find_rule("a-guide"), "a-guide"));
  EXPECT_TRUE(rule_matches(*rules.find_rule("a-guide"), "tls"));
  EXPECT_FALSE(rule_matches(*rules.find_rule("a-guide"), "tls12"));
}

TEST(EngineProfiles, ReferenceErrors) {
  auto rules = test::load({data("profile_rules.json"), data("profile_guide.json"),
                           RuleSource{"p.json", R"({"profile": "base", "extends": "nope", "select": ["nothing"],
  "overrides": {"zz": {}, "a-guide": {"severity": "hgh", "enabled": 1, "params": {"q": 1, "min": "x"}, "x": 2}}})"}});
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(test::messages(rules.errors()),
            "p.json:1:32: profile 'base' extends unknown profile 'nope'\n"
            "p.json:1:51: profile 'base' selects unknown rule or tag 'nothing'\n"
            "p.json:2:17: profile 'base' overrides unknown rule 'zz'\n"
            "p.json:2:51: unknown severity 'hgh' in profile 'base' for rule 'a-guide' (expected one of critical, high, medium, low, info)\n"
            "p.json:2:69: 'enabled' of profile 'base' for rule 'a-guide' must be a boolean (found an integer)\n"
            "p.json:2:83: profile 'base' for rule 'a-guide' sets unknown param 'q' of rule 'a-guide'\n"
            "p.json:2:98: param 'min' of rule 'a-guide' must be of type integer\n"
            "p.json:2:104: unknown key 'x' in the override of profile 'base' for rule 'a-guide'\n");
}

TEST(EngineProfiles, CyclesAndUnknownProfilesNamedByRules) {
  auto rules = test::load({RuleSource{"a.json", test::one_rule(R"({"exists": "postfix.count"})", R"("profiles": ["guide", "base"])")},
                           RuleSource{"p.json", R"({"profile": "base", "extends": "b2"})"},
                           RuleSource{"q.json", R"({"profile": "b2", "extends": "base"})"}});
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(test::messages(rules.errors()),
            "a.json:3:56: rule 'r' names unknown profile 'guide'\n"
            "p.json:1:32: profile inheritance cycle: base -> b2 -> base\n"
            "q.json:1:30: profile inheritance cycle: b2 -> base -> b2\n");
}

}  // namespace
}  // namespace mtaudit::engine
