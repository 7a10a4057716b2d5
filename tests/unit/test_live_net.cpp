#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "collectors/live/net.hpp"
#include "collectors/live/smtp_session.hpp"
#include "collectors/live/tls_client.hpp"

namespace mtaudit::live {
namespace {

// A socket that listens but never speaks: the kernel completes the connection, nobody greets.
struct SilentListener {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int port = 0;
  SilentListener() {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd, 4);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ~SilentListener() { ::close(fd); }
};

TEST(LiveNet, EndpointLabel) {
  EXPECT_EQ(endpoint_label("127.0.0.1", 25), "127.0.0.1:25");
  EXPECT_EQ(endpoint_label("::1", 465), "[::1]:465");
  EXPECT_EQ(seconds_text(std::chrono::milliseconds(20000)), "20 s");
  EXPECT_EQ(seconds_text(std::chrono::milliseconds(250)), "250 ms");
}

TEST(LiveNet, RefusedConnectionNamesHostAndPort) {
  int port = 0;
  {
    SilentListener l;  // a port that was free a moment ago
    port = l.port;
  }
  auto fd = connect_tcp("127.0.0.1", port, Clock::now() + std::chrono::seconds(2));
  ASSERT_FALSE(fd.ok());
  EXPECT_EQ(fd.error().kind, ErrorKind::refused);
  EXPECT_EQ(fd.error().message, "127.0.0.1:" + std::to_string(port) + ": connection refused");
}

TEST(LiveNet, UnresolvableNameIsAResolveError) {
  auto fd = connect_tcp("no-such-host.invalid", 25, Clock::now() + std::chrono::seconds(2));
  ASSERT_FALSE(fd.ok());
  EXPECT_EQ(fd.error().kind, ErrorKind::resolve);
}

TEST(LiveNet, SilentServerTimesOutWaitingForTheGreeting) {
  SilentListener l;
  auto fd = connect_tcp("127.0.0.1", l.port, Clock::now() + std::chrono::seconds(2));
  ASSERT_TRUE(fd.ok()) << fd.error().message;
  PlainChannel ch(fd->get(), endpoint_label("127.0.0.1", l.port));
  SmtpOptions opts;
  opts.greeting_timeout = std::chrono::milliseconds(300);
  auto start = Clock::now();
  auto pre = starttls_dialogue(ch, opts);
  auto waited = Clock::now() - start;
  ASSERT_FALSE(pre.ok());
  EXPECT_EQ(pre.error().kind, ErrorKind::timeout);
  EXPECT_EQ(pre.error().message, "127.0.0.1:" + std::to_string(l.port) + ": no greeting within 300 ms");
  EXPECT_GE(waited, std::chrono::milliseconds(290));
  EXPECT_LT(waited, std::chrono::milliseconds(2000));
}

TEST(LiveNet, HandshakeWithASilentPeerTimesOut) {
  SilentListener l;
  auto fd = connect_tcp("127.0.0.1", l.port, Clock::now() + std::chrono::seconds(2));
  ASSERT_TRUE(fd.ok());
  auto start = Clock::now();
  auto conn = tls_handshake(std::move(fd.value()), TlsClientConfig{}, Clock::now() + std::chrono::milliseconds(300),
                            "127.0.0.1:1");
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().kind, ErrorKind::timeout);
  EXPECT_EQ(conn.error().message, "127.0.0.1:1: TLS handshake did not complete before the deadline");
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
}

TEST(LiveNet, ACipherStringOpenSslRejectsIsALocalError) {
  SilentListener l;
  auto fd = connect_tcp("127.0.0.1", l.port, Clock::now() + std::chrono::seconds(2));
  ASSERT_TRUE(fd.ok());
  TlsClientConfig cfg;
  cfg.cipher_list = "NO-SUCH-CIPHER";
  auto conn = tls_handshake(std::move(fd.value()), cfg, Clock::now() + std::chrono::seconds(1), "h:25");
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().kind, ErrorKind::local);
  EXPECT_EQ(conn.error().message.rfind("h:25: cipher list \"NO-SUCH-CIPHER\"", 0), 0u) << conn.error().message;
}

TEST(LiveNet, ReplyErrorKinds) {
  EXPECT_EQ(reply_error(SmtpReply{421, {"4.7.0 Error: too many connections"}}, "h:25", "greeting").kind,
            ErrorKind::rate_limited);
  EXPECT_EQ(reply_error(SmtpReply{421, {"4.3.2 Service shutting down"}}, "h:25", "greeting").kind,
            ErrorKind::unavailable);
  LiveError e = reply_error(SmtpReply{454, {"4.7.0 TLS not available due to local problem"}}, "h:25", "STARTTLS");
  EXPECT_EQ(e.kind, ErrorKind::unavailable);
  EXPECT_EQ(e.message, "h:25: STARTTLS: 454 4.7.0 TLS not available due to local problem");
  EXPECT_EQ(reply_error(SmtpReply{554, {"5.7.1 no"}}, "h:25", "greeting").kind, ErrorKind::refused);
}

}  // namespace
}  // namespace mtaudit::live
