// DANE matching with OpenSSL, the snapshot format, and observations → facts.
#include <gtest/gtest.h>

#include "collectors/dns/dane.hpp"
#include "collectors/dns/dns_facts.hpp"
#include "collectors/dns/snapshot.hpp"
#include "core/sha256.hpp"
#include "facts/fact_json.hpp"

#include <boost/json.hpp>
#include "test_files_support.hpp"

namespace mtaudit::dns {
namespace {

using files::test::CertSpec;
using files::test::make_cert;
using files::test::make_key;

std::string spki_der(X509* cert) {
  unsigned char* der = nullptr;
  int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &der);
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

std::string raw_sha256(const std::string& data) { return *from_hex(sha256_hex(data)); }

struct Chain {
  EvpPkeyPtr ca_key = make_key("P-256");
  X509Ptr ca = make_cert(CertSpec{"Test CA", {}, files::test::k_2020, files::test::k_2045, true}, ca_key.get(), nullptr, nullptr);
  EvpPkeyPtr leaf_key = make_key("P-256");
  X509Ptr leaf = make_cert(CertSpec{"mail.example.test", {"mail.example.test"}, files::test::k_2020, files::test::k_2045},
                           leaf_key.get(), ca.get(), ca_key.get());
  std::vector<std::string> der() const { return {files::test::der(leaf.get()), files::test::der(ca.get())}; }
};

TEST(DnsDane, MatchesDaneEeAndDaneTaWithOpenSsl) {
  Chain c;
  Tlsa ee{3, 1, 1, raw_sha256(spki_der(c.leaf.get()))};
  DaneVerdict v = dane_match({ee}, c.der(), "mail.example.test", files::test::k_now);
  EXPECT_TRUE(v.matched) << v.error;
  EXPECT_EQ(v.depth, 0);
  EXPECT_EQ(v.record, ee.text());
  Tlsa ta{2, 1, 1, raw_sha256(spki_der(c.ca.get()))};
  DaneVerdict t = dane_match({ta}, c.der(), "mail.example.test", files::test::k_now);
  EXPECT_TRUE(t.matched) << t.error;
  EXPECT_EQ(t.depth, 1);
  // DANE-TA checks the name: the chain is not for another MX host.
  EXPECT_FALSE(dane_match({ta}, c.der(), "other.example.test", files::test::k_now).matched);
}

TEST(DnsDane, WrongDataAndUnusableUsagesDoNotMatch) {
  Chain c;
  Tlsa wrong{3, 1, 1, std::string(32, '\x01')};
  DaneVerdict v = dane_match({wrong}, c.der(), "mail.example.test", files::test::k_now);
  EXPECT_FALSE(v.matched);
  EXPECT_EQ(v.usable, 1);
  EXPECT_FALSE(v.error.empty());
  Tlsa pkix{1, 0, 1, raw_sha256(files::test::der(c.leaf.get()))};
  DaneVerdict u = dane_match({pkix}, c.der(), "mail.example.test", files::test::k_now);
  EXPECT_FALSE(u.matched);
  EXPECT_EQ(u.usable, 0);
  EXPECT_EQ(u.error, "no usable TLSA record (only usages 2 and 3 apply to SMTP)");
}

Answer answer(const std::string& name, int type, std::vector<std::string> rdata, Security s = Security::secure) {
  Answer a;
  a.query = {name, type};
  a.security = s;
  a.rdata = std::move(rdata);
  return a;
}

std::string txt(const std::string& s) { return std::string(1, static_cast<char>(s.size())) + s; }

Observations sample() {
  Observations o;
  o.domain = "example.test";
  o.resolver = "127.0.0.1@25353";
  o.trust_anchor = "ta.ds";
  auto add = [&](Answer a) { o.answers[a.query] = a; };
  add(answer("example.test", k_mx, {std::string("\x00\x0a\x04mail\x07" "example\x04test\x00", 21)}));
  add(answer("mail.example.test", k_a, {std::string("\x7f\x00\x00\x01", 4)}));
  add(answer("mail.example.test", k_aaaa, {}));
  add(answer("_25._tcp.mail.example.test", k_tlsa, {std::string("\x03\x01\x01\xaa", 4), std::string("\x01\x00\x01\xbb", 4)}));
  add(answer("example.test", k_txt, {txt("v=spf1 mx include:_spf.example.test -all"), txt("other")}));
  add(answer("_spf.example.test", k_txt, {txt("v=spf1 ip4:192.0.2.0/24 -all")}));
  add(answer("_dmarc.example.test", k_txt, {txt("v=DMARC1; p=none")}));
  Answer failed = answer("_smtp._tls.example.test", k_txt, {});
  failed.error = "SERVFAIL";
  add(failed);
  Answer bogus = answer("_mta-sts.example.test", k_txt, {}, Security::bogus);
  bogus.why_bogus = "signature expired";
  add(bogus);
  return o;
}

TEST(DnsFacts, BuildsFactsFromObservations) {
  facts::Fact f = build_dns_facts(sample(), "network");
  const auto& host = f.find("mx")->find("hosts")->as_list().at(0);
  EXPECT_EQ(host.find("name")->as_string(), "mail.example.test");
  EXPECT_TRUE(host.find("resolves")->as_bool());
  EXPECT_EQ(host.find("tlsa")->find("usable")->as_int(), 1);
  EXPECT_EQ(host.find("tlsa")->find("unusable")->as_list().at(0).as_string(), "1 0 1 bb");
  EXPECT_EQ(f.find("spf")->find("lookups")->as_int(), 2);
  EXPECT_EQ(f.find("spf")->find("all")->as_string(), "-all");
  EXPECT_EQ(f.find("dmarc")->find("policy")->as_string(), "none");
  const facts::Fact* rpt = f.find("tlsrpt")->find("count");
  ASSERT_TRUE(rpt->gap());
  EXPECT_EQ(rpt->gap()->reason, "TXT _smtp._tls.example.test: SERVFAIL");
  EXPECT_EQ(f.find("mta_sts")->find("txt")->find("status")->as_string(), "bogus");
  EXPECT_TRUE(f.find("mta_sts")->find("policy")->gap());
  EXPECT_TRUE(f.find("dkim")->gap());
}

TEST(DnsSnapshot, RoundTripsAndReplaysToTheSameFacts) {
  Observations o = sample();
  o.policy = HttpsResponse{"https://mta-sts.example.test/.well-known/mta-sts.txt", "127.0.2.1", "", "", 200,
                           "text/plain", "", "version: STSv1\n", false};
  std::string text = write_snapshot(o);
  auto back = read_snapshot(text, "s.json");
  ASSERT_TRUE(back) << back.errors().front().message;
  EXPECT_EQ(write_snapshot(*back), text);
  EXPECT_EQ(boost::json::serialize(facts::to_json(build_dns_facts(*back, "snapshot"))),
            boost::json::serialize(facts::to_json(build_dns_facts(o, "snapshot"))));
}

TEST(DnsSnapshot, RejectsMalformedSnapshotsWithThePath) {
  EXPECT_FALSE(read_snapshot("[]", "s.json"));
  EXPECT_FALSE(read_snapshot("{\"format\": \"other\"}", "s.json"));
  std::string bad = write_snapshot(sample());
  bad.replace(bad.find("\"MX\""), 4, "\"SOA\"");
  auto r = read_snapshot(bad, "s.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.errors().front().file, "s.json");
  EXPECT_NE(r.errors().front().message.find(".type: unknown type"), std::string::npos);
  std::string deep(100, '[');
  EXPECT_FALSE(read_snapshot(deep, "s.json"));
}

}  // namespace
}  // namespace mtaudit::dns
