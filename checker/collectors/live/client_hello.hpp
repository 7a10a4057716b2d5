#pragma once
// A hand-written TLS ClientHello (and SSLv2 CLIENT-HELLO) builder and a ServerHello / alert
// parser.
//
// Why by hand: OpenSSL 3 as Debian builds it cannot offer SSLv2 or SSLv3, nor export, RC4,
// DES, 3DES, IDEA, SEED, RC2 or most NULL/anonymous suites, and 3.0 knows no post-quantum
// hybrid group. Whether a server still accepts them can only be learned by sending their code
// points and reading the ServerHello or alert; no key exchange is needed for that, so the
// connection is dropped right after the server's first flight.
//
// Pure, apart from the random bytes (client random, key shares), which come from a callback.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mtaudit::live {

// Named groups (IANA TLS Supported Groups).
namespace group_id {
constexpr std::uint16_t secp256r1 = 0x0017, secp384r1 = 0x0018, secp521r1 = 0x0019, x25519 = 0x001D, x448 = 0x001E;
constexpr std::uint16_t ffdhe2048 = 0x0100, ffdhe3072 = 0x0101, ffdhe4096 = 0x0102, ffdhe6144 = 0x0103,
                        ffdhe8192 = 0x0104;
constexpr std::uint16_t x25519_mlkem768 = 0x11EC;
// Legacy curves a TLS <= 1.2 server may still accept.
constexpr std::uint16_t secp192r1 = 0x0013, secp224r1 = 0x0015, secp256k1 = 0x0016, brainpoolP256r1 = 0x001A,
                        brainpoolP384r1 = 0x001B, brainpoolP512r1 = 0x001C;
}  // namespace group_id

// "x25519", "secp256r1", "ffdhe2048", "X25519MLKEM768"; "0x1234" for others.
std::string group_name(std::uint16_t id);

using RandomFill = std::function<void(unsigned char* out, std::size_t n)>;
// OpenSSL's RAND_bytes.
void system_random(unsigned char* out, std::size_t n);

struct ClientHelloSpec {
  std::uint16_t record_version = 0x0301;  // most compatible record version
  std::uint16_t client_version = 0x0303;  // legacy_version
  std::vector<std::uint16_t> suites;      // in offer order
  bool renegotiation_scsv = true;         // TLS_EMPTY_RENEGOTIATION_INFO_SCSV, as every client sends
  bool extensions = true;                 // false: a bare SSLv3-style hello
  bool offer_deflate = false;             // compression methods DEFLATE, null (else null only)
  std::string sni;                        // host name; "" = no server_name extension
  std::vector<std::uint16_t> groups;      // supported_groups (with ffdhe for GnuTLS DHE)
  std::vector<std::uint16_t> sigalgs;     // signature_algorithms (TLS 1.2+)
  std::vector<std::uint16_t> supported_versions;  // non-empty: TLS 1.3 style offer
  std::vector<std::uint16_t> key_shares;  // groups to send a random key share for (x25519, X25519MLKEM768)
};

// The whole record (5-byte header + handshake message).
std::string build_client_hello(const ClientHelloSpec& spec, const RandomFill& random);

// An SSLv2 CLIENT-HELLO (2-byte header, version 0x0002) offering these 3-byte CIPHER-SPECs.
std::string build_sslv2_client_hello(const std::vector<std::uint32_t>& specs, const RandomFill& random);

// Signature algorithms every modern client offers (RSA, RSA-PSS, ECDSA, EdDSA, SHA-1 last).
std::vector<std::uint16_t> default_sigalgs();
// x25519, secp256r1, secp384r1, secp521r1, x448, ffdhe2048..8192.
std::vector<std::uint16_t> default_groups();
// The elliptic curves a TLS <= 1.2 ECDHE handshake can use, modern and legacy (no ffdhe).
std::vector<std::uint16_t> tls12_curves();

struct ServerHello {
  std::uint16_t legacy_version = 0;  // the ServerHello's version field
  std::uint16_t version = 0;         // negotiated: supported_versions when present, else legacy_version
  std::uint16_t suite = 0;
  std::uint8_t compression = 0;
  bool hello_retry = false;          // a HelloRetryRequest (TLS 1.3)
  std::uint16_t group = 0;           // key_share's group (or the group the HRR asks for), 0 = none
  std::vector<std::uint16_t> extensions;  // types, in the server's order
  // TLS <= 1.2 only, when they came in the same flight:
  std::vector<std::string> certificates;  // DER, leaf first
  std::uint16_t ske_curve = 0;            // ServerKeyExchange named curve (ECDHE)
  int ske_dh_bits = 0;                    // ServerKeyExchange prime size (DHE)
  bool flight_complete = false;           // ServerHelloDone seen (or TLS 1.3: nothing more readable)
};

struct Sslv2ServerHello {
  std::uint16_t version = 0;
  std::vector<std::uint32_t> specs;  // CIPHER-SPECs the server accepts
  std::string certificate;           // DER
};

struct Alert {
  std::uint8_t level = 0;
  std::uint8_t description = 0;  // 40 handshake_failure, 70 protocol_version, ...
};

// Reads the server's answer incrementally. Bounded: records above 18432 bytes, handshake
// messages above 131072 bytes and more than 64 records are errors.
class ServerHelloReader {
 public:
  enum class Status { incomplete, server_hello, sslv2_server_hello, alert, error };
  struct Next {
    Status status = Status::incomplete;
    ServerHello hello;
    Sslv2ServerHello sslv2;
    Alert alert;
    std::string error;  // "not TLS: \"421 4.3.2 ...\"", "record too long", ...
  };

  // want_flight: after a TLS <= 1.2 ServerHello, keep reading up to ServerHelloDone for the
  // Certificate and ServerKeyExchange (kx_is_dhe / kx_is_ecdhe say how to read the latter).
  explicit ServerHelloReader(bool want_flight = false) : m_want_flight(want_flight) {}
  void feed(std::string_view bytes);
  // The answer once known; while incomplete, feed more. At EOF, call finish().
  Next next();
  // The peer closed: the best answer so far (a ServerHello without its whole flight), or an error.
  Next finish();

 private:
  Next parse_records();
  Next on_alert(std::string_view payload);
  Next on_handshake_bytes(std::string_view payload);
  Next on_handshake_message(std::uint8_t type, std::string_view body);
  Next fail(std::string message);

  bool m_want_flight;
  std::string m_buf;
  std::string m_hs;  // handshake bytes reassembled across records
  int m_records = 0;
  bool m_have_hello = false;
  ServerHello m_hello;
  std::string m_error;
};

// Parses a ServerHello body (after the 4-byte handshake header). Error text when malformed.
bool parse_server_hello(std::string_view body, ServerHello& out, std::string& error);

// What a ServerHello chose that the ClientHello never offered (a version above the offer or
// outside supported_versions, a suite not in the list): "" when it is a possible answer. A
// server that picks something unoffered is not a TLS server to judge, but a broken peer.
std::string unoffered_choice(const ClientHelloSpec& offer, const ServerHello& hello);

// "handshake_failure", "protocol_version", ...; "alert 123" for unknown ones.
std::string alert_name(std::uint8_t description);

}  // namespace mtaudit::live
