#include <gtest/gtest.h>

#include "collectors/postfix_config/main_cf.hpp"

using mtaudit::postfix::parse_main_cf;
using mtaudit::postfix::split_name_value;

TEST(MainCf, ParsesNameValueAndKeepsInlineHash) {
  auto r = parse_main_cf("a=b\nsmtpd_tls_security_level = may # comment\n  \nc =\n", "main.cf", nullptr);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].name, "a");
  EXPECT_EQ((*r)[0].value, "b");
  EXPECT_EQ((*r)[1].value, "may # comment");
  EXPECT_EQ((*r)[1].line, 2);
  EXPECT_EQ((*r)[2].name, "c");
  EXPECT_EQ((*r)[2].value, "");
  EXPECT_EQ((*r)[2].line, 4);
}

TEST(MainCf, TrimsTrailingWhitespaceAndCarriageReturn) {
  auto r = parse_main_cf("a = x   y  \r\n", "main.cf", nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].value, "x   y");
}

TEST(MainCf, ReportsEveryLineWithoutEquals) {
  auto r = parse_main_cf("good = 1\nbad line\nalso_bad\n", "/etc/postfix/main.cf", nullptr);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.errors().size(), 2u);
  EXPECT_EQ(r.errors()[0].file, "/etc/postfix/main.cf");
  EXPECT_EQ(r.errors()[0].line, 2);
  EXPECT_EQ(r.errors()[0].message, "missing '=' after attribute name");
  EXPECT_EQ(r.errors()[0].snippet, "bad line");
  EXPECT_EQ(r.errors()[1].line, 3);
}

TEST(MainCf, SplitNameValue) {
  std::string n, v;
  EXPECT_EQ(split_name_value(" name = value with spaces ", &n, &v), "");
  EXPECT_EQ(n, "name");
  EXPECT_EQ(v, "value with spaces");
  EXPECT_EQ(split_name_value("= x", &n, &v), "missing attribute name");
  EXPECT_EQ(split_name_value("name value", &n, &v), "missing '=' after attribute name");
}
