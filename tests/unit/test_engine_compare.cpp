#include <gtest/gtest.h>

#include "engine/compare.hpp"

#include <re2/re2.h>

namespace mtaudit::engine {
namespace {

using facts::Fact;
using facts::FactList;

Comparison cmp(Op op, const Fact& a, const Fact& b) {
  Predicate p;
  p.op = op;
  if (op == Op::regex) {
    p.regex = std::make_shared<const re2::RE2>(b.as_string());
  }
  return compare(p, a, b);
}

bool yes(Op op, const Fact& a, const Fact& b) {
  Comparison c = cmp(op, a, b);
  EXPECT_EQ(c.error, "");
  return c.value;
}

Fact list(std::initializer_list<const char*> items) {
  FactList l;
  for (const char* i : items) {
    l.push_back(Fact(i));
  }
  return Fact(l);
}

TEST(EngineCompare, Equality) {
  EXPECT_TRUE(yes(Op::eq, Fact("may"), Fact("may")));
  EXPECT_FALSE(yes(Op::eq, Fact("may"), Fact("May")));
  EXPECT_TRUE(yes(Op::ne, Fact(1), Fact(2)));
  EXPECT_TRUE(yes(Op::eq, Fact(true), Fact(true)));
  EXPECT_EQ(cmp(Op::eq, Fact(1), Fact("1")).error, "cannot compare 1 (integer) with 1 (string)");
}

TEST(EngineCompare, Ordering) {
  EXPECT_TRUE(yes(Op::lt, Fact(1), Fact(2)));
  EXPECT_TRUE(yes(Op::le, Fact(2), Fact(2)));
  EXPECT_FALSE(yes(Op::gt, Fact(2), Fact(2)));
  EXPECT_TRUE(yes(Op::ge, Fact(2), Fact(2)));
  EXPECT_EQ(cmp(Op::lt, Fact("1"), Fact(2)).error, "cannot compare 1 (string) with 2 (integer)");
}

TEST(EngineCompare, Membership) {
  EXPECT_TRUE(yes(Op::in, Fact("may"), list({"may", "encrypt"})));
  EXPECT_FALSE(yes(Op::in, Fact("none"), list({"may", "encrypt"})));
  EXPECT_EQ(cmp(Op::in, Fact("may"), Fact("may")).error, "cannot compare may (string) with may (string)");
}

TEST(EngineCompare, Strings) {
  EXPECT_TRUE(yes(Op::regex, Fact("may # x"), Fact("#")));
  EXPECT_FALSE(yes(Op::regex, Fact("Yes"), Fact("^yes$")));
  EXPECT_TRUE(yes(Op::starts_with, Fact("btree:/x"), Fact("btree")));
  EXPECT_TRUE(yes(Op::ends_with, Fact("a.pem"), Fact(".pem")));
  EXPECT_FALSE(yes(Op::ends_with, Fact("a"), Fact(".pem")));
  EXPECT_TRUE(yes(Op::contains, Fact("dns, native"), Fact("dns")));
}

TEST(EngineCompare, RegexSubjectsAreBounded) {
  EXPECT_FALSE(yes(Op::regex, Fact(std::string(4096, 'a')), Fact("b")));
  EXPECT_EQ(cmp(Op::regex, Fact(std::string(4097, 'a')), Fact("a")).error,
            "value is too long for a regex match (4097 bytes, limit 4096)");
}

TEST(EngineCompare, Versions) {
  EXPECT_TRUE(yes(Op::version_ge, Fact("3.10"), Fact("3.9")));
  EXPECT_TRUE(yes(Op::version_lt, Fact("3.9"), Fact("3.10")));
  EXPECT_TRUE(yes(Op::version_eq, Fact("3.7.0"), Fact("3.7")));
  EXPECT_TRUE(yes(Op::version_ne, Fact("3.7.1"), Fact("3.7")));
  EXPECT_TRUE(yes(Op::version_le, Fact("3.7.11-1"), Fact("3.7.11")));
  EXPECT_TRUE(yes(Op::version_gt, Fact("3.8"), Fact("3.7.99")));
  EXPECT_EQ(cmp(Op::version_ge, Fact("unknown"), Fact("3.6")).error, "'unknown' is not a version");
}

TEST(EngineCompare, Sets) {
  Fact have = list({"TLSv1.2", "TLSv1.3"});
  EXPECT_TRUE(yes(Op::includes_all, have, list({"TLSv1.3", "TLSv1.2"})));
  EXPECT_FALSE(yes(Op::includes_all, have, list({"TLSv1.3", "TLSv1"})));
  EXPECT_TRUE(yes(Op::includes_any, have, list({"TLSv1", "TLSv1.3"})));
  EXPECT_TRUE(yes(Op::includes_none, have, list({"SSLv2", "SSLv3"})));
  EXPECT_FALSE(yes(Op::includes_none, have, list({"TLSv1.2"})));
  EXPECT_TRUE(yes(Op::subset_of, have, list({"TLSv1.1", "TLSv1.2", "TLSv1.3"})));
  EXPECT_FALSE(yes(Op::subset_of, have, list({"TLSv1.3"})));
  EXPECT_TRUE(yes(Op::includes_all, have, list({})));
  EXPECT_EQ(cmp(Op::subset_of, Fact("x"), have).error, "cannot compare x (string) with [TLSv1.2, TLSv1.3] (list)");
}

TEST(EngineCompare, Emptiness) {
  EXPECT_TRUE(emptiness(Op::empty, Fact("")).value);
  EXPECT_TRUE(emptiness(Op::empty, Fact(FactList{})).value);
  EXPECT_TRUE(emptiness(Op::not_empty, list({"a"})).value);
  EXPECT_TRUE(emptiness(Op::empty, Fact(facts::FactMap{})).value);
  EXPECT_EQ(emptiness(Op::empty, Fact(3)).error, "'empty' needs a list, map or string, not 3 (integer)");
}

TEST(EngineCompare, ExpectationsReadAsText) {
  Fact levels = list({"may", "encrypt"});
  EXPECT_EQ(expectation(Op::eq, &levels), "[may, encrypt]");
  EXPECT_EQ(expectation(Op::in, &levels), "one of [may, encrypt]");
  Fact two(2);
  EXPECT_EQ(expectation(Op::ge, &two), ">= 2");
  Fact pattern("^yes$");
  EXPECT_EQ(expectation(Op::regex, &pattern), "matching /^yes$/");
  EXPECT_EQ(expectation(Op::includes_none, &levels), "including none of [may, encrypt]");
  EXPECT_EQ(expectation(Op::exists, nullptr), "present");
  EXPECT_EQ(expectation(Op::not_empty, nullptr), "not empty");
}

TEST(EngineCompare, ValueKinds) {
  EXPECT_EQ(value_kind(Fact()), "null");
  EXPECT_EQ(value_kind(Fact(true)), "boolean");
  EXPECT_EQ(value_kind(Fact(facts::FactMap{})), "map");
}

}  // namespace
}  // namespace mtaudit::engine
