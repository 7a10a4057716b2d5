#include "reporters/json_write.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace mtaudit::reporters {
namespace {

namespace json = boost::json;

TEST(JsonWrite, IndentsAndKeepsInsertionOrder) {
  json::object o;
  o["z"] = 1;
  o["a"] = json::array{true, nullptr, "s"};
  o["e"] = json::object{};
  o["f"] = json::array{};
  EXPECT_EQ(to_pretty_json(o),
            "{\n  \"z\": 1,\n  \"a\": [\n    true,\n    null,\n    \"s\"\n  ],\n"
            "  \"e\": {},\n  \"f\": []\n}\n");
}

TEST(JsonWrite, EscapesControlCharactersAndQuotes) {
  json::object o;
  o["k\"ey"] = "tab\there \x01 \"q\" \\ é";
  EXPECT_EQ(to_pretty_json(o), "{\n  \"k\\\"ey\": \"tab\\there \\u0001 \\\"q\\\" \\\\ é\"\n}\n");
}

TEST(JsonWrite, Scalars) {
  EXPECT_EQ(to_pretty_json(json::value(42)), "42\n");
  EXPECT_EQ(to_pretty_json(json::value("x")), "\"x\"\n");
}

}  // namespace
}  // namespace mtaudit::reporters
