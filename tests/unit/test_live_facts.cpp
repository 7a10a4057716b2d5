#include <gtest/gtest.h>

#include "collectors/files/verify.hpp"
#include "collectors/live/live_facts.hpp"
#include "core/sha256.hpp"
#include "test_files_support.hpp"

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
    ASSERT_TRUE(f.find(k)->gap() != nullptr) << k;
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
  for (const char* v : {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"}) {
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

// Certificates as the server sent them: parsed, fingerprinted and verified here.
namespace mtaudit::live {
namespace {

using files::test::CertSpec;

struct MiniPki {
  EvpPkeyPtr ca_key = files::test::make_key("P-256");
  X509Ptr ca = files::test::make_cert(CertSpec{"Test CA", {}, files::test::k_2020, files::test::k_2045, true},
                                      ca_key.get(), nullptr, nullptr);
  EvpPkeyPtr leaf_key = files::test::make_key("P-256");
  X509Ptr leaf = files::test::make_cert(CertSpec{}, leaf_key.get(), ca.get(), ca_key.get());
  CertFinding finding() const {
    return CertFinding{true, true, {files::test::der(leaf.get()), files::test::der(ca.get())}, "TLSv1.3"};
  }
};

TEST(LiveFacts, CertificateVerifiedAgainstTheStoreAtNow) {
  MiniPki pki;
  auto store = files::trust_store_from_pem(files::test::pem(pki.ca.get()), "ca.pem");
  ASSERT_TRUE(store.ok());
  VerifyContext ctx{store->get(), "", files::test::k_now, "mail.example.org"};
  facts::Fact f = certificate_fact(pki.finding(), ctx);
  EXPECT_TRUE(f.find("presented")->as_bool());
  EXPECT_EQ(f.find("key_type")->as_string(), "ec");
  EXPECT_EQ(f.find("key_bits")->as_int(), 256);
  EXPECT_EQ(f.find("key_curve")->as_string(), "P-256");
  EXPECT_EQ(f.find("subject")->as_string(), "CN=mail.example.org");
  EXPECT_EQ(f.find("not_after")->as_string(), "2031-01-01T00:00:00Z");
  EXPECT_EQ(f.find("days_left")->as_int(), 214);
  EXPECT_EQ(f.find("sha256")->as_string(), sha256_hex(files::test::der(pki.leaf.get())));
  EXPECT_EQ(f.find("chain_length")->as_int(), 2);
  EXPECT_EQ(f.find("chain_sha256")->as_list().at(1).as_string(), sha256_hex(files::test::der(pki.ca.get())));
  EXPECT_EQ(f.find("verify_error")->as_string(), "");
  EXPECT_TRUE(f.find("name_matches")->as_bool());
}

TEST(LiveFacts, CertificateProblemsAreFindingsOrGaps) {
  MiniPki pki;
  auto store = files::trust_store_from_pem(files::test::pem(pki.ca.get()), "ca.pem");
  ASSERT_TRUE(store.ok());
  // expired at 2032, and another name
  facts::Fact late = certificate_fact(pki.finding(), VerifyContext{store->get(), "", files::test::k_2045, "mx.other.example"});
  EXPECT_EQ(late.find("verify_error")->as_string(), "certificate has expired");
  EXPECT_LT(late.find("days_left")->as_int(), 0);
  EXPECT_FALSE(late.find("name_matches")->as_bool());
  // no trust store: a gap, not a verdict; an address instead of a name: not applicable
  facts::Fact no_store = certificate_fact(pki.finding(), VerifyContext{nullptr, "cannot read ca.pem", files::test::k_now, ""});
  EXPECT_EQ(no_store.find("verify_error")->gap()->kind, Gap::Kind::failed);
  EXPECT_EQ(no_store.find("name_matches")->gap()->kind, Gap::Kind::not_applicable);
  // not presented: nothing else is claimed
  facts::Fact absent = certificate_fact(CertFinding{true, false, {}, "TLSv1.3"}, VerifyContext{});
  EXPECT_FALSE(absent.find("presented")->as_bool());
  EXPECT_EQ(absent.find("key_type"), nullptr);
}

}  // namespace
}  // namespace mtaudit::live
