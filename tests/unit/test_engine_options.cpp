#include <gtest/gtest.h>

#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

RuleSource data(const std::string& name) {
  return RuleSource{name, test::read_text("tests/unit/engine_data/" + name)};
}

CompiledRules rules() {
  auto r = test::load({data("profile_rules.json"), data("profile_guide.json"), data("profile_baseline.json")});
  EXPECT_TRUE(r.ok());
  return r.ok() ? std::move(*r) : CompiledRules{};
}

std::string problems(const EvalOptions& options) {
  return test::messages(check_options(rules(), options));
}

TEST(EngineOptions, ValidOptionsHaveNoProblems) {
  EvalOptions o;
  o.profile = "baseline";
  o.select = {"tls", "b-guide"};
  o.skip = {"c-extra"};
  o.param_overrides = {"a-guide.min=7"};
  o.waivers = {Waiver{"b-guide", "", "accepted risk"}};
  EXPECT_EQ(problems(o), "");
}

TEST(EngineOptions, UnknownProfile) {
  EvalOptions o;
  o.profile = "gide";
  EXPECT_EQ(problems(o), "unknown profile 'gide' (known: baseline, guide)\n");
  auto none = test::load(test::one_rule(R"({"exists": "postfix.count"})"));
  EXPECT_EQ(test::messages(check_options(*none, o)), "unknown profile 'gide' (no profiles are loaded)\n");
}

TEST(EngineOptions, SelectAndSkip) {
  EvalOptions o;
  o.profile = "guide";
  o.select = {"nope", "extra"};
  o.skip = {"zz"};
  EXPECT_EQ(problems(o),
            "select: unknown rule or tag 'nope'\n"
            "select: 'extra' matches no rule of profile 'guide'\n"
            "skip: unknown rule 'zz'\n");
}

TEST(EngineOptions, ParamOverrides) {
  EvalOptions o;
  o.param_overrides = {"a-guide.min", "min=3", ".min=3", "a-guide.=3", "zz.min=1", "a-guide.max=1", "a-guide.min=lots"};
  EXPECT_EQ(problems(o),
            "param override 'a-guide.min': expected RULE.PARAM=VALUE\n"
            "param override 'min=3': expected RULE.PARAM=VALUE\n"
            "param override '.min=3': expected RULE.PARAM=VALUE\n"
            "param override 'a-guide.=3': expected RULE.PARAM=VALUE\n"
            "param override 'zz.min=1': unknown rule 'zz'\n"
            "param override 'a-guide.max=1': rule 'a-guide' has no param 'max'\n"
            "param override 'a-guide.min=lots': value 'lots' is not of type integer\n");
}

TEST(EngineOptions, WaiversNameKnownRules) {
  EvalOptions o;
  o.waivers = {Waiver{"zz", "", "x"}};
  EXPECT_EQ(problems(o), "waiver: unknown rule 'zz'\n");
}

TEST(EngineOptions, OverridesSelectionSkipAndWaiversApply) {
  EvalOptions o;
  o.profile = "baseline";
  o.select = {"tls", "extra", "b-guide"};
  o.skip = {"c-extra"};
  o.param_overrides = {"a-guide.min=4"};
  o.waivers = {Waiver{"b-guide", "", "accepted until the migration"}};
  RunResult run = test::run(rules(), test::sample_facts(), o);
  EXPECT_EQ(test::outcome(run),
            "pass : ok\n"
            "skip : accepted until the migration (was: bad)\n"
            "skip : skipped on request\n");
  EXPECT_TRUE(run.results[1].waived);
  EXPECT_FALSE(run.results[2].waived);
  EXPECT_TRUE(run.notices.empty());
}

TEST(EngineOptions, SelectByTagNarrowsTheProfile) {
  EvalOptions o;
  o.profile = "guide";
  o.select = {"tls12"};
  RunResult run = test::run(rules(), test::sample_facts(), o);
  ASSERT_EQ(run.rules.size(), 1u);
  EXPECT_EQ(run.rules[0].id, "b-guide");
}

TEST(EngineOptions, WaiversForOtherTargetsOrPassesDoNothing) {
  EvalOptions o;
  o.waivers = {Waiver{"b-guide", "other", "x"}, Waiver{"c-extra", "", "y"}};
  RunResult run = test::run(rules(), test::sample_facts(), o);
  EXPECT_EQ(test::outcome(run), "pass : ok\nfail : bad\npass : ok\n");
}

TEST(EngineOptions, InvalidOptionsBecomeNoticesAndAreIgnored) {
  EvalOptions o;
  o.param_overrides = {"a-guide.min=x"};
  RunResult run = test::run(rules(), test::sample_facts(), o);
  ASSERT_EQ(run.notices.size(), 1u);
  EXPECT_EQ(run.notices[0], "param override 'a-guide.min=x': value 'x' is not of type integer");
  EXPECT_EQ(run.results.size(), 3u);
  EvalOptions bad_profile;
  bad_profile.profile = "nope";
  EXPECT_TRUE(test::run(rules(), test::sample_facts(), bad_profile).results.empty());
}

TEST(EngineOptions, RuleInfoCarriesReportFields) {
  auto r = test::load(test::one_rule(R"({"exists": "postfix.count"})",
                                     R"j("references": [{"title": "RFC 7672", "url": ""}, {"title": "postconf(5)", "url": "https://www.postfix.org/postconf.5.html"}],
    "params": {"n": {"type": "integer", "default": 2, "description": "d"}},
    "remediation": "set it to {param.n} on {target} ({postfix.name})")j"));
  ASSERT_TRUE(r.ok()) << test::messages(r.errors());
  EvalOptions o;
  o.param_overrides = {"r.n=9"};
  RunResult run = test::run(*r, test::sample_facts(), o);
  ASSERT_EQ(run.rules.size(), 1u);
  const RuleInfo& info = run.rules[0];
  EXPECT_EQ(info.title, "T");
  EXPECT_EQ(info.rationale, "R");
  EXPECT_EQ(info.area, "postfix");
  EXPECT_EQ(info.references, (std::vector<std::string>{"RFC 7672", "https://www.postfix.org/postconf.5.html"}));
  EXPECT_EQ(info.remediation, "set it to 9 on {target} ({postfix.name})");
  EXPECT_EQ(run.results[0].remediation, "set it to 9 on  (mail.example.org)");
}

}  // namespace
}  // namespace mtaudit::engine
