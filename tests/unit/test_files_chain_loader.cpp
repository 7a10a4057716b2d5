#include "collectors/files/chain_loader.hpp"

#include <gtest/gtest.h>

#include "test_files_support.hpp"

namespace mtaudit::files {
namespace {

using test::file;
using test::file_set;
using test::pem;

std::vector<std::string> paths(std::initializer_list<const char*> p) { return {p.begin(), p.end()}; }

bool same(X509* a, X509* b) { return a != nullptr && b != nullptr && X509_cmp(a, b) == 0; }

TEST(FilesChainLoader, ChainFilesWithTwoKeysInOneFile) {
  test::Pki pki;
  auto rsa_key = test::make_key("rsa1024");
  auto rsa = test::make_cert(test::CertSpec{}, rsa_key.get(), pki.inter.get(), pki.inter_key.get());
  FileSet files = file_set(file("/c.pem", pki.chain_file() + pem(rsa_key.get()) + pem(rsa.get()) + pem(pki.inter.get())));
  auto chains = load_chain_files(paths({"/c.pem"}), files);
  ASSERT_EQ(chains.size(), 2u);
  EXPECT_EQ(chains[0].leaf_file, "/c.pem");
  EXPECT_EQ(chains[0].position, 0);
  EXPECT_EQ(chains[0].key_file, "/c.pem");
  EXPECT_TRUE(same(chains[0].leaf.get(), pki.leaf.get()));
  ASSERT_EQ(chains[0].chain.size(), 1u);
  EXPECT_TRUE(same(chains[0].chain[0].get(), pki.inter.get()));
  EXPECT_EQ(EVP_PKEY_eq(chains[0].key.get(), pki.leaf_key.get()), 1);
  EXPECT_TRUE(chains[0].errors.empty());
  EXPECT_EQ(chains[1].position, 1);
  EXPECT_TRUE(same(chains[1].leaf.get(), rsa.get()));
  EXPECT_EQ(chains[1].key_error, "");
}

// Two chains from one CA share their intermediate: it is decoded once, both chains hold it.
TEST(FilesChainLoader, ASharedIssuerIsDecodedOnce) {
  test::Pki pki;
  auto rsa_key = test::make_key("rsa1024");
  auto rsa = test::make_cert(test::CertSpec{}, rsa_key.get(), pki.inter.get(), pki.inter_key.get());
  FileSet files = file_set(file("/ecdsa.pem", pki.chain_file()),
                           file("/rsa.pem", pem(rsa_key.get()) + pem(rsa.get()) + pem(pki.inter.get())));
  auto chains = load_chain_files(paths({"/ecdsa.pem", "/rsa.pem"}), files);
  ASSERT_EQ(chains.size(), 2u);
  ASSERT_EQ(chains[0].chain.size(), 1u);
  ASSERT_EQ(chains[1].chain.size(), 1u);
  EXPECT_TRUE(same(chains[0].chain[0].get(), pki.inter.get()));
  EXPECT_EQ(chains[0].chain[0].get(), chains[1].chain[0].get());
  EXPECT_NE(chains[0].leaf.get(), chains[1].leaf.get());
}

TEST(FilesChainLoader, KeyAndChainInSeparateFilesAreOneStream) {
  test::Pki pki;
  FileSet files = file_set(file("/key.pem", pem(pki.leaf_key.get())),
                            file("/full.pem", pem(pki.leaf.get()) + pem(pki.inter.get())));
  auto chains = load_chain_files(paths({"/key.pem", "/full.pem"}), files);
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].leaf_file, "/full.pem");
  EXPECT_EQ(chains[0].key_file, "/key.pem");
  EXPECT_EQ(chains[0].chain.size(), 1u);
  EXPECT_TRUE(chains[0].errors.empty());
}

TEST(FilesChainLoader, UnreadableFilesStandAlone) {
  test::Pki pki;
  FileSet files = file_set(file("/a.pem", pki.chain_file()), test::missing("/b.pem"));
  auto chains = load_chain_files(paths({"/a.pem", "/b.pem"}), files);
  ASSERT_EQ(chains.size(), 2u);
  EXPECT_TRUE(chains[0].errors.empty());
  EXPECT_EQ(chains[1].leaf_file, "/b.pem");
  EXPECT_FALSE(chains[1].leaf);
  EXPECT_EQ(chains[1].errors, std::vector<std::string>{"cannot read /b.pem: No such file or directory"});
  EXPECT_EQ(chains[1].key_file, "/b.pem");
  EXPECT_FALSE(chains[1].unreadable);
  auto denied = load_chain_files(paths({"/d.pem"}), file_set(test::denied("/d.pem")));
  ASSERT_EQ(denied.size(), 1u);
  EXPECT_TRUE(denied[0].unreadable);
  EXPECT_TRUE(denied[0].key_unreadable);
  EXPECT_EQ(denied[0].errors.front(), "cannot read /d.pem: Permission denied");
}

TEST(FilesChainLoader, AMissingCertificateFileKeepsTheKeyReadBeforeIt) {
  test::Pki pki;
  FileSet files = file_set(file("/key.pem", pem(pki.leaf_key.get())), test::missing("/full.pem"));
  auto chains = load_chain_files(paths({"/key.pem", "/full.pem"}), files);
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].leaf_file, "/full.pem");
  EXPECT_FALSE(chains[0].leaf);
  EXPECT_EQ(chains[0].key_file, "/key.pem");
  EXPECT_TRUE(chains[0].key);
  EXPECT_EQ(chains[0].key_error, "");
  EXPECT_EQ(chains[0].errors, std::vector<std::string>{"cannot read /full.pem: No such file or directory"});
}

TEST(FilesChainLoader, CertificateBeforeKeyIsAnError) {
  test::Pki pki;
  FileSet files = file_set(file("/c.pem", pem(pki.leaf.get()) + pem(pki.inter.get()) + pem(pki.leaf_key.get())));
  auto chains = load_chain_files(paths({"/c.pem"}), files);
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_TRUE(same(chains[0].leaf.get(), pki.leaf.get()));
  EXPECT_EQ(chains[0].errors,
            std::vector<std::string>{"/c.pem: the certificate (PEM object 1) comes before its private key; "
                                     "smtpd_tls_chain_files needs the key first, then the certificate and its issuers"});
  EXPECT_EQ(chains[0].key_error, "no private key comes before the certificate (PEM object 1) in /c.pem");
  EXPECT_FALSE(chains[0].key);
}

TEST(FilesChainLoader, KeyWithoutCertificate) {
  test::Pki pki;
  auto alone = load_chain_files(paths({"/k.pem"}), file_set(file("/k.pem", pem(pki.leaf_key.get()))));
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone[0].errors.front(), "the private key (PEM object 1) in /k.pem is not followed by its certificate");
  auto twice = load_chain_files(
      paths({"/k.pem"}), file_set(file("/k.pem", pem(pki.leaf_key.get()) + pem(pki.leaf_key.get()) + pem(pki.leaf.get()))));
  ASSERT_EQ(twice.size(), 1u);
  EXPECT_EQ(twice[0].errors.front(),
            "the private key (PEM object 1) in /k.pem is followed by another key, not by its certificate");
}

TEST(FilesChainLoader, EncryptedKeyKeepsItsCertificates) {
  test::Pki pki;
  FileSet files = file_set(file("/c.pem", pem(pki.leaf_key.get(), true) + pem(pki.leaf.get())));
  auto chains = load_chain_files(paths({"/c.pem"}), files);
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_TRUE(chains[0].leaf);
  EXPECT_TRUE(chains[0].key_encrypted);
  EXPECT_EQ(chains[0].key_error,
            "the private key (PEM object 1) in /c.pem is encrypted; Postfix cannot use a key that needs a pass phrase");
}

TEST(FilesChainLoader, MalformedObjectsAreRecordedOnTheirChain) {
  test::Pki pki;
  std::string broken = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
  auto chains = load_chain_files(paths({"/c.pem"}), file_set(file("/c.pem", pki.chain_file() + broken)));
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_TRUE(chains[0].leaf);
  EXPECT_EQ(chains[0].errors, std::vector<std::string>{"the certificate (PEM object 4) in /c.pem does not parse"});
  auto empty = load_chain_files(paths({"/e.pem"}), file_set(file("/e.pem", "")));
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].errors.front(), "/e.pem is empty (0 bytes)");
  auto params = load_chain_files(
      paths({"/p.pem"}), file_set(file("/p.pem", "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n")));
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].errors.front(), "no private key or certificate in /p.pem");
}

TEST(FilesChainLoader, LeafAfterItsIssuerIsNamed) {
  test::Pki pki;
  FileSet files = file_set(file("/c.pem", pem(pki.leaf_key.get()) + pem(pki.inter.get()) + pem(pki.leaf.get())));
  auto chains = load_chain_files(paths({"/c.pem"}), files);
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_TRUE(same(chains[0].leaf.get(), pki.inter.get()));
  EXPECT_EQ(chains[0].errors, std::vector<std::string>{"the certificate matching the private key is number 2 of the "
                                                       "chain in /c.pem; the server certificate must come first"});
}

TEST(FilesChainLoader, LegacyMixedFile) {
  test::Pki pki;
  FileSet files = file_set(file("/m.pem", pem(pki.leaf.get()) + pem(pki.inter.get()) + pem(pki.leaf_key.get())));
  LoadedChain c = load_cert_and_key("/m.pem", "/m.pem", files);
  EXPECT_TRUE(same(c.leaf.get(), pki.leaf.get()));
  EXPECT_EQ(c.chain.size(), 1u);
  EXPECT_EQ(c.key_file, "/m.pem");
  EXPECT_TRUE(c.key);
  EXPECT_TRUE(c.errors.empty());
  LoadedChain nokey = load_cert_and_key("/n.pem", "/n.pem", file_set(file("/n.pem", pem(pki.leaf.get()))));
  EXPECT_EQ(nokey.key_error, "no private key in /n.pem");
  LoadedChain nocert = load_cert_and_key("/k.pem", "/k.pem", file_set(file("/k.pem", pem(pki.leaf_key.get()))));
  EXPECT_EQ(nocert.errors, std::vector<std::string>{"no certificate in /k.pem"});
  LoadedChain der = load_cert_and_key("/d.pem", "/d.pem", file_set(file("/d.pem", test::der(pki.leaf.get()))));
  EXPECT_EQ(der.errors.size(), 1u);
  EXPECT_EQ(der.key_error, der.errors.front());
}

TEST(FilesChainLoader, LegacySeparateFiles) {
  test::Pki pki;
  FileSet files = file_set(file("/c.crt", pem(pki.leaf.get()) + pem(pki.inter.get())),
                            file("/c.key", pem(pki.leaf_key.get())), test::denied("/d.key"));
  LoadedChain c = load_cert_and_key("/c.crt", "/c.key", files);
  EXPECT_EQ(c.leaf_file, "/c.crt");
  EXPECT_EQ(c.key_file, "/c.key");
  EXPECT_EQ(c.chain.size(), 1u);
  EXPECT_EQ(c.key_error, "");
  LoadedChain d = load_cert_and_key("/c.crt", "/d.key", files);
  EXPECT_TRUE(d.key_unreadable);
  EXPECT_FALSE(d.unreadable);
  EXPECT_EQ(d.key_error, "cannot read /d.key: Permission denied");
  LoadedChain swapped = load_cert_and_key("/c.key", "/c.crt", files);
  EXPECT_EQ(swapped.errors, std::vector<std::string>{"no certificate in /c.key"});
  EXPECT_EQ(swapped.key_error, "no private key in /c.crt");
  LoadedChain unset = load_cert_and_key("/c.crt", "", files);
  EXPECT_EQ(unset.key_error, "no private key file is configured for /c.crt");
}

}  // namespace
}  // namespace mtaudit::files
