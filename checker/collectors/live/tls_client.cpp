#include "collectors/live/tls_client.hpp"

#include <poll.h>

#include <openssl/core_names.h>
#include <openssl/err.h>

#include <algorithm>

namespace mtaudit::live {
namespace {

SharedSession share(SSL_SESSION* s) { return SharedSession(s, SSL_SESSION_free); }

// OpenSSL's error queue as one line, and the alert the server sent, if any (OpenSSL reports a
// received alert as reason SSL_AD_REASON_OFFSET + description).
struct SslFailure {
  std::string text;
  int alert = -1;
  int reason = 0;
};

SslFailure drain_errors() {
  SslFailure f;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    const char* reason = ERR_reason_error_string(e);
    f.text = reason != nullptr ? reason : buf;
    f.reason = ERR_GET_REASON(e);
    if (ERR_GET_LIB(e) == ERR_LIB_SSL && f.reason >= SSL_AD_REASON_OFFSET && f.reason < SSL_AD_REASON_OFFSET + 256) {
      f.alert = f.reason - SSL_AD_REASON_OFFSET;
    }
  }
  return f;
}

LiveError local_error(const std::string& label, const std::string& what) {
  return LiveError{ErrorKind::local, label + ": " + what + ": " + drain_errors().text};
}

// Waits for what OpenSSL asked for. false: the deadline passed.
bool wait_for(SSL* ssl, int fd, int ssl_error, Deadline deadline) {
  (void)ssl;
  return wait_fd(fd, ssl_error == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN, deadline);
}

Result<SslCtxPtr> make_ctx(const TlsClientConfig& cfg, const std::string& label) {
  SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) {
    return local_error(label, "SSL_CTX_new");
  }
  // Level 0 first: at Debian's default level 2, TLS 1.0, SHA-1 and 1024-bit keys fail locally.
  SSL_CTX_set_security_level(ctx.get(), 0);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);  // verified afterwards, against --ca-file
  if (SSL_CTX_set_min_proto_version(ctx.get(), cfg.min_version) != 1 ||
      SSL_CTX_set_max_proto_version(ctx.get(), cfg.max_version) != 1) {
    return local_error(label, "protocol range");
  }
  if (!cfg.cipher_list.empty() && SSL_CTX_set_cipher_list(ctx.get(), (cfg.cipher_list + ":@SECLEVEL=0").c_str()) != 1) {
    return local_error(label, "cipher list \"" + cfg.cipher_list + "\"");
  }
  if (SSL_CTX_set_ciphersuites(ctx.get(), cfg.ciphersuites.c_str()) != 1) {
    return local_error(label, "TLS 1.3 suites \"" + cfg.ciphersuites + "\"");
  }
  if (!cfg.groups.empty() && SSL_CTX_set1_groups_list(ctx.get(), cfg.groups.c_str()) != 1) {
    return local_error(label, "groups \"" + cfg.groups + "\"");
  }
  if (!cfg.sigalgs.empty() && SSL_CTX_set1_sigalgs_list(ctx.get(), cfg.sigalgs.c_str()) != 1) {
    return local_error(label, "signature algorithms \"" + cfg.sigalgs + "\"");
  }
  if (cfg.allow_compression) {
    SSL_CTX_clear_options(ctx.get(), SSL_OP_NO_COMPRESSION);
  }
  // Tickets and IDs are both fine: resumption is a fact, not a preference.
  SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  return ctx;
}

Status configure_ssl(SSL* ssl, const TlsClientConfig& cfg, int fd, const std::string& label) {
  if (SSL_set_fd(ssl, fd) != 1) {
    return local_error(label, "SSL_set_fd");
  }
  if (!cfg.sni.empty() && SSL_set_tlsext_host_name(ssl, cfg.sni.c_str()) != 1) {
    return local_error(label, "SNI");
  }
  if (cfg.resume && SSL_set_session(ssl, cfg.resume.get()) != 1) {
    return local_error(label, "SSL_set_session");
  }
  return std::nullopt;
}

// A handshake that did not complete: who gave up, in words and as a kind.
LiveError handshake_error(SSL* ssl, int rc, const std::string& label) {
  int err = SSL_get_error(ssl, rc);
  SslFailure f = drain_errors();
  if (f.alert >= 0) {
    return LiveError{ErrorKind::refused, label + ": " + f.text + " (alert " + std::to_string(f.alert) + ")"};
  }
  if (err == SSL_ERROR_SYSCALL || err == SSL_ERROR_ZERO_RETURN || f.reason == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
    return LiveError{ErrorKind::refused, label + ": connection closed during the TLS handshake"};
  }
  if (f.reason == SSL_R_NO_PROTOCOLS_AVAILABLE || f.reason == SSL_R_NO_CIPHERS_AVAILABLE) {
    return LiveError{ErrorKind::local, label + ": " + f.text};
  }
  // "unsupported protocol", "wrong version number", "wrong cipher returned": the server chose
  // something outside this offer, which is a refusal of the offer.
  return LiveError{ErrorKind::refused, label + ": " + (f.text.empty() ? "TLS handshake failed" : f.text)};
}

// Sends the early data before the handshake completes (RFC 8446 4.2.10).
Status write_early(SSL* ssl, int fd, const std::string& data, Deadline deadline, const std::string& label) {
  std::size_t done = 0;
  while (done < data.size()) {
    std::size_t n = 0;
    if (SSL_write_early_data(ssl, data.data() + done, data.size() - done, &n) == 1) {
      done += n;
      continue;
    }
    int err = SSL_get_error(ssl, 0);
    if ((err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) || !wait_for(ssl, fd, err, deadline)) {
      return handshake_error(ssl, 0, label);
    }
  }
  return std::nullopt;
}

bool wants_early_data(const TlsClientConfig& cfg) {
  return cfg.resume && !cfg.early_data.empty() && SSL_SESSION_get_max_early_data(cfg.resume.get()) > 0;
}

Status run_handshake(SSL* ssl, int fd, Deadline deadline, const std::string& label) {
  while (true) {
    int rc = SSL_connect(ssl);
    if (rc == 1) {
      return std::nullopt;
    }
    int err = SSL_get_error(ssl, rc);
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) {
      return handshake_error(ssl, rc, label);
    }
    if (!wait_for(ssl, fd, err, deadline)) {
      return LiveError{ErrorKind::timeout, label + ": TLS handshake did not complete before the deadline"};
    }
  }
}

std::string key_group_name(SSL* ssl, EVP_PKEY* key) {
  int nid = SSL_get_negotiated_group(ssl);
  if (nid != 0 && nid != NID_undef) {
    if (const char* n = SSL_group_to_name(ssl, nid)) {
      return n;
    }
  }
  char name[64] = {0};
  std::size_t len = 0;
  if (key != nullptr && EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &len) == 1) {
    return name;  // a DH key whose parameters are a named group (ffdhe2048)
  }
  return "";
}

void describe_key_exchange(SSL* ssl, HandshakeInfo& info) {
  EVP_PKEY* raw = nullptr;
  EvpPkeyPtr key;
  if (SSL_get_peer_tmp_key(ssl, &raw) == 1) {
    key.reset(raw);
    info.tmp_key_type = EVP_PKEY_get0_type_name(key.get()) != nullptr ? EVP_PKEY_get0_type_name(key.get()) : "";
    info.tmp_key_bits = EVP_PKEY_get_bits(key.get());
  }
  info.group = key_group_name(ssl, key.get());
}

std::vector<std::string> peer_chain(SSL* ssl) {
  std::vector<std::string> out;
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);  // client side: leaf included
  for (int i = 0; chain != nullptr && i < sk_X509_num(chain); ++i) {
    unsigned char* der = nullptr;
    int len = i2d_X509(sk_X509_value(chain, i), &der);
    if (len > 0) {
      out.emplace_back(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    }
    OPENSSL_free(der);
  }
  return out;
}

HandshakeInfo describe(SSL* ssl, bool tried_early) {
  HandshakeInfo info;
  info.version = SSL_version(ssl);
  info.protocol = protocol_name(info.version);
  const SSL_CIPHER* c = SSL_get_current_cipher(ssl);
  if (c != nullptr) {
    info.suite_id = SSL_CIPHER_get_protocol_id(c);
    info.suite_openssl = SSL_CIPHER_get_name(c);
    const char* std_name = SSL_CIPHER_standard_name(c);
    info.suite_iana = std_name != nullptr ? std_name : "";
  }
  describe_key_exchange(ssl, info);
  info.chain_der = peer_chain(ssl);
  info.secure_renegotiation = SSL_get_secure_renegotiation_support(ssl) == 1;
  info.compression = SSL_get_current_compression(ssl) != nullptr;
  info.session_reused = SSL_session_reused(ssl) == 1;
  info.session = share(SSL_get1_session(ssl));
  if (tried_early) {
    info.early_data = SSL_get_early_data_status(ssl) == SSL_EARLY_DATA_ACCEPTED ? EarlyData::accepted
                                                                                 : EarlyData::rejected;
  }
  return info;
}

}  // namespace

std::string protocol_name(int version) {
  switch (version) {
    case SSL2_VERSION: return "SSLv2";
    case SSL3_VERSION: return "SSLv3";
    case TLS1_VERSION: return "TLSv1";
    case TLS1_1_VERSION: return "TLSv1.1";
    case TLS1_2_VERSION: return "TLSv1.2";
    case TLS1_3_VERSION: return "TLSv1.3";
    default: return "unknown";
  }
}

TlsConnection::TlsConnection(Fd fd, SslCtxPtr ctx, SslPtr ssl, std::string label)
    : m_fd(std::move(fd)), m_ctx(std::move(ctx)), m_ssl(std::move(ssl)), m_label(std::move(label)) {}

Result<std::size_t> TlsConnection::read(char* buf, std::size_t size, Deadline deadline) {
  while (true) {
    std::size_t n = 0;
    int rc = SSL_read_ex(m_ssl.get(), buf, size, &n);
    if (rc == 1) {
      return n;
    }
    int err = SSL_get_error(m_ssl.get(), rc);
    if (err == SSL_ERROR_ZERO_RETURN) {
      return std::size_t{0};
    }
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) {
      SslFailure f = drain_errors();
      return LiveError{ErrorKind::refused, m_label + ": TLS read failed" + (f.text.empty() ? "" : ": " + f.text)};
    }
    if (!wait_for(m_ssl.get(), m_fd.get(), err, deadline)) {
      return LiveError{ErrorKind::timeout, m_label + ": no answer before the deadline"};
    }
  }
}

Status TlsConnection::write(std::string_view data, Deadline deadline) {
  while (!data.empty()) {
    std::size_t n = 0;
    int rc = SSL_write_ex(m_ssl.get(), data.data(), data.size(), &n);
    if (rc == 1) {
      data.remove_prefix(n);
      continue;
    }
    int err = SSL_get_error(m_ssl.get(), rc);
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) {
      SslFailure f = drain_errors();
      return LiveError{ErrorKind::refused, m_label + ": TLS write failed" + (f.text.empty() ? "" : ": " + f.text)};
    }
    if (!wait_for(m_ssl.get(), m_fd.get(), err, deadline)) {
      return LiveError{ErrorKind::timeout, m_label + ": could not send before the deadline"};
    }
  }
  return std::nullopt;
}

SharedSession TlsConnection::session() const { return share(SSL_get1_session(m_ssl.get())); }

void TlsConnection::close() {
  // One attempt: a peer that does not answer close_notify costs nothing but the socket.
  (void)SSL_shutdown(m_ssl.get());
  ERR_clear_error();
}

Result<std::unique_ptr<TlsConnection>> tls_handshake(Fd fd, const TlsClientConfig& cfg, Deadline deadline,
                                                     const std::string& label) {
  ERR_clear_error();
  auto ctx = make_ctx(cfg, label);
  if (!ctx) {
    return ctx.error();
  }
  SslPtr ssl(SSL_new(ctx->get()));
  if (!ssl) {
    return local_error(label, "SSL_new");
  }
  if (auto err = configure_ssl(ssl.get(), cfg, fd.get(), label)) {
    return *err;
  }
  bool early = wants_early_data(cfg);
  if (early) {
    if (auto err = write_early(ssl.get(), fd.get(), cfg.early_data, deadline, label)) {
      return *err;
    }
  }
  if (auto err = run_handshake(ssl.get(), fd.get(), deadline, label)) {
    return *err;
  }
  HandshakeInfo info = describe(ssl.get(), early);
  auto conn = std::make_unique<TlsConnection>(std::move(fd), std::move(ctx.value()), std::move(ssl), label);
  conn->info() = std::move(info);
  return conn;
}

}  // namespace mtaudit::live
