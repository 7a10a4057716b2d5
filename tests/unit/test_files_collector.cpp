// The files collector's I/O wrapper (collectors/files.cpp) and its wiring into a run
// (cli/run_facts.cpp): paths under --root, symbolic links kept inside the root, file
// problems as values, --ca-file problems as run errors, and the instant of the run.
#include "collectors/files.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli/run_facts.hpp"
#include "test_files_support.hpp"

namespace mtaudit::files {
namespace {

namespace fs = std::filesystem;

class FilesCollector : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "mtaudit-files-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    m_root = tmpl;
    fs::create_directories(m_root + "/etc/postfix/tls");
    fs::create_directories(m_root + "/var/spool/postfix");
  }
  void TearDown() override { fs::remove_all(m_root); }
  void write(const std::string& path, const std::string& bytes, fs::perms mode = fs::perms::owner_read | fs::perms::owner_write) {
    std::ofstream(m_root + path, std::ios::binary) << bytes;
    fs::permissions(m_root + path, mode);
  }
  std::string m_root;
};

TEST_F(FilesCollector, ReadsUnderTheRoot) {
  write("/etc/postfix/tls/a.pem", "hello");
  FileContent f = read_named_file("/etc/postfix/tls/a.pem", m_root + "/");
  EXPECT_EQ(f.host_path, m_root + "/etc/postfix/tls/a.pem");
  EXPECT_TRUE(f.readable);
  EXPECT_EQ(f.bytes.view(), "hello");
  ASSERT_TRUE(f.stat);
  EXPECT_EQ(f.stat->size, 5);
  EXPECT_EQ(f.stat->mode, 0600u);
  EXPECT_EQ(f.stat->uid, static_cast<unsigned>(::geteuid()));
  EXPECT_EQ(f.read_error, "");
}

TEST_F(FilesCollector, RelativePathsAreInTheQueueDirectory) {
  write("/var/spool/postfix/rel.pem", "x");
  FileContent f = read_named_file("rel.pem", m_root);
  EXPECT_EQ(f.host_path, m_root + "/var/spool/postfix/rel.pem");
  EXPECT_TRUE(f.readable);
}

TEST_F(FilesCollector, SymbolicLinksStayInsideTheRoot) {
  write("/etc/postfix/tls/real.pem", "real");
  fs::create_directories(m_root + "/etc/letsencrypt/live/mail");
  fs::create_symlink("/etc/postfix/tls/real.pem", m_root + "/etc/letsencrypt/live/mail/abs.pem");
  fs::create_symlink("../../../postfix/tls/real.pem", m_root + "/etc/letsencrypt/live/mail/rel.pem");
  fs::create_symlink("/etc/letsencrypt/live", m_root + "/etc/live");
  for (const char* p : {"/etc/letsencrypt/live/mail/abs.pem", "/etc/letsencrypt/live/mail/rel.pem",
                        "/etc/live/mail/abs.pem", "/etc/postfix/../postfix/./tls/real.pem"}) {
    FileContent f = read_named_file(p, m_root);
    EXPECT_EQ(f.host_path, m_root + "/etc/postfix/tls/real.pem") << p;
    EXPECT_EQ(f.bytes.view(), "real") << p;
  }
  fs::create_symlink("/../../../../etc/postfix/tls/real.pem", m_root + "/etc/up.pem");
  EXPECT_EQ(read_named_file("/etc/up.pem", m_root).host_path, m_root + "/etc/postfix/tls/real.pem");
  fs::create_symlink("/etc/loop.pem", m_root + "/etc/loop.pem");
  FileContent loop = read_named_file("/etc/loop.pem", m_root);
  EXPECT_FALSE(loop.readable);
  EXPECT_EQ(loop.read_error.rfind("cannot read /etc/loop.pem (" + m_root + "/etc/loop.pem): ", 0), 0u);
}

TEST_F(FilesCollector, ProblemsAreValues) {
  FileContent gone = read_named_file("/etc/postfix/tls/gone.pem", m_root);
  EXPECT_FALSE(gone.readable);
  EXPECT_FALSE(gone.stat);
  EXPECT_FALSE(gone.permission_denied);
  EXPECT_EQ(gone.read_error,
            "cannot read /etc/postfix/tls/gone.pem (" + m_root + "/etc/postfix/tls/gone.pem): No such file or directory");
  EXPECT_EQ(gone.stat_error, gone.read_error);
  FileContent dir = read_named_file("/etc/postfix", m_root);
  EXPECT_TRUE(dir.stat);
  EXPECT_EQ(dir.read_error, "cannot read /etc/postfix (" + m_root + "/etc/postfix): not a regular file");
  write("/etc/postfix/tls/big.pem", std::string((1 << 20) + 1, 'x'));
  EXPECT_EQ(read_named_file("/etc/postfix/tls/big.pem", m_root).read_error,
            "cannot read /etc/postfix/tls/big.pem (" + m_root +
                "/etc/postfix/tls/big.pem): larger than 1 MiB, not a certificate or key file");
}

TEST_F(FilesCollector, PermissionDeniedIsRecognised) {
  if (::geteuid() == 0) {
    GTEST_SKIP() << "root reads every file; the integration test covers this as nobody";
  }
  write("/etc/postfix/tls/k.pem", "key", fs::perms::none);
  FileContent f = read_named_file("/etc/postfix/tls/k.pem", m_root);
  EXPECT_TRUE(f.permission_denied);
  EXPECT_TRUE(f.stat);
  EXPECT_EQ(f.read_error, "cannot read /etc/postfix/tls/k.pem (" + m_root +
                              "/etc/postfix/tls/k.pem): Permission denied (run mtaudit as root to read private keys)");
}

facts::Fact postfix_naming(const std::string& chain_file) {
  facts::Fact ref;
  ref["algorithm"] = "chain";
  ref["cert_file"] = chain_file;
  ref["key_file"] = chain_file;
  ref["param"] = "smtpd_tls_chain_files";
  facts::Fact service;
  service["id"] = "smtp/inet";
  service["family"] = "smtpd";
  service["params"]["myhostname"] = "mail.example.org";
  service["tls"]["level"] = "may";
  service["tls"]["certificates"] = facts::FactList{ref};
  facts::Fact postfix;
  postfix["services"] = facts::FactList{service};
  return postfix;
}

TEST_F(FilesCollector, CollectsWithTheGivenTrustStore) {
  test::Pki pki;
  write("/etc/postfix/tls/c.pem", pki.chain_file());
  write("/ca.pem", test::pem(pki.root.get()), fs::perms::owner_read);
  auto f = collect_files_facts(postfix_naming("/etc/postfix/tls/c.pem"), {m_root, test::k_now, m_root + "/ca.pem"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->find("trust_store")->as_string(), m_root + "/ca.pem");
  const facts::Fact& c = f->find("certificates")->as_list().at(0);
  EXPECT_TRUE(c.find("trusted")->as_bool());
  EXPECT_EQ(c.find("host_path")->as_string(), m_root + "/etc/postfix/tls/c.pem");
  auto system = collect_files_facts(postfix_naming("/etc/postfix/tls/c.pem"), {m_root, test::k_now, ""});
  ASSERT_TRUE(system.ok());
  EXPECT_EQ(system->find("trust_store")->as_string(), "system");
  EXPECT_EQ(system->find("certificates")->as_list().at(0).find("trust_error")->as_string(),
            "unable to get local issuer certificate");
}

TEST_F(FilesCollector, AnUnusableCaFileStopsTheRun) {
  auto missing = collect_files_facts(postfix_naming("/x.pem"), {m_root, test::k_now, m_root + "/nope.pem"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.errors().front().file, m_root + "/nope.pem");
  EXPECT_EQ(missing.errors().front().message, "cannot read " + m_root + "/nope.pem: No such file or directory");
  write("/empty.pem", "");
  auto empty = collect_files_facts(postfix_naming("/x.pem"), {m_root, test::k_now, m_root + "/empty.pem"});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.errors().front().message, m_root + "/empty.pem is empty (0 bytes)");
}

TEST(FilesRunFacts, TheInstantOfARun) {
  const char* saved = std::getenv("SOURCE_DATE_EPOCH");
  std::string keep = saved == nullptr ? "" : saved;
  cli::CollectOptions pinned;
  pinned.now = 2208988800;
  ::setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
  EXPECT_EQ(cli::effective_now(pinned), 2208988800);
  EXPECT_EQ(cli::effective_now({}), 1767225600);
  ::setenv("SOURCE_DATE_EPOCH", "soon", 1);
  std::int64_t before = std::time(nullptr);
  EXPECT_GE(cli::effective_now({}), before);
  ::unsetenv("SOURCE_DATE_EPOCH");
  EXPECT_LE(cli::effective_now({}) - before, 5);
  if (saved != nullptr) {
    ::setenv("SOURCE_DATE_EPOCH", keep.c_str(), 1);
  }
}

}  // namespace
}  // namespace mtaudit::files
