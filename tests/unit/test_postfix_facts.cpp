#include <gtest/gtest.h>

#include "collectors/postfix_config/defaults.hpp"
#include "collectors/postfix_config/postfix_facts.hpp"

using namespace mtaudit::postfix;
using mtaudit::facts::Fact;

namespace {

struct Built {
  std::vector<Setting> main;
  std::vector<MasterEntry> master;
  std::unique_ptr<ParamSpace> space;
  Fact facts;
  mtaudit::Diags problems;
};

std::unique_ptr<Built> build(const std::string& main_cf, const std::string& master_cf) {
  auto b = std::make_unique<Built>();
  b->main = parse_main_cf(main_cf, "/etc/postfix/main.cf", nullptr).value();
  b->master = parse_master_cf(master_cf, "/etc/postfix/master.cf", nullptr).value();
  auto d = std::make_shared<DefaultsTable>(builtin_defaults(PostfixVersion{3, 7, -1}).value());
  b->space = std::make_unique<ParamSpace>(d, "/etc/postfix/main.cf", std::vector<Setting>{}, b->main);
  ConfigSnapshot snap{"/etc/postfix", "/etc/postfix/main.cf", "/etc/postfix/master.cf", "option",
                      b->space.get(), &b->main, &b->master, {}, mtaudit::facts::FactList{},
                      mtaudit::facts::FactList{}};
  b->facts = build_postfix_facts(snap, &b->problems);
  return b;
}

const Fact& service(const Fact& pf, const std::string& id) {
  for (const auto& s : pf.find("services")->as_list()) {
    if (s.find("id")->as_string() == id) return s;
  }
  static Fact none;
  ADD_FAILURE() << "no service " << id;
  return none;
}

}  // namespace

TEST(PostfixFacts, DuplicateEndpointsLastWins) {
  auto b = build("smtpd_tls_security_level = may\n",
                 "smtp inet n - y - - smtpd\n25 inet n - y - - smtpd -o smtpd_tls_security_level=none\n");
  const auto& services = b->facts.find("services")->as_list();
  ASSERT_EQ(services.size(), 1u);
  EXPECT_EQ(services[0].find("id")->as_string(), "25/inet");
  EXPECT_EQ(services[0].find("tls")->find("level")->as_string(), "none");
  EXPECT_EQ(services[0].find("port")->as_int(), 25);
}

TEST(PostfixFacts, PostscreenHandsPort25ToSmtpdPass) {
  auto b = build("smtpd_tls_security_level = may\n",
                 "smtp inet n - y - 1 postscreen\nsmtpd pass - - y - - smtpd\n"
                 "127.0.0.1:submission inet n - y - - smtpd\n");
  const Fact& pass = service(b->facts, "smtpd/pass");
  EXPECT_EQ(pass.find("port")->as_int(), 25);
  EXPECT_TRUE(pass.find("public")->as_bool());
  EXPECT_EQ(pass.find("behind")->as_string(), "smtp/inet");
  const Fact& local = service(b->facts, "127.0.0.1:submission/inet");
  EXPECT_EQ(local.find("port")->as_int(), 587);
  EXPECT_FALSE(local.find("public")->as_bool());
}

TEST(PostfixFacts, LoopbackOnlyInterfacesAreNotPublic) {
  auto b = build("inet_interfaces = loopback-only\n", "smtp inet n - y - - smtpd\n");
  EXPECT_FALSE(service(b->facts, "smtp/inet").find("public")->as_bool());
}

TEST(PostfixFacts, SettingsCarryKnownFlagAndOrigin) {
  auto b = build("smtpd_tls_securty_level = may\ncompatibility_level = 3.7\n",
                 "submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n");
  const auto& settings = b->facts.find("settings")->as_list();
  ASSERT_EQ(settings.size(), 3u);
  EXPECT_EQ(settings[0].find("name")->as_string(), "smtpd_tls_securty_level");
  EXPECT_FALSE(settings[0].find("known")->as_bool());
  EXPECT_EQ(settings[0].find("value")->origins().front().to_string(), "/etc/postfix/main.cf:1");
  EXPECT_EQ(settings[2].find("service")->as_string(), "submission/inet");
  EXPECT_EQ(settings[2].find("value")->origins().front().to_string(), "/etc/postfix/master.cf:2 -o");
  EXPECT_TRUE(b->facts.find("compatibility_level_set")->as_bool());
}

TEST(PostfixFacts, TlsproxyAndFamilies) {
  auto b = build("", "tlsproxy unix - - y - 0 tlsproxy\nrelay unix - - y - - smtp\nlmtp unix - - y - - lmtp\n");
  EXPECT_TRUE(b->facts.find("tlsproxy_enabled")->as_bool());
  EXPECT_EQ(service(b->facts, "relay/unix").find("family")->as_string(), "smtp");
  EXPECT_EQ(service(b->facts, "lmtp/unix").find("family")->as_string(), "lmtp");
  EXPECT_NE(service(b->facts, "relay/unix").find("tls"), nullptr);
  EXPECT_EQ(service(b->facts, "tlsproxy/unix").find("tls"), nullptr);
}
