#include "collectors/postfix_config/tls_policy.hpp"

#include <gtest/gtest.h>

namespace mtaudit::postfix {
namespace {

std::vector<std::string> messages(const Diags& diags) {
  std::vector<std::string> out;
  for (const Diag& d : diags) {
    out.push_back(d.message);
  }
  return out;
}

std::vector<std::string> errors_of(std::string_view value, PostfixVersion version = {}) {
  return messages(parse_tls_policy(value, version).errors);
}

PostfixVersion release(int major, int minor) {
  return PostfixVersion{major, minor, -1};
}

using Strings = std::vector<std::string>;

TEST(TlsPolicyLevel, NamesAreCaseSensitive) {
  EXPECT_EQ(parse_tls_level("none"), TlsLevel::none);
  EXPECT_EQ(parse_tls_level("may"), TlsLevel::may);
  EXPECT_EQ(parse_tls_level("encrypt"), TlsLevel::encrypt);
  EXPECT_EQ(parse_tls_level("fingerprint"), TlsLevel::fingerprint);
  EXPECT_EQ(parse_tls_level("dane"), TlsLevel::dane);
  EXPECT_EQ(parse_tls_level("dane-only"), TlsLevel::dane_only);
  EXPECT_EQ(parse_tls_level("verify"), TlsLevel::verify);
  EXPECT_EQ(parse_tls_level("secure"), TlsLevel::secure);
  EXPECT_EQ(parse_tls_level("Encrypt"), std::nullopt);
  EXPECT_EQ(parse_tls_level("halfdane"), std::nullopt);
  EXPECT_EQ(parse_tls_level(""), std::nullopt);
  EXPECT_EQ(to_string(TlsLevel::dane_only), "dane-only");
  EXPECT_EQ(to_string(TlsLevel::secure), "secure");
}

TEST(TlsPolicyParse, ValidEntryKeepsAttributesInOrder) {
  TlsPolicy p = parse_tls_policy("encrypt protocols=>=TLSv1.2 ciphers=high");
  EXPECT_EQ(p.level, TlsLevel::encrypt);
  EXPECT_EQ(p.attributes, (std::vector<PolicyAttribute>{{"protocols", ">=TLSv1.2"},
                                                        {"ciphers", "high"}}));
  EXPECT_TRUE(p.valid());
  EXPECT_TRUE(p.warnings.empty());
}

TEST(TlsPolicyParse, CommasSeparateAndNamesAreFolded) {
  TlsPolicy p = parse_tls_policy("secure,MATCH=.example.net:example.net,,\tCiphers=medium");
  EXPECT_EQ(p.level, TlsLevel::secure);
  EXPECT_EQ(p.attributes, (std::vector<PolicyAttribute>{{"match", ".example.net:example.net"},
                                                        {"ciphers", "medium"}}));
  EXPECT_TRUE(p.valid());
}

TEST(TlsPolicyParse, RepeatableAttributes) {
  TlsPolicy p = parse_tls_policy(
      "fingerprint match=AB:CD|EF:01 match=12:34 connection_reuse=yes connection_reuse=NO");
  EXPECT_TRUE(p.valid()) << testing::PrintToString(messages(p.errors));
  EXPECT_EQ(p.attributes.size(), 4U);
  TlsPolicy v = parse_tls_policy("verify tafile=/etc/a.pem tafile=/etc/b.pem match=nexthop");
  EXPECT_TRUE(v.valid());
}

TEST(TlsPolicyParse, EmptyAndUnknownLevel) {
  EXPECT_EQ(errors_of(""), Strings{"invalid empty policy"});
  EXPECT_EQ(errors_of(" ,\t"), Strings{"invalid empty policy"});
  TlsPolicy p = parse_tls_policy("Encrypt ciphers=high");
  EXPECT_EQ(p.level, std::nullopt);
  EXPECT_EQ(messages(p.errors), Strings{"invalid security level \"Encrypt\""});
  EXPECT_TRUE(p.attributes.empty());
  EXPECT_EQ(errors_of("halfdane"), Strings{"invalid security level \"halfdane\""});
}

TEST(TlsPolicyParse, NoneIgnoresAttributesWithWarnings) {
  TlsPolicy p = parse_tls_policy("none ciphers=high, bogus");
  EXPECT_EQ(p.level, TlsLevel::none);
  EXPECT_TRUE(p.valid());
  EXPECT_TRUE(p.attributes.empty());
  EXPECT_EQ(messages(p.warnings),
            (Strings{"ignoring attribute \"ciphers=high\" with TLS disabled",
                     "ignoring attribute \"bogus\" with TLS disabled"}));
}

TEST(TlsPolicyParse, MalformedAndUnknownAttributes) {
  EXPECT_EQ(errors_of("encrypt ciphers"),
            Strings{"malformed attribute/value pair \"ciphers\": "
                    "missing '=' after attribute name"});
  EXPECT_EQ(errors_of("encrypt foo=bar"), Strings{"invalid attribute name: \"foo\""});
  EXPECT_EQ(errors_of("encrypt =high"), Strings{"invalid attribute name: \"\""});
}

TEST(TlsPolicyParse, OnceOnlyAttributes) {
  EXPECT_EQ(errors_of("encrypt ciphers=high CIPHERS=medium"),
            Strings{"attribute \"CIPHERS\" is specified multiple times"});
  EXPECT_EQ(errors_of("encrypt protocols=TLSv1.2 protocols=TLSv1.3"),
            Strings{"attribute \"protocols\" is specified multiple times"});
  EXPECT_EQ(errors_of("encrypt exclude=RC4 exclude=MD5"),
            Strings{"attribute \"exclude\" is specified multiple times"});
  EXPECT_EQ(errors_of("encrypt servername=a.example servername=b.example"),
            Strings{"attribute \"servername\" is specified multiple times"});
}

TEST(TlsPolicyParse, EmptyValues) {
  EXPECT_EQ(errors_of("encrypt ciphers="), Strings{"attribute \"ciphers\" has empty value"});
  EXPECT_EQ(errors_of("verify match="), Strings{"attribute \"match\" has empty value"});
  EXPECT_EQ(errors_of("secure tafile="), Strings{"attribute \"tafile\" has empty value"});
  // An empty protocols= or exclude= is accepted: no restriction, no exclusions.
  EXPECT_EQ(errors_of("encrypt protocols= exclude="), Strings{});
}

TEST(TlsPolicyParse, AttributesNotAllowedAtLevel) {
  EXPECT_EQ(errors_of("may match=x"),
            Strings{"attribute \"match\" invalid at security level \"may\""});
  EXPECT_EQ(errors_of("encrypt match=x"),
            Strings{"attribute \"match\" invalid at security level \"encrypt\""});
  EXPECT_EQ(errors_of("dane-only match=x"),
            Strings{"attribute \"match\" invalid at security level \"dane-only\""});
  EXPECT_EQ(errors_of("fingerprint tafile=/x"),
            Strings{"attribute \"tafile\" invalid at security level \"fingerprint\""});
  EXPECT_EQ(errors_of("dane tafile=/x"),
            Strings{"attribute \"tafile\" invalid at security level \"dane\""});
}

TEST(TlsPolicyParse, BadValues) {
  EXPECT_EQ(errors_of("encrypt ciphers=High"), Strings{"invalid cipher grade: \"High\""});
  EXPECT_EQ(errors_of("encrypt protocols=>=tlsv1.2"),
            Strings{"Invalid TLS protocol list \">=tlsv1.2\""});
  EXPECT_EQ(errors_of("encrypt exclude=RC4:!MD5"),
            Strings{"invalid unary '!+-@' in cipher exclusion: !MD5"});
  EXPECT_EQ(errors_of("encrypt connection_reuse=maybe"),
            Strings{"attribute \"connection_reuse\" has bad value: \"maybe\""});
  EXPECT_EQ(errors_of("encrypt servername=bad_host!"),
            Strings{"\"servername=bad_host!\" specifies an invalid hostname"});
  EXPECT_EQ(errors_of("may servername=hostname"), Strings{});
}

TEST(TlsPolicyParse, AllErrorsAreListedInOrder) {
  EXPECT_EQ(errors_of("encrypt foo=1 ciphers= protocols=bogus ciphers=high ciphers=low"),
            (Strings{"invalid attribute name: \"foo\"", "attribute \"ciphers\" has empty value",
                     "Invalid TLS protocol list \"bogus\"",
                     "attribute \"ciphers\" is specified multiple times"}));
}

TEST(TlsPolicyParse, VersionGatedAttributes) {
  EXPECT_EQ(errors_of("encrypt enable_rpk=yes"), Strings{"invalid attribute name: \"enable_rpk\""});
  EXPECT_EQ(errors_of("encrypt enable_rpk=yes", release(3, 9)), Strings{});
  EXPECT_EQ(errors_of("encrypt enable_rpk=sure", release(3, 9)),
            Strings{"attribute \"enable_rpk\" has bad value: \"sure\""});
  EXPECT_EQ(errors_of("encrypt protocols=>=TLSv1.2", release(3, 5)),
            Strings{"Invalid TLS protocol list \">=TLSv1.2\""});
  EXPECT_EQ(errors_of("encrypt protocols=!SSLv2:!SSLv3", release(3, 5)), Strings{});
  EXPECT_EQ(errors_of("encrypt servername=a.example", release(3, 3)),
            Strings{"invalid attribute name: \"servername\""});
}

TEST(TlsPolicyParse, BracedAttributesOnlySince310) {
  EXPECT_EQ(errors_of("encrypt {servername = a.example}"),
            (Strings{"malformed attribute/value pair \"{servername\": "
                     "missing '=' after attribute name",
                     "invalid attribute name: \"\"",
                     "malformed attribute/value pair \"a.example}\": "
                     "missing '=' after attribute name"}));
  TlsPolicy p = parse_tls_policy("encrypt { servername = a.example }", release(3, 10));
  EXPECT_TRUE(p.valid());
  EXPECT_EQ(p.attributes, (std::vector<PolicyAttribute>{{"servername", "a.example"}}));
  EXPECT_EQ(errors_of("encrypt {servername=a}x", release(3, 10)),
            Strings{"malformed attribute/value pair \"{servername=a}x\": "
                    "syntax error after '}' in \"{servername=a}x\""});
}

TEST(TlsPolicyParse, TlsrptAttributes) {
  TlsPolicy p = parse_tls_policy(
      "secure policy_type=sts policy_domain=example.com policy_ttl=86400 "
      "{ policy_string = version:\tSTSv1 } mx_host_pattern=*.example.com "
      "policy_failure=sts-webpki-invalid",
      release(3, 10));
  EXPECT_TRUE(p.valid()) << testing::PrintToString(messages(p.errors));
  EXPECT_EQ(p.attributes[3], (PolicyAttribute{"policy_string", "version: STSv1"}));
  EXPECT_EQ(errors_of("secure policy_ttl=5", release(3, 10)),
            Strings{"built-in policy has unexpected attribute policy_ttl, policy_domain, "
                    "policy_string, mx_host_pattern or policy_failure"});
  EXPECT_EQ(errors_of("secure policy_type=dane policy_ttl=1x", release(3, 10)),
            (Strings{"attribute \"policy_type\" has an unexpected value: \"dane\"",
                     "attribute \"policy_ttl\" has a malformed value: \"1x\""}));
  EXPECT_EQ(errors_of("secure policy_type=sts policy_failure=oops policy_domain=-x",
                      release(3, 10)),
            (Strings{"attribute \"policy_failure\" has an unexpected value: \"oops\"",
                     "attribute \"policy_domain\" has a malformed value: \"-x\""}));
  EXPECT_EQ(errors_of("secure policy_type=sts"), Strings{"invalid attribute name: \"policy_type\""});
}

TEST(TlsPolicyParse, EntryOriginIsCopiedIntoDiags) {
  TableEntry entry{"example.com", "encrypt ciphers=bogus", 12};
  TlsPolicy p = parse_tls_policy_entry(entry, "/etc/postfix/tls_policy");
  ASSERT_EQ(p.errors.size(), 1U);
  EXPECT_EQ(p.errors[0].file, "/etc/postfix/tls_policy");
  EXPECT_EQ(p.errors[0].line, 12);
  EXPECT_EQ(p.errors[0].snippet, "example.com encrypt ciphers=bogus");
  EXPECT_EQ(format_diag(p.errors[0]),
            "/etc/postfix/tls_policy:12: invalid cipher grade: \"bogus\"\n"
            "    example.com encrypt ciphers=bogus");
}

TEST(TlsPolicyProtocols, ListSyntax) {
  const std::string main_cf = ", \t\r\n:";
  for (const char* ok : {">=TLSv1", "!SSLv2, !SSLv3", ">=TLSv1.2, <=TLSv1.3", ">=0x0303",
                         "!SSLv2:!SSLv3:!TLSv1:!TLSv1.1", "TLSv1.2 TLSv1.3", "", ">=",
                         "<=None", ">=301", ">=+303", ">=7fffffff", ">=TLSv1.2, TLSv1",
                         "!TLSv1.3"}) {
    EXPECT_TRUE(valid_protocol_list(ok, main_cf)) << ok;
  }
  for (const char* bad : {">=tlsv1.2", "TLSv1.4", ">=SSLv2", "!0x0303", ">=0x", ">=80000000",
                          "> =TLSv1", "!", ">=TLSv1.2x", "SSLv3,TLSV1"}) {
    EXPECT_FALSE(valid_protocol_list(bad, main_cf)) << bad;
  }
  EXPECT_FALSE(valid_protocol_list(">=TLSv1", main_cf, release(3, 5)));
  // Inside a policy attribute only ':' separates.
  EXPECT_TRUE(valid_protocol_list("!SSLv2:!SSLv3", ":"));
  EXPECT_FALSE(valid_protocol_list("!SSLv2,!SSLv3", ":"));
}

TEST(TlsPolicyValues, CipherGrades) {
  for (const char* g : {"high", "medium", "low", "export", "null"}) {
    EXPECT_TRUE(valid_cipher_grade(g)) << g;
  }
  EXPECT_FALSE(valid_cipher_grade("HIGH"));
  EXPECT_FALSE(valid_cipher_grade(""));
  EXPECT_FALSE(valid_cipher_grade("strong"));
}

TEST(TlsPolicyValues, Hostnames) {
  std::string label63(63, 'a');
  std::string three_labels = label63 + "." + label63 + "." + label63 + ".";
  std::string name255 = three_labels + label63;
  std::string name256 = three_labels + std::string(61, 'b') + ".cc";
  ASSERT_EQ(name255.size(), 255U);
  ASSERT_EQ(name256.size(), 256U);
  for (const std::string& ok :
       {std::string("mail.example.com"), std::string("a_b.example"), std::string("x1"),
        std::string("a-b.c"), label63 + ".com", name255}) {
    EXPECT_TRUE(valid_hostname(ok)) << ok;
  }
  for (const std::string& bad :
       {std::string(""), std::string("a..b"), std::string(".a"), std::string("a."),
        std::string("-a"), std::string("a-"), std::string("a-.b"), std::string("123"),
        std::string("192.0.2.1"), std::string("a b"), std::string("\xc3\xa9.example"),
        label63 + "a.com", name256}) {
    EXPECT_FALSE(valid_hostname(bad)) << bad;
  }
}

TEST(TlsPolicySni, FilesAreSplitOnWhitespaceAndCommas) {
  EXPECT_EQ(parse_sni_files("/etc/ssl/a.pem, /etc/ssl/b.pem\t/etc/ssl/c.pem,"),
            (Strings{"/etc/ssl/a.pem", "/etc/ssl/b.pem", "/etc/ssl/c.pem"}));
  EXPECT_TRUE(parse_sni_files(" , ").empty());
}

}  // namespace
}  // namespace mtaudit::postfix
