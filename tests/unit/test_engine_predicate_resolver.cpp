// Fact paths, params and operand types checked against the facts schema.
// one_rule() puts the check at line 3, column 14.
#include <gtest/gtest.h>

#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

using test::load_errors;
using test::one_rule;

TEST(EnginePredicateResolver, UnknownFactPaths) {
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.mian.level", "may"]})")),
            "t.json:3:22: unknown fact path 'postfix.mian.level': 'postfix' has no member 'mian' (did you mean 'main'?)\n");
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfx.count", 1]})")),
            "t.json:3:22: unknown fact path 'postfx.count': 'postfx' is not a fact root (dns, postfix)\n");
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["item.count", 1]})")),
            "t.json:3:22: unknown fact path 'item.count': 'item' is not a fact root (dns, postfix); "
            "'item' is bound only in rules with for_each\n");
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.services.id", "x"]})")),
            "t.json:3:22: unknown fact path 'postfix.services.id': 'postfix.services' is a list; "
            "look inside with every, some or count\n");
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.count.x", 1]})")),
            "t.json:3:22: unknown fact path 'postfix.count.x': 'postfix.count' is integer and has no members\n");
}

TEST(EnginePredicateResolver, OpenMapsAndPlaceholdersAcceptAnyMember) {
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.main.anything", "x"]})")), "loaded");
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["dns.mx.whatever", 3]})")), "loaded");
}

TEST(EnginePredicateResolver, TypeMismatches) {
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.count", "5"]})")),
            "t.json:3:15: type mismatch: 'eq' compares 'postfix.count' (integer) with \"5\" (string)\n");
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.count", {"fact": "postfix.name"}]})")),
            "t.json:3:15: type mismatch: 'eq' compares 'postfix.count' (integer) with 'postfix.name' (string)\n");
  EXPECT_EQ(load_errors(one_rule(R"({"lt": ["postfix.name", 5]})")),
            "t.json:3:15: type mismatch: 'lt' needs an integer, but 'postfix.name' is string\n");
  EXPECT_EQ(load_errors(one_rule(R"({"ge": ["postfix.count", "5"]})")),
            "t.json:3:15: type mismatch: 'ge' needs an integer, but \"5\" is string\n");
  EXPECT_EQ(load_errors(one_rule(R"({"in": ["postfix.count", ["a"]]})")),
            "t.json:3:15: type mismatch: 'in' compares 'postfix.count' (integer) with the elements of [a] (list<string>)\n");
  EXPECT_EQ(load_errors(one_rule(R"({"in": ["postfix.count", 5]})")),
            "t.json:3:15: type mismatch: 'in' needs a list, but 5 is integer\n");
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.tokens", "a"]})")),
            "t.json:3:15: type mismatch: 'eq' needs a boolean, integer or string, but 'postfix.tokens' is list<string>\n");
  EXPECT_EQ(load_errors(one_rule(R"({"includes_all": ["postfix.tokens", [1]]})")),
            "t.json:3:15: type mismatch: 'includes_all' compares 'postfix.tokens' (list<string>) with [1] (list<integer>)\n");
  EXPECT_EQ(load_errors(one_rule(R"({"subset_of": ["postfix.name", ["a"]]})")),
            "t.json:3:15: type mismatch: 'subset_of' needs a list, but 'postfix.name' is string\n");
  EXPECT_EQ(load_errors(one_rule(R"({"empty": "postfix.count"})")),
            "t.json:3:15: type mismatch: 'empty' needs a list, map or string, but 'postfix.count' is integer\n");
  EXPECT_EQ(load_errors(one_rule(R"({"version_ge": ["postfix.count", "3.6"]})")),
            "t.json:3:15: type mismatch: 'version_ge' needs a string, but 'postfix.count' is integer\n");
  EXPECT_EQ(load_errors(one_rule(R"({"count": {"in": "postfix.services", "ge": "x"}})")),
            "t.json:3:15: type mismatch: 'count' needs an integer, but \"x\" is string\n");
}

TEST(EnginePredicateResolver, FactToFactAndNullableFactsAreAllowed) {
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.count", {"fact": "postfix.port"}]})")), "loaded");
  EXPECT_EQ(load_errors(one_rule(R"({"in": ["postfix.name", {"fact": "postfix.tokens"}]})")), "loaded");
}

TEST(EnginePredicateResolver, RegexNeedsALiteral) {
  EXPECT_EQ(load_errors(one_rule(R"({"regex": ["postfix.name", {"fact": "postfix.name"}]})")),
            "t.json:3:50: 'regex' needs a literal pattern (it is compiled when the rule loads)\n");
}

TEST(EnginePredicateResolver, Params) {
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.count", {"param": "nope"}]})")),
            "t.json:3:49: unknown param 'nope' (rule 'r' declares no params)\n");
  std::string params = R"("params": {"min": {"type": "integer", "default": 1, "description": "d"},
    "names": {"type": "list<string>", "default": [], "description": "d"}})";
  EXPECT_EQ(load_errors(one_rule(R"({"ge": ["postfix.count", {"param": "mni"}]})", params)),
            "t.json:3:49: unknown param 'mni' (rule 'r' declares: min, names)\n");
  EXPECT_EQ(load_errors(one_rule(R"({"ge": ["postfix.count", {"param": "names"}]})", params)),
            "t.json:3:15: type mismatch: 'ge' needs an integer, but param 'names' is list<string>\n");
  EXPECT_EQ(load_errors(one_rule(R"({"in": ["postfix.name", {"param": "names"}]})", params)), "loaded");
}

TEST(EnginePredicateResolver, BoundNames) {
  EXPECT_EQ(load_errors(one_rule(R"({"every": {"in": "postfix.name", "as": "s", "check": {"exists": "s"}}})")),
            "t.json:3:31: 'every' needs a list, but 'postfix.name' is string\n");
  EXPECT_EQ(load_errors(one_rule(R"({"every": {"in": "postfix.services", "as": "postfix", "check": {"exists": "postfix.id"}}})")),
            "t.json:3:57: 'as' name 'postfix' is already in use here\n");
  EXPECT_EQ(load_errors(one_rule(
                R"({"every": {"in": "postfix.services", "as": "s", "check": {"some": {"in": "s.ciphers", "as": "s", "check": {"exists": "s.name"}}}}})")),
            "t.json:3:106: 'as' name 's' is already in use here\n");
  EXPECT_EQ(load_errors(one_rule(R"({"every": {"in": "postfix.services", "as": "s", "label": "{s.nme}", "check": {"exists": "s.id"}}})")),
            "t.json:3:72: unknown fact path 's.nme': 's' has no member 'nme'\n");
  EXPECT_EQ(load_errors(one_rule(R"({"every": {"in": "postfix.services", "as": "s", "check": {"exists": "x.id"}}})")),
            "t.json:3:82: unknown fact path 'x.id': 'x' is not a fact root (dns, postfix) or a name bound here (s)\n");
}

}  // namespace
}  // namespace mtaudit::engine
