#pragma once
// Owning smart pointers for OpenSSL objects, so every early return frees what it allocated.
// Each alias pairs an OpenSSL type with the one function that releases it; use them as
//   SslCtxPtr ctx(SSL_CTX_new(TLS_method()));
//   if (!ctx) { ... }
// Objects that OpenSSL reference-counts (X509, EVP_PKEY, SSL_CTX, X509_STORE) still need an
// explicit *_up_ref() before wrapping a pointer that was only borrowed (get0 functions).
#include <memory>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace mtaudit {

// Calls Free(p) for a non-null p. Free is a real function (not a macro), so its address is
// the same in every translation unit and the alias types below are identical everywhere.
template <auto Free>
struct OpenSslDeleter {
  template <class T>
  void operator()(T* p) const noexcept {
    if (p != nullptr) {
      Free(p);
    }
  }
};

template <class T, auto Free>
using OpenSslPtr = std::unique_ptr<T, OpenSslDeleter<Free>>;

using SslCtxPtr = OpenSslPtr<SSL_CTX, &SSL_CTX_free>;
using SslPtr = OpenSslPtr<SSL, &SSL_free>;
using SslSessionPtr = OpenSslPtr<SSL_SESSION, &SSL_SESSION_free>;
using X509Ptr = OpenSslPtr<X509, &X509_free>;
using X509CrlPtr = OpenSslPtr<X509_CRL, &X509_CRL_free>;
using X509NamePtr = OpenSslPtr<X509_NAME, &X509_NAME_free>;
using X509StorePtr = OpenSslPtr<X509_STORE, &X509_STORE_free>;
using X509StoreCtxPtr = OpenSslPtr<X509_STORE_CTX, &X509_STORE_CTX_free>;
using X509VerifyParamPtr = OpenSslPtr<X509_VERIFY_PARAM, &X509_VERIFY_PARAM_free>;
using GeneralNamesPtr = OpenSslPtr<GENERAL_NAMES, &GENERAL_NAMES_free>;
using EvpPkeyPtr = OpenSslPtr<EVP_PKEY, &EVP_PKEY_free>;
using EvpPkeyCtxPtr = OpenSslPtr<EVP_PKEY_CTX, &EVP_PKEY_CTX_free>;
using EvpMdCtxPtr = OpenSslPtr<EVP_MD_CTX, &EVP_MD_CTX_free>;
using EvpMdPtr = OpenSslPtr<EVP_MD, &EVP_MD_free>;  // only for EVP_MD_fetch() results
using BioPtr = OpenSslPtr<BIO, &BIO_free_all>;     // frees a whole BIO chain
using BignumPtr = OpenSslPtr<BIGNUM, &BN_free>;
using Asn1TimePtr = OpenSslPtr<ASN1_TIME, &ASN1_TIME_free>;
using Asn1IntegerPtr = OpenSslPtr<ASN1_INTEGER, &ASN1_INTEGER_free>;
using Asn1OctetStringPtr = OpenSslPtr<ASN1_OCTET_STRING, &ASN1_OCTET_STRING_free>;
using OcspResponsePtr = OpenSslPtr<OCSP_RESPONSE, &OCSP_RESPONSE_free>;
using OcspBasicRespPtr = OpenSslPtr<OCSP_BASICRESP, &OCSP_BASICRESP_free>;

// Memory OpenSSL allocated for the caller (e.g. X509_NAME_oneline(), i2s_ASN1_INTEGER()).
// OPENSSL_free is a macro, hence a named deleter instead of the template.
struct OpenSslStringDeleter {
  void operator()(char* p) const noexcept { OPENSSL_free(p); }
};
using OpenSslStringPtr = std::unique_ptr<char, OpenSslStringDeleter>;

// Stacks. sk_*_free() are inline functions generated per type, so each gets its own deleter.
// SslCipherStackPtr frees only the container (SSL_CIPHERs are static, never freed);
// X509StackPtr frees the container and every certificate in it.
struct SslCipherStackDeleter {
  void operator()(STACK_OF(SSL_CIPHER) * s) const noexcept { sk_SSL_CIPHER_free(s); }
};
using SslCipherStackPtr = std::unique_ptr<STACK_OF(SSL_CIPHER), SslCipherStackDeleter>;

struct X509StackDeleter {
  void operator()(STACK_OF(X509) * s) const noexcept { sk_X509_pop_free(s, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

}  // namespace mtaudit
