#include <gtest/gtest.h>

#include "engine/evaluator.hpp"
#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

using test::Fact;

PathRef path(const std::string& text, bool root = true) {
  SourceText s("t", "");
  PathRef p = *parse_path(s, text, 0);
  p.root = root;
  return p;
}

TEST(EngineFactLookup, FollowsMapsFromRootsAndBoundNames) {
  Fact facts = test::sample_facts();
  std::map<std::string, Fact> params;
  Env env{facts, params, {}};
  Lookup l = lookup(path("postfix.main.level"), env, false);
  ASSERT_NE(l.fact, nullptr);
  EXPECT_EQ(l.fact->as_string(), "may");
  const Fact& svc = facts.find("postfix")->find("services")->as_list()[1];
  env.vars.emplace_back("s", &svc);
  EXPECT_EQ(lookup(path("s.id", false), env, false).fact->as_string(), "submission/inet");
}

TEST(EngineFactLookup, AbsentAndNullAreMissingUnlessAllowed) {
  Fact facts = test::sample_facts();
  std::map<std::string, Fact> params;
  Env env{facts, params, {}};
  Lookup absent = lookup(path("postfix.main.nope"), env, false);
  ASSERT_TRUE(absent.abort.has_value());
  EXPECT_EQ(absent.abort->kind, Abort::Kind::missing);
  EXPECT_EQ(absent.abort->path, "postfix.main.nope");
  Lookup null = lookup(path("postfix.port"), env, false);
  EXPECT_EQ(null.abort->kind, Abort::Kind::missing);
  Lookup allowed = lookup(path("postfix.port"), env, true);
  EXPECT_EQ(allowed.fact, nullptr);
  EXPECT_FALSE(allowed.abort.has_value());
}

TEST(EngineFactLookup, GapsAbortWithTheirKindAndWhereTheyAre) {
  Fact facts = test::sample_facts();
  std::map<std::string, Fact> params;
  Env env{facts, params, {}};
  Lookup gap = lookup(path("dns.mx.name"), env, true);
  ASSERT_TRUE(gap.abort.has_value());
  EXPECT_EQ(gap.abort->kind, Abort::Kind::not_collected);
  EXPECT_EQ(gap.abort->path, "dns");
  EXPECT_EQ(gap.abort->reason, "DNS not requested");
  Lookup scalar = lookup(path("postfix.count.x"), env, false);
  EXPECT_EQ(scalar.abort->kind, Abort::Kind::bad_value);
  EXPECT_EQ(scalar.abort->reason, "fact postfix.count is not a map");
}

TEST(EngineFactLookup, RendersTemplates) {
  Fact facts = test::sample_facts();
  std::map<std::string, Fact> params{{"n", Fact(3)}};
  Env env{facts, params, {}};
  SourceText s("t", "");
  Template t = *parse_template(s, "{postfix.name}/{param.n}/{postfix.nope}/{observed}/{expected}/{target}", 0,
                               TemplateAllows{true, true});
  t.parts[0].path.root = true;
  t.parts[4].path.root = true;
  EXPECT_EQ(render_template(t, env, TemplateValues{"o", "e", "t"}), "mail.example.org/3/?/o/e/t");
}

}  // namespace
}  // namespace mtaudit::engine
