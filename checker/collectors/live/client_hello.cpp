#include "collectors/live/client_hello.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "collectors/live/suites.hpp"

namespace mtaudit::live {
namespace {

constexpr std::size_t k_max_record = 16384 + 2048;
constexpr std::size_t k_max_handshake = 131072;
constexpr int k_max_records = 64;

// SHA-256("HelloRetryRequest"): the ServerHello random that marks an HRR (RFC 8446 4.1.3).
constexpr unsigned char k_hrr_random[32] = {0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C,
                                            0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB,
                                            0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

namespace ext {
constexpr std::uint16_t server_name = 0, supported_groups = 10, ec_point_formats = 11, signature_algorithms = 13,
                        supported_versions = 43, key_share = 51, renegotiation_info = 0xFF01;
}

void put8(std::string& out, unsigned v) { out.push_back(static_cast<char>(v & 0xFF)); }
void put16(std::string& out, unsigned v) {
  put8(out, v >> 8);
  put8(out, v);
}
void put24(std::string& out, unsigned v) {
  put8(out, v >> 16);
  put16(out, v);
}

// A length-prefixed block: len_bytes (1, 2 or 3) then the body.
std::string prefixed(int len_bytes, const std::string& body) {
  std::string out;
  if (len_bytes == 1) {
    put8(out, static_cast<unsigned>(body.size()));
  } else if (len_bytes == 2) {
    put16(out, static_cast<unsigned>(body.size()));
  } else {
    put24(out, static_cast<unsigned>(body.size()));
  }
  return out + body;
}

std::string list16(const std::vector<std::uint16_t>& v) {
  std::string out;
  for (auto x : v) {
    put16(out, x);
  }
  return out;
}

std::string random_bytes(const RandomFill& random, std::size_t n) {
  std::string out(n, '\0');
  random(reinterpret_cast<unsigned char*>(out.data()), n);
  return out;
}

// An ML-KEM-768 encapsulation key that passes FIPS 203's modulus check: 768 coefficients
// below q = 3329, 12 bits each, then the 32-byte seed rho. Random bytes alone would fail the
// check and earn an alert instead of a ServerHello.
std::string mlkem768_public_key(const RandomFill& random) {
  std::string raw = random_bytes(random, 768 * 2);
  std::string out;
  for (std::size_t i = 0; i < 768; i += 2) {
    unsigned a = ((static_cast<unsigned char>(raw[2 * i]) << 8) | static_cast<unsigned char>(raw[2 * i + 1])) % 3329;
    unsigned b = ((static_cast<unsigned char>(raw[2 * i + 2]) << 8) | static_cast<unsigned char>(raw[2 * i + 3])) % 3329;
    put8(out, a);
    put8(out, (a >> 8) | ((b & 0x0F) << 4));
    put8(out, b >> 4);
  }
  return out + random_bytes(random, 32);
}

// A key share the server can parse: x25519 takes any 32 bytes; the hybrid is ML-KEM-768 || x25519.
std::string key_share_entry(std::uint16_t group, const RandomFill& random) {
  std::string key = group == group_id::x25519_mlkem768 ? mlkem768_public_key(random) + random_bytes(random, 32)
                                                       : random_bytes(random, 32);
  std::string out;
  put16(out, group);
  return out + prefixed(2, key);
}

std::string extension(std::uint16_t type, const std::string& body) {
  std::string out;
  put16(out, type);
  return out + prefixed(2, body);
}

std::string extensions(const ClientHelloSpec& spec, const RandomFill& random) {
  std::string out;
  if (!spec.sni.empty()) {
    std::string name;
    put8(name, 0);  // host_name
    name += prefixed(2, spec.sni);
    out += extension(ext::server_name, prefixed(2, name));
  }
  if (!spec.groups.empty()) {
    out += extension(ext::supported_groups, prefixed(2, list16(spec.groups)));
    out += extension(ext::ec_point_formats, prefixed(1, std::string(1, '\0')));  // uncompressed
  }
  if (!spec.sigalgs.empty()) {
    out += extension(ext::signature_algorithms, prefixed(2, list16(spec.sigalgs)));
  }
  if (!spec.supported_versions.empty()) {
    out += extension(ext::supported_versions, prefixed(1, list16(spec.supported_versions)));
    std::string shares;
    for (auto g : spec.key_shares) {
      shares += key_share_entry(g, random);
    }
    out += extension(ext::key_share, prefixed(2, shares));
  }
  return out;
}

std::uint16_t get16(std::string_view s, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(s[at]) << 8) | static_cast<unsigned char>(s[at + 1]));
}
std::uint32_t get24(std::string_view s, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 16) | get16(s, at + 1);
}

// A cursor over a byte string that refuses to read past the end.
struct Cursor {
  std::string_view s;
  std::size_t at = 0;
  bool ok = true;
  bool need(std::size_t n) {
    ok = ok && at + n <= s.size();
    return ok;
  }
  unsigned u8() { return need(1) ? static_cast<unsigned char>(s[at++]) : 0; }
  unsigned u16() {
    if (!need(2)) {
      return 0;
    }
    at += 2;
    return get16(s, at - 2);
  }
  std::string_view bytes(std::size_t n) {
    if (!need(n)) {
      return {};
    }
    at += n;
    return s.substr(at - n, n);
  }
};

void parse_extension(std::uint16_t type, std::string_view body, ServerHello& out) {
  if (type == ext::supported_versions && body.size() == 2) {
    out.version = get16(body, 0);
  } else if (type == ext::key_share && body.size() >= 2) {
    out.group = get16(body, 0);  // ServerHello: group + key; HRR: group alone
  }
}

// Certificate message (TLS <= 1.2): a 3-byte list length, then 3-byte length-prefixed DERs.
void parse_certificates(std::string_view body, ServerHello& out) {
  if (body.size() < 3) {
    return;
  }
  std::size_t at = 3;
  std::size_t end = std::min<std::size_t>(body.size(), 3 + get24(body, 0));
  while (at + 3 <= end) {
    std::size_t len = get24(body, at);
    if (at + 3 + len > end) {
      return;
    }
    out.certificates.emplace_back(body.substr(at + 3, len));
    at += 3 + len;
  }
}

int significant_bits(std::string_view big_endian) {
  std::size_t i = 0;
  while (i < big_endian.size() && big_endian[i] == 0) {
    ++i;
  }
  if (i == big_endian.size()) {
    return 0;
  }
  int bits = static_cast<int>((big_endian.size() - i - 1) * 8);
  for (unsigned c = static_cast<unsigned char>(big_endian[i]); c != 0; c >>= 1) {
    ++bits;
  }
  return bits;
}

// ServerKeyExchange: ECDHE starts with curve_type 3 (named_curve) and the group; DHE with p.
void parse_server_key_exchange(std::string_view body, ServerHello& out) {
  const SuiteInfo* s = find_suite(out.suite);
  std::string kx = s != nullptr ? kx_name(*s) : "";
  Cursor c{body};
  if ((kx == "ECDHE" || kx == "anon-ECDH") && c.u8() == 3) {
    out.ske_curve = static_cast<std::uint16_t>(c.u16());
  } else if (kx == "DHE" || kx == "anon-DH") {
    std::string_view p = c.bytes(c.u16());
    out.ske_dh_bits = c.ok ? significant_bits(p) : 0;
  }
}

bool looks_like_smtp(std::string_view s) {
  return s.size() >= 4 && s[0] >= '2' && s[0] <= '5' && std::isdigit(static_cast<unsigned char>(s[1])) &&
         std::isdigit(static_cast<unsigned char>(s[2])) && (s[3] == ' ' || s[3] == '-');
}

std::string printable_prefix(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 60)) {
    out += (c >= 32 && c < 127) ? c : '.';
  }
  return out;
}

bool parse_sslv2_server_hello(std::string_view msg, Sslv2ServerHello& out) {
  // type(1)=4, session_id_hit(1), certificate_type(1), version(2), cert_len(2), specs_len(2), conn_id_len(2)
  if (msg.size() < 11 || msg[0] != 4) {
    return false;
  }
  out.version = get16(msg, 3);
  std::size_t cert_len = get16(msg, 5), specs_len = get16(msg, 7);
  if (11 + cert_len + specs_len > msg.size() || specs_len % 3 != 0) {
    return false;
  }
  out.certificate = std::string(msg.substr(11, cert_len));
  for (std::size_t i = 11 + cert_len; i + 3 <= 11 + cert_len + specs_len; i += 3) {
    out.specs.push_back((static_cast<std::uint32_t>(static_cast<unsigned char>(msg[i])) << 16) | get16(msg, i + 1));
  }
  return true;
}

}  // namespace

std::string group_name(std::uint16_t id) {
  switch (id) {
    case group_id::secp256r1: return "secp256r1";
    case group_id::secp384r1: return "secp384r1";
    case group_id::secp521r1: return "secp521r1";
    case group_id::x25519: return "x25519";
    case group_id::x448: return "x448";
    case group_id::ffdhe2048: return "ffdhe2048";
    case group_id::ffdhe3072: return "ffdhe3072";
    case group_id::ffdhe4096: return "ffdhe4096";
    case group_id::ffdhe6144: return "ffdhe6144";
    case group_id::ffdhe8192: return "ffdhe8192";
    case group_id::x25519_mlkem768: return "X25519MLKEM768";
    case group_id::secp192r1: return "secp192r1";
    case group_id::secp224r1: return "secp224r1";
    case group_id::secp256k1: return "secp256k1";
    case group_id::brainpoolP256r1: return "brainpoolP256r1";
    case group_id::brainpoolP384r1: return "brainpoolP384r1";
    case group_id::brainpoolP512r1: return "brainpoolP512r1";
    default: {
      char buf[8];
      std::snprintf(buf, sizeof buf, "0x%04X", id);
      return buf;
    }
  }
}

void system_random(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) {
    std::memset(out, 0x5A, n);  // only a probe's nonce: predictability harms nothing here
  }
}

std::vector<std::uint16_t> default_sigalgs() {
  return {0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080A, 0x080B,
          0x0401, 0x0501, 0x0601, 0x0303, 0x0301, 0x0302, 0x0203, 0x0201, 0x0202};
}

std::vector<std::uint16_t> default_groups() {
  using namespace group_id;
  return {x25519, secp256r1, secp384r1, secp521r1, x448, ffdhe2048, ffdhe3072, ffdhe4096, ffdhe6144, ffdhe8192};
}

std::vector<std::uint16_t> tls12_curves() {
  using namespace group_id;
  return {x25519,    secp256r1, secp384r1,       secp521r1,       x448,           secp224r1,
          secp192r1, secp256k1, brainpoolP256r1, brainpoolP384r1, brainpoolP512r1};
}

std::string build_client_hello(const ClientHelloSpec& spec, const RandomFill& random) {
  std::string body;
  put16(body, spec.client_version);
  body += random_bytes(random, 32);
  put8(body, 0);  // no session id
  std::vector<std::uint16_t> suites = spec.suites;
  if (spec.renegotiation_scsv) {
    suites.push_back(0x00FF);
  }
  body += prefixed(2, list16(suites));
  body += prefixed(1, spec.offer_deflate ? std::string("\x01\x00", 2) : std::string(1, '\0'));
  if (spec.extensions) {
    body += prefixed(2, extensions(spec, random));
  }
  std::string hs;
  put8(hs, 1);  // client_hello
  hs += prefixed(3, body);
  std::string record;
  put8(record, 22);  // handshake
  put16(record, spec.record_version);
  return record + prefixed(2, hs);
}

std::string build_sslv2_client_hello(const std::vector<std::uint32_t>& specs, const RandomFill& random) {
  std::string msg;
  put8(msg, 1);  // CLIENT-HELLO
  put16(msg, 0x0002);
  put16(msg, static_cast<unsigned>(specs.size() * 3));
  put16(msg, 0);   // session id length
  put16(msg, 16);  // challenge length
  for (auto s : specs) {
    put24(msg, s);
  }
  msg += random_bytes(random, 16);
  std::string out;
  put16(out, 0x8000 | static_cast<unsigned>(msg.size()));
  return out + msg;
}

bool parse_server_hello(std::string_view body, ServerHello& out, std::string& error) {
  Cursor c{body};
  out.legacy_version = static_cast<std::uint16_t>(c.u16());
  std::string_view random = c.bytes(32);
  c.bytes(c.u8());  // session id
  out.suite = static_cast<std::uint16_t>(c.u16());
  out.compression = static_cast<std::uint8_t>(c.u8());
  if (!c.ok) {
    error = "truncated ServerHello";
    return false;
  }
  out.version = out.legacy_version;
  out.hello_retry = random.size() == 32 && std::memcmp(random.data(), k_hrr_random, 32) == 0;
  if (c.at == body.size()) {
    return true;  // no extensions (SSLv3, old TLS)
  }
  Cursor exts{c.bytes(c.u16())};
  while (c.ok && exts.ok && exts.at < exts.s.size()) {
    auto type = static_cast<std::uint16_t>(exts.u16());
    std::string_view ext_body = exts.bytes(exts.u16());
    if (exts.ok) {
      out.extensions.push_back(type);
      parse_extension(type, ext_body, out);
    }
  }
  if (!c.ok || !exts.ok) {
    error = "malformed ServerHello extensions";
    return false;
  }
  return true;
}

std::string unoffered_choice(const ClientHelloSpec& offer, const ServerHello& hello) {
  auto hex = [](std::uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04X", v);
    return std::string(buf);
  };
  const auto& versions = offer.supported_versions;
  bool version_ok = versions.empty() ? hello.version >= 0x0300 && hello.version <= offer.client_version
                                     : std::find(versions.begin(), versions.end(), hello.version) != versions.end() ||
                                           (hello.version >= 0x0300 && hello.version <= offer.client_version);
  if (!version_ok) return "the ServerHello chose version " + hex(hello.version) + ", which was not offered";
  if (std::find(offer.suites.begin(), offer.suites.end(), hello.suite) == offer.suites.end()) {
    return "the ServerHello chose suite " + hex(hello.suite) + ", which was not offered";
  }
  return "";
}

std::string alert_name(std::uint8_t d) {
  switch (d) {
    case 0: return "close_notify";
    case 10: return "unexpected_message";
    case 20: return "bad_record_mac";
    case 22: return "record_overflow";
    case 40: return "handshake_failure";
    case 42: return "bad_certificate";
    case 47: return "illegal_parameter";
    case 50: return "decode_error";
    case 51: return "decrypt_error";
    case 70: return "protocol_version";
    case 71: return "insufficient_security";
    case 80: return "internal_error";
    case 86: return "inappropriate_fallback";
    case 109: return "missing_extension";
    case 110: return "unsupported_extension";
    case 112: return "unrecognized_name";
    case 120: return "no_application_protocol";
    default: return "alert " + std::to_string(d);
  }
}

void ServerHelloReader::feed(std::string_view bytes) {
  if (m_error.empty()) {
    m_buf.append(bytes);
  }
}

ServerHelloReader::Next ServerHelloReader::fail(std::string message) {
  m_error = std::move(message);
  m_buf.clear();
  Next n;
  n.status = Status::error;
  n.error = m_error;
  return n;
}

ServerHelloReader::Next ServerHelloReader::next() {
  if (!m_error.empty()) {
    return fail(m_error);
  }
  if (m_records == 0 && m_buf.size() >= 3 && (static_cast<unsigned char>(m_buf[0]) & 0x80) != 0 && m_buf[2] == 4) {
    std::size_t len = get16(m_buf, 0) & 0x7FFF;
    if (m_buf.size() < 2 + len) {
      return Next{};
    }
    Next n;
    if (!parse_sslv2_server_hello(std::string_view(m_buf).substr(2, len), n.sslv2)) {
      return fail("malformed SSLv2 SERVER-HELLO");
    }
    n.status = Status::sslv2_server_hello;
    return n;
  }
  return parse_records();
}

ServerHelloReader::Next ServerHelloReader::parse_records() {
  while (m_buf.size() >= 5) {
    auto type = static_cast<unsigned char>(m_buf[0]);
    std::size_t len = get16(m_buf, 3);
    if (type != 21 && type != 22) {
      return fail(looks_like_smtp(m_buf) ? "not TLS: \"" + printable_prefix(m_buf) + "\""
                                         : "not a TLS handshake record (type " + std::to_string(type) + ")");
    }
    if (m_buf[1] != 3 && m_buf[1] != 2) {
      return fail("unknown record version " + std::to_string(static_cast<unsigned char>(m_buf[1])) + "." +
                  std::to_string(static_cast<unsigned char>(m_buf[2])));
    }
    if (len > k_max_record || ++m_records > k_max_records) {
      return fail(len > k_max_record ? "record too long" : "too many records");
    }
    if (m_buf.size() < 5 + len) {
      --m_records;
      return Next{};
    }
    std::string payload = m_buf.substr(5, len);
    m_buf.erase(0, 5 + len);
    Next n = type == 21 ? on_alert(payload) : on_handshake_bytes(payload);
    if (n.status != Status::incomplete) {
      return n;
    }
  }
  return Next{};
}

ServerHelloReader::Next ServerHelloReader::on_alert(std::string_view payload) {
  if (payload.size() < 2) {
    return fail("truncated alert");
  }
  Next n;
  n.status = Status::alert;
  n.alert = Alert{static_cast<std::uint8_t>(payload[0]), static_cast<std::uint8_t>(payload[1])};
  return n;
}

// Handshake messages may span records, and one record may hold several.
ServerHelloReader::Next ServerHelloReader::on_handshake_bytes(std::string_view payload) {
  m_hs += payload;
  while (m_hs.size() >= 4) {
    std::size_t mlen = get24(m_hs, 1);
    if (mlen > k_max_handshake) {
      return fail("handshake message too long");
    }
    if (m_hs.size() < 4 + mlen) {
      break;
    }
    auto mtype = static_cast<std::uint8_t>(m_hs[0]);
    std::string body = m_hs.substr(4, mlen);
    m_hs.erase(0, 4 + mlen);
    Next n = on_handshake_message(mtype, body);
    if (n.status != Status::incomplete) {
      return n;
    }
  }
  return Next{};
}

ServerHelloReader::Next ServerHelloReader::on_handshake_message(std::uint8_t type, std::string_view body) {
  if (!m_have_hello) {
    if (type != 2) {
      return fail("expected ServerHello, got handshake message " + std::to_string(type));
    }
    std::string error;
    if (!parse_server_hello(body, m_hello, error)) {
      return fail(error);
    }
    m_have_hello = true;
    bool tls13 = m_hello.version >= 0x0304 || m_hello.hello_retry;
    if (!m_want_flight || tls13) {
      m_hello.flight_complete = true;  // TLS 1.3: the rest is encrypted
      return Next{Status::server_hello, m_hello, {}, {}, ""};
    }
    return Next{};
  }
  if (type == 11) {
    parse_certificates(body, m_hello);
  } else if (type == 12) {
    parse_server_key_exchange(body, m_hello);
  } else if (type == 14) {
    m_hello.flight_complete = true;
    return Next{Status::server_hello, m_hello, {}, {}, ""};
  }
  return Next{};
}

ServerHelloReader::Next ServerHelloReader::finish() {
  if (m_have_hello) {
    return Next{Status::server_hello, m_hello, {}, {}, ""};
  }
  Next n = next();
  if (n.status != Status::incomplete) {
    return n;
  }
  return fail(m_buf.empty() && m_records == 0 ? "connection closed without an answer" : "truncated answer");
}

}  // namespace mtaudit::live
