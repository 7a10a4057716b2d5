#include <gtest/gtest.h>

#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

using test::load_errors;
using test::one_rule;

TEST(EnginePredicateCompiler, RegexesAreCompiledAtLoad) {
  EXPECT_EQ(load_errors(one_rule(R"({"regex": ["postfix.name", "("]})")),
            "t.json:3:41: invalid regex '(': Mismatched '(' and ')' in regular expression\n");
  auto rules = test::load(one_rule(R"({"regex": ["postfix.name", "^mail\\."]})"));
  ASSERT_TRUE(rules.ok());
  ASSERT_NE(rules->rules.front().check.regex, nullptr);
  EXPECT_TRUE(std::regex_search("mail.example.org", *rules->rules.front().check.regex));
}

TEST(EnginePredicateCompiler, VersionLiteralsMustBeDotted) {
  EXPECT_EQ(load_errors(one_rule(R"({"version_ge": ["postfix.version", "3.x"]})")),
            "t.json:3:49: '3.x' is not a dotted version (digits separated by '.')\n");
  EXPECT_EQ(load_errors(one_rule(R"({"version_ge": ["postfix.version", "3.10.1"]})")), "loaded");
}

TEST(EnginePredicateCompiler, NestedPredicatesAreCompiledToo) {
  EXPECT_EQ(load_errors(one_rule(R"({"not": {"any": [{"regex": ["postfix.name", "["]}]}})")),
            "t.json:3:58: invalid regex '[': Unexpected character within '[...]' in regular expression\n");
}

}  // namespace
}  // namespace mtaudit::engine
