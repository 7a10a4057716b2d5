#include "reporters/sarif_paths.hpp"

#include <gtest/gtest.h>

namespace mtaudit::reporters {
namespace {

TEST(SarifPaths, AbsoluteFileInsideRoot) {
  UriMapper m("/work/repo", "");
  ArtifactUri u = m.map("/work/repo/etc/postfix/main.cf");
  EXPECT_EQ(u.uri, "etc/postfix/main.cf");
  EXPECT_TRUE(u.in_root);
}

TEST(SarifPaths, TrailingSlashAndDotsInRoot) {
  UriMapper m("/work/./repo/", "");
  EXPECT_EQ(m.map("/work/repo/x/../main.cf").uri, "main.cf");
  EXPECT_EQ(m.root_uri().value(), "file:///work/repo/");
}

TEST(SarifPaths, RelativeFileIsRelativeToBaseDir) {
  UriMapper m("/work/repo", "/work/repo/etc");
  ArtifactUri u = m.map("postfix/master.cf");
  EXPECT_EQ(u.uri, "etc/postfix/master.cf");
  EXPECT_TRUE(u.in_root);
}

TEST(SarifPaths, RelativeFileWithoutBaseDirIsRelativeToRoot) {
  UriMapper m("/work/repo", "");
  EXPECT_EQ(m.map("etc/postfix/master.cf").uri, "etc/postfix/master.cf");
  EXPECT_TRUE(m.map("etc/postfix/master.cf").in_root);
}

TEST(SarifPaths, OutsideRootBecomesFileUri) {
  UriMapper m("/work/repo", "");
  ArtifactUri u = m.map("/etc/ssl/private/mail.key");
  EXPECT_EQ(u.uri, "file:///etc/ssl/private/mail.key");
  EXPECT_FALSE(u.in_root);
  ArtifactUri sibling = m.map("/work/repository/main.cf");  // prefix, not a parent
  EXPECT_EQ(sibling.uri, "file:///work/repository/main.cf");
  EXPECT_FALSE(sibling.in_root);
  EXPECT_FALSE(m.map("../outside.cf").in_root);
  EXPECT_FALSE(m.map("/work/repo").in_root);  // the root itself is not a file in it
}

TEST(SarifPaths, NoRoot) {
  UriMapper m("", "");
  EXPECT_EQ(m.map("etc/main.cf").uri, "etc/main.cf");
  EXPECT_TRUE(m.map("etc/main.cf").in_root);
  EXPECT_EQ(m.map("/etc/postfix/main.cf").uri, "file:///etc/postfix/main.cf");
  EXPECT_FALSE(m.map("/etc/postfix/main.cf").in_root);
  EXPECT_FALSE(m.root_uri().has_value());
}

TEST(SarifPaths, RelativeRootHasNoOriginalUri) {
  UriMapper m("repo", "");
  EXPECT_FALSE(m.root_uri().has_value());
  EXPECT_EQ(m.map("main.cf").uri, "main.cf");
}

TEST(SarifPaths, PercentEncoding) {
  EXPECT_EQ(percent_encode_path("a b/c:d%e#f?é"), "a%20b/c%3Ad%25e%23f%3F%C3%A9");
  EXPECT_EQ(percent_encode_path("Az09-._~/"), "Az09-._~/");
  UriMapper m("/srv/my repo", "");
  EXPECT_EQ(m.map("/srv/my repo/main 1.cf").uri, "main%201.cf");
  EXPECT_EQ(m.root_uri().value(), "file:///srv/my%20repo/");
}

}  // namespace
}  // namespace mtaudit::reporters
