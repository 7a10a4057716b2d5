// schemas/rule.schema.json documents the rule format for people and editors; the engine checks
// rules with its own validator. These tests keep the two in step.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "engine/predicate_parser.hpp"
#include "engine/rule_validator.hpp"
#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

class RuleSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    m_source = std::make_unique<SourceText>("rule.schema.json", test::read_text("schemas/rule.schema.json"));
    auto doc = parse_json(*m_source);
    ASSERT_TRUE(doc.ok());
    m_doc = std::move(*doc);
  }

  std::set<std::string> property_names(const std::string& def) const {
    std::set<std::string> names;
    for (const auto& m : m_doc.find("$defs")->find(def)->find("properties")->members) {
      names.insert(m.key);
    }
    return names;
  }

  std::unique_ptr<SourceText> m_source;
  JsonNode m_doc;
};

template <class Range>
std::set<std::string> as_set(const Range& names) {
  return std::set<std::string>(names.begin(), names.end());
}

TEST_F(RuleSchema, RuleKeysMatchTheValidator) {
  EXPECT_EQ(property_names("rule"), as_set(rule_keys()));
  std::set<std::string> required;
  for (const auto& item : m_doc.find("$defs")->find("rule")->find("required")->items) {
    required.insert(item.string);
  }
  EXPECT_EQ(required, (std::set<std::string>{"id", "area", "title", "rationale", "severity", "check", "message"}));
}

TEST_F(RuleSchema, OperatorsMatchTheParser) {
  auto expected = as_set(operator_names());
  expected.insert("explain");  // beside the operator key: what a false predicate means
  EXPECT_EQ(property_names("predicate"), expected);
}

TEST_F(RuleSchema, NestedObjectsMatchTheValidator) {
  EXPECT_EQ(property_names("message"), (std::set<std::string>{"pass", "fail", "not_applicable", "none"}));
  EXPECT_EQ(property_names("for_each"), (std::set<std::string>{"in", "where", "if_none", "report"}));
  EXPECT_EQ(property_names("quantifier"), (std::set<std::string>{"in", "as", "where", "check", "label"}));
  EXPECT_EQ(property_names("count"), (std::set<std::string>{"in", "as", "where", "eq", "ne", "lt", "le", "gt", "ge"}));
  EXPECT_EQ(property_names("param"), (std::set<std::string>{"type", "default", "description"}));
  EXPECT_EQ(property_names("profile_file"),
            (std::set<std::string>{"$schema", "$comment", "profile", "description", "extends", "select", "overrides"}));
}

TEST(FactsSchema, DescribesEveryPostfixFactPath) {
  auto schema = load_fact_schema(SourceText("facts.schema.json", test::read_text("schemas/facts.schema.json")));
  ASSERT_TRUE(schema.ok());
  const FactType& postfix = *(*schema)->members.at("postfix");
  std::set<std::string> members;
  for (const auto& [name, type] : postfix.members) {
    members.insert(name);
    EXPECT_FALSE(type->description.empty()) << name;
  }
  EXPECT_EQ(members, (std::set<std::string>{"version", "version_source", "config_dir", "compatibility_level",
                                            "compatibility_level_set", "map_types", "settings", "main", "services",
                                            "tlsproxy_enabled", "policy_maps", "sni_maps"}));
  EXPECT_EQ((*schema)->members.size(), 4u);
}

}  // namespace
}  // namespace mtaudit::engine
