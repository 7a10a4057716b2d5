#include "collectors/files/verify.hpp"

#include <gtest/gtest.h>

#include "test_files_support.hpp"

namespace mtaudit::files {
namespace {

using test::CertSpec;

TEST(FilesVerify, AFullChainVerifiesAtATime) {
  test::Pki pki;
  auto store = pki.store();
  Verification v = verify_chain(store.get(), pki.leaf.get(), {pki.inter.get()}, test::k_now);
  EXPECT_TRUE(v.ok);
  EXPECT_EQ(v.error, "");
  EXPECT_EQ(v.depth, -1);
  EXPECT_TRUE(chain_in_order(pki.leaf.get(), {pki.inter.get()}));
  EXPECT_TRUE(chain_complete(store.get(), pki.leaf.get(), {pki.inter.get()}));
}

TEST(FilesVerify, TimeMattersOnlyWhenGiven) {
  test::Pki pki;
  auto store = pki.store();
  Verification later = verify_chain(store.get(), pki.leaf.get(), {pki.inter.get()}, test::k_2031 + 1);
  EXPECT_FALSE(later.ok);
  EXPECT_EQ(later.error, "certificate has expired");
  EXPECT_EQ(later.depth, 0);
  Verification early = verify_chain(store.get(), pki.leaf.get(), {pki.inter.get()}, test::k_2030 - 1);
  EXPECT_EQ(early.error, "certificate is not yet valid");
  EXPECT_TRUE(verify_chain(store.get(), pki.leaf.get(), {pki.inter.get()}, std::nullopt).ok);
}

TEST(FilesVerify, MissingIntermediateAndUnknownRoot) {
  test::Pki pki;
  auto store = pki.store();
  Verification v = verify_chain(store.get(), pki.leaf.get(), {}, test::k_now);
  EXPECT_EQ(v.error, "unable to get local issuer certificate");
  EXPECT_EQ(v.depth, 0);
  EXPECT_FALSE(chain_complete(store.get(), pki.leaf.get(), {}));
  X509StorePtr empty(X509_STORE_new());
  EXPECT_EQ(verify_chain(empty.get(), pki.leaf.get(), {pki.inter.get()}, test::k_now).error,
            "unable to get local issuer certificate");
  EXPECT_FALSE(chain_complete(empty.get(), pki.leaf.get(), {pki.inter.get()}));
  // A file that carries the root itself is complete without the store.
  EXPECT_TRUE(chain_complete(empty.get(), pki.leaf.get(), {pki.inter.get(), pki.root.get()}));
}

TEST(FilesVerify, OrderIsCheckedByNameAndSignature) {
  test::Pki pki;
  EXPECT_FALSE(chain_in_order(pki.inter.get(), {pki.leaf.get()}));
  EXPECT_FALSE(chain_in_order(pki.leaf.get(), {pki.root.get(), pki.inter.get()}));
  // Same issuer name, another key: the signature does not verify.
  auto impostor_key = test::make_key("P-256");
  CertSpec i{"Test Intermediate", {}, test::k_2020, test::k_2045, true, EVP_sha256(), 9};
  auto impostor = test::make_cert(i, impostor_key.get(), pki.root.get(), pki.root_key.get());
  EXPECT_FALSE(chain_in_order(pki.leaf.get(), {impostor.get()}));
  EXPECT_TRUE(chain_in_order(pki.leaf.get(), {}));
}

TEST(FilesVerify, PurposeIsSslServer) {
  test::Pki pki;
  auto store = pki.store();
  // A CA certificate is no server certificate: verified as the leaf it fails the purpose.
  Verification v = verify_chain(store.get(), pki.inter.get(), {}, test::k_now);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.error, "unsuitable certificate purpose");
}

// check_chain skips signatures OpenSSL's verification already checked; it must answer as the
// four checks made one by one do, over stores, chain orders and times that make each differ.
TEST(FilesVerify, CheckChainAgreesWithEachCheck) {
  test::Pki pki;
  auto impostor_key = test::make_key("P-256");
  CertSpec i{"Test Intermediate", {}, test::k_2020, test::k_2045, true, EVP_sha256(), 9};
  auto impostor = test::make_cert(i, impostor_key.get(), pki.root.get(), pki.root_key.get());
  X509StorePtr stores[] = {pki.store(), X509StorePtr(X509_STORE_new())};
  std::vector<std::vector<X509*>> chains = {{pki.inter.get()},
                                            {},
                                            {pki.inter.get(), pki.root.get()},
                                            {pki.root.get(), pki.inter.get()},
                                            {impostor.get()}};
  std::optional<std::int64_t> times[] = {test::k_now, test::k_2031 + 1, std::nullopt};
  int trusted = 0;
  int complete = 0;
  for (const auto& store : stores) {
    for (const auto& issuers : chains) {
      for (auto at : times) {
        SCOPED_TRACE(testing::Message() << "issuers " << issuers.size() << ", store " << (&store - stores)
                                        << ", time " << at.value_or(-1));
        ChainChecks c = check_chain(store.get(), pki.leaf.get(), issuers, at);
        Verification trust = verify_chain(store.get(), pki.leaf.get(), issuers, std::nullopt);
        Verification now = verify_chain(store.get(), pki.leaf.get(), issuers, at);
        EXPECT_EQ(c.trust.ok, trust.ok);
        EXPECT_EQ(c.trust.error, trust.error);
        EXPECT_EQ(c.trust.depth, trust.depth);
        EXPECT_EQ(c.now.ok, now.ok);
        EXPECT_EQ(c.now.error, now.error);
        EXPECT_EQ(c.now.depth, now.depth);
        EXPECT_EQ(c.in_order, chain_in_order(pki.leaf.get(), issuers));
        EXPECT_EQ(c.complete, chain_complete(store.get(), pki.leaf.get(), issuers));
        trusted += c.trust.ok ? 1 : 0;
        complete += c.complete ? 1 : 0;
      }
    }
  }
  // Both answers occur, so the shortcuts were taken and the fallbacks too.
  EXPECT_GT(trusted, 0);
  EXPECT_LT(trusted, 30);
  EXPECT_GT(complete, 0);
  EXPECT_LT(complete, 30);
}

TEST(FilesVerify, AVerifiedPathStartsWithTheLeaf) {
  test::Pki pki;
  auto store = pki.store();
  Verification v = verify_chain(store.get(), pki.leaf.get(), {pki.inter.get()}, test::k_now);
  ASSERT_EQ(v.path.size(), 3U);
  EXPECT_EQ(X509_cmp(v.path[0], pki.leaf.get()), 0);
  EXPECT_EQ(X509_cmp(v.path[1], pki.inter.get()), 0);
  EXPECT_EQ(X509_cmp(v.path[2], pki.root.get()), 0);
  EXPECT_TRUE(verify_chain(store.get(), pki.leaf.get(), {}, test::k_now).path.empty());
}

TEST(FilesVerify, TrustStoreFromPem) {
  test::Pki pki;
  auto store = trust_store_from_pem(test::pem(pki.root.get()) + test::pem(pki.inter.get()), "ca.pem");
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE(verify_chain(store->get(), pki.leaf.get(), {pki.inter.get()}, test::k_now).ok);
  auto none = trust_store_from_pem("no certificates here\n", "ca.pem");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.errors().front().file, "ca.pem");
  EXPECT_EQ(none.errors().front().message, "ca.pem holds no PEM data (no -----BEGIN line)");
  auto keys_only = trust_store_from_pem(test::pem(pki.leaf_key.get()), "keys.pem");
  ASSERT_FALSE(keys_only.ok());
  EXPECT_EQ(keys_only.errors().front().message, "no certificate in the CA file");
  EXPECT_TRUE(system_trust_store().ok());
}

}  // namespace
}  // namespace mtaudit::files
