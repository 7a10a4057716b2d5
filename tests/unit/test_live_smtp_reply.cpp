#include <gtest/gtest.h>

#include "collectors/live/smtp_reply.hpp"

namespace mtaudit::live {
namespace {

ReplyReader::Next read_all(const std::string& bytes) {
  ReplyReader r;
  r.feed(bytes);
  return r.next();
}

TEST(LiveSmtpReply, SingleLine) {
  auto n = read_all("220 mx.example.org ESMTP Postfix\r\n");
  ASSERT_EQ(n.status, ReplyReader::Status::complete);
  EXPECT_EQ(n.reply.code, 220);
  ASSERT_EQ(n.reply.lines.size(), 1u);
  EXPECT_EQ(n.reply.lines[0], "mx.example.org ESMTP Postfix");
  EXPECT_EQ(n.reply.text(), "220 mx.example.org ESMTP Postfix");
}

TEST(LiveSmtpReply, MultiLineFedByteByByte) {
  std::string s = "220-mx.example.org ESMTP\r\n220-please wait\r\n220 mx.example.org ESMTP Postfix\r\n";
  ReplyReader r;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    r.feed(s.substr(i, 1));
    ASSERT_EQ(r.next().status, ReplyReader::Status::incomplete) << i;
  }
  r.feed(s.substr(s.size() - 1));
  auto n = r.next();
  ASSERT_EQ(n.status, ReplyReader::Status::complete);
  EXPECT_EQ(n.reply.lines.size(), 3u);
  EXPECT_EQ(n.reply.lines[1], "please wait");
  EXPECT_FALSE(r.has_buffered());
}

TEST(LiveSmtpReply, BareCodeAndLfOnly) {
  auto n = read_all("250\n");
  ASSERT_EQ(n.status, ReplyReader::Status::complete);
  EXPECT_EQ(n.reply.code, 250);
  EXPECT_EQ(n.reply.lines, std::vector<std::string>{""});
}

TEST(LiveSmtpReply, TwoRepliesInOneReadAreReturnedInTurn) {
  ReplyReader r;
  r.feed("250 ok\r\n220 go ahead\r\n");
  EXPECT_EQ(r.next().reply.code, 250);
  EXPECT_TRUE(r.has_buffered());
  EXPECT_EQ(r.next().reply.code, 220);
  EXPECT_FALSE(r.has_buffered());
}

TEST(LiveSmtpReply, MixedCodesAreAnError) {
  auto n = read_all("250-first\r\n220 second\r\n");
  ASSERT_EQ(n.status, ReplyReader::Status::error);
  EXPECT_EQ(n.error, "mixed reply codes 250 and 220");
}

TEST(LiveSmtpReply, GarbageIsAnError) {
  for (const char* g : {"HTTP/1.1 400 Bad Request\r\n", "\x16\x03\x01\x02hello\n", "2x0 no\r\n", "250_x\r\n",
                        "650 no such class\r\n", "25\r\n"}) {
    auto n = read_all(g);
    EXPECT_EQ(n.status, ReplyReader::Status::error) << g;
  }
}

TEST(LiveSmtpReply, EndlessMultilineIsCutAtTheLineLimit) {
  ReplyReader r;
  ReplyReader::Next n;
  for (int i = 0; i < 1000 && n.status == ReplyReader::Status::incomplete; ++i) {
    r.feed("250-more\r\n");
    n = r.next();
  }
  ASSERT_EQ(n.status, ReplyReader::Status::error);
  EXPECT_EQ(n.error, "reply longer than 100 lines");
}

TEST(LiveSmtpReply, HugeLineIsAnErrorWithoutBufferingItAll) {
  ReplyReader r;
  r.feed("220 " + std::string(1 << 20, 'x'));
  auto n = r.next();
  ASSERT_EQ(n.status, ReplyReader::Status::error);
  EXPECT_EQ(n.error, "reply line longer than 2048 bytes");
  r.feed("220 ok\r\n");  // the reader stays in error
  EXPECT_EQ(r.next().status, ReplyReader::Status::error);
}

TEST(LiveSmtpReply, LongestAllowedLinePasses) {
  std::string line = "250 " + std::string(k_max_line - 6, 'a') + "\r\n";
  ASSERT_EQ(line.size(), k_max_line);
  EXPECT_EQ(read_all(line).status, ReplyReader::Status::complete);
  EXPECT_EQ(read_all("250 " + std::string(k_max_line - 5, 'a') + "\r\n").status, ReplyReader::Status::error);
}

TEST(LiveSmtpReply, EhloCapabilities) {
  auto n = read_all(
      "250-mx.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-auth PLAIN login\r\n"
      "250-AUTH=LOGIN CRAM-MD5\r\n250-STARTTLS\r\n250 8BITMIME\r\n");
  ASSERT_EQ(n.status, ReplyReader::Status::complete);
  EhloCapabilities caps = parse_ehlo(n.reply);
  EXPECT_EQ(capability_names(caps), (std::vector<std::string>{"8BITMIME", "AUTH", "PIPELINING", "SIZE", "STARTTLS"}));
  EXPECT_EQ(caps.at("SIZE"), std::vector<std::string>{"10240000"});
  EXPECT_EQ(auth_mechanisms(caps), (std::vector<std::string>{"CRAM-MD5", "LOGIN", "PLAIN"}));
  EXPECT_EQ(caps.count("MX.EXAMPLE.ORG"), 0u);  // the first line is the server's name
}

TEST(LiveSmtpReply, EhloWithoutAuthHasNoMechanisms) {
  auto n = read_all("250-mx\r\n250 STARTTLS\r\n");
  EXPECT_TRUE(auth_mechanisms(parse_ehlo(n.reply)).empty());
}

TEST(LiveSmtpReply, GarbageWithoutALineEndIsAnErrorAtOnce) {
  // A peer that sends bytes with no newline would otherwise be waited for until the timeout.
  auto garbage = read_all(std::string("\x17\x03\x03\x00\x20" "binary", 11));
  EXPECT_EQ(garbage.status, ReplyReader::Status::error);
  EXPECT_NE(garbage.error.find("not an SMTP reply line"), std::string::npos);
  EXPECT_EQ(read_all("22").status, ReplyReader::Status::incomplete);  // may still become "220 ..."
  EXPECT_EQ(read_all("220-mx").status, ReplyReader::Status::incomplete);
  EXPECT_EQ(read_all("2x").status, ReplyReader::Status::error);
  EXPECT_EQ(read_all("220x").status, ReplyReader::Status::error);
}

}  // namespace
}  // namespace mtaudit::live
