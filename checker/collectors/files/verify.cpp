#include "collectors/files/verify.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

#include "collectors/files/pem.hpp"

namespace mtaudit::files {
namespace {

X509StackPtr untrusted_stack(const std::vector<X509*>& issuers) {
  X509StackPtr stack(sk_X509_new_null());
  for (X509* cert : issuers) {
    if (stack && X509_up_ref(cert) == 1 && sk_X509_push(stack.get(), cert) <= 0) {
      X509_free(cert);
    }
  }
  return stack;
}

bool issued_by(X509* subject, X509* issuer) {
  if (X509_check_issued(issuer, subject) != X509_V_OK) {
    return false;
  }
  EVP_PKEY* key = X509_get0_pubkey(issuer);
  bool ok = key != nullptr && X509_verify(subject, key) == 1;
  ERR_clear_error();
  return ok;
}

}  // namespace

Expected<X509StorePtr> trust_store_from_pem(std::string_view pem, const std::string& name) {
  X509StorePtr store(X509_STORE_new());
  PemFile file = read_pem(pem, name);
  int added = 0;
  for (const auto& object : file.objects) {
    if (!is_certificate_label(object.label) && object.label != "TRUSTED CERTIFICATE") {
      continue;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(object.der.view().data());
    X509Ptr cert(object.label == "TRUSTED CERTIFICATE" ? d2i_X509_AUX(nullptr, &p, static_cast<long>(object.der.size()))
                                                       : d2i_X509(nullptr, &p, static_cast<long>(object.der.size())));
    if (cert && X509_STORE_add_cert(store.get(), cert.get()) == 1) {
      ++added;
    }
  }
  ERR_clear_error();
  if (!file.error.empty()) {
    return Diag{name, 0, 0, file.error};
  }
  if (added == 0) {
    return Diag{name, 0, 0, "no certificate in the CA file"};
  }
  return store;
}

Expected<X509StorePtr> system_trust_store() {
  X509StorePtr store(X509_STORE_new());
  if (!store || X509_STORE_set_default_paths(store.get()) != 1) {
    ERR_clear_error();
    return Diag{"", 0, 0, "cannot open the system trust store"};
  }
  return store;
}

Verification verify_chain(X509_STORE* store, X509* leaf, const std::vector<X509*>& issuers,
                          std::optional<std::int64_t> at) {
  Verification out;
  X509StackPtr untrusted = untrusted_stack(issuers);
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store, leaf, untrusted.get()) != 1) {
    ERR_clear_error();
    out.error = "cannot set up verification";
    return out;
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
  if (at) {
    X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(*at));
  } else {
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_NO_CHECK_TIME);
  }
  out.ok = X509_verify_cert(ctx.get()) == 1;
  if (out.ok) {
    STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx.get());
    for (int i = 0; chain != nullptr && i < sk_X509_num(chain); ++i) {
      out.path.push_back(sk_X509_value(chain, i));
    }
  } else {
    out.error = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
    out.depth = X509_STORE_CTX_get_error_depth(ctx.get());
  }
  ERR_clear_error();
  return out;
}

bool chain_in_order(X509* leaf, const std::vector<X509*>& issuers) {
  X509* subject = leaf;
  for (X509* issuer : issuers) {
    if (!issued_by(subject, issuer)) {
      return false;
    }
    subject = issuer;
  }
  return true;
}

bool chain_complete(X509_STORE* store, X509* leaf, const std::vector<X509*>& issuers) {
  X509* last = issuers.empty() ? leaf : issuers.back();
  if (X509_self_signed(last, 1) == 1) {
    return true;
  }
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  X509* found = nullptr;
  bool ok = ctx && X509_STORE_CTX_init(ctx.get(), store, last, nullptr) == 1 &&
            X509_STORE_CTX_get1_issuer(&found, ctx.get(), last) == 1;
  X509Ptr issuer(found);
  ok = ok && issuer && X509_self_signed(issuer.get(), 1) == 1 && issued_by(last, issuer.get());
  ERR_clear_error();
  return ok;
}

namespace {

// OpenSSL verified the path [leaf, issuers..., anchor?] in the file's own order: every
// certificate is issued, name and signature, by the next one.
bool path_follows_file(const std::vector<X509*>& path, X509* leaf, const std::vector<X509*>& issuers) {
  if (path.size() <= issuers.size() || X509_cmp(path[0], leaf) != 0) {
    return false;
  }
  for (std::size_t i = 0; i < issuers.size(); ++i) {
    if (X509_cmp(path[i + 1], issuers[i]) != 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

ChainChecks check_chain(X509_STORE* store, X509* leaf, const std::vector<X509*>& issuers,
                        std::optional<std::int64_t> at) {
  ChainChecks out;
  out.now = verify_chain(store, leaf, issuers, at);
  // Dates only add ways to fail: a chain valid at `at` is trusted, with the same path.
  out.trust = out.now.ok || !at ? out.now : verify_chain(store, leaf, issuers, std::nullopt);
  const std::vector<X509*>& path = out.trust.path;
  bool follows = out.trust.ok && path_follows_file(path, leaf, issuers);
  out.in_order = follows || chain_in_order(leaf, issuers);
  // The path ends at a self-signed anchor, right after the file's chain or as its last
  // certificate; only that anchor's own signature is left to check (OpenSSL does not).
  bool anchored = follows && path.size() <= issuers.size() + 2 && X509_self_signed(path.back(), 1) == 1;
  ERR_clear_error();
  out.complete = anchored || chain_complete(store, leaf, issuers);
  return out;
}

}  // namespace mtaudit::files
