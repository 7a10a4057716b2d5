// The DNS source's pure parsers: RDATA, SPF (with the include tree), DMARC, DKIM, TLS-RPT,
// the MTA-STS record and policy, and MX pattern matching.
#include <gtest/gtest.h>

#include "collectors/dns/mta_sts_policy.hpp"
#include "collectors/dns/policy_records.hpp"
#include "collectors/dns/rdata.hpp"
#include "collectors/dns/spf.hpp"
#include "collectors/dns/tag_list.hpp"
#include "core/base64.hpp"
#include "test_files_support.hpp"

namespace mtaudit::dns {
namespace {

std::string wire_name(const std::string& name) {
  std::string out;
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    out += static_cast<char>(dot - start);
    out += name.substr(start, dot - start);
    start = dot + 1;
  }
  return out + '\0';
}

TEST(DnsRdata, DecodesMxTxtTlsaAndAddresses) {
  auto mx = parse_mx(std::string("\x00\x0a", 2) + wire_name("Mail.Example.TEST"));
  ASSERT_TRUE(mx);
  EXPECT_EQ(mx->preference, 10);
  EXPECT_EQ(mx->host, "mail.example.test");
  EXPECT_EQ(parse_mx(std::string("\x00\x00\x00", 3))->host, "");  // null MX
  EXPECT_FALSE(parse_mx(std::string("\x00\x0a\x05mail", 7)));      // label runs past the end
  EXPECT_EQ(*parse_txt(std::string("\x03v=s\x04pf1 ", 9)), "v=spf1 ");
  EXPECT_FALSE(parse_txt(std::string("\x09short", 6)));
  auto tlsa = parse_tlsa(std::string("\x03\x01\x01\xab\xcd", 5));
  ASSERT_TRUE(tlsa);
  EXPECT_EQ(tlsa->text(), "3 1 1 abcd");
  EXPECT_EQ(*parse_a(std::string("\x7f\x00\x00\x01", 4)), "127.0.0.1");
  EXPECT_FALSE(parse_a("abc"));
  EXPECT_EQ(*from_hex("aBcd"), "\xab\xcd");
  EXPECT_FALSE(from_hex("abc"));
  EXPECT_FALSE(from_hex("zz"));
}

TEST(DnsTags, ParsesTagListsAndPicksVersionedRecords) {
  TagList t = parse_tag_list(" v=DMARC1 ; p = reject;rua=mailto:a@b;");
  ASSERT_EQ(t.tags.size(), 3u);
  EXPECT_EQ(*t.find("p"), "reject");
  EXPECT_TRUE(t.problems.empty());
  EXPECT_FALSE(parse_tag_list("v=DMARC1; p=none; p=reject").problems.empty());
  EXPECT_FALSE(parse_tag_list("v=DMARC1; junk").problems.empty());
  auto spf = records_with_prefix({"V=SPF1 -all", "v=spf10 -all", "google-site-verification=x", "v=spf1"}, "v=spf1", true);
  EXPECT_EQ(spf, (std::vector<std::string>{"V=SPF1 -all", "v=spf1"}));
}

TEST(DnsSpf, ParsesMechanismsAndCountsLookups) {
  SpfRecord r = parse_spf("v=spf1 a mx:mx.example ip4:192.0.2.0/24 include:_spf.Example.TEST exists:%{i}.x ptr -all");
  EXPECT_EQ(r.lookups, 5);
  EXPECT_EQ(r.all, "-all");
  EXPECT_EQ(r.includes, (std::vector<std::string>{"_spf.example.test"}));
  EXPECT_TRUE(r.problems.empty());
  SpfRecord bad = parse_spf("v=spf1 foo:bar ip4 -all");
  EXPECT_EQ(bad.problems.size(), 2u);
  SpfRecord redir = parse_spf("v=spf1 redirect=_spf.example.test");
  EXPECT_EQ(redir.redirect, "_spf.example.test");
  EXPECT_EQ(redir.all, "");
  EXPECT_EQ(spf_targets(redir), (std::vector<std::string>{"_spf.example.test"}));
}

TEST(DnsSpf, FollowsIncludesCountsElevenAndFindsLoops) {
  std::string top = "v=spf1";
  std::map<std::string, SpfTxt> fetched;
  for (int i = 1; i <= 11; ++i) {
    top += " include:s" + std::to_string(i) + ".example.test";
    fetched["s" + std::to_string(i) + ".example.test"] = SpfTxt{"", {"v=spf1 ip4:192.0.2.1 -all"}};
  }
  SpfTree t = follow_spf("example.test", parse_spf(top + " +all"), fetched);
  EXPECT_EQ(t.lookups, 11);
  EXPECT_EQ(t.all, "+all");
  EXPECT_TRUE(t.problems.empty());

  std::map<std::string, SpfTxt> loop{{"loop.test", SpfTxt{"", {"v=spf1 include:loop.test -all"}}}};
  SpfTree l = follow_spf("loop.test", parse_spf("v=spf1 include:loop.test -all"), loop);
  ASSERT_EQ(l.problems.size(), 1u);
  EXPECT_EQ(l.problems.front(), "include:loop.test loops back to loop.test");

  std::map<std::string, SpfTxt> failing{{"a.test", SpfTxt{"SERVFAIL", {}}}, {"b.test", SpfTxt{"", {"v=spf1 -all", "v=spf1 +all"}}}};
  SpfTree f = follow_spf("x.test", parse_spf("v=spf1 include:a.test include:b.test -all"), failing);
  EXPECT_EQ(f.unresolved, (std::vector<std::string>{"include:a.test: SERVFAIL"}));
  EXPECT_EQ(f.problems, (std::vector<std::string>{"include:b.test has 2 SPF records, not 1"}));

  std::map<std::string, SpfTxt> redirect{{"r.test", SpfTxt{"", {"v=spf1 mx ~all"}}}};
  SpfTree r = follow_spf("x.test", parse_spf("v=spf1 redirect=r.test"), redirect);
  EXPECT_EQ(r.all, "~all");
  EXPECT_EQ(r.lookups, 2);
}

TEST(DnsPolicyRecords, Dmarc) {
  Dmarc d = parse_dmarc("v=DMARC1; p=Reject; rua=mailto:a@example.test,mailto:b@example.test; pct=50");
  EXPECT_EQ(d.policy, "reject");
  EXPECT_EQ(d.rua.size(), 2u);
  EXPECT_EQ(d.pct, 50);
  EXPECT_TRUE(d.problems.empty());
  EXPECT_EQ(parse_dmarc("v=DMARC1; p=bogus").problems.front(), "p=bogus is not none, quarantine or reject");
  EXPECT_FALSE(parse_dmarc("p=reject; v=DMARC1").problems.empty());
}

TEST(DnsPolicyRecords, DkimKeySizes) {
  for (int bits : {1024, 2048}) {
    auto key = files::test::make_key("rsa" + std::to_string(bits));
    unsigned char* der = nullptr;
    int len = i2d_PUBKEY(key.get(), &der);
    std::string b64 = base64_encode(std::string_view(reinterpret_cast<char*>(der), static_cast<std::size_t>(len)));
    OPENSSL_free(der);
    DkimKey k = parse_dkim("v=DKIM1; k=rsa; p=" + b64.substr(0, 40) + " " + b64.substr(40));
    EXPECT_EQ(k.key_bits, bits);
    EXPECT_TRUE(k.problems.empty());
  }
  DkimKey ed = parse_dkim("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
  EXPECT_EQ(ed.key_bits, 256);
  EXPECT_TRUE(parse_dkim("v=DKIM1; p=").revoked);
  EXPECT_FALSE(parse_dkim("v=DKIM1; p=notbase64!").problems.empty());
  EXPECT_FALSE(parse_dkim("k=rsa; v=DKIM1; p=").problems.empty());
}

TEST(DnsPolicyRecords, TlsRptAndStsRecord) {
  EXPECT_TRUE(parse_tlsrpt("v=TLSRPTv1; rua=mailto:r@example.test,https://r.example.test/x").problems.empty());
  EXPECT_EQ(parse_tlsrpt("v=TLSRPTv1; rua=ftp://x").problems.front(), "rua ftp://x is neither mailto: nor https:");
  EXPECT_EQ(parse_tlsrpt("v=TLSRPTv1;").problems.front(), "has no rua= report address");
  EXPECT_EQ(parse_sts_record("v=STSv1; id=20240101T000000").id, "20240101T000000");
  EXPECT_FALSE(parse_sts_record("v=STSv1; id=not-alnum!").problems.empty());
  EXPECT_FALSE(parse_sts_record("v=STSv1; id=" + std::string(33, 'a')).problems.empty());
}

TEST(DnsMtaSts, PolicyAndPatterns) {
  StsPolicy p = parse_sts_policy("version: STSv1\r\nmode: enforce\r\nmx: mail.example.test\r\nmx: *.example.net\r\nmax_age: 604800\r\n");
  EXPECT_TRUE(p.problems.empty());
  EXPECT_EQ(p.mode, "enforce");
  EXPECT_EQ(p.max_age, 604800);
  EXPECT_EQ(p.mx.size(), 2u);
  StsPolicy bad = parse_sts_policy("version: STSv2\nmode: strict\nmax_age: 99999999999\n");
  EXPECT_EQ(bad.problems.size(), 4u);  // version, mode, max_age, no mx
  EXPECT_TRUE(sts_mx_matches("*.example.net", "mx1.Example.NET."));
  EXPECT_FALSE(sts_mx_matches("*.example.net", "a.b.example.net"));
  EXPECT_FALSE(sts_mx_matches("*.example.net", "example.net"));
  EXPECT_TRUE(sts_mx_matches("mail.example.test", "MAIL.example.test"));
}

}  // namespace
}  // namespace mtaudit::dns
