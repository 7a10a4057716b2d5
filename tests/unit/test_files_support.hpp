#pragma once
// A small in-memory CA for the files collector's unit tests: keys and certificates are made
// with the OpenSSL API when a test runs, so no private key is committed. Validity dates are
// fixed instants, so results do not depend on the day the tests run.
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdint>
#include <string>
#include <vector>

#include "collectors/files/file_set.hpp"
#include "collectors/files/timestamp.hpp"
#include "core/openssl_ptr.hpp"

namespace mtaudit::files::test {

// 2030-06-01T00:00:00Z: "now" in these tests.
inline const std::int64_t k_now = epoch_from_utc(2030, 6, 1, 0, 0, 0);
inline const std::int64_t k_2020 = epoch_from_utc(2020, 1, 1, 0, 0, 0);
inline const std::int64_t k_2030 = epoch_from_utc(2030, 1, 1, 0, 0, 0);
inline const std::int64_t k_2031 = epoch_from_utc(2031, 1, 1, 0, 0, 0);
inline const std::int64_t k_2045 = epoch_from_utc(2045, 1, 1, 0, 0, 0);

// "rsa1024", "rsa2048", "P-256", "P-384", "P-521", "ed25519".
inline EvpPkeyPtr make_key(const std::string& alg) {
  if (alg.rfind("rsa", 0) == 0) {
    return EvpPkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(std::stoi(alg.substr(3)))));
  }
  if (alg == "ed25519") {
    return EvpPkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  }
  return EvpPkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", alg.c_str()));
}

struct CertSpec {
  std::string cn = "mail.example.org";
  std::vector<std::string> dns = {"mail.example.org"};  // subjectAltName DNS entries; empty = none
  std::int64_t not_before = k_2030;
  std::int64_t not_after = k_2031;
  bool ca = false;
  const EVP_MD* md = EVP_sha256();  // nullptr for Ed25519 issuers
  long serial = 1;
};

inline void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  OpenSslPtr<X509_EXTENSION, &X509_EXTENSION_free> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  X509_add_ext(cert, ext.get(), -1);
}

// A certificate for `key` issued by (issuer, issuer_key); both null: self-signed.
inline X509Ptr make_cert(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key) {
  X509Ptr cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), spec.serial);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer != nullptr ? issuer : cert.get()));
  ASN1_TIME_set(X509_getm_notBefore(cert.get()), static_cast<time_t>(spec.not_before));
  ASN1_TIME_set(X509_getm_notAfter(cert.get()), static_cast<time_t>(spec.not_after));
  X509_set_pubkey(cert.get(), key);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  add_ext(cert.get(), signer, NID_basic_constraints, spec.ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  add_ext(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (spec.ca) {
    add_ext(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_ext(cert.get(), signer, NID_ext_key_usage, "serverAuth");
  }
  if (issuer != nullptr) {
    add_ext(cert.get(), signer, NID_authority_key_identifier, "keyid");
  }
  std::string san;
  for (const auto& d : spec.dns) {
    san += (san.empty() ? "DNS:" : ",DNS:") + d;
  }
  if (!san.empty()) {
    add_ext(cert.get(), signer, NID_subject_alt_name, san);
  }
  X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, spec.md);
  return cert;
}

inline std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}

inline std::string pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  return bio_text(bio.get());
}

inline std::string der(X509* cert) {
  unsigned char* out = nullptr;
  int len = i2d_X509(cert, &out);
  std::string bytes(reinterpret_cast<char*>(out), static_cast<std::size_t>(len));
  OPENSSL_free(out);
  return bytes;
}

// PKCS#8 "PRIVATE KEY", or "ENCRYPTED PRIVATE KEY" with a pass phrase.
inline std::string pem(EVP_PKEY* key, bool encrypted = false) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  static char pass[] = "secret";
  PEM_write_bio_PKCS8PrivateKey(bio.get(), key, encrypted ? EVP_aes_256_cbc() : nullptr, encrypted ? pass : nullptr,
                                encrypted ? 6 : 0, nullptr, nullptr);
  return bio_text(bio.get());
}

// Algorithm-specific "RSA PRIVATE KEY" / "EC PRIVATE KEY" (the traditional format).
inline std::string traditional_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return bio_text(bio.get());
}

// A root, an intermediate it issued, and a leaf the intermediate issued.
struct Pki {
  EvpPkeyPtr root_key = make_key("P-256");
  X509Ptr root;
  EvpPkeyPtr inter_key = make_key("P-256");
  X509Ptr inter;
  EvpPkeyPtr leaf_key = make_key("P-256");
  X509Ptr leaf;

  Pki() {
    CertSpec r{"Test Root", {}, k_2020, k_2045, true, EVP_sha256(), 1};
    root = make_cert(r, root_key.get(), nullptr, nullptr);
    CertSpec i{"Test Intermediate", {}, k_2020, k_2045, true, EVP_sha256(), 2};
    inter = make_cert(i, inter_key.get(), root.get(), root_key.get());
    leaf = make_cert(CertSpec{}, leaf_key.get(), inter.get(), inter_key.get());
  }
  X509StorePtr store() const {
    X509StorePtr s(X509_STORE_new());
    X509_STORE_add_cert(s.get(), root.get());
    return s;
  }
  // key, leaf, intermediate: the smtpd_tls_chain_files layout.
  std::string chain_file() const { return pem(leaf_key.get()) + pem(leaf.get()) + pem(inter.get()); }
};

// A readable file of `bytes` owned by root, mode 0600, in a FileSet.
inline FileContent file(const std::string& path, std::string bytes, unsigned mode = 0600, unsigned uid = 0) {
  FileContent f;
  f.path = path;
  f.host_path = "/root" + path;
  f.stat = FileStat{static_cast<std::int64_t>(bytes.size()), k_2030, uid, 0, mode};
  f.readable = true;
  f.bytes = SecretBytes(std::move(bytes));
  return f;
}

inline FileContent missing(const std::string& path) {
  FileContent f;
  f.path = path;
  f.host_path = "/root" + path;
  f.stat_error = "cannot read " + path + ": No such file or directory";
  f.read_error = f.stat_error;
  return f;
}

inline FileContent denied(const std::string& path) {
  FileContent f = file(path, "");
  f.readable = false;
  f.permission_denied = true;
  f.read_error = "cannot read " + path + ": Permission denied";
  return f;
}

template <class... Files>
FileSet file_set(Files&&... files) {
  FileSet set;
  (set.emplace(files.path, std::forward<Files>(files)), ...);
  return set;
}

}  // namespace mtaudit::files::test
