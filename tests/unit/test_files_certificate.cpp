#include "collectors/files/certificate.hpp"

#include <gtest/gtest.h>

#include "core/sha256.hpp"
#include "test_files_support.hpp"

namespace mtaudit::files {
namespace {

using test::CertSpec;

TEST(FilesCertificate, DescribesALeaf) {
  test::Pki pki;
  CertSpec spec;
  spec.dns = {"mail.example.org", "*.example.net"};
  spec.serial = 0x1F2E;
  auto leaf = test::make_cert(spec, pki.leaf_key.get(), pki.inter.get(), pki.inter_key.get());
  CertificateInfo info = describe_certificate(leaf.get());
  EXPECT_EQ(info.subject, "CN=mail.example.org");
  EXPECT_EQ(info.common_name, "mail.example.org");
  EXPECT_EQ(info.issuer, "CN=Test Intermediate");
  EXPECT_EQ(info.serial, "1F2E");
  EXPECT_EQ(info.san, (std::vector<std::string>{"DNS:mail.example.org", "DNS:*.example.net"}));
  EXPECT_EQ(info.san_dns, (std::vector<std::string>{"mail.example.org", "*.example.net"}));
  EXPECT_EQ(info.not_before, test::k_2030);
  EXPECT_EQ(info.not_after, test::k_2031);
  EXPECT_EQ(info.key.type, "ec");
  EXPECT_EQ(info.key.bits, 256);
  EXPECT_EQ(info.key.curve, "P-256");
  EXPECT_EQ(info.signature_algorithm, "ecdsa-with-SHA256");
  EXPECT_EQ(info.signature_hash, "sha256");
  EXPECT_FALSE(info.self_signed);
  EXPECT_FALSE(info.is_ca);
  EXPECT_EQ(info.sha256, sha256_hex(test::der(leaf.get())));
  unsigned char* spki = nullptr;
  int len = i2d_PUBKEY(pki.leaf_key.get(), &spki);
  EXPECT_EQ(info.key.spki_sha256, sha256_hex(std::string(reinterpret_cast<char*>(spki), static_cast<std::size_t>(len))));
  OPENSSL_free(spki);
}

TEST(FilesCertificate, RootsAndKeyTypes) {
  test::Pki pki;
  CertificateInfo root = describe_certificate(pki.root.get());
  EXPECT_TRUE(root.self_signed);
  EXPECT_TRUE(root.is_ca);
  EXPECT_TRUE(root.san.empty());
  auto rsa = test::make_key("rsa1024");
  CertSpec sha1;
  sha1.md = EVP_sha1();
  CertificateInfo r = describe_certificate(test::make_cert(sha1, rsa.get(), nullptr, nullptr).get());
  EXPECT_EQ(r.key.type, "rsa");
  EXPECT_EQ(r.key.bits, 1024);
  EXPECT_EQ(r.key.curve, "");
  EXPECT_EQ(r.signature_algorithm, "sha1WithRSAEncryption");
  EXPECT_EQ(r.signature_hash, "sha1");
  auto p521 = test::make_key("P-521");
  CertificateInfo e = describe_certificate(test::make_cert(CertSpec{}, p521.get(), nullptr, nullptr).get());
  EXPECT_EQ(e.key.curve, "P-521");
  EXPECT_EQ(e.key.bits, 521);
  auto ed = test::make_key("ed25519");
  CertSpec intrinsic;
  intrinsic.md = nullptr;
  CertificateInfo d = describe_certificate(test::make_cert(intrinsic, ed.get(), nullptr, nullptr).get());
  EXPECT_EQ(d.key.type, "ed25519");
  EXPECT_EQ(d.signature_algorithm, "ED25519");
  EXPECT_EQ(d.signature_hash, "");
}

TEST(FilesCertificate, HostCoverageUsesSubjectAltNamesOnly) {
  auto key = test::make_key("P-256");
  CertSpec spec;
  spec.dns = {"mail.example.org", "*.example.net"};
  auto cert = test::make_cert(spec, key.get(), nullptr, nullptr);
  EXPECT_TRUE(covers_host(cert.get(), "mail.example.org"));
  EXPECT_TRUE(covers_host(cert.get(), "MAIL.Example.ORG"));
  EXPECT_TRUE(covers_host(cert.get(), "mx1.example.net"));
  EXPECT_FALSE(covers_host(cert.get(), "a.b.example.net"));  // a wildcard is one label
  EXPECT_FALSE(covers_host(cert.get(), "example.org"));
  CertSpec cn_only;
  cn_only.dns = {};
  auto legacy = test::make_cert(cn_only, key.get(), nullptr, nullptr);
  EXPECT_FALSE(covers_host(legacy.get(), "mail.example.org"));  // the CN is never consulted
}

}  // namespace
}  // namespace mtaudit::files
