#include <gtest/gtest.h>

#include "collectors/postfix_config/defaults.hpp"
#include "collectors/postfix_config/tls_settings.hpp"

using namespace mtaudit::postfix;
using mtaudit::facts::Fact;

namespace {

ParamSpace space_with(const std::vector<Setting>& main, int minor = 7) {
  auto t = builtin_defaults(PostfixVersion{3, minor, -1});
  return ParamSpace(std::make_shared<DefaultsTable>(*t), "/etc/postfix/main.cf", {}, main);
}

std::vector<std::string> strings(const Fact& list) {
  std::vector<std::string> out;
  for (const auto& f : list.as_list()) out.push_back(f.as_string());
  return out;
}

// What a run's facts hold: the service's TLS fact, then its suites.
Fact server_with_suites(const ParamSpace& space, CipherCache& cache) {
  Fact f = server_tls_facts(space);
  add_cipher_suites(f, cache);
  return f;
}

Fact client_with_suites(const ParamSpace& space, const std::string& prefix, CipherCache& cache) {
  Fact f = client_tls_facts(space, prefix);
  add_cipher_suites(f, cache);
  return f;
}

}  // namespace

// The suites come in a second step (OpenSSL's tables load meanwhile): the first one leaves them
// out unless Postfix already rejected the string, whose empty list the second step keeps.
TEST(TlsSettings, CipherSuitesAreAddedFromTheCipherString) {
  Fact f = server_tls_facts(space_with({{"smtpd_tls_security_level", "may", 1}}));
  EXPECT_EQ(f.find("ciphers"), nullptr);
  EXPECT_EQ(f.find("cipher_error"), nullptr);
  EXPECT_NE(f.find("cipher_string")->as_string().find("aNULL"), std::string::npos);
  CipherCache cache;
  add_cipher_suites(f, cache);
  EXPECT_EQ(f.find("cipher_error")->as_string(), "");
  EXPECT_FALSE(f.find("ciphers")->as_list().empty());

  Fact rejected = server_tls_facts(space_with({{"smtpd_use_tls", "true", 1}, {"smtpd_tls_ciphers", "HIGH", 2}}));
  EXPECT_TRUE(rejected.find("ciphers")->as_list().empty());
  add_cipher_suites(rejected, cache);
  EXPECT_EQ(rejected.find("cipher_error")->as_string(), "invalid cipher grade: \"HIGH\"");
  EXPECT_TRUE(rejected.find("ciphers")->as_list().empty());
}

TEST(TlsSettings, ServerLegacyBooleansAndLevels) {
  CipherCache cache;
  EXPECT_EQ(server_with_suites(space_with({}), cache).find("level")->as_string(), "none");
  EXPECT_EQ(server_with_suites(space_with({{"smtpd_use_tls", "yes", 1}}), cache).find("level")->as_string(), "may");
  EXPECT_EQ(server_with_suites(space_with({{"smtpd_enforce_tls", "YES", 1}}), cache).find("level")->as_string(),
            "encrypt");
  EXPECT_EQ(server_with_suites(space_with({{"smtpd_tls_security_level", "verify", 1}}), cache)
                .find("level")->as_string(), "encrypt");
  Fact bad = server_with_suites(space_with({{"smtpd_tls_security_level", "MAY", 1}}), cache);
  EXPECT_EQ(bad.find("level")->as_string(), "invalid");
  EXPECT_FALSE(bad.find("level_valid")->as_bool());
  Fact wrapped = server_with_suites(
      space_with({{"smtpd_tls_security_level", "none", 1}, {"smtpd_tls_wrappermode", "yes", 2}}), cache);
  EXPECT_EQ(wrapped.find("level")->as_string(), "encrypt");
  EXPECT_TRUE(wrapped.find("auth_only")->as_bool());
}

TEST(TlsSettings, ServerMandatoryListsOnlyWhenEnforced) {
  CipherCache cache;
  std::vector<Setting> main = {{"smtpd_tls_security_level", "may", 1},
                               {"smtpd_tls_protocols", "!SSLv2, !SSLv3", 2},
                               {"smtpd_tls_mandatory_protocols", ">=TLSv1.2", 3},
                               {"smtpd_tls_mandatory_ciphers", "high", 4},
                               {"smtpd_tls_exclude_ciphers", "RC4", 5},
                               {"smtpd_tls_mandatory_exclude_ciphers", "aNULL, MD5", 6}};
  Fact may = server_with_suites(space_with(main), cache);
  EXPECT_EQ(strings(*may.find("protocols")->find("enabled")),
            (std::vector<std::string>{"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}));
  EXPECT_EQ(may.find("cipher_string")->as_string(), "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!RC4");
  main[0].value = "encrypt";
  Fact enc = server_with_suites(space_with(main), cache);
  EXPECT_EQ(strings(*enc.find("protocols")->find("enabled")), (std::vector<std::string>{"TLSv1.2", "TLSv1.3"}));
  EXPECT_EQ(enc.find("cipher_string")->as_string(), "aNULL:-aNULL:HIGH:@STRENGTH:!RC4:!aNULL:!MD5");
  EXPECT_EQ(enc.find("cipher_grade")->as_string(), "high");
  EXPECT_EQ(enc.find("cipher_grade")->origins().front().to_string(), "/etc/postfix/main.cf:4");
  ASSERT_TRUE(enc.find("ciphers")->is_list());
  for (const auto& c : enc.find("ciphers")->as_list()) {
    EXPECT_NE(c.find("auth")->as_string(), "None") << c.find("name")->as_string();
  }
}

TEST(TlsSettings, ServerCertificates) {
  CipherCache cache;
  Fact legacy = server_with_suites(space_with({{"smtpd_tls_cert_file", "/rsa.pem", 1},
                                             {"smtpd_tls_eccert_file", "/ec.pem", 2},
                                             {"smtpd_tls_eckey_file", "/ec.key", 3}}),
                                 cache);
  const auto& certs = legacy.find("certificates")->as_list();
  ASSERT_EQ(certs.size(), 2u);
  EXPECT_EQ(certs[0].find("algorithm")->as_string(), "rsa");
  EXPECT_EQ(certs[0].find("key_file")->as_string(), "/rsa.pem");
  EXPECT_EQ(certs[1].find("key_file")->as_string(), "/ec.key");
  Fact chain = server_with_suites(space_with({{"smtpd_tls_cert_file", "/rsa.pem", 1},
                                            {"smtpd_tls_chain_files", "/a.pem, /b.pem", 2}}),
                                cache);
  const auto& files = chain.find("certificates")->as_list();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[1].find("cert_file")->as_string(), "/b.pem");
  EXPECT_EQ(files[1].find("param")->as_string(), "smtpd_tls_chain_files");
}

TEST(TlsSettings, ClientLevels) {
  CipherCache cache;
  EXPECT_EQ(client_with_suites(space_with({}), "smtp", cache).find("level")->as_string(), "none");
  EXPECT_EQ(client_with_suites(space_with({{"smtp_enforce_tls", "yes", 1}}), "smtp", cache)
                .find("level")->as_string(), "verify");
  EXPECT_EQ(client_with_suites(space_with({{"smtp_enforce_tls", "yes", 1},
                                         {"smtp_tls_enforce_peername", "no", 2}}), "smtp", cache)
                .find("level")->as_string(), "encrypt");
  Fact dane = client_with_suites(space_with({{"smtp_tls_security_level", "dane", 1},
                                           {"smtp_tls_mandatory_protocols", ">=TLSv1.2", 2}}), "smtp", cache);
  EXPECT_EQ(dane.find("cipher_string")->as_string(), "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!aNULL");
  EXPECT_EQ(strings(*dane.find("protocols")->find("enabled")), (std::vector<std::string>{"TLSv1.2", "TLSv1.3"}));
  Fact lmtp = client_with_suites(space_with({{"lmtp_tls_security_level", "encrypt", 1}}), "lmtp", cache);
  EXPECT_EQ(lmtp.find("cipher_string")->as_string(), "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:!eNULL");
}

TEST(TlsSettings, BadBooleanAndGradeAreRecorded) {
  CipherCache cache;
  Fact f = server_with_suites(space_with({{"smtpd_use_tls", "true", 1}, {"smtpd_tls_ciphers", "HIGH", 2}}), cache);
  EXPECT_EQ(strings(*f.find("problems")), (std::vector<std::string>{"smtpd_use_tls: bad boolean configuration \"true\""}));
  EXPECT_EQ(f.find("cipher_error")->as_string(), "invalid cipher grade: \"HIGH\"");
  EXPECT_TRUE(f.find("ciphers")->as_list().empty());
}

TEST(TlsSettings, CipherStringOpenSslRejectsIsAFindingNotAGap) {
  CipherCache cache;
  Fact f = server_with_suites(space_with({{"smtpd_tls_security_level", "may", 1},
                                        {"tls_medium_cipherlist", "NOSUCHCIPHER", 2}}), cache);
  EXPECT_EQ(f.find("cipher_string")->as_string(), "NOSUCHCIPHER");
  EXPECT_EQ(f.find("cipher_error")->as_string().rfind("OpenSSL rejects cipher list \"NOSUCHCIPHER\"", 0), 0u);
  ASSERT_TRUE(f.find("ciphers")->is_list());
  EXPECT_TRUE(f.find("ciphers")->as_list().empty());
}

TEST(TlsSettings, LowGradeMeansMediumFrom38) {
  CipherCache cache;
  std::vector<Setting> main = {{"smtpd_tls_security_level", "may", 1}, {"smtpd_tls_ciphers", "low", 2}};
  EXPECT_EQ(server_with_suites(space_with(main, 7), cache).find("cipher_string")->as_string(),
            "aNULL:-aNULL:HIGH:MEDIUM:LOW:+RC4:@STRENGTH");
  EXPECT_EQ(server_with_suites(space_with(main, 9), cache).find("cipher_string")->as_string(),
            "aNULL:-aNULL:HIGH:MEDIUM:!SEED:!IDEA:!3DES:!RC2:!RC4:!RC5:!kDH:!kECDH:!aDSS:!MD5:+RC4:@STRENGTH");
}
