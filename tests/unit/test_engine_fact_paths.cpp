#include <gtest/gtest.h>

#include "engine/fact_paths.hpp"
#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

FactTypePtr schema() {
  return *load_fact_schema(SourceText("s", test::read_text("tests/unit/engine_data/facts.test.schema.json")));
}

PathRef path(const std::string& text) { return *parse_path(SourceText("t", ""), text, 0); }

TEST(EngineFactPaths, ResolvesRootsAndTypes) {
  Scope scope(schema());
  PathRef p = path("postfix.services");
  EXPECT_EQ(scope.resolve(p), std::nullopt);
  EXPECT_TRUE(p.root);
  EXPECT_EQ(type_name(*p.type), "list<object>");
  EXPECT_TRUE(scope.is_root("dns"));
  EXPECT_FALSE(scope.is_bound("dns"));
}

TEST(EngineFactPaths, BoundNamesShadowNothingAndTypeTheirPaths) {
  Scope base(schema());
  PathRef list = path("postfix.services");
  base.resolve(list);
  Scope inner = base.with("s", list.type->element);
  PathRef p = path("s.ciphers");
  EXPECT_EQ(inner.resolve(p), std::nullopt);
  EXPECT_FALSE(p.root);
  EXPECT_EQ(type_name(*p.type), "list<object>");
  EXPECT_TRUE(inner.is_bound("s"));
  PathRef outside = path("s.id");
  EXPECT_EQ(base.resolve(outside), "unknown fact path 's.id': 's' is not a fact root (dns, postfix)");
}

TEST(EngineFactPaths, ExplainsWhyAPathIsUnknown) {
  Scope scope(schema());
  PathRef typo = path("postfix.verison");
  EXPECT_EQ(scope.resolve(typo), "unknown fact path 'postfix.verison': 'postfix' has no member 'verison' (did you mean 'version'?)");
  PathRef item = path("item.id");
  EXPECT_EQ(scope.with_item_note("no item here").resolve(item),
            "unknown fact path 'item.id': 'item' is not a fact root (dns, postfix); no item here");
}

}  // namespace
}  // namespace mtaudit::engine
