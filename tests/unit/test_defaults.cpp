#include <gtest/gtest.h>

#include "collectors/postfix_config/defaults.hpp"
#include "collectors/postfix_config/param_space.hpp"

using namespace mtaudit::postfix;

namespace {

std::string default_of(int minor, const std::string& name, const std::string& compat = "") {
  auto t = builtin_defaults(PostfixVersion{3, minor, -1});
  EXPECT_TRUE(t.ok()) << "3." << minor;
  if (!t) return "<no table>";
  std::vector<Setting> main;
  if (!compat.empty()) main.push_back({"compatibility_level", compat, 1});
  ParamSpace space(std::make_shared<DefaultsTable>(*t), "main.cf", {}, main);
  auto v = space.expanded(name, nullptr);
  return v ? *v : "<" + v.errors().front().message + ">";
}

}  // namespace

TEST(Defaults, EveryMinorVersionHasATable) {
  for (int minor = 4; minor <= 11; ++minor) {
    auto t = builtin_defaults(PostfixVersion{3, minor, -1});
    ASSERT_TRUE(t.ok()) << minor;
    EXPECT_GT(t->values.size(), 700u) << minor;
    EXPECT_EQ(t->raw.count("smtpd_expansion_filter"), 1u);
    EXPECT_EQ(t->readonly.count("process_id"), 1u);
  }
  EXPECT_FALSE(builtin_defaults(PostfixVersion{3, 3, -1}).ok());
  EXPECT_EQ(builtin_defaults(PostfixVersion{3, 12, -1}).errors().front().message,
            "no built-in defaults for Postfix 3.12 (supported: 3.4 to 3.11)");
}

TEST(Defaults, ProtocolsChangeAt36) {
  EXPECT_EQ(default_of(4, "smtpd_tls_protocols"), "!SSLv2, !SSLv3");
  EXPECT_EQ(default_of(6, "smtpd_tls_protocols"), ">=TLSv1");
  EXPECT_EQ(default_of(7, "smtp_tls_mandatory_protocols"), ">=TLSv1");
  EXPECT_EQ(default_of(9, "smtpd_tls_mandatory_protocols"), ">=TLSv1");
  EXPECT_EQ(default_of(11, "smtpd_tls_protocols"), ">=TLSv1");
}

TEST(Defaults, FingerprintDigestFollowsCompatibilityLevel) {
  EXPECT_EQ(default_of(4, "smtpd_tls_fingerprint_digest", "3.6"), "md5");
  EXPECT_EQ(default_of(6, "smtpd_tls_fingerprint_digest"), "md5");
  EXPECT_EQ(default_of(6, "smtpd_tls_fingerprint_digest", "3.6"), "sha256");
  EXPECT_EQ(default_of(7, "smtp_tls_fingerprint_digest", "3.5.99"), "md5");
  EXPECT_EQ(default_of(9, "lmtp_tls_fingerprint_digest", "3.10"), "sha256");
}

TEST(Defaults, CipherlistsChangeAt38) {
  EXPECT_EQ(default_of(7, "tls_high_cipherlist"), "aNULL:-aNULL:HIGH:@STRENGTH");
  EXPECT_EQ(default_of(9, "tls_high_cipherlist"),
            "aNULL:-aNULL:HIGH:!SEED:!IDEA:!3DES:!RC2:!RC4:!RC5:!kDH:!kECDH:!aDSS:!MD5:@STRENGTH");
  EXPECT_EQ(default_of(11, "tls_low_cipherlist"), "");
}

TEST(Defaults, ClientLevelBecomesMayAt311WithCompatibilityLevel) {
  EXPECT_EQ(default_of(9, "smtp_tls_security_level", "3.11"), "");
  EXPECT_EQ(default_of(11, "smtp_tls_security_level"), "");
  EXPECT_EQ(default_of(11, "smtp_tls_security_level", "3.11"), "may");
}

TEST(Defaults, KnownTcpPortsOnlyFrom36) {
  auto t = builtin_defaults(PostfixVersion{3, 4, -1});
  EXPECT_EQ(t->values.count("known_tcp_ports"), 0u);
  EXPECT_EQ(default_of(7, "known_tcp_ports"), "lmtp=24, smtp=25, smtps=submissions=465, submission=587");
}

TEST(Defaults, ServiceTemplates) {
  auto t = parse_service_templates("# c\nsmtp,lmtp\t_delivery_slot_cost\t$default_delivery_slot_cost\n", "f");
  ASSERT_TRUE(t.ok());
  DefaultsTable table;
  table.values = {{"local_destination_concurrency_limit", "2"}};
  std::vector<ServiceParamTemplate> templates = *t;
  templates.push_back({{"local"}, "_destination_concurrency_limit", "$default_destination_concurrency_limit"});
  add_service_parameters(table, {{"relay", "smtp"}, {"local", "local"}, {"x", "/usr/lib/postfix/sbin/smtp"}},
                         templates);
  EXPECT_EQ(table.values.at("relay_delivery_slot_cost"), "$default_delivery_slot_cost");
  EXPECT_EQ(table.values.at("local_destination_concurrency_limit"), "2");
  EXPECT_EQ(table.values.count("x_delivery_slot_cost"), 0u);
  auto bad = parse_service_templates("smtp only-one-field\n", "f");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.errors().front().message, "expected commands<TAB>suffix<TAB>default");
  EXPECT_FALSE(builtin_service_templates().empty());
}
