#include "core/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace mtaudit {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "mtaudit-atomic-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    m_dir = tmpl;
  }
  void TearDown() override { fs::remove_all(m_dir); }

  std::string read(const fs::path& p) const {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(m_dir)) {
      out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path m_dir;
};

TEST_F(AtomicFileTest, WritesNewFile) {
  fs::path target = m_dir / "report.sarif";
  Expected<std::size_t> n = write_file_atomic(target.string(), std::string_view("{\"a\":1}\n"));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 8u);
  EXPECT_EQ(read(target), "{\"a\":1}\n");
  EXPECT_EQ(entries(), std::vector<std::string>{"report.sarif"});
}

TEST_F(AtomicFileTest, ReplacesExistingFileAndKeepsItsMode) {
  fs::path target = m_dir / "report.xml";
  std::ofstream(target) << "old contents that are longer";
  ASSERT_EQ(::chmod(target.c_str(), 0640), 0);
  ASSERT_TRUE(write_file_atomic(target.string(), std::string_view("new")).ok());
  EXPECT_EQ(read(target), "new");
  struct stat st {};
  ASSERT_EQ(::stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(entries(), std::vector<std::string>{"report.xml"});
}

TEST_F(AtomicFileTest, FailingProducerLeavesOldFileAndNoTemp) {
  fs::path target = m_dir / "report.json";
  std::ofstream(target) << "previous";
  Expected<std::size_t> n = write_file_atomic(target.string(), [](std::FILE* f) {
    std::fputs("half a rep", f);  // partial output, then the producer fails
    return std::optional<Diag>(Diag{"", 0, 0, "renderer failed", ""});
  });
  ASSERT_FALSE(n.ok());
  ASSERT_EQ(n.errors().size(), 1u);
  EXPECT_EQ(n.errors()[0].file, target.string());
  EXPECT_EQ(n.errors()[0].message, "renderer failed");
  EXPECT_EQ(read(target), "previous");
  EXPECT_EQ(entries(), std::vector<std::string>{"report.json"});
}

TEST_F(AtomicFileTest, FailingProducerCreatesNoFile) {
  fs::path target = m_dir / "new.json";
  Expected<std::size_t> n = write_file_atomic(target.string(), [](std::FILE*) {
    return std::optional<Diag>(Diag{"", 0, 0, "boom", ""});
  });
  ASSERT_FALSE(n.ok());
  EXPECT_TRUE(entries().empty());
}

TEST_F(AtomicFileTest, RenameOntoDirectoryFailsAndRemovesTemp) {
  fs::path target = m_dir / "out";
  fs::create_directory(target);
  fs::path inside = target / "keep";
  std::ofstream(inside) << "x";
  Expected<std::size_t> n = write_file_atomic(target.string(), std::string_view("data"));
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.errors()[0].file, target.string());
  EXPECT_EQ(n.errors()[0].message, "cannot replace report: Is a directory");
  EXPECT_EQ(entries(), std::vector<std::string>{"out"});
  EXPECT_EQ(read(inside), "x");
}

TEST_F(AtomicFileTest, MissingDirectoryIsADiag) {
  fs::path target = m_dir / "no-such-dir" / "report.xml";
  Expected<std::size_t> n = write_file_atomic(target.string(), std::string_view("data"));
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.errors()[0].file, target.string());
  EXPECT_EQ(n.errors()[0].message, "cannot create temporary file: No such file or directory");
}

TEST_F(AtomicFileTest, TrailingSlashIsRejected) {
  std::string target = (m_dir / "dir").string() + "/";
  Expected<std::size_t> n = write_file_atomic(target, std::string_view("data"));
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.errors()[0].message, "cannot write report: path names a directory");
}

TEST_F(AtomicFileTest, DashWritesToStdout) {
  ::testing::internal::CaptureStdout();
  Expected<std::size_t> n = write_file_atomic("-", std::string_view("to stdout\n"));
  std::string captured = ::testing::internal::GetCapturedStdout();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 10u);
  EXPECT_EQ(captured, "to stdout\n");
  EXPECT_TRUE(entries().empty());
}

TEST_F(AtomicFileTest, TempFileIsAHiddenSiblingUntilRenamed) {
  fs::path target = m_dir / "report.json";
  std::vector<std::string> during;
  Expected<std::size_t> n = write_file_atomic(target.string(), [&](std::FILE* f) {
    during = entries();
    std::fputs("{}", f);
    return std::optional<Diag>();
  });
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(during.size(), 1u);
  EXPECT_EQ(during[0].rfind(".report.json.tmp-", 0), 0u) << during[0];
  EXPECT_EQ(during[0].size(), std::string(".report.json.tmp-").size() + 8);
  EXPECT_EQ(entries(), std::vector<std::string>{"report.json"});
  EXPECT_EQ(read(target), "{}");
}

}  // namespace
}  // namespace mtaudit

TEST(AtomicFile, DevicesAreWrittenInPlace) {
  auto written = mtaudit::write_file_atomic("/dev/null", std::string_view("report\n"));
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(*written, 7u);
}
