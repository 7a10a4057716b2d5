#include "collectors/files/dh_params.hpp"

#include <openssl/decoder.h>
#include <openssl/err.h>

#include <memory>

#include "collectors/files/pem.hpp"
#include "core/openssl_ptr.hpp"

namespace mtaudit::files {
namespace {

struct DecoderCtxFree {
  void operator()(OSSL_DECODER_CTX* c) const noexcept { OSSL_DECODER_CTX_free(c); }
};

// PKCS#3 DER domain parameters to their prime size, decoded as Postfix does (type "DH").
int prime_bits(const PemObject& object) {
  EVP_PKEY* raw = nullptr;
  std::unique_ptr<OSSL_DECODER_CTX, DecoderCtxFree> ctx(OSSL_DECODER_CTX_new_for_pkey(
      &raw, "DER", nullptr, "DH", OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS, nullptr, nullptr));
  const auto* data = reinterpret_cast<const unsigned char*>(object.der.view().data());
  std::size_t len = object.der.size();
  bool ok = ctx && OSSL_DECODER_from_data(ctx.get(), &data, &len) == 1;
  EvpPkeyPtr params(raw);
  ERR_clear_error();
  return ok && params ? EVP_PKEY_get_bits(params.get()) : 0;
}

}  // namespace

DhReading read_dh_params(std::string_view bytes, const std::string& name) {
  PemFile pem = read_pem(bytes, name);
  for (const auto& object : pem.objects) {
    std::string where = "(PEM object " + std::to_string(object.number) + ") in " + name;
    if (object.label == "X9.42 DH PARAMETERS") {
      // Postfix decodes the file as type "DH" (tls_dh.c); OpenSSL 3 finds nothing in X9.42.
      return DhReading{0, "the X9.42 DH parameters " + where + " (openssl dhparam -dsaparam) cannot be loaded "
                             "by Postfix with OpenSSL 3; generate PKCS#3 parameters without -dsaparam"};
    }
    if (object.label != "DH PARAMETERS") {
      continue;
    }
    int bits = prime_bits(object);
    if (bits <= 0) {
      return DhReading{0, "the DH parameters " + where + " do not parse"};
    }
    return DhReading{bits, ""};
  }
  if (!pem.error.empty()) {
    return DhReading{0, pem.error};
  }
  return DhReading{0, "no DH PARAMETERS in " + name};
}

}  // namespace mtaudit::files
