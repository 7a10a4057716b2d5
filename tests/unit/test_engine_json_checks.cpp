#include <gtest/gtest.h>

#include "engine/json_checks.hpp"
#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

TEST(EngineJsonChecks, SuggestsCloseWords) {
  EXPECT_EQ(did_you_mean("severty", {"id", "severity"}), " (did you mean 'severity'?)");
  EXPECT_EQ(did_you_mean("zzzzzz", {"id", "severity"}), "");
}

TEST(EngineJsonChecks, NamesKindsWithArticles) {
  EXPECT_EQ(a_kind(JsonNode::Kind::integer), "an integer");
  EXPECT_EQ(a_kind(JsonNode::Kind::object), "an object");
  EXPECT_EQ(a_kind(JsonNode::Kind::array), "an array");
  EXPECT_EQ(a_kind(JsonNode::Kind::string), "a string");
  EXPECT_EQ(a_kind(JsonNode::Kind::null), "null");
}

TEST(EngineJsonChecks, ReportsKeysAndKinds) {
  SourceText s("t.json", R"({"a": 1, "a": 2, "b": "x", "zz": [1, "y"]})");
  JsonNode doc = *parse_json(s);
  Diags errors;
  JsonChecker c(s, errors);
  EXPECT_FALSE(c.keys(doc, "thing", {"a", "c"}, {"b", "zz"}));
  EXPECT_FALSE(c.string(doc, "a", "thing").has_value());
  EXPECT_EQ(c.string(doc, "b", "thing").value(), "x");
  EXPECT_EQ(c.strings(doc, "zz", "thing"), std::vector<std::string>{"y"});
  EXPECT_EQ(test::messages(errors),
            "t.json:1:10: duplicate key 'a' in thing\n"
            "t.json:1:1: thing lacks required key 'c'\n"
            "t.json:1:7: 'a' of thing must be a string (found an integer)\n"
            "t.json:1:35: each entry of 'zz' of thing must be a string (found an integer)\n");
}

}  // namespace
}  // namespace mtaudit::engine
