#include <gtest/gtest.h>

#include "collectors/live/live_facts.hpp"

namespace mtaudit::live {
namespace {

using facts::Gap;

TEST(LiveFacts, SuiteFact) {
  facts::Fact f = suite_fact(SuiteFinding{"TLSv1.2", 0x000A, 0, ""});
  EXPECT_EQ(f.find("name")->as_string(), "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
  EXPECT_EQ(f.find("openssl_name")->as_string(), "DES-CBC3-SHA");
  EXPECT_EQ(f.find("id")->as_string(), "0x000A");
  EXPECT_EQ(f.find("kx")->as_string(), "RSA");
  EXPECT_FALSE(f.find("pfs")->as_bool());
  EXPECT_FALSE(f.find("aead")->as_bool());
  EXPECT_EQ(f.find("weak_class")->as_string(), "LOW");
  EXPECT_EQ(f.find("weak_classes")->as_list().size(), 2u);
  EXPECT_EQ(f.find("bits")->as_int(), 112);
  facts::Fact v2 = suite_fact(SuiteFinding{"SSLv2", 0x010080, 0, ""});
  EXPECT_EQ(v2.find("id")->as_string(), "0x010080");
  EXPECT_EQ(v2.find("name")->as_string(), "SSL_CK_RC4_128_WITH_MD5");
}

PortAudit audit(PlanResult plan) { return PortAudit{PortSpec{25, false}, "mx:25", std::move(plan), {}, 0}; }

TEST(LiveFacts, NoStarttlsIsAFindingAndTheRestNotApplicable) {
  PlanResult p;
  p.no_starttls = true;
  p.pre = PreTls{"220 mx ESMTP", {{"AUTH", {"PLAIN"}}, {"PIPELINING", {}}}, false};
  facts::Fact f = port_facts(audit(p), VerifyContext{});
  EXPECT_FALSE(f.find("starttls_offered")->as_bool());
  EXPECT_FALSE(f.find("tls_ok")->as_bool());
  EXPECT_EQ(f.find("error")->as_string(), "");
  EXPECT_EQ(f.find("auth_before_tls")->as_list().size(), 1u);
  EXPECT_EQ(f.find("greeting")->as_string(), "220 mx ESMTP");
  for (const char* k : {"suites", "protocols", "certificates", "compression", "ehlo_after_tls"}) {
    ASSERT_TRUE(f.find(k)->gap().has_value()) << k;
    EXPECT_EQ(f.find(k)->gap()->kind, Gap::Kind::not_applicable) << k;
  }
}

TEST(LiveFacts, AStoppedPlanLeavesGapsNotPasses) {
  PlanResult p;
  p.versions = {{"TLSv1.3", VersionState::accepted}, {"TLSv1.2", VersionState::unknown}};
  p.suites = {SuiteFinding{"TLSv1.3", 0x1301, 0, "x25519"}};
  p.stopped = LiveError{ErrorKind::rate_limited, "mx:25: greeting: 421 4.7.0 too many connections"};
  facts::Fact f = port_facts(audit(p), VerifyContext{});
  EXPECT_EQ(f.find("error_kind")->as_string(), "rate_limited");
  EXPECT_TRUE(f.find("protocols")->find("TLSv1.3")->as_bool());
  EXPECT_EQ(f.find("protocols")->find("TLSv1.2")->gap()->kind, Gap::Kind::failed);
  EXPECT_EQ(f.find("protocols_accepted")->gap()->kind, Gap::Kind::failed);
  // a partial suite list would let live-ciphers-no-weak pass on what was not seen
  EXPECT_EQ(f.find("suites")->gap()->kind, Gap::Kind::failed);
  EXPECT_EQ(f.find("compression")->gap()->kind, Gap::Kind::failed);
  EXPECT_EQ(f.find("certificates")->find("rsa")->gap()->kind, Gap::Kind::failed);
  EXPECT_NE(f.find("suites")->gap()->reason.find("421"), std::string::npos);
}

TEST(LiveFacts, Tls13OnlyMakesRenegotiationNotApplicable) {
  PlanResult p;
  for (const char* v : {"SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2"}) {
    p.versions[v] = VersionState::refused;
  }
  p.versions["TLSv1.3"] = VersionState::accepted;
  p.compression = false;
  facts::Fact f = port_facts(audit(p), VerifyContext{});
  EXPECT_EQ(f.find("secure_renegotiation")->gap()->kind, Gap::Kind::not_applicable);
  EXPECT_EQ(f.find("protocols_accepted")->as_list().size(), 1u);
  EXPECT_EQ(f.find("server_preference")->gap()->kind, Gap::Kind::not_applicable);
  EXPECT_EQ(f.find("early_data")->gap()->kind, Gap::Kind::not_applicable);
}

}  // namespace
}  // namespace mtaudit::live
