#include <gtest/gtest.h>

#include "collectors/postfix_config/master_cf.hpp"

using mtaudit::postfix::parse_master_cf;
using mtaudit::postfix::split_master_args;

TEST(MasterCf, ParsesFieldsAndOverrideForms) {
  std::string text =
      "# comment\n"
      "submission inet n - y - - smtpd\n"
      "  -o syslog_name=postfix/submission\n"
      "  -o { smtpd_tls_mandatory_protocols = >=TLSv1.2, <=TLSv1.3 }\n"
      "  -osmtpd_sasl_auth_enable=yes\n"
      "  -o smtpd_client_restrictions=\n"
      "  -o smtpd_tls_security_level=may -o smtpd_tls_security_level=encrypt\n";
  auto r = parse_master_cf(text, "master.cf", nullptr);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  const auto& e = (*r)[0];
  EXPECT_EQ(e.id(), "submission/inet");
  EXPECT_EQ(e.command, "smtpd");
  EXPECT_EQ(e.line, 2);
  ASSERT_EQ(e.overrides.size(), 6u);
  EXPECT_EQ(e.overrides[0].name, "syslog_name");
  EXPECT_EQ(e.overrides[0].line, 3);
  EXPECT_EQ(e.overrides[1].name, "smtpd_tls_mandatory_protocols");
  EXPECT_EQ(e.overrides[1].value, ">=TLSv1.2, <=TLSv1.3");
  EXPECT_EQ(e.overrides[1].line, 4);
  EXPECT_EQ(e.overrides[2].name, "smtpd_sasl_auth_enable");
  EXPECT_EQ(e.overrides[3].value, "");
  EXPECT_EQ(e.overrides[5].value, "encrypt");
  EXPECT_EQ(e.overrides[5].line, 7);
}

TEST(MasterCf, ProgramIsTheCommandBasename) {
  auto r = parse_master_cf("relay unix - - n - - /usr/lib/postfix/sbin/smtp -o a=b\n", "m", nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].program(), "smtp");
}

TEST(MasterCf, OptionsStopAtFirstNonOption) {
  auto r = parse_master_cf("p unix - n n - - pipe -v flags=R user=x argv=/bin/x -o a=b\n", "m", nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE((*r)[0].overrides.empty());
}

TEST(MasterCf, Errors) {
  auto r = parse_master_cf(
      "smtp inet n - y - - smtpd\n"
      "short inet n -\n"
      "bad socket n - y - - smtpd\n"
      "x inet n - y - - smtpd -o nonameval\n"
      "y inet n - y - - smtpd -o { a = b\n",
      "/etc/postfix/master.cf", nullptr);
  ASSERT_FALSE(r.ok());
  const auto& e = r.errors();
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].line, 2);
  EXPECT_EQ(e[0].message,
            "expected at least 8 fields (service type private unpriv chroot wakeup maxproc "
            "command), found 4");
  EXPECT_EQ(e[1].line, 3);
  EXPECT_EQ(e[1].message, "unknown service type \"socket\" for service \"bad\"");
  EXPECT_EQ(e[2].line, 4);
  EXPECT_EQ(e[2].message,
            "invalid \"-o nonameval\" option value: missing '=' after attribute name");
  EXPECT_EQ(e[3].line, 5);
  EXPECT_EQ(e[3].message, "missing '}' in \"{ a = b\"");
}

TEST(MasterCf, SplitArgsKeepsBracedWhitespace) {
  auto r = split_master_args("-o { a = b c }  x{y z}w");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1], "a = b c");
  EXPECT_EQ((*r)[2], "x{y z}w");
}
