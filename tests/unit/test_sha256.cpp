#include "core/sha256.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace mtaudit {
namespace {

TEST(Sha256, EmptyInput) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, KnownVectorAbc) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, BinaryBytesIncludingNul) {
  EXPECT_EQ(sha256_hex(std::string("a\0b", 3)),
            "59b271ae1bbcb1d31d41929817f4b16fb439eb4f31520b5ad1d5ce98920a7138");
}

TEST(Sha256, FileMatchesInMemoryDigestAcrossChunks) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "mtaudit-sha-XXXXXX").string();
  int fd = ::mkstemp(tmpl.data());
  ASSERT_GE(fd, 0);
  ::close(fd);
  std::string content(200000, 'x');  // larger than one 64 KiB read
  content += "end";
  std::ofstream(tmpl, std::ios::binary) << content;
  Expected<std::string> digest = sha256_file_hex(tmpl);
  std::filesystem::remove(tmpl);
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(*digest, sha256_hex(content));
}

TEST(Sha256, MissingFileIsADiag) {
  Expected<std::string> digest = sha256_file_hex("/nonexistent/mtaudit/file.pem");
  ASSERT_FALSE(digest.ok());
  ASSERT_EQ(digest.errors().size(), 1u);
  EXPECT_EQ(digest.errors()[0].file, "/nonexistent/mtaudit/file.pem");
  EXPECT_EQ(digest.errors()[0].message, "cannot open file: No such file or directory");
}

}  // namespace
}  // namespace mtaudit
