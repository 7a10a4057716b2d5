#include <gtest/gtest.h>

#include <map>

#include "collectors/postfix_config/macro_expand.hpp"

using namespace mtaudit::postfix;

namespace {

struct Dict {
  std::map<std::string, std::string, std::less<>> values;
  std::vector<std::string> undefined;

  mtaudit::Expected<std::string> expand(const std::string& text) {
    RawLookup lookup = [this](std::string_view n) -> const std::string* {
      auto it = values.find(n);
      return it == values.end() ? nullptr : &it->second;
    };
    return expand_macros(text, lookup, ExpandOptions{}, &undefined);
  }
  std::string ok(const std::string& text) {
    auto r = expand(text);
    EXPECT_TRUE(r.ok()) << text;
    return r.ok() ? *r : "<error>";
  }
  std::string error(const std::string& text) {
    auto r = expand(text);
    EXPECT_FALSE(r.ok()) << text;
    return r.ok() ? "<ok>" : r.errors().front().message;
  }
};

}  // namespace

// Every expectation below was checked with Debian's postconf 3.7.11 -x.
TEST(MacroExpand, NamesAndEscapes) {
  Dict d{{{"a", "1"}, {"b", "$(a)"}, {"empty", ""}}};
  EXPECT_EQ(d.ok("${a}$b"), "11");
  EXPECT_EQ(d.ok("$a$$b"), "1$b");
  EXPECT_EQ(d.ok("x$undefined_y"), "x");
  EXPECT_EQ(d.undefined, std::vector<std::string>{"undefined_y"});
  EXPECT_EQ(d.ok("${a}x"), "1x");
  EXPECT_EQ(d.ok("$a.b"), "1.b");
}

TEST(MacroExpand, Conditionals) {
  Dict d{{{"a", "1"}, {"x", "nonempty"}, {"empty", ""}}};
  EXPECT_EQ(d.ok("${x ? { sp } : {no}}"), " sp ");
  EXPECT_EQ(d.ok("${a?{t1}:t2 and more}"), "t1");
  EXPECT_EQ(d.ok("${empty?{t1}:t2 and more}"), "t2 and more");
  EXPECT_EQ(d.ok("pre ${a?yes:no} post"), "pre yes:no post");
  EXPECT_EQ(d.ok("${undefined_x:{ dflt }}"), " dflt ");
  EXPECT_EQ(d.ok("${empty:dflt}"), "dflt");
  EXPECT_EQ(d.ok("${a:dflt}"), "");
}

TEST(MacroExpand, Relational) {
  Dict d{{{"a", "1"}, {"compatibility_level", "3.10"}}};
  EXPECT_EQ(d.ok("${{} == {0} ? {eq} : {ne}}"), "ne");
  EXPECT_EQ(d.ok("${{ 5 } == {5} ? {eq} : {ne}}"), "ne");
  EXPECT_EQ(d.ok("${{$a} <= {3} ? {le}}"), "le");
  EXPECT_EQ(d.ok("${{$a}=={1}?{eq}:{ne}}"), "eq");
  EXPECT_EQ(d.ok("${{10} > {9} ? {num} : {lex}}"), "num");
  EXPECT_EQ(d.ok("${{3.10} < {3.9} ? {lt} : {ge}}"), "lt");
  EXPECT_EQ(d.ok("${{3.10} <level {3.9} ? {lt} : {ge}}"), "ge");
  EXPECT_EQ(d.ok("${{$compatibility_level} <level {3.6} ? {md5} : {sha256}}"), "sha256");
}

TEST(MacroExpand, Errors) {
  Dict d{{{"a", "1"}, {"c1", "$c2"}, {"c2", "$c1"}}};
  EXPECT_EQ(d.error("${a?{x}}${a"), "truncated macro reference: \"${a?{x}}${a\"");
  EXPECT_EQ(d.error("$"), "empty macro name: \"$\"");
  EXPECT_EQ(d.error("${{1} foo {2}?{a}}"),
            "\"==\" or \"!=\"\" or \"<\"\" or \"<=\"\" or \">=\"\" or \">\" expected at: "
            "\"...1}>>>foo {2}?{a}\"");
  // postconf -x c1 expands c1's value "$c2": the 101st nested name is c1 again.
  EXPECT_EQ(d.error("$c2"), "unreasonable macro call nesting: \"c1\"");
  EXPECT_EQ(d.error("${a b}"), "attribute name syntax error at: \"...a>>> b\"");
  EXPECT_EQ(d.error("${a?{x} y}"), "\":\" expected at: \"...x}>>>y\"");
  EXPECT_EQ(d.error("${{1} ==x {2}?{a}}"), "bad operator suffix at: \"...==>>>x\"");
  EXPECT_EQ(d.error("${{1} == 2}"), "\"{expression}\" expected at: \"...{1} ==>>> 2\"");
}

TEST(MacroExpand, CompatLevels) {
  EXPECT_LT(*compare_compat_levels("3.5.99", "3.6"), 0);
  EXPECT_EQ(*compare_compat_levels("3.6.0", "3.6"), 0);
  EXPECT_GT(*compare_compat_levels("9", "3.6"), 0);
  EXPECT_FALSE(compare_compat_levels("3.x", "3.6").ok());
}
