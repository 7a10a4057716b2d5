#include <gtest/gtest.h>

#include "collectors/live/client_hello.hpp"

namespace mtaudit::live {
namespace {

std::string unhex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size();) {
    if (hex[i] == ' ' || hex[i] == '\n') {
      ++i;
      continue;
    }
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    i += 2;
  }
  return out;
}

void fill_ab(unsigned char* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = 0xAB;
  }
}

unsigned u16(const std::string& s, std::size_t at) {
  return (static_cast<unsigned char>(s[at]) << 8) | static_cast<unsigned char>(s[at + 1]);
}

// A ServerHello captured from `openssl s_server` (OpenSSL 3.0.19) answering
// `s_client -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256`, with its record header:
// suite 0xC02F, extensions renegotiation_info, ec_point_formats, session_ticket,
// extended_master_secret.
const char* const k_captured_server_hello =
    "16 03 03 00 41"
    "02 00 00 3d 03 03 e7 7b ce 91 83 87 d7 62 f2 44 a2 86 a1 87 c2 a3 63 a6 e5 6d 1a 3a c5 e8 44 4f"
    "57 4e 47 52 44 01 00 c0 2f 00 00 15 ff 01 00 01 00 00 0b 00 04 03 00 01 02 00 23 00 00 00 17 00 00";

TEST(LiveClientHello, RecordAndHandshakeFraming) {
  ClientHelloSpec spec;
  spec.suites = {0xC02F, 0x000A};
  spec.sni = "mx.example.org";
  spec.groups = {group_id::x25519, group_id::ffdhe2048};
  spec.sigalgs = {0x0804};
  std::string h = build_client_hello(spec, fill_ab);
  ASSERT_GE(h.size(), 9u);
  EXPECT_EQ(h[0], 22);
  EXPECT_EQ(u16(h, 1), 0x0301u);
  EXPECT_EQ(u16(h, 3), h.size() - 5);
  EXPECT_EQ(h[5], 1);  // client_hello
  EXPECT_EQ((static_cast<unsigned char>(h[6]) << 16) | u16(h, 7), h.size() - 9);
  EXPECT_EQ(u16(h, 9), 0x0303u);
  EXPECT_EQ(h.substr(11, 32), std::string(32, '\xAB'));
  EXPECT_EQ(h[43], 0);                 // empty session id
  EXPECT_EQ(u16(h, 44), 6u);           // three suites: two offered and the SCSV
  EXPECT_EQ(u16(h, 46), 0xC02Fu);
  EXPECT_EQ(u16(h, 48), 0x000Au);
  EXPECT_EQ(u16(h, 50), 0x00FFu);
  EXPECT_EQ(h.substr(52, 2), std::string("\x01\x00", 2));  // compression: null only
  EXPECT_NE(h.find(std::string("\x00\x0e" "mx.example.org", 16)), std::string::npos);
  EXPECT_NE(h.find(std::string("\x00\x0a\x00\x06\x00\x04\x00\x1d\x01\x00", 10)), std::string::npos);
}

TEST(LiveClientHello, Tls13OfferCarriesVersionsAndKeyShares) {
  ClientHelloSpec spec;
  spec.suites = {0x1301};
  spec.groups = {group_id::x25519_mlkem768, group_id::x25519};
  spec.sigalgs = default_sigalgs();
  spec.supported_versions = {0x0304, 0x0303};
  spec.key_shares = {group_id::x25519_mlkem768, group_id::x25519};
  std::string h = build_client_hello(spec, fill_ab);
  EXPECT_NE(h.find(std::string("\x00\x2b\x00\x05\x04\x03\x04\x03\x03", 9)), std::string::npos);
  // key_share: list length = (2+2+1216) + (2+2+32)
  std::size_t ks = h.find(std::string("\x00\x33", 2) + std::string("\x04\xea\x04\xe8", 4));
  ASSERT_NE(ks, std::string::npos);
  EXPECT_EQ(u16(h, ks + 6), 0x11ECu);
  EXPECT_EQ(u16(h, ks + 8), 1216u);
  // ML-KEM coefficients are below q = 3329 (the server's modulus check)
  std::string ek = h.substr(ks + 10, 1152);
  for (std::size_t i = 0; i + 3 <= ek.size(); i += 3) {
    unsigned b0 = static_cast<unsigned char>(ek[i]), b1 = static_cast<unsigned char>(ek[i + 1]),
             b2 = static_cast<unsigned char>(ek[i + 2]);
    ASSERT_LT(b0 | ((b1 & 0x0F) << 8), 3329u);
    ASSERT_LT((b1 >> 4) | (b2 << 4), 3329u);
  }
}

TEST(LiveClientHello, EmptyKeyShareListIsStillSent) {
  ClientHelloSpec spec;
  spec.suites = {0x1301};
  spec.groups = {group_id::secp384r1};
  spec.supported_versions = {0x0304};
  std::string h = build_client_hello(spec, fill_ab);
  EXPECT_NE(h.find(std::string("\x00\x33\x00\x02\x00\x00", 6)), std::string::npos);
}

TEST(LiveClientHello, Sslv3HelloHasNoExtensionsAndCanOfferDeflate) {
  ClientHelloSpec spec;
  spec.record_version = spec.client_version = 0x0300;
  spec.suites = {0x000A};
  spec.extensions = false;
  spec.offer_deflate = true;
  std::string h = build_client_hello(spec, fill_ab);
  EXPECT_EQ(h.size(), 5u + 4 + 2 + 32 + 1 + 2 + 4 + 3);
  EXPECT_EQ(h.substr(h.size() - 3), std::string("\x02\x01\x00", 3));
}

TEST(LiveClientHello, Sslv2ClientHello) {
  std::string h = build_sslv2_client_hello({0x010080, 0x0700C0}, fill_ab);
  ASSERT_EQ(h.size(), 2u + 9 + 6 + 16);
  EXPECT_EQ(u16(h, 0), 0x8000u | (h.size() - 2));
  EXPECT_EQ(h[2], 1);
  EXPECT_EQ(u16(h, 3), 0x0002u);
  EXPECT_EQ(u16(h, 5), 6u);
  EXPECT_EQ(u16(h, 7), 0u);
  EXPECT_EQ(u16(h, 9), 16u);
  EXPECT_EQ(h.substr(11, 6), std::string("\x01\x00\x80\x07\x00\xc0", 6));
}

TEST(LiveClientHello, CapturedServerHello) {
  ServerHelloReader r;
  std::string bytes = unhex(k_captured_server_hello);
  r.feed(bytes.substr(0, 20));
  EXPECT_EQ(r.next().status, ServerHelloReader::Status::incomplete);
  r.feed(bytes.substr(20));
  auto n = r.next();
  ASSERT_EQ(n.status, ServerHelloReader::Status::server_hello) << n.error;
  EXPECT_EQ(n.hello.version, 0x0303);
  EXPECT_EQ(n.hello.suite, 0xC02F);
  EXPECT_EQ(n.hello.compression, 0);
  EXPECT_FALSE(n.hello.hello_retry);
  EXPECT_EQ(n.hello.extensions, (std::vector<std::uint16_t>{0xFF01, 0x000B, 0x0023, 0x0017}));
}

TEST(LiveClientHello, FlightWithCertificateAndKeyExchange) {
  std::string sh = unhex(k_captured_server_hello).substr(5);
  std::string cert("\x0b\x00\x00\x0b\x00\x00\x08\x00\x00\x05" "CERT!", 15);
  std::string ske = std::string("\x0c\x00\x00\x04\x03\x00\x17\x00", 8);
  std::string done = std::string("\x0e\x00\x00\x00", 4);
  std::string hs = sh + cert + ske + done;
  std::string rec = std::string("\x16\x03\x03", 3) + static_cast<char>(hs.size() >> 8) + static_cast<char>(hs.size() & 0xFF) + hs;
  ServerHelloReader r(true);
  r.feed(rec.substr(0, rec.size() - 2));
  EXPECT_EQ(r.next().status, ServerHelloReader::Status::incomplete);
  r.feed(rec.substr(rec.size() - 2));
  auto n = r.next();
  ASSERT_EQ(n.status, ServerHelloReader::Status::server_hello) << n.error;
  EXPECT_TRUE(n.hello.flight_complete);
  EXPECT_EQ(n.hello.certificates, std::vector<std::string>{"CERT!"});
  EXPECT_EQ(n.hello.ske_curve, group_id::secp256r1);
}

TEST(LiveClientHello, DheKeyExchangeSize) {
  std::string sh = unhex(k_captured_server_hello).substr(5);
  sh[4 + 2 + 32 + 1] = '\x00';  // suite 0xC02F → 0x009E (DHE-RSA-AES128-GCM-SHA256)
  sh[4 + 2 + 32 + 2] = '\x9e';
  std::string p(256, '\xff');        // a 2048-bit prime's length
  std::string body = std::string("\x01\x00", 2) + p;
  std::string ske = std::string("\x0c\x00", 2) + static_cast<char>(body.size() >> 8) + static_cast<char>(body.size() & 0xFF) + body;
  std::string hs = sh + ske + std::string("\x0e\x00\x00\x00", 4);
  std::string rec = std::string("\x16\x03\x03", 3) + static_cast<char>(hs.size() >> 8) + static_cast<char>(hs.size() & 0xFF) + hs;
  ServerHelloReader r(true);
  r.feed(rec);
  auto n = r.next();
  ASSERT_EQ(n.status, ServerHelloReader::Status::server_hello) << n.error;
  EXPECT_EQ(n.hello.suite, 0x009E);
  EXPECT_EQ(n.hello.ske_dh_bits, 2048);
}

TEST(LiveClientHello, HelloRetryRequestNamesTheGroup) {
  std::string body = std::string("\x03\x03", 2) +
                     unhex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C") +
                     std::string("\x00\x13\x02\x00\x00\x0c\x00\x2b\x00\x02\x03\x04\x00\x33\x00\x02\x11\xec", 18);
  std::string hs = std::string("\x02\x00", 2) + static_cast<char>(0) + static_cast<char>(body.size()) + body;
  std::string rec = std::string("\x16\x03\x03\x00", 4) + static_cast<char>(hs.size()) + hs;
  ServerHelloReader r;
  r.feed(rec);
  auto n = r.next();
  ASSERT_EQ(n.status, ServerHelloReader::Status::server_hello) << n.error;
  EXPECT_TRUE(n.hello.hello_retry);
  EXPECT_EQ(n.hello.version, 0x0304);
  EXPECT_EQ(n.hello.suite, 0x1302);
  EXPECT_EQ(n.hello.group, group_id::x25519_mlkem768);
  EXPECT_EQ(group_name(n.hello.group), "X25519MLKEM768");
}

TEST(LiveClientHello, Alert) {
  ServerHelloReader r;
  r.feed(std::string("\x15\x03\x03\x00\x02\x02\x28", 7));
  auto n = r.next();
  ASSERT_EQ(n.status, ServerHelloReader::Status::alert);
  EXPECT_EQ(n.alert.level, 2);
  EXPECT_EQ(n.alert.description, 40);
  EXPECT_EQ(alert_name(40), "handshake_failure");
  EXPECT_EQ(alert_name(70), "protocol_version");
}

TEST(LiveClientHello, SmtpTextGarbageAndBadVersions) {
  ServerHelloReader smtp;
  smtp.feed("421 4.3.2 Service shutting down\r\n");
  auto n = smtp.next();
  ASSERT_EQ(n.status, ServerHelloReader::Status::error);
  EXPECT_EQ(n.error, "not TLS: \"421 4.3.2 Service shutting down..\"");
  ServerHelloReader garbage;
  garbage.feed(std::string("\x17\x03\x03\x00\x01\x00", 6));
  EXPECT_EQ(garbage.next().status, ServerHelloReader::Status::error);
  ServerHelloReader version;
  version.feed(std::string("\x16\x09\x09\x00\x01\x00", 6));
  EXPECT_EQ(version.next().error, "unknown record version 9.9");
  ServerHelloReader huge;
  huge.feed(std::string("\x16\x03\x03\xff\xff", 5));
  EXPECT_EQ(huge.next().error, "record too long");
  ServerHelloReader not_hello;
  not_hello.feed(std::string("\x16\x03\x03\x00\x04\x0b\x00\x00\x00", 9));
  EXPECT_EQ(not_hello.next().error, "expected ServerHello, got handshake message 11");
}

TEST(LiveClientHello, TruncatedServerHelloAndEof) {
  ServerHelloReader r;
  r.feed(std::string("\x16\x03\x03\x00\x06\x02\x00\x00\x02\x03\x03", 11));
  EXPECT_EQ(r.next().error, "truncated ServerHello");
  ServerHelloReader silent;
  EXPECT_EQ(silent.finish().error, "connection closed without an answer");
  ServerHelloReader partial;
  partial.feed(std::string("\x16\x03", 2));
  EXPECT_EQ(partial.finish().error, "truncated answer");
}

TEST(LiveClientHello, Sslv2ServerHello) {
  // type 4, hit 0, cert type 1, version 0002, cert len 3, specs len 6, conn id len 16
  std::string msg = std::string("\x04\x00\x01\x00\x02\x00\x03\x00\x06\x00\x10", 11) + "DER" +
                    std::string("\x01\x00\x80\x07\x00\xc0", 6) + std::string(16, 'c');
  std::string rec = std::string(1, static_cast<char>(0x80)) + static_cast<char>(msg.size()) + msg;
  ServerHelloReader r;
  r.feed(rec);
  auto n = r.next();
  ASSERT_EQ(n.status, ServerHelloReader::Status::sslv2_server_hello);
  EXPECT_EQ(n.sslv2.version, 2);
  EXPECT_EQ(n.sslv2.specs, (std::vector<std::uint32_t>{0x010080, 0x0700C0}));
  EXPECT_EQ(n.sslv2.certificate, "DER");
}

}  // namespace
}  // namespace mtaudit::live

namespace mtaudit::live {
namespace {

TEST(ClientHelloUnoffered, AServerHelloMayOnlyChooseWhatWasOffered) {
  ClientHelloSpec offer;
  offer.client_version = 0x0303;
  offer.suites = {0xC02F, 0x009C};
  ServerHello hello;
  hello.version = 0x0303;
  hello.suite = 0xC02F;
  EXPECT_EQ(unoffered_choice(offer, hello), "");
  hello.version = 0x0301;  // a lower version is a legal answer to a TLS 1.2 hello
  EXPECT_EQ(unoffered_choice(offer, hello), "");
  hello.version = 0x0305;
  EXPECT_EQ(unoffered_choice(offer, hello), "the ServerHello chose version 0x0305, which was not offered");
  hello.version = 0x0303;
  hello.suite = 0xFAFA;
  EXPECT_EQ(unoffered_choice(offer, hello), "the ServerHello chose suite 0xFAFA, which was not offered");
  offer.supported_versions = {0x0304};
  offer.suites = {0x1301};
  hello.version = 0x0304;
  hello.suite = 0x1301;
  EXPECT_EQ(unoffered_choice(offer, hello), "");
}

}  // namespace
}  // namespace mtaudit::live
