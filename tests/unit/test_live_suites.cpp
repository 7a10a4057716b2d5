#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "collectors/live/suites.hpp"

namespace mtaudit::live {
namespace {

// The table must name every suite the linked OpenSSL can negotiate, under OpenSSL's own name.
TEST(LiveSuites, CoversEverySuiteOfTheLinkedOpenSsl) {
  std::vector<OpenSslSuite> known = openssl_suites();
  ASSERT_GT(known.size(), 100u);
  for (const auto& k : known) {
    const SuiteInfo* s = find_suite(k.id);
    ASSERT_NE(s, nullptr) << k.name;
    EXPECT_STREQ(s->openssl, k.name.c_str()) << k.id;
    EXPECT_TRUE(s->openssl_known) << k.name;
  }
}

TEST(LiveSuites, CodePointsAreUnique) {
  std::set<std::pair<bool, std::uint32_t>> seen;
  for (std::size_t i = 0; i < k_suite_table_size; ++i) {
    EXPECT_TRUE(seen.insert({k_suite_table[i].sslv2, k_suite_table[i].id}).second) << k_suite_table[i].id;
  }
}

// A few code points checked against the IANA registry by hand.
TEST(LiveSuites, LegacyCodePointsMatchTheIanaRegistry) {
  struct {
    std::uint16_t id;
    const char* iana;
  } cases[] = {{0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},   {0x0005, "TLS_RSA_WITH_RC4_128_SHA"},
               {0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5"},  {0x0009, "TLS_RSA_WITH_DES_CBC_SHA"},
               {0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA"},       {0x0096, "TLS_RSA_WITH_SEED_CBC_SHA"},
               {0x0018, "TLS_DH_anon_WITH_RC4_128_MD5"},    {0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA"},
               {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}, {0x1301, "TLS_AES_128_GCM_SHA256"}};
  for (const auto& c : cases) {
    const SuiteInfo* s = find_suite(c.id);
    ASSERT_NE(s, nullptr) << c.iana;
    EXPECT_STREQ(s->iana, c.iana);
  }
  const SuiteInfo* v2 = find_sslv2_suite(0x0700C0);
  ASSERT_NE(v2, nullptr);
  EXPECT_STREQ(v2->iana, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5");
}

std::vector<std::string> classes(std::uint16_t id) { return weak_classes(*find_suite(id)); }

TEST(LiveSuites, WeakClasses) {
  EXPECT_TRUE(classes(0xC02F).empty());
  EXPECT_TRUE(classes(0x1302).empty());
  EXPECT_EQ(classes(0x000A), (std::vector<std::string>{"LOW", "3DES"}));
  EXPECT_EQ(classes(0x0003), (std::vector<std::string>{"EXPORT", "LOW", "RC4", "MD5"}));
  EXPECT_EQ(classes(0x0005), (std::vector<std::string>{"RC4"}));
  EXPECT_EQ(classes(0x0002), (std::vector<std::string>{"eNULL"}));
  EXPECT_EQ(classes(0x0034), (std::vector<std::string>{"aNULL"}));  // ADH-AES128-SHA
  EXPECT_EQ(classes(0x0041), (std::vector<std::string>{"CAMELLIA"}));
  EXPECT_EQ(classes(0x0096), (std::vector<std::string>{"SEED"}));
  EXPECT_EQ(classes(0x0007), (std::vector<std::string>{"IDEA"}));
}

TEST(LiveSuites, KeyExchangeAeadPfs) {
  const SuiteInfo& ecdhe = *find_suite(0xC02F);
  EXPECT_EQ(kx_name(ecdhe), "ECDHE");
  EXPECT_TRUE(is_aead(ecdhe));
  EXPECT_TRUE(is_pfs(ecdhe));
  const SuiteInfo& rsa = *find_suite(0x009C);  // AES128-GCM-SHA256
  EXPECT_EQ(kx_name(rsa), "RSA");
  EXPECT_TRUE(is_aead(rsa));
  EXPECT_FALSE(is_pfs(rsa));
  const SuiteInfo& dhe_cbc = *find_suite(0x0033);  // DHE-RSA-AES128-SHA
  EXPECT_EQ(kx_name(dhe_cbc), "DHE");
  EXPECT_FALSE(is_aead(dhe_cbc));
  EXPECT_TRUE(is_pfs(dhe_cbc));
  EXPECT_EQ(kx_name(*find_suite(0x0034)), "anon-DH");
  EXPECT_EQ(kx_name(*find_suite(0x1301)), "any");
  EXPECT_EQ(secret_bits(*find_suite(0x000A)), 112);
}

TEST(LiveSuites, OfferOrderStartsWithOpenSslAndHoldsEveryLegacyCodePoint) {
  std::vector<OpenSslSuite> known = openssl_suites();
  std::vector<std::uint16_t> order = tls12_offer_order(known);
  std::set<std::uint16_t> unique(order.begin(), order.end());
  EXPECT_EQ(unique.size(), order.size());
  auto first12 = std::find_if(known.begin(), known.end(), [](const OpenSslSuite& k) { return k.protocol != "TLSv1.3"; });
  ASSERT_NE(first12, known.end());
  EXPECT_EQ(order.front(), first12->id);
  for (auto id : legacy_offerable_ids()) {
    EXPECT_TRUE(unique.count(id)) << id;
  }
  EXPECT_FALSE(unique.count(0x1301));  // TLS 1.3 suites are not offered below 1.3
  EXPECT_FALSE(unique.count(0x00FF));  // the SCSV is added by the hello builder
  EXPECT_TRUE(unique.count(0x000A));
}

}  // namespace
}  // namespace mtaudit::live
