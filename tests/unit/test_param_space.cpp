#include <gtest/gtest.h>

#include "collectors/postfix_config/param_space.hpp"

using namespace mtaudit::postfix;

namespace {

ParamSpace make_space(const std::vector<Setting>& main) {
  auto d = std::make_shared<DefaultsTable>();
  d->version = {3, 7, -1};
  d->values = {{"smtpd_tls_cert_file", ""},
               {"smtpd_tls_key_file", "$smtpd_tls_cert_file"},
               {"compatibility_level", "0"},
               {"smtpd_tls_fingerprint_digest",
                "${{$compatibility_level} <level {3.6} ? {md5} : {sha256}}"}};
  return ParamSpace(d, "/etc/postfix/main.cf", {{"config_directory", "/cfg", 0}}, main);
}

}  // namespace

TEST(ParamSpace, LayersAndProvenance) {
  auto space = make_space({{"smtpd_tls_cert_file", "/a.pem", 3}, {"smtpd_tls_cert_file", "/b.pem", 9}});
  ASSERT_NE(space.raw("smtpd_tls_cert_file"), nullptr);
  EXPECT_EQ(space.raw("smtpd_tls_cert_file")->value, "/b.pem");
  EXPECT_EQ(space.raw("smtpd_tls_cert_file")->origin.to_string(), "/etc/postfix/main.cf:9");
  EXPECT_EQ(space.raw("smtpd_tls_key_file")->origin.to_string(),
            "default (Postfix 3.7, compatibility_level 0)");
  EXPECT_EQ(*space.expanded("smtpd_tls_key_file", nullptr), "/b.pem");
  EXPECT_EQ(space.raw("config_directory")->value, "/cfg");
  EXPECT_EQ(space.raw("nonexistent"), nullptr);
}

TEST(ParamSpace, OverridesAreSeenByMainCfReferences) {
  auto global = make_space({{"smtpd_tls_cert_file", "/main.pem", 2}});
  auto service = global.with_overrides("/etc/postfix/master.cf",
                                       {{"smtpd_tls_cert_file", "/first.pem", 11},
                                        {"smtpd_tls_cert_file", "/svc.pem", 12}});
  EXPECT_EQ(*service.expanded("smtpd_tls_key_file", nullptr), "/svc.pem");
  EXPECT_EQ(service.raw("smtpd_tls_cert_file")->origin.to_string(), "/etc/postfix/master.cf:12 -o");
  EXPECT_EQ(*global.expanded("smtpd_tls_key_file", nullptr), "/main.pem");
}

TEST(ParamSpace, CompatibilityLevelDrivesDefaults) {
  EXPECT_EQ(*make_space({}).expanded("smtpd_tls_fingerprint_digest", nullptr), "md5");
  auto space = make_space({{"compatibility_level", "3.6", 1}});
  EXPECT_EQ(*space.expanded("smtpd_tls_fingerprint_digest", nullptr), "sha256");
  EXPECT_EQ(space.default_origin_text(), "default (Postfix 3.7, compatibility_level 3.6)");
}

TEST(ParamSpace, ReadOnlyAndComputedDefaults) {
  auto d = std::make_shared<DefaultsTable>();
  d->values = {{"process_id", "0"}, {"myhostname", "x"}, {"mydomain", "y"}};
  d->readonly = {"process_id"};
  ParamSpace space(d, "main.cf", {}, {{"process_id", "7", 1}}, HostContext{"mx", 42});
  EXPECT_EQ(space.raw("process_id")->value, "42");
  EXPECT_EQ(*space.expanded("myhostname", nullptr), "mx.localdomain");
  EXPECT_EQ(*space.expanded("mydomain", nullptr), "localdomain");
  ParamSpace named(d, "main.cf", {}, {{"mydomain", "example.org", 1}}, HostContext{"mx", 1});
  EXPECT_EQ(*named.expanded("myhostname", nullptr), "mx.example.org");
  ParamSpace fqdn(d, "main.cf", {}, {}, HostContext{"mail.example.net", 1});
  EXPECT_EQ(*fqdn.expanded("mydomain", nullptr), "example.net");
}

// getifaddrs() is slow enough to matter, so the interfaces are read only when mynetworks is
// needed, and once for the global dictionary and every service's.
TEST(ParamSpace, InterfacesAreReadOnceAndOnlyForMynetworks) {
  auto d = std::make_shared<DefaultsTable>();
  d->values = {{"mynetworks", "127.0.0.0/8"}, {"mynetworks_style", "host"}, {"inet_protocols", "ipv4"},
               {"inet_interfaces", "all"}, {"myhostname", "x"}};
  int reads = 0;
  auto list = std::make_shared<const InterfaceList>([&reads] {
    ++reads;
    return std::vector<LocalAddress>{*parse_local_address("192.0.2.7", 24)};
  });
  ParamSpace global(d, "main.cf", {}, {}, HostContext{"mx", 1, list});
  EXPECT_EQ(*global.expanded("myhostname", nullptr), "mx.localdomain");
  EXPECT_EQ(reads, 0);
  EXPECT_EQ(*global.expanded("mynetworks", nullptr), "192.0.2.7/32 ");
  auto service = global.with_overrides("master.cf", {{"mynetworks_style", "subnet", 3}});
  EXPECT_EQ(*service.expanded("mynetworks", nullptr), "192.0.2.0/24 ");
  EXPECT_EQ(reads, 1);
}

TEST(ParamSpace, UnknownParameterIsAnError) {
  auto r = make_space({}).expanded("no_such_param", nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors().front().message, "no_such_param: unknown parameter");
}
