#pragma once
// What an X.509 certificate says, in the terms the certificate rules use: names, validity,
// key type and size, signature algorithm, fingerprints. Pure: works on parsed objects.
#include <openssl/x509.h>

#include <cstdint>
#include <string>
#include <vector>

namespace mtaudit::files {

struct PublicKeyInfo {
  std::string type;   // "rsa", "rsa-pss", "ec", "ed25519", "ed448", "dsa", or OpenSSL's name
  int bits = 0;       // modulus / field size
  std::string curve;  // EC only: NIST name ("P-256") when there is one, else OpenSSL's ("brainpoolP256r1")
  std::string spki_sha256;  // SHA-256 of the DER SubjectPublicKeyInfo (DANE 3 1 1)
};

struct CertificateInfo {
  std::string subject;      // RFC 2253, e.g. "CN=mail.example.org,O=Example"
  std::string common_name;  // "" when the subject has none
  std::string issuer;       // RFC 2253
  std::string serial;       // upper-case hex, no separators
  std::vector<std::string> san;      // every subjectAltName: "DNS:x", "IP:192.0.2.1", "email:x", "URI:x"
  std::vector<std::string> san_dns;  // the dNSName entries alone
  std::int64_t not_before = 0;       // seconds since the epoch
  std::int64_t not_after = 0;
  PublicKeyInfo key;
  std::string signature_algorithm;  // OpenSSL long name, e.g. "sha256WithRSAEncryption", "ecdsa-with-SHA384"
  std::string signature_hash;       // digest of the signature: "sha1", "sha256", "md5"; "" when intrinsic (Ed25519)
  bool self_signed = false;         // issued by itself (name and signature)
  bool is_ca = false;               // may sign certificates (basicConstraints CA or v1 self-signed)
  std::string sha256;               // SHA-256 of the DER certificate
};

PublicKeyInfo describe_public_key(const EVP_PKEY* key);
// SHA-256 of the certificate's SubjectPublicKeyInfo, from the DER it already holds.
std::string certificate_spki_sha256(X509* cert);
// The certificate's DER encoding; "" when it cannot be encoded.
std::string certificate_der(const X509* cert);
// The same without spki_sha256, which costs an encoding: type, bits and curve only.
PublicKeyInfo describe_key_shape(const EVP_PKEY* key);

CertificateInfo describe_certificate(X509* cert);

// describe_certificate(cert).not_after without describing the rest.
std::int64_t certificate_not_after(const X509* cert);

// The certificate's dNSName SANs cover `host` (RFC 6125: a wildcard stands for exactly the
// leftmost label; the subject CN is never consulted).
bool covers_host(X509* cert, const std::string& host);

}  // namespace mtaudit::files
