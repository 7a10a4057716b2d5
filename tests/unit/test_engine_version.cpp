#include <gtest/gtest.h>

#include "engine/version.hpp"

namespace mtaudit::engine {
namespace {

int cmp(const char* a, const char* b) {
  return compare_versions(*parse_version(a, false), *parse_version(b, false));
}

TEST(EngineVersion, ComparesComponentsNumerically) {
  EXPECT_GT(cmp("3.10", "3.9"), 0);
  EXPECT_LT(cmp("3.9", "3.10"), 0);
  EXPECT_EQ(cmp("3.7", "3.7.0"), 0);
  EXPECT_LT(cmp("3.7", "3.7.1"), 0);
  EXPECT_GT(cmp("4", "3.99.99"), 0);
}

TEST(EngineVersion, StrictParsingWantsOnlyDigitsAndDots) {
  EXPECT_EQ(*parse_version("3.7.11", true), (Version{3, 7, 11}));
  EXPECT_FALSE(parse_version("3.7.11-1", true).has_value());
  EXPECT_FALSE(parse_version("3.x", true).has_value());
  EXPECT_FALSE(parse_version("", true).has_value());
  EXPECT_FALSE(parse_version(".3", true).has_value());
  EXPECT_FALSE(parse_version("3.", true).has_value());
}

TEST(EngineVersion, LenientParsingReadsTheLeadingVersion) {
  EXPECT_EQ(*parse_version("3.7.11-0+deb12u1", false), (Version{3, 7, 11}));
  EXPECT_EQ(*parse_version("3.", false), (Version{3}));
  EXPECT_FALSE(parse_version("v3.7", false).has_value());
}

}  // namespace
}  // namespace mtaudit::engine
