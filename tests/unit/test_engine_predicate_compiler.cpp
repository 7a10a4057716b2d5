#include <gtest/gtest.h>
#include <re2/re2.h>

#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

using test::load_errors;
using test::one_rule;

TEST(EnginePredicateCompiler, RegexesAreCompiledAtLoad) {
  EXPECT_EQ(load_errors(one_rule(R"({"regex": ["postfix.name", "("]})")),
            "t.json:3:41: invalid regex '(': missing ): (\n");
  auto rules = test::load(one_rule(R"({"regex": ["postfix.name", "^mail\\."]})"));
  ASSERT_TRUE(rules.ok());
  ASSERT_NE(rules->rules.front().check->regex, nullptr);
  EXPECT_TRUE(re2::RE2::PartialMatch("mail.example.org", *rules->rules.front().check->regex));
}

TEST(EnginePredicateCompiler, RegexesCannotBacktrackForever) {
  // (a+)+$ takes exponential time in a backtracking engine on "aaaa...!"; RE2 is linear.
  auto rules = test::load(one_rule(R"({"regex": ["postfix.name", "(a+)+$"]})"));
  ASSERT_TRUE(rules.ok());
  EXPECT_FALSE(re2::RE2::PartialMatch(std::string(4000, 'a') + "!", *rules->rules.front().check->regex));
  // Backreferences need backtracking: a load error, not a slow rule.
  EXPECT_NE(load_errors(one_rule(R"({"regex": ["postfix.name", "(a)\\1"]})")).find("invalid regex"), std::string::npos);
}

TEST(EnginePredicateCompiler, VersionLiteralsMustBeDotted) {
  EXPECT_EQ(load_errors(one_rule(R"({"version_ge": ["postfix.version", "3.x"]})")),
            "t.json:3:49: '3.x' is not a dotted version (digits separated by '.')\n");
  EXPECT_EQ(load_errors(one_rule(R"({"version_ge": ["postfix.version", "3.10.1"]})")), "loaded");
}

TEST(EnginePredicateCompiler, NestedPredicatesAreCompiledToo) {
  EXPECT_EQ(load_errors(one_rule(R"({"not": {"any": [{"regex": ["postfix.name", "["]}]}})")),
            "t.json:3:58: invalid regex '[': missing ]: [\n");
}

}  // namespace
}  // namespace mtaudit::engine
