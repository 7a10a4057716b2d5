#pragma once
// Chain checks against a trust store: order, completeness, and OpenSSL's own verification
// (purpose sslserver) at a pinned time. Pure apart from OpenSSL reading the system store's
// directory when a lookup needs it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "core/openssl_ptr.hpp"

namespace mtaudit::files {

// A store holding every certificate of a PEM bundle (--ca-file). Diag (file = name) when the
// bundle holds no certificate.
Expected<X509StorePtr> trust_store_from_pem(std::string_view pem, const std::string& name);

// OpenSSL's default locations on this machine (/usr/lib/ssl/certs, SSL_CERT_FILE, ...).
Expected<X509StorePtr> system_trust_store();

struct Verification {
  bool ok = false;
  std::string error;  // OpenSSL's reason, "" when ok: "unable to get local issuer certificate"
  int depth = -1;     // chain depth of the certificate at fault (0 = leaf), -1 when ok
  // The verified chain, leaf first, when ok. Borrowed: each is the leaf, one of the issuers
  // or a certificate of the store, so it lives as long as those do.
  std::vector<X509*> path;
};

// Verifies leaf + untrusted issuers for a TLS server (purpose sslserver) at time `at`, or
// ignoring validity dates when `at` is empty.
Verification verify_chain(X509_STORE* store, X509* leaf, const std::vector<X509*>& issuers,
                          std::optional<std::int64_t> at);

// Every certificate is issued (name and signature) by the one after it.
bool chain_in_order(X509* leaf, const std::vector<X509*>& issuers);

// The file's chain needs nothing from the store but a root: its last certificate is
// self-signed, or is issued by a self-signed certificate of the store.
bool chain_complete(X509_STORE* store, X509* leaf, const std::vector<X509*>& issuers);

// All of the above for one chain, each signature checked once where OpenSSL's verification
// already established it (the chain facts of every certificate on disk).
struct ChainChecks {
  Verification trust;  // dates ignored
  Verification now;    // at `at` (dates ignored when empty)
  bool in_order = false;
  bool complete = false;
};
ChainChecks check_chain(X509_STORE* store, X509* leaf, const std::vector<X509*>& issuers,
                        std::optional<std::int64_t> at);

}  // namespace mtaudit::files
