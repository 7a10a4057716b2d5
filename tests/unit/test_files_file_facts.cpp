#include "collectors/files/file_facts.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "collectors/files/timestamp.hpp"
#include "facts/fact_json.hpp"
#include "test_files_support.hpp"

namespace mtaudit::files {
namespace {

using facts::Fact;
using test::file;
using test::file_set;
using test::pem;

ChainRef chain_ref(std::vector<std::string> files, const std::string& service, const std::string& host) {
  ChainRef r;
  r.files = std::move(files);
  r.algorithm = "chain";
  r.param = "smtpd_tls_chain_files";
  r.service = service;
  r.host_name = host;
  r.origins = {facts::Origin{facts::Origin::Kind::file, "/etc/postfix/main.cf", 12, ""}};
  return r;
}

const Fact& at(const Fact& f, const std::string& path) {
  const Fact* cur = &f;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t dot = path.find('.', start);
    std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    cur = part.find_first_not_of("0123456789") == std::string::npos ? &cur->as_list().at(std::stoul(part))
                                                                     : cur->find(part);
    EXPECT_NE(cur, nullptr) << path;
    if (cur == nullptr || dot == std::string::npos) {
      break;
    }
    start = dot + 1;
  }
  static const Fact k_none;
  return cur == nullptr ? k_none : *cur;
}

std::string text(const Fact& f, const std::string& path) { return at(f, path).as_string(); }
std::int64_t number(const Fact& f, const std::string& path) { return at(f, path).as_int(); }
bool flag(const Fact& f, const std::string& path) { return at(f, path).as_bool(); }
std::string gap(const Fact& f, const std::string& path) {
  const auto& g = at(f, path).gap();
  return g ? g->reason : "no gap";
}

struct Fixture {
  test::Pki pki;
  X509StorePtr store = pki.store();
  AnalysisContext ctx{test::k_now, store.get(), "system"};
};

TEST(FilesFileFacts, AGoodChainSharedByTwoServices) {
  Fixture fx;
  FilePlan plan;
  plan.services = {"smtp/inet", "submission/inet"};
  plan.chains = {chain_ref({"/etc/postfix/c.pem"}, "smtp/inet", "mail.example.org"),
                 chain_ref({"/etc/postfix/c.pem"}, "submission/inet", "mx.example.org")};
  FileSet files = file_set(file("/etc/postfix/c.pem", fx.pki.chain_file()));
  Fact f = build_files_facts(plan, files, fx.ctx);
  EXPECT_EQ(number(f, "now"), test::k_now);
  EXPECT_EQ(text(f, "now_iso"), "2030-06-01T00:00:00Z");
  EXPECT_EQ(text(f, "trust_store"), "system");
  ASSERT_EQ(at(f, "certificates").as_list().size(), 1u);
  const Fact& c = at(f, "certificates.0");
  EXPECT_EQ(text(c, "id"), "/etc/postfix/c.pem");
  EXPECT_EQ(at(c, "path").origins().at(0).to_string(), "/etc/postfix/main.cf:12");
  EXPECT_EQ(c.origins().at(0).to_string(), "/root/etc/postfix/c.pem");
  EXPECT_EQ(text(c, "host_path"), "/root/etc/postfix/c.pem");
  EXPECT_EQ(number(c, "position"), 0);
  EXPECT_EQ(text(c, "key_path"), "/etc/postfix/c.pem");
  EXPECT_EQ(text(c, "services.1"), "submission/inet");
  EXPECT_EQ(text(c, "params.0"), "smtpd_tls_chain_files");
  EXPECT_EQ(text(c, "error"), "");
  EXPECT_EQ(text(c, "subject"), "CN=mail.example.org");
  EXPECT_EQ(text(c, "not_after"), "2031-01-01T00:00:00Z");
  EXPECT_EQ(number(c, "days_left"), 214);
  EXPECT_FALSE(flag(c, "expired"));
  EXPECT_FALSE(flag(c, "not_yet_valid"));
  EXPECT_EQ(text(c, "key_type"), "ec");
  EXPECT_EQ(text(c, "key_curve"), "P-256");
  EXPECT_EQ(number(c, "chain_length"), 2);
  EXPECT_EQ(text(c, "chain.1.subject"), "CN=Test Intermediate");
  EXPECT_EQ(text(c, "chain.1.signature_hash"), "sha256");
  EXPECT_TRUE(flag(c, "chain_order_ok"));
  EXPECT_TRUE(flag(c, "chain_complete"));
  EXPECT_TRUE(flag(c, "trusted"));
  EXPECT_TRUE(flag(c, "verify_ok"));
  EXPECT_EQ(number(c, "verify_error_depth"), -1);
  EXPECT_EQ(text(c, "hostnames.1.name"), "mx.example.org");
  EXPECT_FALSE(flag(c, "hostnames.1.covered"));
  EXPECT_EQ(text(c, "hostnames_not_covered.0"), "mx.example.org");
  EXPECT_EQ(text(c, "key.error"), "");
  EXPECT_TRUE(flag(c, "key.matches"));
  EXPECT_EQ(text(c, "key.spki_sha256"), text(c, "spki_sha256"));
  EXPECT_EQ(text(c, "key.mode"), "0600");
  EXPECT_TRUE(flag(c, "key.owner_root"));
  EXPECT_FALSE(flag(c, "key.group_readable"));
  EXPECT_EQ(text(f, "services.0.id"), "smtp/inet");
  EXPECT_EQ(text(f, "services.0.certificates.0"), "/etc/postfix/c.pem");
  EXPECT_EQ(text(f, "services.1.key_types.0"), "ec");
  EXPECT_EQ(gap(f, "services.0.expiry_skew_days"), "the service has no RSA and ECDSA certificate pair");
  EXPECT_EQ(text(f, "inventory.0.sha256").size(), 64u);
  EXPECT_EQ(text(f, "inventory.0.mtime_iso"), "2030-01-01T00:00:00Z");
}

TEST(FilesFileFacts, UnreadableLeafLeavesGapsNamingTheFile) {
  Fixture fx;
  FilePlan plan;
  plan.chains = {chain_ref({"/etc/postfix/gone.pem"}, "smtp/inet", "mail.example.org")};
  FileSet files = file_set(test::missing("/etc/postfix/gone.pem"));
  Fact c = at(build_files_facts(plan, files, fx.ctx), "certificates.0");
  std::string why = "cannot read /etc/postfix/gone.pem: No such file or directory";
  EXPECT_EQ(text(c, "error"), why);
  EXPECT_EQ(gap(c, "subject"), why);
  EXPECT_EQ(gap(c, "days_left"), why);
  EXPECT_EQ(gap(c, "chain"), why);
  EXPECT_EQ(gap(c, "trust_error"), why);
  EXPECT_EQ(gap(c, "file_sha256"), why);
  EXPECT_EQ(gap(c, "key.mode"), why);
  EXPECT_FALSE(flag(c, "key.matches"));
}

TEST(FilesFileFacts, KeyTheCheckerMayNotRead) {
  Fixture fx;
  FilePlan plan;
  ChainRef legacy = chain_ref({"/c.crt", "/c.key"}, "smtp/inet", "mail.example.org");
  legacy.mode = ChainRef::Mode::cert_and_key;
  legacy.algorithm = "ecdsa";
  plan.chains = {legacy};
  FileSet files = file_set(file("/c.crt", pem(fx.pki.leaf.get()) + pem(fx.pki.inter.get())), test::denied("/c.key"));
  Fact c = at(build_files_facts(plan, files, fx.ctx), "certificates.0");
  EXPECT_EQ(text(c, "error"), "");
  EXPECT_EQ(text(c, "algorithm"), "ecdsa");
  EXPECT_EQ(gap(c, "key.error"), "cannot read /c.key: Permission denied");
  EXPECT_EQ(gap(c, "key.matches"), "cannot read /c.key: Permission denied");
  EXPECT_EQ(text(c, "key.mode"), "0600");  // stat still works
  EXPECT_TRUE(flag(c, "key.owner_root"));
}

TEST(FilesFileFacts, DualCertificatesExpirySkew) {
  Fixture fx;
  auto rsa_key = test::make_key("rsa1024");
  test::CertSpec late;
  late.not_after = test::k_2031 + 30 * k_seconds_per_day + 3600;
  auto rsa = test::make_cert(late, rsa_key.get(), fx.pki.inter.get(), fx.pki.inter_key.get());
  FilePlan plan;
  plan.services = {"smtp/inet"};
  plan.chains = {chain_ref({"/ec.pem", "/rsa.pem"}, "smtp/inet", "mail.example.org")};
  FileSet files = file_set(file("/ec.pem", fx.pki.chain_file()),
                           file("/rsa.pem", pem(rsa_key.get()) + pem(rsa.get()) + pem(fx.pki.inter.get())));
  Fact f = build_files_facts(plan, files, fx.ctx);
  EXPECT_EQ(at(f, "certificates").as_list().size(), 2u);
  EXPECT_EQ(text(f, "services.0.key_types.0"), "ec");
  EXPECT_EQ(text(f, "services.0.key_types.1"), "rsa");
  EXPECT_EQ(number(f, "services.0.expiry_skew_days"), 30);
}

TEST(FilesFileFacts, DhParameterFiles) {
  Fixture fx;
  FilePlan plan;
  plan.dh = {DhRef{"/dh.pem", "main.cf", {}}, DhRef{"/dh.pem", "smtp/inet", {}}, DhRef{"/gone.pem", "submission/inet", {}},
             DhRef{"/secret.pem", "main.cf", {}}};
  FileSet files = file_set(file("/dh.pem", "not parameters\n"), test::missing("/gone.pem"), test::denied("/secret.pem"));
  Fact f = build_files_facts(plan, files, fx.ctx);
  ASSERT_EQ(at(f, "dh_params").as_list().size(), 3u);
  EXPECT_EQ(text(f, "dh_params.0.path"), "/dh.pem");
  EXPECT_EQ(text(f, "dh_params.0.users.1"), "smtp/inet");
  EXPECT_EQ(text(f, "dh_params.0.error"), "/dh.pem holds no PEM data (no -----BEGIN line)");
  EXPECT_EQ(gap(f, "dh_params.0.bits"), "/dh.pem holds no PEM data (no -----BEGIN line)");
  EXPECT_EQ(text(f, "dh_params.1.error"), "cannot read /gone.pem: No such file or directory");
  EXPECT_EQ(gap(f, "dh_params.2.error"), "cannot read /secret.pem: Permission denied");
}

TEST(FilesFileFacts, NoKeyMaterialInTheFacts) {
  Fixture fx;
  FilePlan plan;
  plan.services = {"smtp/inet"};
  plan.chains = {chain_ref({"/c.pem"}, "smtp/inet", "mail.example.org")};
  FileSet files = file_set(file("/c.pem", fx.pki.chain_file()));
  std::string json = boost::json::serialize(facts::to_json(build_files_facts(plan, files, fx.ctx)));
  std::string key = pem(fx.pki.leaf_key.get());
  std::size_t body = key.find('\n') + 1;
  std::string first_line = key.substr(body, key.find('\n', body) - body);
  ASSERT_GT(first_line.size(), 40u);
  EXPECT_EQ(json.find(first_line.substr(0, 40)), std::string::npos);
  EXPECT_EQ(json.find("PRIVATE KEY"), std::string::npos);
  // Nor as hex, the encoding fingerprints use.
  unsigned char* raw = nullptr;
  int len = i2d_PrivateKey(fx.pki.leaf_key.get(), &raw);
  std::string hex;
  for (int i = 8; i < 24 && i < len; ++i) {
    static constexpr char k_digits[] = "0123456789abcdef";
    hex += k_digits[raw[i] >> 4];
    hex += k_digits[raw[i] & 0x0f];
  }
  OPENSSL_free(raw);
  EXPECT_EQ(hex.size(), 32u);
  EXPECT_EQ(json.find(hex), std::string::npos);
}

}  // namespace
}  // namespace mtaudit::files
