#include <gtest/gtest.h>

#include "engine/fact_schema.hpp"
#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

FactTypePtr load_ok(const std::string& text) {
  auto schema = load_fact_schema(SourceText("s.json", text));
  EXPECT_TRUE(schema.ok()) << (schema.ok() ? "" : test::messages(schema.errors()));
  return schema.ok() ? *schema : any_type();
}

std::string load_error(const std::string& text) {
  auto schema = load_fact_schema(SourceText("s.json", text));
  return schema.ok() ? "loaded" : test::messages(schema.errors());
}

FactTypePtr at(FactTypePtr type, std::initializer_list<const char*> path) {
  for (const char* member : path) {
    type = type == nullptr ? nullptr : member_type(*type, member);
  }
  return type;
}

TEST(EngineFactSchema, ReadsTypesMembersListsAndMaps) {
  FactTypePtr root = load_ok(test::test_schema().text);
  EXPECT_EQ(type_name(*at(root, {"postfix", "version"})), "string");
  EXPECT_EQ(type_name(*at(root, {"postfix", "port"})), "integer|null");
  EXPECT_EQ(type_name(*at(root, {"postfix", "tokens"})), "list<string>");
  EXPECT_EQ(type_name(*at(root, {"postfix", "main"})), "map<string>");
  EXPECT_EQ(type_name(*at(root, {"postfix", "main", "any_name"})), "string");
  EXPECT_EQ(type_name(*at(root, {"postfix", "services"})), "list<object>");
  EXPECT_EQ(type_name(*at(root, {"postfix", "services"})->element->members.at("ciphers")), "list<object>");
  EXPECT_EQ(at(root, {"postfix", "nope"}), nullptr);
  EXPECT_EQ(at(root, {"postfix", "version", "x"}), nullptr);
}

TEST(EngineFactSchema, OpenObjectsAcceptAnyMember) {
  FactTypePtr root = load_ok(test::test_schema().text);
  EXPECT_EQ(type_name(*at(root, {"dns", "mx", "whatever"})), "any");
}

TEST(EngineFactSchema, KeepsDescriptions) {
  FactTypePtr root = load_ok(R"({"type": "object", "additionalProperties": false,
    "properties": {"a": {"type": "integer", "description": "the a"}}})");
  EXPECT_EQ(at(root, {"a"})->description, "the a");
}

TEST(EngineFactSchema, ReportsUnsupportedConstructs) {
  EXPECT_EQ(load_error(R"({"type": "object", "properties": {"a": {"type": "number"}}})"),
            "s.json:1:49: unsupported schema type\n");
  EXPECT_EQ(load_error(R"({"type": "object", "properties": {"a": {"$ref": "#/$defs/x"}}})"),
            "s.json:1:49: unknown $ref '#/$defs/x'\n");
  EXPECT_EQ(load_error(R"({"type": "object", "properties": {"a": {"$ref": "other.json"}}})"),
            "s.json:1:49: only \"#/$defs/NAME\" references are supported\n");
  EXPECT_EQ(load_error(R"({"type": "object", "properties": {"a": 5}})"),
            "s.json:1:40: schema must be an object\n");
}

TEST(EngineFactSchema, ReportsRefCycles) {
  EXPECT_EQ(load_error(R"({"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/a"}}})"),
            "s.json:1:38: schema nests too deeply ($ref cycle?)\n");
}

TEST(EngineFactSchema, TheProjectSchemaLoads) {
  auto schema = load_fact_schema(SourceText("facts.schema.json", test::read_text("schemas/facts.schema.json")));
  ASSERT_TRUE(schema.ok()) << test::messages(schema.errors());
  FactTypePtr root = *schema;
  EXPECT_EQ(type_name(*at(root, {"postfix", "services"})), "list<object>");
  FactTypePtr service = at(root, {"postfix", "services"})->element;
  EXPECT_EQ(type_name(*at(service, {"tls", "opportunistic_protocols", "enabled"})), "list<string>");
  EXPECT_EQ(type_name(*at(service, {"port"})), "integer|null");
  EXPECT_EQ(type_name(*at(root, {"postfix", "main", "smtpd_tls_security_level"})), "string");
  EXPECT_EQ(type_name(*at(root, {"files", "certificates"})), "list<object>");
  ASSERT_NE(at(root, {"live", "ports"}), nullptr);
  EXPECT_EQ(type_name(*at(root, {"live", "ports"})), "list<object>");
  FactTypePtr port = at(root, {"live", "ports"})->element;
  EXPECT_EQ(type_name(*at(port, {"protocols_accepted"})), "list<string>");
  EXPECT_EQ(type_name(*at(port, {"certificates", "rsa", "days_left"})), "integer");
  EXPECT_EQ(at(root, {"live", "anything"}), nullptr);  // typed now: an unknown path is a load error
}

}  // namespace
}  // namespace mtaudit::engine
