#include "collectors/files/certificate.hpp"

#include <arpa/inet.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <array>
#include <ctime>

#include "collectors/files/timestamp.hpp"
#include "core/openssl_ptr.hpp"
#include "core/sha256.hpp"

namespace mtaudit::files {
namespace {

std::string name_text(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
    return "";
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::string asn1_utf8(const ASN1_STRING* s) {
  unsigned char* out = nullptr;
  int len = ASN1_STRING_to_UTF8(&out, s);
  if (len < 0) {
    return "";
  }
  std::string text(reinterpret_cast<char*>(out), static_cast<std::size_t>(len));
  OPENSSL_free(out);
  return text;
}

std::string common_name(const X509_NAME* name) {
  int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (i < 0) {
    return "";
  }
  return asn1_utf8(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
}

std::string serial_hex(const ASN1_INTEGER* serial) {
  BignumPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn) {
    return "";
  }
  OpenSslStringPtr hex(BN_bn2hex(bn.get()));
  return hex ? std::string(hex.get()) : "";
}

std::int64_t epoch_of(const ASN1_TIME* t) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) {
    return 0;
  }
  return epoch_from_utc(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string ip_text(const ASN1_OCTET_STRING* ip) {
  std::array<char, INET6_ADDRSTRLEN> buf{};
  int len = ASN1_STRING_length(ip);
  const unsigned char* data = ASN1_STRING_get0_data(ip);
  int family = len == 4 ? AF_INET : len == 16 ? AF_INET6 : 0;
  if (family == 0 || inet_ntop(family, data, buf.data(), buf.size()) == nullptr) {
    return "?";
  }
  return buf.data();
}

void add_alt_names(X509* cert, CertificateInfo* info) {
  GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names.get(), i);
    switch (n->type) {
      case GEN_DNS:
        info->san_dns.push_back(asn1_utf8(n->d.dNSName));
        info->san.push_back("DNS:" + info->san_dns.back());
        break;
      case GEN_IPADD: info->san.push_back("IP:" + ip_text(n->d.iPAddress)); break;
      case GEN_EMAIL: info->san.push_back("email:" + asn1_utf8(n->d.rfc822Name)); break;
      case GEN_URI: info->san.push_back("URI:" + asn1_utf8(n->d.uniformResourceIdentifier)); break;
      default: info->san.push_back("other"); break;
    }
  }
}

std::string lower(std::string s) {
  for (auto& c : s) {
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return s;
}

void add_signature(const X509* cert, CertificateInfo* info) {
  int sig_nid = X509_get_signature_nid(cert);
  info->signature_algorithm = sig_nid == NID_undef ? "unknown" : OBJ_nid2ln(sig_nid);
  int md_nid = NID_undef;
  int pk_nid = NID_undef;
  if (OBJ_find_sigid_algs(sig_nid, &md_nid, &pk_nid) == 1 && md_nid != NID_undef) {
    info->signature_hash = lower(OBJ_nid2sn(md_nid));
  }
}

std::string der_sha256(const X509* cert) {
  std::string der = certificate_der(cert);
  return der.empty() ? "" : sha256_hex(der);
}

std::string key_type(const EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA: return "rsa";
    case EVP_PKEY_RSA_PSS: return "rsa-pss";
    case EVP_PKEY_EC: return "ec";
    case EVP_PKEY_ED25519: return "ed25519";
    case EVP_PKEY_ED448: return "ed448";
    case EVP_PKEY_DSA: return "dsa";
    default: break;
  }
  const char* name = EVP_PKEY_get0_type_name(key);
  return name == nullptr ? "unknown" : lower(name);
}

std::string curve_name(const EVP_PKEY* key) {
  std::array<char, 80> group{};
  std::size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group.data(), group.size(), &len) != 1) {
    ERR_clear_error();
    return "";
  }
  int nid = OBJ_txt2nid(group.data());
  const char* nist = nid == NID_undef ? nullptr : EC_curve_nid2nist(nid);
  return nist != nullptr ? nist : group.data();
}

// The SHA-256 of DER that an i2d_* call allocated; len < 0 means the encoding failed.
std::string hex_of_der(unsigned char* der, int len) {
  if (len < 0) {
    ERR_clear_error();
    return "";
  }
  std::string hex = sha256_hex(std::string_view(reinterpret_cast<char*>(der), static_cast<std::size_t>(len)));
  OPENSSL_free(der);
  return hex;
}

std::string spki_sha256(const EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key, &der);
  return hex_of_der(der, len);
}

}  // namespace

// OpenSSL 3 encodes an EVP_PKEY through its provider framework (milliseconds per key), while a
// certificate's X509_PUBKEY is already the DER structure: use it whenever there is one.
std::string certificate_spki_sha256(X509* cert) {
  unsigned char* der = nullptr;
  int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &der);
  return hex_of_der(der, len);
}

PublicKeyInfo describe_key_shape(const EVP_PKEY* key) {
  PublicKeyInfo info;
  if (key == nullptr) {
    return info;
  }
  info.type = key_type(key);
  info.bits = EVP_PKEY_get_bits(key);
  info.curve = info.type == "ec" ? curve_name(key) : "";
  return info;
}

PublicKeyInfo describe_public_key(const EVP_PKEY* key) {
  PublicKeyInfo info = describe_key_shape(key);
  if (key != nullptr) info.spki_sha256 = spki_sha256(key);
  return info;
}

std::int64_t certificate_not_after(const X509* cert) { return epoch_of(X509_get0_notAfter(cert)); }

CertificateInfo describe_certificate(X509* cert) {
  CertificateInfo info;
  info.subject = name_text(X509_get_subject_name(cert));
  info.common_name = common_name(X509_get_subject_name(cert));
  info.issuer = name_text(X509_get_issuer_name(cert));
  info.serial = serial_hex(X509_get0_serialNumber(cert));
  add_alt_names(cert, &info);
  info.not_before = epoch_of(X509_get0_notBefore(cert));
  info.not_after = certificate_not_after(cert);
  info.key = describe_key_shape(X509_get0_pubkey(cert));
  info.key.spki_sha256 = certificate_spki_sha256(cert);
  add_signature(cert, &info);
  info.self_signed = X509_self_signed(cert, 1) == 1;
  info.is_ca = X509_check_ca(cert) > 0;
  info.sha256 = der_sha256(cert);
  ERR_clear_error();
  return info;
}

bool covers_host(X509* cert, const std::string& host) {
  unsigned int flags = X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;
  bool covered = X509_check_host(cert, host.c_str(), host.size(), flags, nullptr) == 1;
  ERR_clear_error();
  return covered;
}

std::string certificate_der(const X509* cert) {
  unsigned char* der = nullptr;
  int len = i2d_X509(cert, &der);
  if (len < 0) return "";
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

}  // namespace mtaudit::files
