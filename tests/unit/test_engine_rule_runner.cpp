// Targets, applicability, for_each, messages, locations and the handling of gaps.
#include <gtest/gtest.h>

#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

using test::Fact;
using test::FactMap;

const char* k_service_rule = R"({"rules": [{"id": "svc", "area": "postfix", "title": "T", "rationale": "R",
  "severity": "medium", "target": "{item.id}",
  "message": {"pass": "{target} uses {observed}", "fail": "{target} uses {observed}, needs {expected}"},
  "remediation": "set the level of {target}",
  FOREACH
  "check": {"in": ["item.level", ["may", "encrypt"]]}}]})";

RunResult run_service_rule(const std::string& for_each, const Fact& facts = test::sample_facts(),
                           const std::string& extra = "") {
  std::string text = k_service_rule;
  text.replace(text.find("FOREACH"), 7, for_each + (extra.empty() ? "" : extra + ","));
  auto rules = test::load(text);
  EXPECT_TRUE(rules.ok()) << (rules.ok() ? "" : test::messages(rules.errors()));
  return rules.ok() ? test::run(*rules, facts) : RunResult{};
}

TEST(EngineRuleRunner, OneResultPerItemSortedByTarget) {
  RunResult run = run_service_rule(R"("for_each": {"in": "postfix.services"},)");
  EXPECT_EQ(test::outcome(run),
            "fail relay/unix: relay/unix uses none, needs one of [may, encrypt]\n"
            "pass smtp/inet: smtp/inet uses may\n"
            "pass submission/inet: submission/inet uses encrypt\n");
  EXPECT_EQ(run.results[0].remediation, "set the level of relay/unix");
  EXPECT_EQ(run.results[0].severity, Severity::medium);
  EXPECT_EQ(run.results[0].rule, "svc");
}

TEST(EngineRuleRunner, WhereSelectsItems) {
  RunResult run = run_service_rule(R"("for_each": {"in": "postfix.services", "where": {"eq": ["item.public", true]}},)");
  EXPECT_EQ(test::outcome(run),
            "pass smtp/inet: smtp/inet uses may\n"
            "pass submission/inet: submission/inet uses encrypt\n");
}

TEST(EngineRuleRunner, WhenFalseIsNotApplicable) {
  RunResult run = run_service_rule(R"("for_each": {"in": "postfix.services"}, "when": {"ne": ["item.level", "none"]},)");
  EXPECT_EQ(test::outcome(run),
            "skip relay/unix: not applicable: none (applies when not none)\n"
            "pass smtp/inet: smtp/inet uses may\n"
            "pass submission/inet: submission/inet uses encrypt\n");
  RunResult custom = run_service_rule(R"("for_each": {"in": "postfix.services"}, "when": {"ne": ["item.level", "none"]},)",
                                      test::sample_facts(), R"("summary_target": "master.cf")");
  EXPECT_EQ(custom.results.front().status, Status::skip);
}

TEST(EngineRuleRunner, CustomNotApplicableMessage) {
  std::string text = k_service_rule;
  text.replace(text.find("FOREACH"), 7, R"("for_each": {"in": "postfix.services"}, "when": {"eq": ["item.public", true]},)");
  text.replace(text.find("\"remediation\""), 0, R"("$comment": "x", )");
  text.replace(text.find("\"fail\":"), 0, R"j("not_applicable": "{target} is not public ({observed})", )j");
  auto rules = test::load(text);
  ASSERT_TRUE(rules.ok()) << test::messages(rules.errors());
  RunResult run = test::run(*rules, test::sample_facts());
  EXPECT_EQ(run.results.front().message, "relay/unix is not public (false)");
}

TEST(EngineRuleRunner, IfNoneDecidesWhenNothingIsSelected) {
  std::string none = R"("for_each": {"in": "postfix.services", "where": {"eq": ["item.level", "dane"]}IFNONE},)";
  auto with = [&](const std::string& if_none) {
    std::string fe = none;
    fe.replace(fe.find("IFNONE"), 6, if_none);
    return test::outcome(run_service_rule(fe, test::sample_facts(), R"("summary_target": "master.cf")"));
  };
  EXPECT_EQ(with(""), "skip master.cf: not applicable: no item of postfix.services is selected\n");
  EXPECT_EQ(with(R"(, "if_none": "pass")"), "pass master.cf: master.cf uses no item of postfix.services is selected\n");
  EXPECT_EQ(with(R"(, "if_none": "fail")"),
            "fail master.cf: master.cf uses no item of postfix.services is selected, "
            "needs at least one selected item of postfix.services\n");
}

TEST(EngineRuleRunner, ReportProblemsFoldsPasses) {
  RunResult problems = run_service_rule(R"("for_each": {"in": "postfix.services", "report": "problems"},)",
                                        test::sample_facts(), R"("summary_target": "master.cf")");
  EXPECT_EQ(test::outcome(problems), "fail relay/unix: relay/unix uses none, needs one of [may, encrypt]\n");
  RunResult clean = run_service_rule(
      R"("for_each": {"in": "postfix.services", "report": "problems", "where": {"eq": ["item.public", true]}},)",
      test::sample_facts(), R"("summary_target": "master.cf")");
  EXPECT_EQ(test::outcome(clean), "pass master.cf: master.cf uses \n");
  RunResult not_applicable = run_service_rule(
      R"("for_each": {"in": "postfix.services", "report": "problems"}, "when": {"eq": ["item.level", "dane"]},)",
      test::sample_facts(), R"("summary_target": "master.cf")");
  EXPECT_EQ(test::outcome(not_applicable), "skip master.cf: not applicable to any selected item of postfix.services\n");
}

// sample_facts() with another level (set at master.cf:12) for the service `id`.
Fact with_level(const std::string& id, const std::string& level) {
  Fact facts = test::sample_facts();
  for (Fact& s : facts.as_map()["postfix"].as_map()["services"].as_list()) {
    if (s.find("id")->as_string() == id) s.as_map()["level"] = test::origin_fact(Fact(level), "master.cf", 12);
  }
  return facts;
}

// Items of a "problems" report are first judged without building a result: what fails, errs
// or cannot be judged is still shown in full, next to a not applicable and a passing item.
TEST(EngineRuleRunner, ReportProblemsShowsFailuresAndErrorsInFull) {
  RunResult run = run_service_rule(
      R"("for_each": {"in": "postfix.services", "report": "problems"}, "when": {"ne": ["item.level", "none"]},)",
      with_level("submission/inet", "dane"), R"("summary_target": "master.cf")");
  EXPECT_EQ(test::outcome(run), "fail submission/inet: submission/inet uses dane, needs one of [may, encrypt]\n");
  EXPECT_EQ(run.results.front().remediation, "set the level of submission/inet");
  ASSERT_EQ(run.results.front().locations.size(), 1u);
  EXPECT_EQ(run.results.front().locations.front().line, 12);
  RunResult errors = run_service_rule(
      R"("for_each": {"in": "postfix.services", "report": "problems"}, "when": {"ge": ["item.port", 100]},)",
      test::sample_facts(), R"("summary_target": "master.cf")");
  EXPECT_EQ(test::outcome(errors), "error relay/unix: fact item.port not available\n");  // port null
}

Fact with_postfix_member(const std::string& name, Fact value) {
  Fact facts = test::sample_facts();
  facts.as_map()["postfix"].as_map()[name] = std::move(value);
  return facts;
}

TEST(EngineRuleRunner, GapsBecomeSkipOrErrorNeverPass) {
  const std::string fe = R"("for_each": {"in": "postfix.services"},)";
  EXPECT_EQ(test::outcome(run_service_rule(
                fe, with_postfix_member("services", Fact::gap(facts::Gap::Kind::not_collected, "no master.cf given")))),
            "skip : postfix: no master.cf given\n");
  EXPECT_EQ(test::outcome(run_service_rule(
                fe, with_postfix_member("services", Fact::gap(facts::Gap::Kind::not_applicable, "no master.cf")))),
            "skip : not applicable: no master.cf\n");
  EXPECT_EQ(test::outcome(run_service_rule(
                fe, with_postfix_member("services", Fact::gap(facts::Gap::Kind::failed, "permission denied")))),
            "error : could not collect: permission denied\n");
  FactMap root;
  root["postfix"] = Fact::gap(facts::Gap::Kind::not_collected, "config not read (--live-only)");
  EXPECT_EQ(test::outcome(run_service_rule(fe, Fact(root))),
            "skip : postfix: config not read (--live-only)\n");
}

TEST(EngineRuleRunner, SingleTargetOfAnAbsentSourceIsTheSourceRoot) {
  auto rules = test::load(R"({"rules": [{"id": "name", "area": "postfix", "title": "T", "rationale": "R",
    "severity": "low", "target": "https://mta-sts.{postfix.name}/x",
    "message": {"pass": "ok", "fail": "bad"}, "check": {"eq": ["postfix.flag", true]}}]})");
  ASSERT_TRUE(rules.ok()) << test::messages(rules.errors());
  FactMap root;
  root["postfix"] = Fact::gap(facts::Gap::Kind::not_collected, "not collected (--sources)");
  EXPECT_EQ(test::outcome(test::run(*rules, Fact(root))), "skip postfix: postfix: not collected (--sources)\n");
  // Only the target's own fact is missing: the check still decides, under the source's name.
  EXPECT_EQ(test::outcome(test::run(*rules, with_postfix_member("name", Fact::gap(facts::Gap::Kind::failed, "x")))),
            "pass postfix: ok\n");
  Fact named = with_postfix_member("name", Fact(std::string("example.org")));
  EXPECT_EQ(test::run(*rules, named).results.front().target, "https://mta-sts.example.org/x");
}

TEST(EngineRuleRunner, ExplainTextsReplacePathEvidence) {
  const std::string plain = R"J("check": {"in": ["item.level", ["may", "encrypt"]]})J";
  const std::string explained = R"J("check": {"all": [
      {"in": ["item.level", ["may", "encrypt"]], "explain": "TLS is off (level {item.level})"},
      {"eq": ["item.public", true]}]})J";
  std::string text = k_service_rule;
  text.replace(text.find("FOREACH"), 7, R"("for_each": {"in": "postfix.services"},)");
  text.replace(text.find(plain), plain.size(), explained);
  auto rules = test::load(text);
  ASSERT_TRUE(rules.ok()) << test::messages(rules.errors());
  // The explained predicate speaks in words and leaves {expected} empty; the others keep
  // their path=value evidence.
  EXPECT_EQ(test::outcome(test::run(*rules, test::sample_facts())),
            "fail relay/unix: relay/unix uses TLS is off (level none), needs \n"
            "pass smtp/inet: smtp/inet uses level=may; public=true\n"
            "pass submission/inet: submission/inet uses level=encrypt; public=true\n");
}

TEST(EngineRuleRunner, ExplainMustBeATemplateOfKnownFacts) {
  std::string text = k_service_rule;
  text.replace(text.find("FOREACH"), 7, R"("for_each": {"in": "postfix.services"},)");
  std::string bad = text;
  const std::string head = R"J("check": {"in")J";
  bad.replace(bad.find(head), head.size(), R"J("check": {"explain": "{item.nosuch}", "in")J");
  auto rules = test::load(bad);
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(test::messages(rules.errors()).find("nosuch"), std::string::npos) << test::messages(rules.errors());
  std::string only = text;
  const std::string plain = R"J("check": {"in": ["item.level", ["may", "encrypt"]]})J";
  only.replace(only.find(plain), plain.size(), R"J("check": {"explain": "x"})J");
  auto none = test::load(only);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(test::messages(none.errors()).find("exactly one operator key (found none)"), std::string::npos)
      << test::messages(none.errors());
}

TEST(EngineRuleRunner, GapInsideAnItemAffectsOnlyThatItem) {
  Fact facts = test::sample_facts();
  facts.as_map()["postfix"].as_map()["services"].as_list()[0].as_map()["level"] =
      Fact::gap(facts::Gap::Kind::failed, "unparsable -o");
  facts.as_map()["postfix"].as_map()["services"].as_list()[1].as_map().erase("level");
  EXPECT_EQ(test::outcome(run_service_rule(R"("for_each": {"in": "postfix.services"},)", facts)),
            "fail relay/unix: relay/unix uses none, needs one of [may, encrypt]\n"
            "error smtp/inet: could not collect: unparsable -o\n"
            "error submission/inet: fact item.level not available\n");
}

TEST(EngineRuleRunner, GapInWhereOrWhereIsReportedForTheItem) {
  Fact facts = test::sample_facts();
  facts.as_map()["postfix"].as_map()["services"].as_list()[2].as_map()["public"] =
      Fact::gap(facts::Gap::Kind::failed, "bad host");
  EXPECT_EQ(test::outcome(run_service_rule(R"("for_each": {"in": "postfix.services", "where": {"eq": ["item.public", true]}},)", facts)),
            "error relay/unix: could not collect: bad host\n"
            "pass smtp/inet: smtp/inet uses may\n"
            "pass submission/inet: submission/inet uses encrypt\n");
}

TEST(EngineRuleRunner, UnexpectedTypesAtRunTimeAreErrors) {
  Fact facts = test::sample_facts();
  FactMap dns;
  dns["mx"] = Fact(5);
  facts.as_map()["dns"] = Fact(dns);
  auto rules = test::load(test::one_rule(R"({"eq": ["dns.mx", "x"]})"));
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(test::outcome(test::run(*rules, facts)), "error : cannot compare 5 (integer) with x (string)\n");
  auto nested = test::load(test::one_rule(R"({"eq": ["dns.mx.name", "x"]})"));
  EXPECT_EQ(test::outcome(test::run(*nested, facts)), "error : fact dns.mx is not a map\n");
}

TEST(EngineRuleRunner, LocationsComeFromComparedFacts) {
  auto rules = test::load(test::one_rule(R"({"eq": ["postfix.main.level", "encrypt"]})", R"("target": "main.cf")"));
  ASSERT_TRUE(rules.ok());
  RunResult run = test::run(*rules, test::sample_facts());
  ASSERT_EQ(run.results.size(), 1u);
  EXPECT_EQ(run.results[0].target, "main.cf");
  ASSERT_EQ(run.results[0].locations.size(), 1u);
  EXPECT_EQ(run.results[0].locations[0].file, "main.cf");
  EXPECT_EQ(run.results[0].locations[0].line, 7);
}

TEST(EngineRuleRunner, LocationsListedByTheRuleWin) {
  Fact facts = test::sample_facts();
  facts.as_map()["postfix"].as_map()["name"] = Fact("x").with_origin(
      facts::Origin{facts::Origin::Kind::master_override, "master.cf", 12, ""});
  facts.as_map()["postfix"].as_map()["version"] = Fact("3.7").with_origin(
      facts::Origin{facts::Origin::Kind::default_value, "", 0, "default (Postfix 3.7)"});
  auto rules = test::load(test::one_rule(R"({"eq": ["postfix.main.level", "may"]})",
                                         R"("locations": ["postfix.name", "postfix.version", "postfix.nope_is_fine"])"));
  ASSERT_FALSE(rules.ok());  // unknown paths in locations are load errors too
  rules = test::load(test::one_rule(R"({"eq": ["postfix.main.level", "may"]})",
                                    R"("locations": ["postfix.name", "postfix.version", "postfix.port"])"));
  ASSERT_TRUE(rules.ok()) << test::messages(rules.errors());
  RunResult run = test::run(*rules, facts);
  const auto& locs = run.results[0].locations;
  ASSERT_EQ(locs.size(), 2u);
  EXPECT_EQ(locs[0].file, "master.cf");
  EXPECT_EQ(locs[0].line, 12);
  EXPECT_EQ(locs[0].note, "-o");
  EXPECT_EQ(locs[1].file, "");
  EXPECT_EQ(locs[1].note, "default (Postfix 3.7)");
}

TEST(EngineRuleRunner, MessagesRenderFactsAndParams) {
  auto rules = test::load(test::one_rule(
      R"({"ge": ["postfix.count", {"param": "min"}]})",
      R"("params": {"min": {"type": "integer", "default": 3, "description": "d"}},
         "target": "{postfix.name}", "remediation": "raise {postfix.nope_ok} to {param.min}")"));
  EXPECT_FALSE(rules.ok());
  rules = test::load(R"({"rules": [{"id": "r", "area": "postfix", "title": "T", "rationale": "R", "severity": "low",
    "params": {"min": {"type": "integer", "default": 3, "description": "d"}},
    "message": {"pass": "{postfix.count} >= {param.min} on {target}; port {postfix.port}; {{literal}}", "fail": "x"},
    "target": "{postfix.name}", "check": {"ge": ["postfix.count", {"param": "min"}]}}]})");
  ASSERT_TRUE(rules.ok()) << test::messages(rules.errors());
  EXPECT_EQ(test::outcome(test::run(*rules, test::sample_facts())),
            "pass mail.example.org: 5 >= 3 on mail.example.org; port ?; {literal}\n");
}

}  // namespace
}  // namespace mtaudit::engine
