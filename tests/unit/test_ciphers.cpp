#include "collectors/postfix_config/ciphers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace mtaudit::postfix {
namespace {

using Names = std::vector<std::string>;

// Default grade lists: Postfix 3.7 (and 3.4-3.7) and 3.8+.
const std::string k_high_37 = "aNULL:-aNULL:HIGH:@STRENGTH";
const std::string k_medium_37 = "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH";
const std::string k_high_38 =
    "aNULL:-aNULL:HIGH:!SEED:!IDEA:!3DES:!RC2:!RC4:!RC5:!kDH:!kECDH:!aDSS:!MD5:@STRENGTH";
const std::string k_medium_38 =
    "aNULL:-aNULL:HIGH:MEDIUM:!SEED:!IDEA:!3DES:!RC2:!RC4:!RC5:!kDH:!kECDH:!aDSS:!MD5:+RC4:"
    "@STRENGTH";

// One line of `openssl ciphers -v`, reduced to the columns we compare.
struct CliLine {
  std::string name, protocol, kx, auth, enc, mac;
  bool operator==(const CliLine&) const = default;
};

std::ostream& operator<<(std::ostream& os, const CliLine& l) {
  return os << l.name << ' ' << l.protocol << ' ' << l.kx << ' ' << l.auth << ' ' << l.enc
            << ' ' << l.mac;
}

bool openssl_cli_present() {
  return std::system("openssl version >/dev/null 2>&1") == 0;  // NOLINT(cert-env33-c)
}

std::string strip_key(const std::string& col) {
  auto eq = col.find('=');
  return eq == std::string::npos ? col : col.substr(eq + 1);
}

// `openssl ciphers -v [-s] STRING` without its TLS 1.3 lines.
std::vector<CliLine> cli_ciphers(const std::string& cipher_string, bool supported_only) {
  std::string cmd = std::string("openssl ciphers -v ") + (supported_only ? "-s " : "") + "'" +
                    cipher_string + "' 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  std::vector<CliLine> out;
  char buf[512];
  while (pipe && std::fgets(buf, sizeof buf, pipe.get()) != nullptr) {
    std::istringstream in(buf);
    CliLine l;
    in >> l.name >> l.protocol >> l.kx >> l.auth >> l.enc >> l.mac;
    l.kx = strip_key(l.kx);
    l.auth = strip_key(l.auth);
    l.enc = strip_key(l.enc);
    l.mac = strip_key(l.mac);
    if (l.protocol != "TLSv1.3") {
      out.push_back(l);
    }
  }
  return out;
}

std::vector<CliLine> as_cli(const std::vector<CipherSuite>& suites, bool usable_only) {
  std::vector<CliLine> out;
  for (const auto& s : suites) {
    if (!usable_only || s.usable) {
      out.push_back({s.name, s.protocol, s.kx, s.auth, s.enc, s.mac});
    }
  }
  return out;
}

std::vector<CipherSuite> expand_ok(const std::string& s) {
  auto r = expand_cipher_string(s);
  EXPECT_TRUE(r.ok()) << s << ": " << (r.ok() ? "" : r.errors().front().message);
  return r.ok() ? r.value() : std::vector<CipherSuite>{};
}

const CipherSuite* find_suite(const std::vector<CipherSuite>& v, const std::string& name) {
  auto it = std::find_if(v.begin(), v.end(), [&](const auto& s) { return s.name == name; });
  return it == v.end() ? nullptr : &*it;
}

// Every suite matches the CLI line for line, and `usable` matches `openssl ciphers -s`.
void expect_same_as_cli(const std::string& cipher_string) {
  if (!openssl_cli_present()) {
    GTEST_SKIP() << "openssl CLI not installed";
  }
  auto suites = expand_ok(cipher_string);
  auto cli = cli_ciphers(cipher_string, false);
  ASSERT_FALSE(cli.empty()) << cipher_string;
  EXPECT_EQ(suites.size(), cli.size()) << cipher_string;
  EXPECT_EQ(as_cli(suites, false), cli) << cipher_string;
  EXPECT_EQ(as_cli(suites, true), cli_ciphers(cipher_string, true)) << cipher_string;
}

// --- build_cipher_string ---

TEST(PostfixCiphersBuild, GradeListAlone) {
  auto r = build_cipher_string("high", k_high_37, {}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), k_high_37);
}

TEST(PostfixCiphersBuild, ExampleFromSemantics52) {
  auto r = build_cipher_string("high", k_high_37, {"RC4", "aNULL, MD5"}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), "aNULL:-aNULL:HIGH:@STRENGTH:!RC4:!aNULL:!MD5");
}

TEST(PostfixCiphersBuild, ExtrasComeLastAndDuplicatesStay) {
  auto r = build_cipher_string("medium", k_medium_37, {" 3DES:\tRC4 ,", ""}, {"eNULL", "aNULL"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), k_medium_37 + ":!3DES:!RC4:!eNULL:!aNULL");
  auto dup = build_cipher_string("high", k_high_37, {"aNULL"}, {"aNULL"});
  ASSERT_TRUE(dup.ok());
  EXPECT_EQ(dup.value(), k_high_37 + ":!aNULL:!aNULL");
}

TEST(PostfixCiphersBuild, EveryGradeNameIsAccepted) {
  for (const char* g : {"high", "medium", "low", "export", "null"}) {
    EXPECT_TRUE(build_cipher_string(g, "eNULL:!aNULL", {}, {}).ok()) << g;
  }
}

TEST(PostfixCiphersBuild, InvalidGrade) {
  for (const char* g : {"HIGH", "invalid", "", "strong"}) {
    auto r = build_cipher_string(g, k_high_37, {}, {});
    ASSERT_FALSE(r.ok()) << g;
    ASSERT_EQ(r.errors().size(), 1u);
    EXPECT_EQ(r.errors()[0].message, std::string("invalid cipher grade: \"") + g + "\"");
  }
}

TEST(PostfixCiphersBuild, EmptyGradeList) {
  auto r = build_cipher_string("low", "", {}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors()[0].message, "empty \"low\" cipherlist");
}

TEST(PostfixCiphersBuild, UnaryOperatorInExclusion) {
  auto r = build_cipher_string("high", k_high_37, {"RC4, !MD5", "+3DES"}, {"-x", "@STRENGTH"});
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.errors().size(), 4u);
  EXPECT_EQ(r.errors()[0].message, "invalid unary '!+-@' in cipher exclusion: !MD5");
  EXPECT_EQ(r.errors()[1].message, "invalid unary '!+-@' in cipher exclusion: +3DES");
  EXPECT_EQ(r.errors()[2].message, "invalid unary '!+-@' in cipher exclusion: -x");
  EXPECT_EQ(r.errors()[3].message, "invalid unary '!+-@' in cipher exclusion: @STRENGTH");
}

// --- expand_cipher_string against the openssl CLI ---

TEST(PostfixCiphersExpand, High37MatchesCli) { expect_same_as_cli(k_high_37); }
TEST(PostfixCiphersExpand, Medium37MatchesCli) { expect_same_as_cli(k_medium_37); }
TEST(PostfixCiphersExpand, High38MatchesCli) { expect_same_as_cli(k_high_38); }
TEST(PostfixCiphersExpand, Medium38MatchesCli) { expect_same_as_cli(k_medium_38); }
TEST(PostfixCiphersExpand, ExclusionExampleMatchesCli) {
  expect_same_as_cli("aNULL:-aNULL:HIGH:@STRENGTH:!RC4:!aNULL:!MD5");
}
TEST(PostfixCiphersExpand, NullGradeMatchesCli) { expect_same_as_cli("eNULL:!aNULL"); }

// --- Hard-coded expectations (OpenSSL 3.0 on Debian 12) ---

TEST(PostfixCiphersExpand, EcdheEcdsaAes256Gcm) {
  auto suites = expand_ok(k_high_37);
  const CipherSuite* s = find_suite(suites, "ECDHE-ECDSA-AES256-GCM-SHA384");
  ASSERT_NE(s, nullptr);
  CipherSuite want;
  want.name = "ECDHE-ECDSA-AES256-GCM-SHA384";
  want.protocol = "TLSv1.2";
  want.kx = "ECDH";
  want.auth = "ECDSA";
  want.enc = "AESGCM(256)";
  want.mac = "AEAD";
  want.kx_nid = "kx-ecdhe";
  want.auth_nid = "auth-ecdsa";
  want.cipher_nid = "aes-256-gcm";
  want.digest_nid = "";
  want.aead = true;
  want.bits = 256;
  want.usable = true;
  EXPECT_EQ(*s, want);
  EXPECT_TRUE(is_pfs(*s));
  EXPECT_EQ(weak_classes(*s), Names{});
}

TEST(PostfixCiphersExpand, AnonymousSuitesPresentButUnusable) {
  auto suites = expand_ok(k_high_37);
  const CipherSuite* s = find_suite(suites, "ADH-AES256-GCM-SHA384");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->auth, "None");
  EXPECT_EQ(s->kx, "DH");
  EXPECT_EQ(s->auth_nid, "auth-null");
  EXPECT_FALSE(s->usable);  // security level 2 refuses anonymous suites
  EXPECT_TRUE(is_pfs(*s));
  EXPECT_EQ(weak_classes(*s), Names{"aNULL"});
  auto anon = std::count_if(suites.begin(), suites.end(),
                            [](const auto& x) { return x.auth_nid == "auth-null"; });
  auto anon_usable = std::count_if(suites.begin(), suites.end(), [](const auto& x) {
    return x.auth_nid == "auth-null" && x.usable;
  });
  EXPECT_GT(anon, 0);
  EXPECT_EQ(anon_usable, 0);
}

TEST(PostfixCiphersExpand, ExclusionRemovesAnonymousSuites) {
  auto suites = expand_ok("aNULL:-aNULL:HIGH:@STRENGTH:!RC4:!aNULL:!MD5");
  EXPECT_EQ(find_suite(suites, "ADH-AES256-GCM-SHA384"), nullptr);
  EXPECT_NE(find_suite(suites, "ECDHE-RSA-AES128-GCM-SHA256"), nullptr);
  EXPECT_EQ(expand_ok(k_high_37).size() - suites.size(), 12u);  // the 12 anonymous HIGH suites
}

TEST(PostfixCiphersExpand, NoTls13SuitesInTheExpansion) {
  for (const auto& s : expand_ok(k_high_37)) {
    EXPECT_NE(s.protocol, "TLSv1.3") << s.name;
  }
}

TEST(PostfixCiphersExpand, RsaKeyExchangeIsNotPfs) {
  auto suites = expand_ok("AES256-GCM-SHA384");
  ASSERT_EQ(suites.size(), 1u);
  EXPECT_EQ(suites[0].kx, "RSA");
  EXPECT_EQ(suites[0].kx_nid, "kx-rsa");
  EXPECT_FALSE(is_pfs(suites[0]));
}

TEST(PostfixCiphersExpand, NullMd5IsENullAndMd5) {
  auto suites = expand_ok("NULL-MD5");
  ASSERT_EQ(suites.size(), 1u);
  EXPECT_EQ(suites[0].enc, "None");
  EXPECT_EQ(suites[0].mac, "MD5");
  EXPECT_EQ(suites[0].cipher_nid, "");
  EXPECT_EQ(suites[0].digest_nid, "md5");
  EXPECT_EQ(suites[0].bits, 0);
  EXPECT_FALSE(suites[0].usable);
  EXPECT_EQ(weak_classes(suites[0]), (Names{"eNULL", "MD5"}));
}

TEST(PostfixCiphersExpand, CamelliaClass) {
  auto suites = expand_ok("CAMELLIA256-SHA");
  ASSERT_EQ(suites.size(), 1u);
  EXPECT_EQ(suites[0].cipher_nid, "camellia-256-cbc");
  EXPECT_EQ(suites[0].protocol, "SSLv3");
  EXPECT_EQ(weak_classes(suites[0]), Names{"CAMELLIA"});
}

TEST(PostfixCiphersExpand, RejectedString) {
  auto r = expand_cipher_string("NOSUCHCIPHER");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_EQ(r.errors()[0].message, "OpenSSL rejects cipher list \"NOSUCHCIPHER\": no cipher match");
}

TEST(PostfixCiphersExpand, OnlyTls13SelectedIsRejected) {
  // Suites this OpenSSL lacks select nothing, which SSL_CTX_set_cipher_list() refuses.
  auto r = expand_cipher_string("RC4:3DES");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors()[0].message, "OpenSSL rejects cipher list \"RC4:3DES\": no cipher match");
}

TEST(PostfixCiphersTls13, DefaultSuites) {
  auto suites = default_tls13_suites();
  Names names;
  for (const auto& s : suites) {
    names.push_back(s.name);
    EXPECT_EQ(s.protocol, "TLSv1.3");
    EXPECT_EQ(s.kx, "any");
    EXPECT_EQ(s.auth, "any");
    EXPECT_EQ(s.kx_nid, "kx-any");
    EXPECT_TRUE(s.aead);
    EXPECT_TRUE(s.usable);
    EXPECT_TRUE(is_pfs(s));
    EXPECT_EQ(weak_classes(s), Names{});
  }
  EXPECT_EQ(names, (Names{"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                          "TLS_AES_128_GCM_SHA256"}));
  ASSERT_EQ(suites.size(), 3u);
  EXPECT_EQ(suites[1].enc, "CHACHA20/POLY1305(256)");
  EXPECT_EQ(suites[1].cipher_nid, "chacha20-poly1305");
  EXPECT_EQ(suites[2].bits, 128);
}

// --- weak_classes on suites this OpenSSL no longer has (built by hand) ---

CipherSuite legacy(const std::string& name, const std::string& cipher_nid, int bits,
                   const std::string& digest_nid, const std::string& auth_nid = "auth-rsa") {
  CipherSuite s;
  s.name = name;
  s.kx_nid = "kx-rsa";
  s.auth_nid = auth_nid;
  s.cipher_nid = cipher_nid;
  s.digest_nid = digest_nid;
  s.bits = bits;
  return s;
}

TEST(PostfixCiphersWeak, LegacySuites) {
  EXPECT_EQ(weak_classes(legacy("DES-CBC3-SHA", "des-ede3-cbc", 112, "sha1")),
            (Names{"LOW", "3DES"}));
  EXPECT_EQ(weak_classes(legacy("RC4-MD5", "rc4", 128, "md5")), (Names{"RC4", "MD5"}));
  EXPECT_EQ(weak_classes(legacy("EXP-RC4-MD5", "rc4-40", 40, "md5")),
            (Names{"EXPORT", "LOW", "RC4", "MD5"}));
  EXPECT_EQ(weak_classes(legacy("EXP1024-DES-CBC-SHA", "des-cbc", 56, "sha1")),
            (Names{"EXPORT", "LOW", "DES"}));
  EXPECT_EQ(weak_classes(legacy("DES-CBC-SHA", "des-cbc", 56, "sha1")), (Names{"LOW", "DES"}));
  EXPECT_EQ(weak_classes(legacy("SEED-SHA", "seed-cbc", 128, "sha1")), Names{"SEED"});
  EXPECT_EQ(weak_classes(legacy("IDEA-CBC-SHA", "idea-cbc", 128, "sha1")), Names{"IDEA"});
  EXPECT_EQ(weak_classes(legacy("ADH-DES-CBC3-SHA", "des-ede3-cbc", 112, "sha1", "auth-null")),
            (Names{"aNULL", "LOW", "3DES"}));
  EXPECT_EQ(weak_classes(legacy("AES128-SHA", "aes-128-cbc", 128, "sha1")), Names{});
}

TEST(PostfixCiphersWeak, PfsByKeyExchange) {
  CipherSuite s;
  for (const char* kx : {"kx-ecdhe", "kx-dhe", "kx-ecdhe-psk", "kx-dhe-psk", "kx-any"}) {
    s.kx_nid = kx;
    EXPECT_TRUE(is_pfs(s)) << kx;
  }
  for (const char* kx : {"kx-rsa", "kx-psk", "kx-rsa-psk", "kx-srp", ""}) {
    s.kx_nid = kx;
    EXPECT_FALSE(is_pfs(s)) << kx;
  }
}

}  // namespace
}  // namespace mtaudit::postfix
