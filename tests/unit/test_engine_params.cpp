#include <gtest/gtest.h>

#include "engine/params.hpp"

namespace mtaudit::engine {
namespace {

using facts::Fact;
using facts::FactList;

TEST(EngineParams, KnowsTheDeclarableTypes) {
  EXPECT_EQ(type_name(**param_type_from_name("integer")), "integer");
  EXPECT_EQ(type_name(**param_type_from_name("list<string>")), "list<string>");
  EXPECT_EQ(type_name(**param_type_from_name("list<integer>")), "list<integer>");
  EXPECT_FALSE(param_type_from_name("int").has_value());
  EXPECT_FALSE(param_type_from_name("list").has_value());
}

TEST(EngineParams, ConvertsJsonLiterals) {
  SourceText s("t", R"([1, "a", true, ["x", 2], null, 1.5, {"k": 1}, [[1]]])");
  JsonNode n = *parse_json(s);
  EXPECT_EQ(literal_from_json(n.items[0])->as_int(), 1);
  EXPECT_EQ(literal_from_json(n.items[1])->as_string(), "a");
  EXPECT_TRUE(literal_from_json(n.items[2])->as_bool());
  EXPECT_EQ(render_value(*literal_from_json(n.items[3])), "[x, 2]");
  EXPECT_FALSE(literal_from_json(n.items[4]).has_value());
  EXPECT_FALSE(literal_from_json(n.items[5]).has_value());
  EXPECT_FALSE(literal_from_json(n.items[6]).has_value());
  EXPECT_FALSE(literal_from_json(n.items[7]).has_value());
}

TEST(EngineParams, ChecksValuesAgainstTypes) {
  auto list_int = *param_type_from_name("list<integer>");
  EXPECT_TRUE(value_fits(Fact(FactList{Fact(1), Fact(2)}), *list_int));
  EXPECT_FALSE(value_fits(Fact(FactList{Fact(1), Fact("2")}), *list_int));
  EXPECT_FALSE(value_fits(Fact(1), **param_type_from_name("string")));
  EXPECT_TRUE(value_fits(Fact("x"), *any_type()));
  EXPECT_EQ(type_name(*literal_type(Fact(FactList{}))), "list<any>");
  EXPECT_EQ(type_name(*literal_type(Fact(FactList{Fact(true)}))), "list<boolean>");
}

TEST(EngineParams, ParsesCommandLineValues) {
  EXPECT_EQ(param_from_text("30", **param_type_from_name("integer"))->as_int(), 30);
  EXPECT_FALSE(param_from_text("30d", **param_type_from_name("integer")).has_value());
  EXPECT_TRUE(param_from_text("yes", **param_type_from_name("boolean"))->as_bool());
  EXPECT_FALSE(param_from_text("false", **param_type_from_name("boolean"))->as_bool());
  EXPECT_FALSE(param_from_text("maybe", **param_type_from_name("boolean")).has_value());
  EXPECT_EQ(render_value(*param_from_text(" a, b ,c", **param_type_from_name("list<string>"))), "[a, b, c]");
  EXPECT_EQ(render_value(*param_from_text("", **param_type_from_name("list<integer>"))), "[]");
  EXPECT_FALSE(param_from_text("1,x", **param_type_from_name("list<integer>")).has_value());
}

TEST(EngineParams, RendersValuesShortly) {
  EXPECT_EQ(render_value(Fact("")), "\"\"");
  EXPECT_EQ(render_value(Fact("may")), "may");
  EXPECT_EQ(render_value(Fact(false)), "false");
  EXPECT_EQ(render_value(Fact()), "null");
  facts::FactMap m;
  m["a"] = Fact(1);
  EXPECT_EQ(render_value(Fact(m)), "{1 members}");
  EXPECT_EQ(render_value(Fact::gap(facts::Gap::Kind::failed, "timeout")), "(timeout)");
}

}  // namespace
}  // namespace mtaudit::engine
