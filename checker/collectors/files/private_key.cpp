// The type-specific DER decoders below are deprecated in OpenSSL 3.0; the provider decoders
// end in the very same functions. The macro must come before every OpenSSL header.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "collectors/files/private_key.hpp"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
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

using RsaPtr = OpenSslPtr<RSA, &RSA_free>;
using EcKeyPtr = OpenSslPtr<EC_KEY, &EC_KEY_free>;
using EcGroupPtr = OpenSslPtr<EC_GROUP, &EC_GROUP_free>;

// OpenSSL 3.0 sets up a provider decoder chain for every d2i_PrivateKey() and
// EVP_PKCS82PKEY() call, which costs more than a millisecond per key; the decoders that chain
// ends in are d2i_RSAPrivateKey() and d2i_ECPrivateKey(). RSA keys and EC keys on a named
// curve, the keys Postfix servers use, are decoded here directly, the way those decoders and
// OpenSSL's legacy PKCS#8 path do. Any other type, and anything that does not decode here,
// takes the provider path, so what parses and what does not stays OpenSSL's answer.
EvpPkeyPtr wrap_rsa(RsaPtr rsa) {
  EvpPkeyPtr key(rsa ? EVP_PKEY_new() : nullptr);
  if (!key || EVP_PKEY_assign_RSA(key.get(), rsa.get()) != 1) {
    return nullptr;
  }
  rsa.release();
  return key;
}

EvpPkeyPtr wrap_ec(EcKeyPtr ec) {
  const EC_GROUP* group = ec ? EC_KEY_get0_group(ec.get()) : nullptr;
  if (group == nullptr || EC_GROUP_get_curve_name(group) == NID_sm2) {  // SM2 keys are a type of their own
    return nullptr;
  }
  EvpPkeyPtr key(EVP_PKEY_new());
  if (!key || EVP_PKEY_assign_EC_KEY(key.get(), ec.get()) != 1) {
    return nullptr;
  }
  ec.release();
  return key;
}

// RSAPrivateKey ("RSA PRIVATE KEY") or ECPrivateKey with its parameters ("EC PRIVATE KEY").
EvpPkeyPtr decode_direct(int type, const unsigned char** p, long len) {
  if (type == EVP_PKEY_RSA) {
    return wrap_rsa(RsaPtr(d2i_RSAPrivateKey(nullptr, p, len)));
  }
  return type == EVP_PKEY_EC ? wrap_ec(EcKeyPtr(d2i_ECPrivateKey(nullptr, p, len))) : nullptr;
}

// The key inside PKCS#8: rsaEncryption, or id-ecPublicKey whose parameters name the curve.
EvpPkeyPtr decode_pkcs8_direct(const PKCS8_PRIV_KEY_INFO* p8) {
  const ASN1_OBJECT* oid = nullptr;
  const unsigned char* der = nullptr;
  int len = 0;
  const X509_ALGOR* alg = nullptr;
  if (PKCS8_pkey_get0(&oid, &der, &len, &alg, p8) != 1) {
    return nullptr;
  }
  int nid = OBJ_obj2nid(oid);
  if (nid == NID_rsaEncryption) {
    return wrap_rsa(RsaPtr(d2i_RSAPrivateKey(nullptr, &der, len)));
  }
  int param_type = V_ASN1_UNDEF;
  const void* param = nullptr;
  X509_ALGOR_get0(nullptr, &param_type, &param, alg);
  if (nid != NID_X9_62_id_ecPublicKey || param_type != V_ASN1_OBJECT) {
    return nullptr;
  }
  EcGroupPtr group(EC_GROUP_new_by_curve_name(OBJ_obj2nid(static_cast<const ASN1_OBJECT*>(param))));
  EcKeyPtr ec(group ? EC_KEY_new() : nullptr);
  if (!ec) {
    return nullptr;
  }
  EC_GROUP_set_asn1_flag(group.get(), OPENSSL_EC_NAMED_CURVE);
  EC_KEY* target = ec.get();  // d2i fills it in and, on failure, leaves it to its owner
  if (EC_KEY_set_group(target, group.get()) != 1 || d2i_ECPrivateKey(&target, &der, len) == nullptr) {
    return nullptr;
  }
  return wrap_ec(std::move(ec));
}

// Through the provider decoders: every type OpenSSL knows.
EvpPkeyPtr decode_provider(int type, const unsigned char** p, long len) {
  if (type != NID_undef) {
    return EvpPkeyPtr(d2i_PrivateKey(type, nullptr, p, len));
  }
  std::unique_ptr<PKCS8_PRIV_KEY_INFO, Pkcs8Free> p8(d2i_PKCS8_PRIV_KEY_INFO(nullptr, p, len));
  return EvpPkeyPtr(p8 ? EVP_PKCS82PKEY(p8.get()) : nullptr);
}

EvpPkeyPtr decode(const PemObject& object, long* consumed) {
  const auto* start = reinterpret_cast<const unsigned char*>(object.der.view().data());
  const unsigned char* p = start;
  long len = static_cast<long>(object.der.size());
  int type = pkey_type_of(object.label);
  EvpPkeyPtr key;
  if (type != NID_undef) {
    key = decode_direct(type, &p, len);
  } else {
    std::unique_ptr<PKCS8_PRIV_KEY_INFO, Pkcs8Free> p8(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, len));
    key = p8 ? decode_pkcs8_direct(p8.get()) : nullptr;
  }
  if (!key) {
    p = start;
    key = decode_provider(type, &p, len);
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
