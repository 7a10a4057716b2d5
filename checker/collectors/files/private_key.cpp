#include "collectors/files/private_key.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>

namespace mtaudit::files {
namespace {

struct Pkcs8Free {
  void operator()(PKCS8_PRIV_KEY_INFO* p) const noexcept { PKCS8_PRIV_KEY_INFO_free(p); }
};

int pkey_type_of(const std::string& label) {
  if (label == "RSA PRIVATE KEY") {
    return EVP_PKEY_RSA;
  }
  if (label == "EC PRIVATE KEY") {
    return EVP_PKEY_EC;
  }
  return label == "DSA PRIVATE KEY" ? EVP_PKEY_DSA : NID_undef;
}

EvpPkeyPtr decode(const PemObject& object, long* consumed) {
  const auto* start = reinterpret_cast<const unsigned char*>(object.der.view().data());
  const unsigned char* p = start;
  long len = static_cast<long>(object.der.size());
  EvpPkeyPtr key;
  int type = pkey_type_of(object.label);
  if (type != NID_undef) {
    key.reset(d2i_PrivateKey(type, nullptr, &p, len));
  } else {
    std::unique_ptr<PKCS8_PRIV_KEY_INFO, Pkcs8Free> p8(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, len));
    if (p8) {
      key.reset(EVP_PKCS82PKEY(p8.get()));
    }
  }
  *consumed = static_cast<long>(p - start);
  ERR_clear_error();
  return key;
}

}  // namespace

KeyReading decode_private_key(const PemObject& object, const std::string& file) {
  KeyReading out;
  std::string where = "the private key (PEM object " + std::to_string(object.number) + ") in " + file;
  if (object.encrypted || is_encrypted_key_label(object.label)) {
    out.encrypted = true;
    out.error = where + " is encrypted; Postfix cannot use a key that needs a pass phrase";
    return out;
  }
  long consumed = 0;
  out.key = decode(object, &consumed);
  if (!out.key) {
    out.error = where + " does not parse";
  } else if (consumed != static_cast<long>(object.der.size())) {
    out.key.reset();
    out.error = where + " has excess data after the key";
  }
  return out;
}

bool key_matches_certificate(X509* cert, EVP_PKEY* key) {
  bool match = cert != nullptr && key != nullptr && X509_check_private_key(cert, key) == 1;
  ERR_clear_error();
  return match;
}

}  // namespace mtaudit::files
