#include "collectors/files/dh_params.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "test_files_support.hpp"

namespace mtaudit::files {
namespace {

// Named RFC 7919 groups are instant to make, unlike generated primes.
std::string ffdhe(const char* group, const char* type = "DH") {
  OpenSslPtr<EVP_PKEY_CTX, &EVP_PKEY_CTX_free> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  EVP_PKEY_paramgen_init(ctx.get());
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("group", const_cast<char*>(group), 0), OSSL_PARAM_END};
  EVP_PKEY_CTX_set_params(ctx.get(), params);
  EVP_PKEY_paramgen(ctx.get(), &raw);
  EvpPkeyPtr p(raw);
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_Parameters(bio.get(), p.get());
  return test::bio_text(bio.get());
}

TEST(FilesDhParams, PrimeSizeOfPkcs3Parameters) {
  std::string p2048 = ffdhe("ffdhe2048");
  ASSERT_EQ(p2048.rfind("-----BEGIN DH PARAMETERS-----", 0), 0u);
  DhReading r = read_dh_params(p2048, "/etc/postfix/dh.pem");
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.bits, 2048);
  EXPECT_EQ(read_dh_params("# generated\n" + ffdhe("ffdhe4096"), "/dh.pem").bits, 4096);
}

TEST(FilesDhParams, X942ParametersCannotBeLoadedByPostfix) {
  std::string x942 = ffdhe("ffdhe2048", "DHX");
  ASSERT_EQ(x942.rfind("-----BEGIN X9.42 DH PARAMETERS-----", 0), 0u);
  DhReading r = read_dh_params(x942, "/dh.pem");
  EXPECT_EQ(r.bits, 0);
  EXPECT_EQ(r.error,
            "the X9.42 DH parameters (PEM object 1) in /dh.pem (openssl dhparam -dsaparam) cannot be loaded by "
            "Postfix with OpenSSL 3; generate PKCS#3 parameters without -dsaparam");
}

TEST(FilesDhParams, WhatIsNotParameters) {
  EXPECT_EQ(read_dh_params("", "/dh.pem").error, "/dh.pem is empty (0 bytes)");
  EXPECT_EQ(read_dh_params("text\n", "/dh.pem").error, "/dh.pem holds no PEM data (no -----BEGIN line)");
  auto key = test::make_key("P-256");
  EXPECT_EQ(read_dh_params(test::pem(key.get()), "/dh.pem").error, "no DH PARAMETERS in /dh.pem");
  EXPECT_EQ(read_dh_params("-----BEGIN DH PARAMETERS-----\nMAA=\n-----END DH PARAMETERS-----\n", "/dh.pem").error,
            "the DH parameters (PEM object 1) in /dh.pem do not parse");
  EXPECT_EQ(read_dh_params("-----BEGIN DH PARAMETERS-----\n@@\n-----END DH PARAMETERS-----\n", "/dh.pem").error,
            "/dh.pem: PEM object 1 is malformed (bad base64 or no END line)");
}

}  // namespace
}  // namespace mtaudit::files
