#pragma once
// Private keys in PEM objects, decoded only to check that they belong to a certificate.
// Nothing here returns, prints or stores key material: callers get the key object (to compare
// public halves) and facts about it. Encrypted keys are recognised from their label or
// header and never handed to a decoder, so no pass phrase is ever asked for.
#include <string>

#include "collectors/files/pem.hpp"
#include "core/openssl_ptr.hpp"

namespace mtaudit::files {

struct KeyReading {
  EvpPkeyPtr key;          // set when the object decoded
  bool encrypted = false;  // needs a pass phrase: Postfix cannot use it
  std::string error;       // "" when `key` is set; else why not, naming `file` and the object
};

// Decodes a private-key object (is_private_key_label or is_encrypted_key_label) of `file`
// the way Postfix does: algorithm-specific labels as that algorithm, "PRIVATE KEY" as PKCS#8.
KeyReading decode_private_key(const PemObject& object, const std::string& file);

// The private key is the one whose public half the certificate carries.
bool key_matches_certificate(X509* cert, EVP_PKEY* key);

}  // namespace mtaudit::files
