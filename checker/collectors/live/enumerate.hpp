#pragma once
// The per-port audit plan: which handshakes to make, in which order, to learn every live-*
// fact with as few connections as possible. Pure logic over an abstract Transport (one call =
// one connection), so the plan is tested against a model server without a network.
//
// The plan, in the order it runs:
//   TLS 1.3   OpenSSL handshakes offering the unseen TLS 1.3 suites and, in the same
//             handshakes, the unseen groups; the server's (suite, group) is removed and the
//             offer repeated until refused; a refusal with both lists shrunk is resolved by
//             shrinking one list at a time. The first handshakes use RSA-only and ECDSA-only
//             signature algorithms, so they also show both certificates. The first one speaks
//             SMTP through TLS (EHLO after TLS) and keeps the session for resumption.
//   TLS <= 1.2  raw ClientHellos (client_hello.hpp) offering every unseen code point OpenSSL
//             and the IANA registry know, alternately in OpenSSL's order and reversed, until
//             refused. From the same ServerHellos: secure renegotiation, certificates, the
//             ECDHE curve and DHE size. The alternating order shows whose preference counts.
//   below     one raw hello at TLS 1.1 (a server that supports any version <= 1.1 must answer
//   TLS 1.2   with it, RFC 5246 E.1), then lower ones only when it answers; one SSLv2 hello.
//   the rest  only when not learned yet: an OpenSSL handshake at TLS <= 1.2 (no TLS 1.3), RSA-
//             or ECDSA-only handshakes, a compression offer, resumption, early data (only
//             when the session allows it), the hybrid post-quantum group (raw TLS 1.3 hello).
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "collectors/live/client_hello.hpp"
#include "collectors/live/result.hpp"
#include "collectors/live/smtp_session.hpp"
#include "collectors/live/suites.hpp"
#include "collectors/live/tls_client.hpp"

namespace mtaudit::live {

// accepted: the server took the offer; declined: it refused this offer (alert, close);
// failed: no verdict (timeout, 421, garbage, budget spent) — the plan stops.
enum class Verdict { accepted, declined, failed };

struct HandshakeRequest {
  std::string probe;  // name in the probe record: "tls13", "certificates", ...
  TlsClientConfig cfg;
  bool converse = false;  // after the handshake: greeting (implicit TLS), EHLO, QUIT through TLS
};

struct HandshakeAttempt {
  Verdict verdict = Verdict::failed;
  HandshakeInfo info;
  std::optional<PostTls> post;   // converse: what the server said through TLS
  SharedSession session;         // converse: the session after the dialogue (TLS 1.3 tickets)
  LiveError error;               // declined / failed: why
  std::optional<PreTls> pre;     // the SMTP dialogue before TLS (STARTTLS ports)
  bool no_starttls = false;      // the server did not offer STARTTLS
};

struct RawRequest {
  std::string probe;
  bool sslv2 = false;  // send an SSLv2 CLIENT-HELLO with sslv2_specs instead of `hello`
  ClientHelloSpec hello;
  std::vector<std::uint32_t> sslv2_specs;
  bool want_flight = false;  // TLS <= 1.2: read up to ServerHelloDone
};

struct RawAttempt {
  Verdict verdict = Verdict::failed;
  ServerHello hello;
  Sslv2ServerHello sslv2;
  LiveError error;
  std::optional<PreTls> pre;
  bool no_starttls = false;
};

struct Transport {
  std::function<HandshakeAttempt(const HandshakeRequest&)> handshake;
  std::function<RawAttempt(const RawRequest&)> raw;
};

struct PlanOptions {
  std::string sni;                          // "" for an IP literal
  std::vector<OpenSslSuite> openssl_known;  // openssl_suites()
  std::string early_data;                   // the 0-RTT bytes ("EHLO name\r\n")
};

enum class VersionState { unknown, accepted, refused };

struct SuiteFinding {
  std::string protocol;  // "TLSv1.2"; "SSLv2" (id is then a 3-byte CIPHER-SPEC)
  std::uint32_t id = 0;
  int dhe_bits = 0;      // DHE: the prime size the server sent with it
  std::string group;     // ECDHE / TLS 1.3: the group the server used with it
};

struct CertFinding {
  bool tested = false;
  bool presented = false;
  std::vector<std::string> chain_der;  // leaf first
  std::string protocol;                // the handshake it came from
};

struct PlanResult {
  std::optional<PreTls> pre;
  bool no_starttls = false;
  std::optional<HandshakeAttempt> main;  // the first handshake that spoke SMTP through TLS
  std::map<std::string, VersionState> versions;  // "SSLv2" .. "TLSv1.3"
  std::vector<SuiteFinding> suites;              // per version, in the order the server chose them
  std::map<std::string, std::optional<bool>> server_preference;  // per version; nullopt: < 2 suites
  std::vector<std::string> groups;               // accepted groups, in the order found
  std::optional<bool> compression, secure_renegotiation, session_resumption, pq_kex;
  std::string early_data = "not_tested";         // "accepted", "rejected", "not_offered", "not_tested"
  CertFinding rsa, ecdsa;
  std::map<std::string, std::string> gaps;       // fact → why it is not known
  std::optional<LiveError> stopped;              // the failure that ended the plan early
};

PlanResult run_plan(const Transport& t, const PlanOptions& opts);

// Whose order the server follows, from an enumeration that offered the unseen suites of `order`
// forwards on even steps and backwards on odd ones and got `chosen`, step by step. true: some
// choice differs from what a client-order server must pick. false: the choices followed the
// client's order both forwards and backwards (a server order that happens to coincide with
// both is not told apart). nullopt: no evidence (fewer than 3 choices).
std::optional<bool> infer_server_preference(const std::vector<std::uint16_t>& order,
                                            const std::vector<std::uint16_t>& chosen);

}  // namespace mtaudit::live
