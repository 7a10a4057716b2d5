#include "collectors/files/pem.hpp"

#include <gtest/gtest.h>

#include "test_files_support.hpp"

namespace mtaudit::files {
namespace {

using test::make_cert;
using test::make_key;

TEST(FilesPem, ReadsEveryObjectInOrderSkippingText) {
  auto key = make_key("P-256");
  auto cert = make_cert(test::CertSpec{}, key.get(), nullptr, nullptr);
  std::string text = "# comment\n" + test::pem(key.get()) + "between\n" + test::pem(cert.get()) +
                     "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
  PemFile f = read_pem(text, "/etc/postfix/a.pem");
  EXPECT_EQ(f.error, "");
  ASSERT_EQ(f.objects.size(), 3u);
  EXPECT_EQ(f.objects[0].label, "PRIVATE KEY");
  EXPECT_EQ(f.objects[0].number, 1);
  EXPECT_EQ(f.objects[1].label, "CERTIFICATE");
  EXPECT_EQ(f.objects[1].der.view(), test::der(cert.get()));
  EXPECT_EQ(f.objects[2].label, "EC PARAMETERS");
  EXPECT_EQ(f.objects[2].number, 3);
  EXPECT_FALSE(f.objects[0].encrypted);
}

TEST(FilesPem, NamesWhyAFileHasNoPem) {
  auto key = make_key("P-256");
  auto cert = make_cert(test::CertSpec{}, key.get(), nullptr, nullptr);
  EXPECT_EQ(read_pem("", "/x.pem").error, "/x.pem is empty (0 bytes)");
  EXPECT_EQ(read_pem("hello\n", "/x.pem").error, "/x.pem holds no PEM data (no -----BEGIN line)");
  EXPECT_EQ(read_pem(test::der(cert.get()), "/x.pem").error,
            "/x.pem holds a DER (binary) certificate, not PEM; convert it: "
            "openssl x509 -inform DER -in /x.pem -out /x.pem.pem");
  unsigned char* out = nullptr;
  int len = i2d_PrivateKey(key.get(), &out);
  std::string key_der(reinterpret_cast<char*>(out), static_cast<std::size_t>(len));
  OPENSSL_free(out);
  EXPECT_EQ(read_pem(key_der, "/k.pem").error,
            "/k.pem holds a DER (binary) private key, not PEM; convert it: "
            "openssl pkey -inform DER -in /k.pem -out /k.pem.pem");
}

TEST(FilesPem, MalformedObjectStopsTheReading) {
  auto key = make_key("P-256");
  auto cert = make_cert(test::CertSpec{}, key.get(), nullptr, nullptr);
  std::string text = test::pem(cert.get()) + "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n" +
                     test::pem(cert.get());
  PemFile f = read_pem(text, "/c.pem");
  EXPECT_EQ(f.error, "/c.pem: PEM object 2 is malformed (bad base64 or no END line)");
  EXPECT_EQ(f.objects.size(), 1u);
  PemFile truncated = read_pem("-----BEGIN CERTIFICATE-----\nMIIB\n", "/t.pem");
  EXPECT_EQ(truncated.error, "/t.pem: PEM object 1 is malformed (bad base64 or no END line)");
}

TEST(FilesPem, LegacyEncryptionHeaderIsNoticed) {
  auto key = make_key("P-256");
  BioPtr bio(BIO_new(BIO_s_mem()));
  static char pass[] = "secret";
  PEM_write_bio_PrivateKey_traditional(bio.get(), key.get(), EVP_aes_128_cbc(), reinterpret_cast<unsigned char*>(pass),
                                       6, nullptr, nullptr);
  PemFile f = read_pem(test::bio_text(bio.get()), "/k.pem");
  ASSERT_EQ(f.objects.size(), 1u);
  EXPECT_EQ(f.objects[0].label, "EC PRIVATE KEY");
  EXPECT_TRUE(f.objects[0].encrypted);
}

TEST(FilesPem, Labels) {
  EXPECT_TRUE(is_private_key_label("PRIVATE KEY"));
  EXPECT_TRUE(is_private_key_label("RSA PRIVATE KEY"));
  EXPECT_TRUE(is_private_key_label("EC PRIVATE KEY"));
  EXPECT_TRUE(is_private_key_label("DSA PRIVATE KEY"));
  EXPECT_FALSE(is_private_key_label("ENCRYPTED PRIVATE KEY"));
  EXPECT_TRUE(is_encrypted_key_label("ENCRYPTED PRIVATE KEY"));
  EXPECT_TRUE(is_certificate_label("CERTIFICATE"));
  EXPECT_TRUE(is_certificate_label("X509 CERTIFICATE"));
  EXPECT_FALSE(is_certificate_label("TRUSTED CERTIFICATE"));
}

TEST(FilesPem, SecretBytesMoveLeavesNothingBehind) {
  SecretBytes a(std::string(64, 'k'));
  SecretBytes b(std::move(a));
  EXPECT_EQ(a.size(), 0u);  // NOLINT: the moved-from object is specified to be empty
  EXPECT_EQ(b.view(), std::string(64, 'k'));
  SecretBytes c;
  c = std::move(b);
  EXPECT_EQ(b.size(), 0u);  // NOLINT
  EXPECT_EQ(c.size(), 64u);
}

}  // namespace
}  // namespace mtaudit::files
