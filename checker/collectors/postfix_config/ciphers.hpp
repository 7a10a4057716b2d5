#pragma once
// Postfix cipher grades and exclusions turned into the OpenSSL cipher string Postfix uses
// (tls_set_ciphers() in src/tls/tls_misc.c), and that string expanded into cipher suites by
// the linked OpenSSL, as `openssl ciphers -v STRING` lists them.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "core/openssl_ptr.hpp"

// Same typedef as <openssl/ssl.h>, so this header does not pull in all of OpenSSL.


namespace mtaudit::postfix {

struct CipherSuite {
  std::string name;      // OpenSSL name: "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_AES_128_GCM_SHA256"
  std::string protocol;  // first protocol that defined it, as `openssl ciphers -v` column 2:
                         // "SSLv3", "TLSv1", "TLSv1.2", "TLSv1.3"
  // The Kx=, Au=, Enc=, Mac= columns of `openssl ciphers -v`, verbatim:
  std::string kx;    // "ECDH" (= ECDHE), "DH" (= DHE), "RSA", "PSK", "ECDHEPSK", "any" (TLS 1.3)
  std::string auth;  // "ECDSA", "RSA", "None" (anonymous), "PSK", "any" (TLS 1.3)
  std::string enc;   // "AESGCM(256)", "CHACHA20/POLY1305(256)", "None", "3DES(168)"
  std::string mac;   // "AEAD", "SHA384", "SHA1", "MD5"
  // OpenSSL long names of SSL_CIPHER_get_{kx,auth,cipher,digest}_nid(), "" for NID_undef:
  // "kx-ecdhe", "auth-null", "aes-256-gcm" ("" = no encryption), "md5" ("" for AEAD).
  // weak_classes() and is_pfs() decide from these.
  std::string kx_nid;
  std::string auth_nid;
  std::string cipher_nid;
  std::string digest_nid;
  bool aead = false;
  int bits = 0;         // secret bits (SSL_CIPHER_get_bits); 112 for 3DES, 0 without encryption
  bool usable = false;  // usable at OpenSSL's default security level with the default
                        // protocol range (what `openssl ciphers -s` keeps)

  bool operator==(const CipherSuite&) const = default;
};

// Postfix's tls_set_ciphers(): grade_cipherlist (the value of tls_<grade>_cipherlist, already
// $-expanded) + ":!" + each exclusion token. Exclusion tokens come from each raw list value in
// exclusion_lists (split on whitespace, comma and colon), then extra_exclusions ("aNULL",
// "eNULL" that the security level adds), in that order, without removing duplicates.
// Errors (one Diag per problem, Postfix stops at the first):
//   invalid cipher grade: "HIGH"            grade is not high/medium/low/export/null (case
//                                           matters; Postfix 3.8+ maps low/export to medium,
//                                           so pass tls_medium_cipherlist then)
//   empty "low" cipherlist                  Postfix panics on an empty grade list
//   invalid unary '!+-@' in cipher exclusion: !RC4
Expected<std::string> build_cipher_string(std::string_view grade,
                                          const std::string& grade_cipherlist,
                                          const std::vector<std::string>& exclusion_lists,
                                          const std::vector<std::string>& extra_exclusions);

// The TLS <= 1.2 suites SSL_CTX_set_cipher_list(cipher_string) selects, in OpenSSL's order,
// exactly as `openssl ciphers -v` lists them minus its TLS 1.3 lines (Postfix never sets TLS
// 1.3 suites, see default_tls13_suites()). Uses the system OpenSSL configuration as Postfix
// does with tls_config_file = default. Error when OpenSSL rejects the string:
//   OpenSSL rejects cipher list "NOSUCHCIPHER": no cipher match
Expected<std::vector<CipherSuite>> expand_cipher_string(const std::string& cipher_string);

// The same for many strings: one SSL_CTX serves them all, since creating a context costs more
// than expanding a string.
class CipherExpander {
 public:
  Expected<std::vector<CipherSuite>> expand(const std::string& cipher_string);

 private:
  SslCtxPtr m_ctx;
  std::map<unsigned long, CipherSuite> m_described;  // by cipher id: describing is costly
};

// The TLS 1.3 suites a fresh SSL_CTX enables (TLS_AES_256_GCM_SHA384,
// TLS_CHACHA20_POLY1305_SHA256, TLS_AES_128_GCM_SHA256 unless openssl.cnf changes them).
std::vector<CipherSuite> default_tls13_suites();

// One SSL_CIPHER as a CipherSuite (for callers holding a negotiated cipher).
CipherSuite describe_cipher(const SSL_CIPHER* cipher, bool usable);

// The weak classes a suite falls in, in this order: "aNULL", "eNULL", "EXPORT", "LOW", "RC4",
// "3DES", "DES", "CAMELLIA", "SEED", "IDEA", "MD5". OpenSSL 3 has no EXPORT/LOW classes any
// more: EXPORT = name starting "EXP" or under 56 secret bits; LOW = 1 to 127 secret bits
// (so 3DES at 112 bits is LOW as well as 3DES, and EXPORT suites are LOW too).
std::vector<std::string> weak_classes(const CipherSuite& suite);

// Ephemeral key exchange: ECDHE, DHE (also anonymous ADH/AECDH), their PSK variants, and
// every TLS 1.3 suite.
bool is_pfs(const CipherSuite& suite);

}  // namespace mtaudit::postfix
