#include <gtest/gtest.h>

#include "collectors/postfix_config/known_params.hpp"

using namespace mtaudit::postfix;

TEST(KnownParams, ReferencedNames) {
  auto n = referenced_names("$a ${ b?{x}} $(c) $$d ${{$e} == {1}} x$f_1.g");
  EXPECT_EQ(n, (std::vector<std::string>{"a", "b", "c", "e", "f_1"}));
}

TEST(KnownParams, UserParametersAreKnownOnlyWhenReferenced) {
  auto d = std::make_shared<DefaultsTable>();
  d->values = {{"myhostname", "host"}};
  std::vector<Setting> main = {{"used", "1", 1}, {"unused", "2", 2}, {"myhostname", "$used", 3}};
  std::vector<MasterEntry> master(1);
  master[0].overrides = {{"x", "$from_master", 4}};
  main.push_back({"from_master", "3", 5});
  ParamSpace space(d, "main.cf", {}, main);
  auto known = known_parameters(space, main, master);
  EXPECT_EQ(known.sorted(), (std::vector<std::string>{"from_master", "myhostname", "used"}));
  EXPECT_TRUE(known.contains("myhostname"));
  EXPECT_FALSE(known.contains("unused"));
}
