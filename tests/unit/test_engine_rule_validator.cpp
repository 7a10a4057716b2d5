// Structure of rule and profile files: every problem is reported with its exact place.
#include <gtest/gtest.h>

#include "engine/rule_validator.hpp"
#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

using test::load_errors;

const char* k_head = R"({"rules": [{"id": "r", "area": "postfix", "title": "T", "rationale": "R", "severity": "high",
  )";

TEST(EngineRuleValidator, FileShape) {
  EXPECT_EQ(load_errors("[1, 2]"), "t.json:1:1: a rule or profile file must be an object (found an array)\n");
  EXPECT_EQ(load_errors(R"({"rulez": []})"),
            "t.json:1:1: a rule file lacks required key 'rules'\n"
            "t.json:1:2: unknown key 'rulez' in a rule file (did you mean 'rules'?)\n");
  EXPECT_EQ(load_errors(R"({"rules": {}})"), "t.json:1:11: 'rules' must be an array (found an object)\n");
  EXPECT_EQ(load_errors(R"({"rules": [5]})"), "t.json:1:12: rule #1 must be an object (found an integer)\n");
  EXPECT_EQ(load_errors(R"({"$schema": "../schemas/rule.schema.json", "rules": []})"), "loaded");
}

TEST(EngineRuleValidator, RequiredKeys) {
  EXPECT_EQ(load_errors(R"({"rules": [{}]})"),
            "t.json:1:12: rule #1 lacks required key 'id'\n"
            "t.json:1:12: rule #1 lacks required key 'area'\n"
            "t.json:1:12: rule #1 lacks required key 'title'\n"
            "t.json:1:12: rule #1 lacks required key 'rationale'\n"
            "t.json:1:12: rule #1 lacks required key 'severity'\n"
            "t.json:1:12: rule #1 lacks required key 'check'\n"
            "t.json:1:12: rule #1 lacks required key 'message'\n");
}

TEST(EngineRuleValidator, IdsEnumsTypesAndUnknownKeys) {
  EXPECT_EQ(load_errors(R"({"rules": [{"id": "Postfix_X", "area": "mail", "title": 1, "rationale": "R",
  "severity": "hgh", "sevrity": 1, "message": {"pass": "ok"}, "check": {"exists": "postfix.count"}}]})"),
            "t.json:1:19: rule id 'Postfix_X' is not kebab-case (a-z, 0-9 and single '-')\n"
            "t.json:1:40: unknown area 'mail' in rule 'Postfix_X' (expected one of postfix, cert, dns, live, drift)\n"
            "t.json:1:57: 'title' of rule 'Postfix_X' must be a string (found an integer)\n"
            "t.json:2:15: unknown severity 'hgh' in rule 'Postfix_X' (expected one of critical, high, medium, low, info)\n"
            "t.json:2:22: unknown key 'sevrity' in rule 'Postfix_X' (did you mean 'severity'?)\n"
            "t.json:2:47: message of rule 'Postfix_X' lacks required key 'fail'\n");
}

TEST(EngineRuleValidator, DuplicateKeysInAnObject) {
  EXPECT_EQ(load_errors(std::string(k_head) +
                        R"("message": {"pass": "ok", "fail": "bad"}, "check": {"exists": "postfix.count"}, "severity": "low"}]})"),
            "t.json:2:83: duplicate key 'severity' in rule 'r'\n");
}

TEST(EngineRuleValidator, ReferencesControlsTagsAndMessages) {
  EXPECT_EQ(load_errors(std::string(k_head) + R"("message": {"pass": "ok", "fail": "bad", "skip": "x"}, "check": {"exists": "postfix.count"},
  "references": [{"title": "a"}], "controls": [{"framework": "NIST", "id": 3}], "tags": "x"}]})"),
            "t.json:2:44: unknown key 'skip' in message of rule 'r'\n"
            "t.json:3:18: a reference of rule 'r' lacks required key 'url'\n"
            "t.json:3:76: 'id' of a control of rule 'r' must be a string (found an integer)\n"
            "t.json:3:89: 'tags' of rule 'r' must be an array (found a string)\n");
}

TEST(EngineRuleValidator, Params) {
  EXPECT_EQ(load_errors(std::string(k_head) + R"("message": {"pass": "ok", "fail": "bad"}, "check": {"exists": "postfix.count"},
  "params": {"Min": {"type": "integer", "default": 1, "description": "d"},
             "max": {"type": "int", "default": 1, "description": "d"},
             "low": {"type": "integer", "default": "1", "description": "d"},
             "k": {"type": "integer", "default": 1}}}]})"),
            "t.json:3:14: param name 'Min' of rule 'r' is not an identifier (a-z, 0-9, _)\n"
            "t.json:4:30: unknown type 'int' of param 'max' of rule 'r' (expected one of string, integer, boolean, "
            "list<string>, list<integer>)\n"
            "t.json:5:52: default of param 'low' of rule 'r' must be of type integer\n"
            "t.json:6:19: param 'k' of rule 'r' lacks required key 'description'\n");
}

TEST(EngineRuleValidator, ForEachShape) {
  EXPECT_EQ(load_errors(std::string(k_head) + R"("message": {"pass": "ok", "fail": "bad"}, "check": {"exists": "item.id"},
  "for_each": {"in": "postfix.services", "if_none": "maybe", "report": "all"}}]})"),
            "t.json:1:12: rule 'r' uses for_each and lacks required key 'target'\n"
            "t.json:3:53: unknown if_none 'maybe' in for_each of rule 'r' (expected one of skip, pass, fail)\n"
            "t.json:3:72: unknown report 'all' in for_each of rule 'r' (expected one of each, problems)\n");
  EXPECT_EQ(load_errors(std::string(k_head) + R"("message": {"pass": "ok", "fail": "bad"}, "check": {"exists": "item.id"},
  "target": "{item.id}", "for_each": {"in": "postfix.name"}}]})"),
            "t.json:3:45: for_each needs a list, but 'postfix.name' is string\n");
}

TEST(EngineRuleValidator, TemplatesAndLocations) {
  EXPECT_EQ(load_errors(std::string(k_head) +
                        R"("message": {"pass": "ok {item.nme}", "fail": "bad {observed}", "not_applicable": "{param.x}"},
  "check": {"exists": "item.id"}, "target": "{item.id} {observed}",
  "for_each": {"in": "postfix.services", "where": {"eq": ["item.public", true]}},
  "remediation": ["fix {target}", "then {param.x}"], "locations": ["item.nope"], "summary_target": "{item.id}"}]})"),
            "t.json:2:27: unknown fact path 'item.nme': 'item' has no member 'nme'\n"
            "t.json:2:85: unknown param 'x' (rule 'r' declares no params)\n"
            "t.json:3:56: placeholder '{observed}' cannot be used in this template\n"
            "t.json:5:41: unknown param 'x' (rule 'r' declares no params)\n"
            "t.json:5:68: unknown fact path 'item.nope': 'item' has no member 'nope'\n"
            "t.json:5:101: unknown fact path 'item.id': 'item' is not a fact root (dns, postfix); "
            "summary_target stands for no single item, so 'item' is not bound there\n");
  EXPECT_EQ(load_errors(std::string(k_head) + R"("message": {"pass": "ok", "fail": "bad"}, "check": {"exists": "postfix.count"},
  "remediation": 5, "locations": ["postfix.count", 3]}]})"),
            "t.json:3:18: 'remediation' of rule 'r' must be an array (found an integer)\n"
            "t.json:3:52: each entry of 'locations' of rule 'r' must be a string (found an integer)\n");
}

TEST(EngineRuleValidator, ProfileFiles) {
  EXPECT_EQ(load_errors(R"({"profile": "Base", "extends": 3, "select": "x", "overrides": [], "foo": 1})"),
            "t.json:1:13: profile name 'Base' is not kebab-case (a-z, 0-9 and single '-')\n"
            "t.json:1:32: 'extends' of profile 'Base' must be a string (found an integer)\n"
            "t.json:1:45: 'select' of profile 'Base' must be an array (found a string)\n"
            "t.json:1:63: 'overrides' of profile 'Base' must be an object (found an array)\n"
            "t.json:1:67: unknown key 'foo' in profile 'Base'\n");
}

TEST(EngineRuleValidator, SeverityNamesAndRuleKeys) {
  EXPECT_EQ(severity_from_string("critical"), Severity::critical);
  EXPECT_EQ(severity_from_string("info"), Severity::info);
  EXPECT_FALSE(severity_from_string("High").has_value());
  std::vector<std::string_view> keys = rule_keys();
  EXPECT_EQ(keys.size(), 19u);
  EXPECT_EQ(keys.front(), "id");
}

}  // namespace
}  // namespace mtaudit::engine
