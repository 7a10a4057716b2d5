#include "collectors/files/private_key.hpp"

#include <gtest/gtest.h>
#include <openssl/err.h>

#include "test_files_support.hpp"

namespace mtaudit::files {
namespace {

PemObject only_object(const std::string& text) {
  PemFile f = read_pem(text, "/k.pem");
  EXPECT_EQ(f.objects.size(), 1u);
  return std::move(f.objects.front());
}

TEST(FilesPrivateKey, DecodesPkcs8AndTraditionalKeys) {
  for (const char* alg : {"P-256", "rsa1024", "ed25519"}) {
    auto key = test::make_key(alg);
    KeyReading pkcs8 = decode_private_key(only_object(test::pem(key.get())), "/k.pem");
    ASSERT_TRUE(pkcs8.key) << alg;
    EXPECT_EQ(pkcs8.error, "");
    EXPECT_FALSE(pkcs8.encrypted);
    EXPECT_EQ(EVP_PKEY_eq(pkcs8.key.get(), key.get()), 1);
  }
  for (const char* alg : {"P-384", "rsa1024"}) {
    auto key = test::make_key(alg);
    PemObject o = only_object(test::traditional_pem(key.get()));
    EXPECT_EQ(o.label, std::string(alg) == "P-384" ? "EC PRIVATE KEY" : "RSA PRIVATE KEY");
    KeyReading k = decode_private_key(o, "/k.pem");
    ASSERT_TRUE(k.key) << alg;
    EXPECT_EQ(EVP_PKEY_eq(k.key.get(), key.get()), 1);
  }
}

TEST(FilesPrivateKey, EncryptedKeysAreRefusedWithoutAPassPhrasePrompt) {
  auto key = test::make_key("P-256");
  KeyReading k = decode_private_key(only_object(test::pem(key.get(), true)), "/etc/postfix/k.pem");
  EXPECT_FALSE(k.key);
  EXPECT_TRUE(k.encrypted);
  EXPECT_EQ(k.error,
            "the private key (PEM object 1) in /etc/postfix/k.pem is encrypted; Postfix cannot use a key that needs "
            "a pass phrase");
}

TEST(FilesPrivateKey, GarbageAndExcessDataDoNotParse) {
  PemObject junk = only_object("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  EXPECT_EQ(decode_private_key(junk, "/k.pem").error, "the private key (PEM object 1) in /k.pem does not parse");
  auto key = test::make_key("P-256");
  PemObject good = only_object(test::traditional_pem(key.get()));
  std::string padded = std::string(good.der.view()) + "xx";
  PemObject excess{"EC PRIVATE KEY", false, SecretBytes(padded), 3};
  KeyReading k = decode_private_key(excess, "/k.pem");
  EXPECT_FALSE(k.key);
  EXPECT_EQ(k.error, "the private key (PEM object 3) in /k.pem has excess data after the key");
}

TEST(FilesPrivateKey, MatchesOnlyItsOwnCertificate) {
  auto key = test::make_key("P-256");
  auto other = test::make_key("P-256");
  auto cert = test::make_cert(test::CertSpec{}, key.get(), nullptr, nullptr);
  EXPECT_TRUE(key_matches_certificate(cert.get(), key.get()));
  EXPECT_FALSE(key_matches_certificate(cert.get(), other.get()));
  EXPECT_FALSE(key_matches_certificate(cert.get(), nullptr));
  EXPECT_FALSE(key_matches_certificate(nullptr, key.get()));
  EXPECT_EQ(ERR_peek_error(), 0u);  // no stale OpenSSL errors for the next caller
}

}  // namespace
}  // namespace mtaudit::files
