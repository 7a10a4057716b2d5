#include "collectors/dns/dane.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include "core/openssl_ptr.hpp"

namespace mtaudit::dns {
namespace {

X509Ptr from_der(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

struct StackDeleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), StackDeleter>;

// The SSL object only carries the DANE state (records, base domain, match found); no
// connection is made.
SslPtr dane_state(SSL_CTX* ctx, const std::vector<Tlsa>& records, const std::string& mx_host, int& usable) {
  SslPtr ssl(SSL_new(ctx));
  if (!ssl || SSL_dane_enable(ssl.get(), mx_host.c_str()) <= 0) return nullptr;
  SSL_dane_set_flags(ssl.get(), DANE_FLAG_NO_DANE_EE_NAMECHECKS);
  for (const auto& r : records) {
    if (r.usage != 2 && r.usage != 3) continue;
    const auto* data = reinterpret_cast<const unsigned char*>(r.data.data());
    if (SSL_dane_tlsa_add(ssl.get(), static_cast<std::uint8_t>(r.usage), static_cast<std::uint8_t>(r.selector),
                          static_cast<std::uint8_t>(r.matching_type), data, r.data.size()) > 0) {
      ++usable;
    }
  }
  ERR_clear_error();  // records OpenSSL declined (unknown types, bad lengths) are counted, not fatal
  return ssl;
}

std::string matched_record(SSL* ssl) {
  std::uint8_t u = 0, s = 0, m = 0;
  const unsigned char* data = nullptr;
  std::size_t len = 0;
  if (SSL_get0_dane_tlsa(ssl, &u, &s, &m, &data, &len) < 0 || data == nullptr) return "";
  return Tlsa{u, s, m, std::string(reinterpret_cast<const char*>(data), len)}.text();
}

}  // namespace

DaneVerdict dane_match(const std::vector<Tlsa>& records, const std::vector<std::string>& chain_der,
                       const std::string& mx_host, std::int64_t now) {
  DaneVerdict v;
  SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx || SSL_CTX_dane_enable(ctx.get()) <= 0) return {false, "", -1, 0, "OpenSSL DANE support is unavailable"};
  SslPtr ssl = dane_state(ctx.get(), records, mx_host, v.usable);
  if (!ssl) return {false, "", -1, 0, "OpenSSL DANE support is unavailable"};
  if (v.usable == 0) {
    v.error = "no usable TLSA record (only usages 2 and 3 apply to SMTP)";
    return v;
  }
  if (chain_der.empty()) {
    v.error = "no certificate";
    return v;
  }
  X509Ptr leaf = from_der(chain_der.front());
  X509StackPtr untrusted(sk_X509_new_null());
  for (std::size_t i = 1; i < chain_der.size(); ++i) {
    if (X509Ptr c = from_der(chain_der[i])) sk_X509_push(untrusted.get(), c.release());
  }
  OpenSslPtr<X509_STORE, &X509_STORE_free> store(X509_STORE_new());
  OpenSslPtr<X509_STORE_CTX, &X509_STORE_CTX_free> sctx(X509_STORE_CTX_new());
  if (!leaf || !store || !sctx || X509_STORE_CTX_init(sctx.get(), store.get(), leaf.get(), untrusted.get()) != 1) {
    v.error = "the certificate does not parse";
    return v;
  }
  X509_STORE_CTX_set_default(sctx.get(), "ssl_server");
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(sctx.get());
  X509_VERIFY_PARAM_set1(param, SSL_get0_param(ssl.get()));
  X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(now));
  X509_STORE_CTX_set0_dane(sctx.get(), SSL_get0_dane(ssl.get()));
  if (X509_verify_cert(sctx.get()) > 0) {
    v.matched = true;
    v.depth = SSL_get0_dane_tlsa(ssl.get(), nullptr, nullptr, nullptr, nullptr, nullptr);
    v.record = matched_record(ssl.get());
  } else {
    v.error = X509_verify_cert_error_string(X509_STORE_CTX_get_error(sctx.get()));
  }
  ERR_clear_error();
  return v;
}

}  // namespace mtaudit::dns
