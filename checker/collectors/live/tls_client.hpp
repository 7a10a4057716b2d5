#pragma once
// One TLS client handshake with OpenSSL 3 over an already connected (non-blocking) socket,
// bounded by a deadline, configured to be whatever client a probe needs: a version range,
// exact suite lists, groups, signature algorithms (an RSA-only or ECDSA-only client),
// security level 0 (so TLS 1.0 and 1024-bit keys still work), compression, a session to
// resume. It records what was negotiated; judging it is the rules' job. Every OpenSSL object
// is owned by core/openssl_ptr.hpp types, and each handshake has its own SSL_CTX, so
// concurrent probes share nothing.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "collectors/live/net.hpp"
#include "collectors/live/result.hpp"
#include "collectors/live/smtp_session.hpp"
#include "core/openssl_ptr.hpp"

namespace mtaudit::live {

// Sessions are shared between the handshake that got one and the one that resumes it.
using SharedSession = std::shared_ptr<SSL_SESSION>;

// Every TLS 1.3 suite OpenSSL 3 implements, in its default order plus the two CCM suites.
inline constexpr const char* k_all_tls13_suites =
    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:"
    "TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256";
inline constexpr const char* k_all_tls12_suites = "ALL:COMPLEMENTOFALL";
inline constexpr const char* k_rsa_sigalgs =
    "rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:rsa_pss_pss_sha256:rsa_pss_pss_sha384:"
    "rsa_pss_pss_sha512:RSA+SHA256:RSA+SHA384:RSA+SHA512:RSA+SHA224:RSA+SHA1";
inline constexpr const char* k_ecdsa_sigalgs = "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:ECDSA+SHA224:ECDSA+SHA1";

struct TlsClientConfig {
  int min_version = TLS1_VERSION;  // OpenSSL's TLS1_VERSION .. TLS1_3_VERSION
  int max_version = TLS1_3_VERSION;
  std::string cipher_list = k_all_tls12_suites;  // TLS <= 1.2, OpenSSL syntax ("" = none)
  std::string ciphersuites = k_all_tls13_suites;  // TLS 1.3 ("" = none)
  std::string groups;   // "x25519:secp256r1:ffdhe2048"; "" = OpenSSL's default
  std::string sigalgs;  // k_rsa_sigalgs / k_ecdsa_sigalgs; "" = OpenSSL's default
  std::string sni;      // server name indication; "" = none (also for IP literals)
  bool allow_compression = false;
  SharedSession resume;       // a session to offer for resumption
  std::string early_data;     // bytes to send as 0-RTT when `resume` allows early data
};

enum class EarlyData { not_tested, accepted, rejected };

struct HandshakeInfo {
  int version = 0;            // TLS1_2_VERSION, ...
  std::string protocol;       // "TLSv1.2", "TLSv1.3"
  std::uint16_t suite_id = 0;
  std::string suite_iana;     // SSL_CIPHER_standard_name: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
  std::string suite_openssl;  // "ECDHE-RSA-AES128-GCM-SHA256"
  std::string group;          // key exchange group: "x25519", "secp256r1", "ffdhe2048"; "" when none/unnamed
  std::string tmp_key_type;   // the server's ephemeral key: "DH", "EC", "X25519", ... ; "" for RSA kx
  int tmp_key_bits = 0;       // its size (DH prime bits, curve bits)
  std::vector<std::string> chain_der;  // the peer's chain as sent, leaf first (DER)
  bool secure_renegotiation = false;   // RFC 5746 renegotiation_info (TLS <= 1.2)
  bool compression = false;
  bool session_reused = false;
  SharedSession session;      // to resume later (TLS 1.3: after reading application data)
  EarlyData early_data = EarlyData::not_tested;
};

// A completed handshake. The channel speaks through it (SMTP after TLS); destruction sends
// nothing, close() sends close_notify.
class TlsConnection : public Channel {
 public:
  TlsConnection(Fd fd, SslCtxPtr ctx, SslPtr ssl, std::string label);
  Result<std::size_t> read(char* buf, std::size_t size, Deadline deadline) override;
  Status write(std::string_view data, Deadline deadline) override;
  const std::string& label() const override { return m_label; }

  HandshakeInfo& info() { return m_info; }
  // The session as it is now (TLS 1.3 tickets arrive after the handshake, with the first read).
  SharedSession session() const;
  // close_notify, best effort within a short time.
  void close();

 private:
  Fd m_fd;
  SslCtxPtr m_ctx;
  SslPtr m_ssl;
  std::string m_label;
  HandshakeInfo m_info;
};

// The handshake on a connected socket. Errors:
//   refused   the server declined this offer: an alert ("...: handshake failure (alert 40)"),
//             a close during the handshake, or a version/suite our side cannot accept
//   timeout   no progress before the deadline
//   local     OpenSSL refused our configuration (e.g. a cipher string matching nothing)
Result<std::unique_ptr<TlsConnection>> tls_handshake(Fd fd, const TlsClientConfig& cfg, Deadline deadline,
                                                     const std::string& label);

// "TLSv1.2" for TLS1_2_VERSION, "SSLv3", ...
std::string protocol_name(int version);

}  // namespace mtaudit::live
