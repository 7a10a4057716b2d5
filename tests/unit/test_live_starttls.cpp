// The STARTTLS path against an in-process SMTP server that does real TLS (OpenSSL server side)
// after "220 ready": greeting delayed in two parts like postscreen's, EHLO before and after
// TLS, and the refusals a live audit meets (421 rate limit, no STARTTLS).
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "collectors/live.hpp"
#include "core/openssl_ptr.hpp"

namespace mtaudit::live {
namespace {

namespace fs = std::filesystem;

enum class Mode { normal, rate_limited, no_starttls };

class FakeSmtpServer {
 public:
  FakeSmtpServer(Mode mode, const fs::path& cert, const fs::path& key) : m_mode(mode) {
    m_ctx.reset(SSL_CTX_new(TLS_server_method()));
    SSL_CTX_use_certificate_chain_file(m_ctx.get(), cert.c_str());
    SSL_CTX_use_PrivateKey_file(m_ctx.get(), key.c_str(), SSL_FILETYPE_PEM);
    SSL_CTX_set_min_proto_version(m_ctx.get(), TLS1_2_VERSION);
    m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(m_listen, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(m_listen, 8);
    socklen_t len = sizeof a;
    ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&a), &len);
    m_port = ntohs(a.sin_port);
    m_thread = std::thread([this] { serve(); });
  }
  ~FakeSmtpServer() {
    m_stop = true;
    m_thread.join();
    ::close(m_listen);
  }
  int port() const { return m_port; }
  int pregreets() const { return m_pregreets; }
  int connections() const { return m_connections; }

 private:
  void serve() {
    // The client may close before reading our last reply: EPIPE, not a SIGPIPE that kills the test.
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    while (!m_stop) {
      pollfd p{m_listen, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) {
        continue;
      }
      int fd = ::accept(m_listen, nullptr, nullptr);
      if (fd >= 0) {
        ++m_connections;
        session(fd);
        ::close(fd);
      }
    }
  }

  static void send_text(int fd, const std::string& s) { (void)::send(fd, s.data(), s.size(), MSG_NOSIGNAL); }

  // One line from the plain socket (blocking, 5 s at most).
  static std::string read_line(int fd) {
    std::string line;
    char c = 0;
    while (line.size() < 1000) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 5000) <= 0 || ::recv(fd, &c, 1, 0) != 1) {
        return line;
      }
      if (c == '\n') {
        return line;
      }
      line += c;
    }
    return line;
  }

  bool client_spoke(int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }

  void session(int fd) {
    if (m_mode == Mode::rate_limited) {
      send_text(fd, "421 4.7.0 mx.test.example Error: too many connections from 127.0.0.1\r\n");
      return;
    }
    send_text(fd, "220-mx.test.example ESMTP\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // postscreen's greet wait
    if (client_spoke(fd)) {
      ++m_pregreets;
    }
    send_text(fd, "220 mx.test.example ESMTP\r\n");
    if (read_line(fd).rfind("EHLO ", 0) != 0) {
      return;
    }
    std::string caps = m_mode == Mode::no_starttls ? "" : "250-STARTTLS\r\n";
    send_text(fd, "250-mx.test.example\r\n250-PIPELINING\r\n" + caps + "250 8BITMIME\r\n");
    std::string cmd = read_line(fd);
    if (cmd.rfind("STARTTLS", 0) != 0) {
      send_text(fd, "221 2.0.0 Bye\r\n");
      return;
    }
    send_text(fd, "220 2.0.0 Ready to start TLS\r\n");
    tls_session(fd);
  }

  void tls_session(int fd) {
    SslPtr ssl(SSL_new(m_ctx.get()));
    SSL_set_fd(ssl.get(), fd);
    if (SSL_accept(ssl.get()) != 1) {
      return;
    }
    std::string buf;
    char chunk[512];
    while (true) {
      int n = SSL_read(ssl.get(), chunk, sizeof chunk);
      if (n <= 0) {
        return;
      }
      buf.append(chunk, static_cast<std::size_t>(n));
      std::size_t eol;
      while ((eol = buf.find('\n')) != std::string::npos) {
        std::string line = buf.substr(0, eol);
        buf.erase(0, eol + 1);
        std::string reply = line.rfind("EHLO", 0) == 0 ? "250-mx.test.example\r\n250-AUTH PLAIN LOGIN\r\n250 PIPELINING\r\n"
                            : line.rfind("QUIT", 0) == 0 ? "221 2.0.0 Bye\r\n"
                                                         : "502 5.5.2 Error: command not recognized\r\n";
        SSL_write(ssl.get(), reply.data(), static_cast<int>(reply.size()));
        if (line.rfind("QUIT", 0) == 0) {
          return;
        }
      }
    }
  }

  Mode m_mode;
  SslCtxPtr m_ctx;
  int m_listen = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_pregreets{0};
  std::atomic<int> m_connections{0};
  std::thread m_thread;
};

class LiveStarttls : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("command -v openssl >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "openssl not installed";
    }
    dir = fs::temp_directory_path() / ("mtaudit-starttls-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::string d = dir.string();
    ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d + "/k.pem -out " + d +
                           "/c.pem -subj /CN=mx.test.example -addext subjectAltName=DNS:mx.test.example -days 30"
                           " 2>/dev/null").c_str()), 0);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  facts::Fact audit(const FakeSmtpServer& server) {
    LiveOptions o;
    o.host = "mx.test.example";
    o.connect = "127.0.0.1";
    o.port_specs = {PortSpec{server.port(), false}};
    o.greeting_timeout = std::chrono::milliseconds(3000);
    o.io_timeout = std::chrono::milliseconds(3000);
    o.ca_file = (dir / "c.pem").string();
    o.now = static_cast<std::int64_t>(std::time(nullptr));
    o.rate_per_minute = 600;
    return collect_live_facts(o).find("ports")->as_list().at(0);
  }
  fs::path dir;
};

std::vector<std::string> strings_of(const facts::Fact& f) {
  std::vector<std::string> out;
  for (const auto& x : f.as_list()) {
    out.push_back(x.as_string());
  }
  return out;
}

TEST_F(LiveStarttls, DialogueBeforeAndAfterTls) {
  FakeSmtpServer server(Mode::normal, dir / "c.pem", dir / "k.pem");
  facts::Fact port = audit(server);
  EXPECT_EQ(port.find("error")->as_string(), "");
  EXPECT_EQ(port.find("mode")->as_string(), "starttls");
  EXPECT_TRUE(port.find("starttls_offered")->as_bool());
  EXPECT_EQ(port.find("greeting")->as_string(), "220 mx.test.example ESMTP / mx.test.example ESMTP");
  EXPECT_EQ(strings_of(*port.find("ehlo_before_tls")), (std::vector<std::string>{"8BITMIME", "PIPELINING", "STARTTLS"}));
  EXPECT_TRUE(port.find("auth_before_tls")->as_list().empty());
  EXPECT_EQ(strings_of(*port.find("ehlo_after_tls")), (std::vector<std::string>{"AUTH", "PIPELINING"}));
  EXPECT_EQ(strings_of(*port.find("auth_after_tls")), (std::vector<std::string>{"LOGIN", "PLAIN"}));
  EXPECT_TRUE(port.find("tls_ok")->as_bool());
  EXPECT_TRUE(port.find("protocols")->find("TLSv1.2")->as_bool());
  EXPECT_TRUE(port.find("protocols")->find("TLSv1.3")->as_bool());
  EXPECT_FALSE(port.find("protocols")->find("TLSv1.1")->as_bool());
  EXPECT_TRUE(port.find("certificates")->find("rsa")->find("presented")->as_bool());
  EXPECT_FALSE(port.find("certificates")->find("ecdsa")->find("presented")->as_bool());
  EXPECT_EQ(server.pregreets(), 0);  // never spoke before the whole greeting
  EXPECT_EQ(port.find("connections")->as_int(), server.connections());
  std::printf("[ live ] STARTTLS fake server (OpenSSL defaults, RSA only): %d connections\n", server.connections());
}

TEST_F(LiveStarttls, RateLimitIsAnErrorWithTheServersWords) {
  FakeSmtpServer server(Mode::rate_limited, dir / "c.pem", dir / "k.pem");
  facts::Fact port = audit(server);
  EXPECT_EQ(port.find("error_kind")->as_string(), "rate_limited");
  EXPECT_EQ(port.find("error")->as_string(),
            "127.0.0.1:" + std::to_string(server.port()) +
                ": greeting: 421 4.7.0 mx.test.example Error: too many connections from 127.0.0.1");
  ASSERT_NE(port.find("starttls_offered")->gap(), nullptr);  // a 421 is not "no STARTTLS"
  EXPECT_EQ(server.connections(), 1);
}

TEST_F(LiveStarttls, NoStarttlsIsAFinding) {
  FakeSmtpServer server(Mode::no_starttls, dir / "c.pem", dir / "k.pem");
  facts::Fact port = audit(server);
  EXPECT_EQ(port.find("error")->as_string(), "");
  EXPECT_FALSE(port.find("starttls_offered")->as_bool());
  EXPECT_FALSE(port.find("tls_ok")->as_bool());
  EXPECT_EQ(server.connections(), 1);
}

}  // namespace
}  // namespace mtaudit::live
