// Every operator, evaluated end to end against sample_facts() (see engine_test_support.hpp).
#include <gtest/gtest.h>

#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

// "status | observed | expected" of the one result of a rule with this check.
std::string eval(const std::string& check, const std::string& extra = "") {
  auto rules = test::load(test::one_rule(check, extra));
  if (!rules.ok()) {
    return test::messages(rules.errors());
  }
  RunResult run = test::run(*rules, test::sample_facts());
  if (run.results.size() != 1) {
    return "results: " + std::to_string(run.results.size());
  }
  const Result& r = run.results.front();
  return to_string(r.status) + " | " + r.observed + " | " + r.expected;
}

TEST(EngineEvaluator, Equality) {
  EXPECT_EQ(eval(R"({"eq": ["postfix.main.level", "may"]})"), "pass | may | may");
  EXPECT_EQ(eval(R"({"eq": ["postfix.main.level", "encrypt"]})"), "fail | may | encrypt");
  EXPECT_EQ(eval(R"({"ne": ["postfix.main.level", "none"]})"), "pass | may | not none");
  EXPECT_EQ(eval(R"({"eq": ["postfix.flag", true]})"), "pass | true | true");
  EXPECT_EQ(eval(R"({"eq": ["postfix.main.empty", ""]})"), "pass | \"\" | \"\"");
}

TEST(EngineEvaluator, IntegerOrdering) {
  EXPECT_EQ(eval(R"({"lt": ["postfix.count", 6]})"), "pass | 5 | < 6");
  EXPECT_EQ(eval(R"({"le": ["postfix.count", 4]})"), "fail | 5 | <= 4");
  EXPECT_EQ(eval(R"({"gt": ["postfix.count", 5]})"), "fail | 5 | > 5");
  EXPECT_EQ(eval(R"({"ge": ["postfix.count", 5]})"), "pass | 5 | >= 5");
}

TEST(EngineEvaluator, Membership) {
  EXPECT_EQ(eval(R"({"in": ["postfix.main.level", ["may", "encrypt"]]})"), "pass | may | one of [may, encrypt]");
  EXPECT_EQ(eval(R"({"in": ["postfix.count", [1, 2]]})"), "fail | 5 | one of [1, 2]");
  EXPECT_EQ(eval(R"({"in": ["postfix.name", {"fact": "postfix.tokens"}]})"), "fail | mail.example.org | one of [a, b]");
}

TEST(EngineEvaluator, StringOperators) {
  EXPECT_EQ(eval(R"({"regex": ["postfix.name", "^mail\\."]})"), "pass | mail.example.org | matching /^mail\\./");
  EXPECT_EQ(eval(R"({"regex": ["postfix.name", "^smtp"]})"), "fail | mail.example.org | matching /^smtp/");
  EXPECT_EQ(eval(R"({"starts_with": ["postfix.name", "mail."]})"), "pass | mail.example.org | starting with mail.");
  EXPECT_EQ(eval(R"({"ends_with": ["postfix.name", ".net"]})"), "fail | mail.example.org | ending with .net");
  EXPECT_EQ(eval(R"({"contains": ["postfix.name", "example"]})"), "pass | mail.example.org | containing example");
}

TEST(EngineEvaluator, Versions) {
  EXPECT_EQ(eval(R"({"version_ge": ["postfix.version", "3.6"]})"), "pass | 3.7 | version >= 3.6");
  EXPECT_EQ(eval(R"({"version_ge": ["postfix.version", "3.10"]})"), "fail | 3.7 | version >= 3.10");
  EXPECT_EQ(eval(R"({"version_lt": ["postfix.version", "3.10"]})"), "pass | 3.7 | version < 3.10");
  EXPECT_EQ(eval(R"({"version_le": ["postfix.version", "3.7.0"]})"), "pass | 3.7 | version <= 3.7.0");
  EXPECT_EQ(eval(R"({"version_gt": ["postfix.version", "3.7"]})"), "fail | 3.7 | version > 3.7");
  EXPECT_EQ(eval(R"({"version_eq": ["postfix.version", "3.7.0"]})"), "pass | 3.7 | version 3.7.0");
  EXPECT_EQ(eval(R"({"version_ne": ["postfix.version", "3.7"]})"), "fail | 3.7 | version other than 3.7");
}

TEST(EngineEvaluator, SetOperators) {
  EXPECT_EQ(eval(R"({"includes_all": ["postfix.tokens", ["a", "b"]]})"), "pass | [a, b] | including all of [a, b]");
  EXPECT_EQ(eval(R"({"includes_all": ["postfix.tokens", ["a", "c"]]})"), "fail | [a, b] | including all of [a, c]");
  EXPECT_EQ(eval(R"({"includes_any": ["postfix.tokens", ["c", "b"]]})"), "pass | [a, b] | including any of [c, b]");
  EXPECT_EQ(eval(R"({"includes_none": ["postfix.numbers", [4, 5]]})"), "pass | [1, 2, 3] | including none of [4, 5]");
  EXPECT_EQ(eval(R"({"includes_none": ["postfix.numbers", [3]]})"), "fail | [1, 2, 3] | including none of [3]");
  EXPECT_EQ(eval(R"({"subset_of": ["postfix.tokens", ["a", "b", "c"]]})"), "pass | [a, b] | only values from [a, b, c]");
  EXPECT_EQ(eval(R"({"subset_of": ["postfix.numbers", [1, 2]]})"), "fail | [1, 2, 3] | only values from [1, 2]");
}

TEST(EngineEvaluator, EmptinessAndExistence) {
  EXPECT_EQ(eval(R"({"empty": "postfix.main.empty"})"), "pass | \"\" | empty");
  EXPECT_EQ(eval(R"({"empty": "postfix.tokens"})"), "fail | [a, b] | empty");
  EXPECT_EQ(eval(R"({"not_empty": "postfix.main"})"), "pass | {2 members} | not empty");
  EXPECT_EQ(eval(R"({"exists": "postfix.main.level"})"), "pass | may | present");
  EXPECT_EQ(eval(R"({"exists": "postfix.main.absent"})"), "fail | absent | present");
  EXPECT_EQ(eval(R"({"exists": "postfix.port"})"), "fail | absent | present");
}

// Results of anything but a single comparison label each observed value with its path.
TEST(EngineEvaluator, LogicShortCircuitsAndKeepsTheDecidingEvidence) {
  EXPECT_EQ(eval(R"({"all": [{"eq": ["postfix.count", 5]}, {"eq": ["postfix.flag", false]}, {"eq": ["postfix.port", 1]}]})"),
            "fail | postfix.flag=true | postfix.flag: false");  // postfix.port (null) is never reached
  EXPECT_EQ(eval(R"({"all": [{"eq": ["postfix.count", 5]}, {"eq": ["postfix.flag", true]}]})"),
            "pass | postfix.count=5; postfix.flag=true | postfix.count: 5; postfix.flag: true");
  EXPECT_EQ(eval(R"({"any": [{"eq": ["postfix.count", 1]}, {"eq": ["postfix.flag", true]}, {"eq": ["postfix.port", 1]}]})"),
            "pass | postfix.flag=true | postfix.flag: true");
  EXPECT_EQ(eval(R"({"any": [{"eq": ["postfix.count", 1]}, {"eq": ["postfix.flag", false]}]})"),
            "fail | postfix.count=5; postfix.flag=true | postfix.count: 1; postfix.flag: false");
  EXPECT_EQ(eval(R"({"not": {"eq": ["postfix.main.level", "none"]}})"), "pass | postfix.main.level=may | postfix.main.level: not none");
  EXPECT_EQ(eval(R"({"not": {"in": ["postfix.main.level", ["may"]]}})"),
            "fail | postfix.main.level=may | postfix.main.level: not one of [may]");
}

TEST(EngineEvaluator, EveryAndSomeLookInsideLists) {
  EXPECT_EQ(eval(R"({"every": {"in": "postfix.services", "as": "s", "check": {"exists": "s.id"}}})"),
            "pass | postfix.services=all 3 items match | postfix.services: every item matches");
  EXPECT_EQ(eval(R"({"every": {"in": "postfix.services", "as": "s", "label": "{s.id}", "check": {"eq": ["s.public", true]}}})"),
            "fail | relay/unix: s.public=false | s.public: true");
  EXPECT_EQ(eval(R"({"every": {"in": "postfix.services", "as": "s", "check": {"ne": ["s.level", "none"]}}})"),
            "fail | postfix.services[2]: s.level=none | s.level: not none");
  EXPECT_EQ(eval(R"({"every": {"in": "postfix.services", "as": "s", "where": {"eq": ["s.public", true]},
                               "check": {"includes_none": ["s.protocols", ["TLSv1"]]}}})"),
            "pass | postfix.services=all 2 items match | postfix.services: every item matches");
  EXPECT_EQ(eval(R"({"some": {"in": "postfix.services", "as": "s", "label": "{s.id}", "check": {"eq": ["s.level", "encrypt"]}}})"),
            "pass | submission/inet: s.level=encrypt | s.level: encrypt");
  EXPECT_EQ(eval(R"({"some": {"in": "postfix.services", "as": "s", "check": {"eq": ["s.level", "dane"]}}})"),
            "fail | postfix.services[0]: s.level=may | s.level: dane");
  EXPECT_EQ(eval(R"({"some": {"in": "postfix.services", "as": "s", "where": {"eq": ["s.level", "dane"]}, "check": {"exists": "s.id"}}})"),
            "fail | postfix.services=no items | postfix.services: some item");
  EXPECT_EQ(eval(R"({"every": {"in": "postfix.tokens", "as": "t", "check": {"in": ["t", ["a", "b"]]}}})"),
            "pass | postfix.tokens=all 2 items match | postfix.tokens: every item matches");
}

// Elements are tried without evidence and only the one shown is evaluated again with it: the
// evidence is that element's, also inside a nested list and when the element cannot be read.
TEST(EngineEvaluator, TheElementShownIsTheOneThatDecided) {
  EXPECT_EQ(eval(R"({"every": {"in": "postfix.services", "as": "s", "label": "{s.id}",
                               "check": {"every": {"in": "s.protocols", "as": "p", "check": {"ne": ["p", "TLSv1.3"]}}}}})"),
            "fail | smtp/inet / s.protocols[1]: p=TLSv1.3 | p: not TLSv1.3");
  EXPECT_EQ(eval(R"({"some": {"in": "postfix.services", "as": "s", "label": "{s.id}",
                              "check": {"all": [{"eq": ["s.public", false]}, {"eq": ["s.level", "none"]}]}}})"),
            "pass | relay/unix: s.public=false; relay/unix: s.level=none | s.public: false; s.level: none");
  EXPECT_EQ(eval(R"({"every": {"in": "postfix.services", "as": "s", "check": {"ge": ["s.port", 25]}}})"),
            "error |  | ");  // relay/unix has no port: never a pass
  EXPECT_EQ(eval(R"({"some": {"in": "postfix.services", "as": "s", "label": "{s.id}",
                              "check": {"some": {"in": "s.protocols", "as": "p", "check": {"eq": ["p", "TLSv1"]}}}}})"),
            "fail | smtp/inet / s.protocols[0]: p=TLSv1.2 | p: TLSv1");
}

TEST(EngineEvaluator, Count) {
  EXPECT_EQ(eval(R"({"count": {"in": "postfix.services", "ge": 3}})"), "pass | 3 | >= 3");
  EXPECT_EQ(eval(R"({"count": {"in": "postfix.services", "as": "s", "where": {"eq": ["s.public", true]}, "eq": 1}})"),
            "fail | 2 | 1");
}

TEST(EngineEvaluator, ParamsAsOperands) {
  std::string params = R"("params": {"min": {"type": "integer", "default": 6, "description": "d"},
    "levels": {"type": "list<string>", "default": ["may"], "description": "d"}})";
  EXPECT_EQ(eval(R"({"ge": ["postfix.count", {"param": "min"}]})", params), "fail | 5 | >= 6");
  EXPECT_EQ(eval(R"({"in": ["postfix.main.level", {"param": "levels"}]})", params), "pass | may | one of [may]");
  EXPECT_EQ(eval(R"({"count": {"in": "postfix.services", "lt": {"param": "min"}}})", params), "pass | 3 | < 6");
}

TEST(EngineEvaluator, MissingFactsAndGapsNeverPass) {
  EXPECT_EQ(eval(R"({"eq": ["postfix.port", 25]})"), "error |  | ");
  EXPECT_EQ(eval(R"({"not": {"eq": ["postfix.main.nope", "x"]}})"), "error |  | ");
  EXPECT_EQ(eval(R"({"eq": ["dns.mx", "x"]})"), "skip |  | ");
  EXPECT_EQ(eval(R"({"exists": "dns.mx"})"), "skip |  | ");
}

}  // namespace
}  // namespace mtaudit::engine
