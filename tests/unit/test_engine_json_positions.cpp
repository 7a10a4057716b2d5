#include <gtest/gtest.h>

#include "engine/json_positions.hpp"

namespace mtaudit::engine {
namespace {

JsonNode parse_ok(const std::string& text) {
  SourceText s("t.json", text);
  auto doc = parse_json(s);
  EXPECT_TRUE(doc.ok());
  return doc.ok() ? *doc : JsonNode{};
}

std::string parse_error(const std::string& text) {
  SourceText s("t.json", text);
  auto doc = parse_json(s);
  if (doc.ok()) {
    return "parsed";
  }
  const Diag& d = doc.errors().front();
  return std::to_string(d.line) + ":" + std::to_string(d.col) + " " + d.message;
}

TEST(EngineJsonPositions, RecordsValueAndKeyOffsets) {
  //                         0123456789012345678901234567890
  JsonNode doc = parse_ok(R"({"a": [1, "x", true, null], "b": {"c": -2}})");
  ASSERT_EQ(doc.kind, JsonNode::Kind::object);
  EXPECT_EQ(doc.offset, 0u);
  ASSERT_EQ(doc.members.size(), 2u);
  EXPECT_EQ(doc.members[0].key, "a");
  EXPECT_EQ(doc.members[0].key_offset, 1u);
  const JsonNode& a = doc.members[0].value;
  EXPECT_EQ(a.offset, 6u);
  ASSERT_EQ(a.items.size(), 4u);
  EXPECT_EQ(a.items[0].offset, 7u);
  EXPECT_EQ(a.items[0].integer, 1);
  EXPECT_EQ(a.items[1].offset, 10u);
  EXPECT_EQ(a.items[1].string, "x");
  EXPECT_EQ(a.items[2].offset, 15u);
  EXPECT_TRUE(a.items[2].boolean);
  EXPECT_EQ(a.items[3].offset, 21u);
  EXPECT_EQ(a.items[3].kind, JsonNode::Kind::null);
  EXPECT_EQ(doc.members[1].key_offset, 28u);
  const JsonNode& c = *doc.members[1].value.find("c");
  EXPECT_EQ(c.offset, 39u);
  EXPECT_EQ(c.integer, -2);
}

TEST(EngineJsonPositions, EscapedStringsKeepLaterOffsetsRight) {
  JsonNode doc = parse_ok("{\"k\\\"ey\": \"a\\u00e9\\n\", \"z\": false}");
  EXPECT_EQ(doc.members[0].key, "k\"ey");
  EXPECT_EQ(doc.members[0].value.string, "a\xC3\xA9\n");
  EXPECT_EQ(doc.members[1].key_offset, 23u);
  EXPECT_EQ(doc.members[1].value.offset, 28u);
  EXPECT_FALSE(doc.members[1].value.boolean);
}

TEST(EngineJsonPositions, NumbersBeyondIntegersAreNumbers) {
  JsonNode doc = parse_ok("[1.5, 18446744073709551615, 9223372036854775807]");
  EXPECT_EQ(doc.items[0].kind, JsonNode::Kind::number);
  EXPECT_DOUBLE_EQ(doc.items[0].number, 1.5);
  EXPECT_EQ(doc.items[1].kind, JsonNode::Kind::number);
  EXPECT_EQ(doc.items[2].kind, JsonNode::Kind::integer);
  EXPECT_EQ(doc.items[2].integer, 9223372036854775807LL);
  EXPECT_EQ(doc.items[1].offset, 6u);
}

TEST(EngineJsonPositions, DuplicateKeysAreKeptInOrder) {
  JsonNode doc = parse_ok(R"({"a": 1, "a": 2})");
  ASSERT_EQ(doc.members.size(), 2u);
  EXPECT_EQ(doc.find("a")->integer, 1);
  EXPECT_EQ(doc.find("b"), nullptr);
}

TEST(EngineJsonPositions, SyntaxErrorsPointAtTheOffendingCharacter) {
  EXPECT_EQ(parse_error("{\n  \"a\": 1\n  \"b\": 2\n}"), "3:3 invalid JSON: syntax error at '\"'");
  EXPECT_EQ(parse_error("[1, 2,]"), "1:7 invalid JSON: syntax error at ']'");
  EXPECT_EQ(parse_error("{\"a\": \"x\\q\"}"), "1:10 invalid JSON: syntax error at 'q'");
  EXPECT_EQ(parse_error("{\"a\": 1"), "1:8 invalid JSON: unexpected end of file");
  EXPECT_EQ(parse_error("{} x"), "1:4 invalid JSON: extra data after the document");
  EXPECT_EQ(parse_error(""), "1:1 invalid JSON: unexpected end of file");
}

TEST(EngineJsonPositions, KindNames) {
  EXPECT_EQ(kind_name(JsonNode::Kind::object), "object");
  EXPECT_EQ(kind_name(JsonNode::Kind::array), "array");
  EXPECT_EQ(kind_name(JsonNode::Kind::integer), "integer");
  EXPECT_EQ(kind_name(JsonNode::Kind::number), "number");
  EXPECT_EQ(kind_name(JsonNode::Kind::null), "null");
}

}  // namespace
}  // namespace mtaudit::engine
