// A rule author cannot make the engine hang or crash: nesting, list sizes, file sizes and
// regular expressions are bounded at load time (RE2 matches in linear time).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>

#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

using test::load;
using test::messages;
using test::one_rule;

TEST(EngineLimits, DeepNestingIsALoadErrorNotAStackOverflow) {
  std::string check;
  for (int i = 0; i < 100000; ++i) check += "{\"not\": ";
  check += R"({"exists": "postfix.count"})" + std::string(100000, '}');
  auto rules = load({RuleSource{"deep.json", one_rule(check)}});
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(messages(rules.errors()).find("too deep"), std::string::npos) << messages(rules.errors());
}

TEST(EngineLimits, HugeLiteralListsAreRefused) {
  std::string list = "[";
  for (int i = 0; i < 100000; ++i) list += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
  list += "]";
  auto start = std::chrono::steady_clock::now();
  auto rules = load({RuleSource{"big.json", one_rule(R"({"in": ["postfix.name", )" + list + "]}")}});
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(messages(rules.errors()).find("a literal list of 100000 elements (at most 4096)"), std::string::npos)
      << messages(rules.errors());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(EngineLimits, BacktrackingRegexesAreLinearOrRefused) {
  // Catastrophic for a backtracking engine, linear for RE2.
  EXPECT_TRUE(load({RuleSource{"re.json", one_rule(R"({"regex": ["postfix.name", "^(a+)+$"]})")}}).ok());
  // Backreferences need backtracking: RE2 refuses them at load.
  auto back = load({RuleSource{"re.json", one_rule(R"({"regex": ["postfix.name", "(a)\\1"]})")}});
  EXPECT_FALSE(back.ok());
}

TEST(EngineLimits, OversizedRuleFilesAreRefusedUnread) {
  std::string path = ::testing::TempDir() + "/mtaudit-huge-rules.json";
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string(k_max_rule_file_bytes + 1, ' ');
  }
  auto src = read_rule_source(path);
  std::remove(path.c_str());
  ASSERT_FALSE(src.ok());
  EXPECT_NE(src.errors().front().message.find("larger than 4 MiB"), std::string::npos);
}

}  // namespace
}  // namespace mtaudit::engine
