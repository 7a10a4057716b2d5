// Grammar errors in predicates. one_rule() puts the check at line 3, column 14.
#include <gtest/gtest.h>

#include "engine/predicate_parser.hpp"
#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

using test::load_errors;
using test::one_rule;

TEST(EnginePredicateParser, OneOperatorKeyPerPredicate) {
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.count", 1], "ne": ["postfix.count", 2]})")),
            "t.json:3:14: a predicate has exactly one operator key (found 2: eq, ne)\n");
  EXPECT_EQ(load_errors(one_rule("{}")), "t.json:3:14: a predicate has exactly one operator key (found none)\n");
  EXPECT_EQ(load_errors(one_rule(R"({"not": [1]})")),
            "t.json:3:22: a predicate must be an object (found an array)\n");
}

TEST(EnginePredicateParser, UnknownOperatorPointsAtTheKey) {
  EXPECT_EQ(load_errors(one_rule(R"({"equals": ["postfix.count", 1]})")), "t.json:3:15: unknown operator 'equals'\n");
  EXPECT_EQ(load_errors(one_rule(R"({"includes_al": ["postfix.tokens", ["a"]]})")),
            "t.json:3:15: unknown operator 'includes_al' (did you mean 'includes_all'?)\n");
}

TEST(EnginePredicateParser, ComparisonsTakePathAndOperand) {
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.count"]})")), "t.json:3:21: 'eq' takes [fact path, operand]\n");
  EXPECT_EQ(load_errors(one_rule(R"({"eq": [5, 1]})")), "t.json:3:21: 'eq' takes [fact path, operand]\n");
  EXPECT_EQ(load_errors(one_rule(R"({"eq": "postfix.count"})")), "t.json:3:21: 'eq' takes [fact path, operand]\n");
  EXPECT_EQ(load_errors(one_rule(R"({"exists": 5})")), "t.json:3:25: 'exists' takes a fact path\n");
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix..count", 1]})")),
            "t.json:3:22: malformed fact path 'postfix..count'\n");
}

TEST(EnginePredicateParser, OperandShapes) {
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.count", {"fact": 1}]})")),
            "t.json:3:39: an operand object is {\"fact\": PATH} or {\"param\": NAME}\n");
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.count", {"fact": "a", "param": "b"}]})")),
            "t.json:3:39: an operand object is {\"fact\": PATH} or {\"param\": NAME}\n");
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.count", null]})")),
            "t.json:3:39: null is not a value; test absence with {\"exists\": PATH}\n");
  EXPECT_EQ(load_errors(one_rule(R"({"eq": ["postfix.count", 1.5]})")),
            "t.json:3:39: only integers are supported as numbers\n");
  EXPECT_EQ(load_errors(one_rule(R"({"in": ["postfix.name", [["a"]]]})")),
            "t.json:3:38: a literal list holds strings, integers or booleans\n");
}

TEST(EnginePredicateParser, LogicalOperators) {
  EXPECT_EQ(load_errors(one_rule(R"({"all": []})")), "t.json:3:22: 'all' takes a non-empty list of predicates\n");
  EXPECT_EQ(load_errors(one_rule(R"({"any": {"exists": "postfix.count"}})")),
            "t.json:3:22: 'any' takes a non-empty list of predicates\n");
  // Every broken child is reported, not only the first.
  EXPECT_EQ(load_errors(one_rule(R"({"all": [{"bad": 1}, {"worse": 2}]})")),
            "t.json:3:24: unknown operator 'bad'\nt.json:3:36: unknown operator 'worse'\n");
}

TEST(EnginePredicateParser, Quantifiers) {
  EXPECT_EQ(load_errors(one_rule(R"({"every": {"in": "postfix.services"}})")),
            "t.json:3:24: 'every' lacks required key 'as'\nt.json:3:24: 'every' lacks required key 'check'\n");
  EXPECT_EQ(load_errors(one_rule(R"({"some": {"in": "postfix.services", "as": "s", "check": {"exists": "s.id"}, "filter": 1}})")),
            "t.json:3:90: unknown key 'filter' in 'some'\n");
  EXPECT_EQ(load_errors(one_rule(R"({"every": {"in": "postfix.services", "as": "S", "check": {"exists": "S.id"}}})")),
            "t.json:3:57: 'as' must name a variable (a-z, 0-9, _)\n");
  EXPECT_EQ(load_errors(one_rule(R"({"every": {"in": 3, "as": "s", "check": {"exists": "s.id"}}})")),
            "t.json:3:31: 'in' of 'every' must be a string (found an integer)\n");
}

TEST(EnginePredicateParser, Count) {
  EXPECT_EQ(load_errors(one_rule(R"({"count": {"in": "postfix.services"}})")),
            "t.json:3:24: 'count' needs exactly one of eq, ne, lt, le, gt, ge\n");
  EXPECT_EQ(load_errors(one_rule(R"({"count": {"in": "postfix.services", "ge": 1, "le": 3}})")),
            "t.json:3:24: 'count' needs exactly one of eq, ne, lt, le, gt, ge\n");
  EXPECT_EQ(load_errors(one_rule(R"({"count": {"in": "postfix.services", "where": {"exists": "x.id"}, "ge": 1}})")),
            "t.json:3:60: 'count' with 'where' needs 'as' to name the element\n");
}

TEST(EnginePredicateParser, ListsEveryOperator) {
  std::vector<std::string_view> names = operator_names();
  EXPECT_EQ(names.size(), 30u);
  EXPECT_EQ(names.front(), "all");
  EXPECT_EQ(names.back(), "count");
  EXPECT_STREQ(op_name(Op::not_), "not");
  EXPECT_STREQ(op_name(Op::version_ge), "version_ge");
}

}  // namespace
}  // namespace mtaudit::engine
