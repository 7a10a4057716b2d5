// The live collector against a real `openssl s_server` on 127.0.0.1 (implicit TLS), with an
// RSA and an ECDSA certificate minted by the test. Skipped only when `openssl` is missing.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <thread>

#include "collectors/live.hpp"
#include "collectors/live/net.hpp"

namespace mtaudit::live {
namespace {

namespace fs = std::filesystem;

bool have_openssl() { return std::system("command -v openssl >/dev/null 2>&1") == 0; }

int free_port() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(s);
  return ntohs(a.sin_port);
}

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  char buf[512];
  while (p != nullptr && std::fgets(buf, sizeof buf, p) != nullptr) {
    out += buf;
  }
  if (p != nullptr) {
    ::pclose(p);
  }
  return out;
}

// "sha256 Fingerprint=AB:CD:..." → "abcd..."
std::string fingerprint(const fs::path& pem) {
  std::string line = run("openssl x509 -in " + pem.string() + " -noout -fingerprint -sha256");
  std::string hex;
  for (char c : line.substr(line.find('=') + 1)) {
    if (std::isxdigit(static_cast<unsigned char>(c))) {
      hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return hex;
}

class LiveEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_openssl()) {
      GTEST_SKIP() << "openssl not installed";
    }
    dir = fs::temp_directory_path() / ("mtaudit-live-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::string d = dir.string();
    std::string subj = " -subj /CN=mx.test.example -addext subjectAltName=DNS:mx.test.example -days 30 2>/dev/null";
    ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d + "/rsa.key -out " + d +
                           "/rsa.pem" + subj).c_str()), 0);
    ASSERT_EQ(std::system(("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + d +
                           "/ec.key -out " + d + "/ec.pem" + subj).c_str()), 0);
  }

  void start_server(const std::string& extra) {
    port = free_port();
    std::string d = dir.string();
    std::string cmd = "exec openssl s_server -quiet -www -accept 127.0.0.1:" + std::to_string(port) + " -cert " + d +
                      "/rsa.pem -key " + d + "/rsa.key -dcert " + d + "/ec.pem -dkey " + d +
                      "/ec.key -no_tls1 -no_tls1_1 -groups x25519:secp384r1"
                      " -cipher ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:"
                      "AES128-SHA -ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384 " +
                      extra + " </dev/null >/dev/null 2>&1";
    pid = ::fork();
    if (pid == 0) {
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100; ++i) {  // wait until it listens
      if (connect_tcp("127.0.0.1", port, Clock::now() + std::chrono::milliseconds(200))) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "s_server did not start";
  }

  void TearDown() override {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  facts::Fact collect(std::vector<std::string>* progress = nullptr) {
    LiveOptions o;
    if (progress != nullptr) {
      o.progress = [progress](const std::string& line) { progress->push_back(line); };
    }
    o.host = "mx.test.example";
    o.connect = "127.0.0.1";
    o.port_specs = {PortSpec{port, true}};
    o.io_timeout = std::chrono::milliseconds(1500);  // s_server never greets: the SMTP step waits this long
    o.greeting_timeout = std::chrono::milliseconds(1500);
    o.ca_file = (dir / "rsa.pem").string();
    o.now = static_cast<std::int64_t>(std::time(nullptr));
    o.rate_per_minute = 600;
    return collect_live_facts(o);
  }

  fs::path dir;
  int port = 0;
  pid_t pid = -1;
};

std::set<std::string> suite_names(const facts::Fact& port, const std::string& version) {
  std::set<std::string> out;
  for (const auto& s : port.find("suites")->as_list()) {
    if (s.find("version")->as_string() == version) {
      out.insert(s.find("openssl_name")->as_string());
    }
  }
  return out;
}

TEST_F(LiveEndToEnd, ImplicitTlsAgainstOpenSslServer) {
  start_server("");
  facts::Fact live = collect();
  const facts::Fact& port = live.find("ports")->as_list().at(0);
  EXPECT_EQ(port.find("mode")->as_string(), "implicit");
  EXPECT_EQ(port.find("error")->as_string(), "");
  const facts::Fact& protocols = *port.find("protocols");
  EXPECT_FALSE(protocols.find("SSLv2")->as_bool());
  EXPECT_FALSE(protocols.find("SSLv3")->as_bool());
  EXPECT_FALSE(protocols.find("TLSv1")->as_bool());
  EXPECT_FALSE(protocols.find("TLSv1.1")->as_bool());
  EXPECT_TRUE(protocols.find("TLSv1.2")->as_bool());
  EXPECT_TRUE(protocols.find("TLSv1.3")->as_bool());
  EXPECT_EQ(suite_names(port, "TLSv1.3"), (std::set<std::string>{"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"}));
  EXPECT_EQ(suite_names(port, "TLSv1.2"),
            (std::set<std::string>{"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
                                   "DHE-RSA-AES256-GCM-SHA384", "AES128-SHA"}));
  std::set<std::string> groups;
  for (const auto& g : port.find("groups")->as_list()) {
    groups.insert(g.as_string());
  }
  EXPECT_EQ(groups, (std::set<std::string>{"x25519", "secp384r1"}));
  EXPECT_EQ(port.find("dhe_bits")->as_int(), 2048);
  EXPECT_FALSE(port.find("server_preference")->as_bool());
  EXPECT_FALSE(port.find("compression")->as_bool());
  EXPECT_TRUE(port.find("secure_renegotiation")->as_bool());
  EXPECT_TRUE(port.find("session_resumption")->as_bool());
  EXPECT_FALSE(port.find("pq_kex")->as_bool());
  EXPECT_TRUE(port.find("tls_ok")->as_bool());
  // s_server speaks no SMTP: what would have come through TLS is a gap, not an empty list
  ASSERT_TRUE(port.find("ehlo_after_tls")->gap() != nullptr);
  EXPECT_EQ(port.find("ehlo_after_tls")->gap()->kind, facts::Gap::Kind::failed);

  const facts::Fact& rsa = *port.find("certificates")->find("rsa");
  EXPECT_TRUE(rsa.find("presented")->as_bool());
  EXPECT_EQ(rsa.find("key_type")->as_string(), "rsa");
  EXPECT_EQ(rsa.find("key_bits")->as_int(), 2048);
  EXPECT_EQ(rsa.find("sha256")->as_string(), fingerprint(dir / "rsa.pem"));
  EXPECT_EQ(rsa.find("verify_error")->as_string(), "");  // the --ca-file holds it
  EXPECT_TRUE(rsa.find("name_matches")->as_bool());
  EXPECT_GE(rsa.find("days_left")->as_int(), 29);
  const facts::Fact& ecdsa = *port.find("certificates")->find("ecdsa");
  EXPECT_TRUE(ecdsa.find("presented")->as_bool());
  EXPECT_EQ(ecdsa.find("key_type")->as_string(), "ec");
  EXPECT_EQ(ecdsa.find("sha256")->as_string(), fingerprint(dir / "ec.pem"));
  EXPECT_NE(ecdsa.find("verify_error")->as_string(), "");  // not in the --ca-file

  int connections = static_cast<int>(port.find("connections")->as_int());
  std::printf("[ live ] s_server (4 TLS 1.2 + 2 TLS 1.3 suites, 2 groups, RSA+ECDSA): %d connections, %lld ms\n",
              connections, static_cast<long long>(port.find("elapsed_ms")->as_int()));
  for (const auto& p : port.find("probes")->as_list()) {
    std::printf("[ live ]   %-22s %2lld conn %5lld ms  %s\n", p.find("name")->as_string().c_str(),
                static_cast<long long>(p.find("connections")->as_int()), static_cast<long long>(p.find("ms")->as_int()),
                p.find("result")->as_string().c_str());
  }
  EXPECT_LE(connections, 20);
}

TEST_F(LiveEndToEnd, ServerPreferenceIsSeen) {
  start_server("-serverpref");
  facts::Fact live = collect();
  const facts::Fact& port = live.find("ports")->as_list().at(0);
  EXPECT_TRUE(port.find("server_preference")->as_bool());
}

TEST_F(LiveEndToEnd, ClosedPortIsOneErrorEntry) {
  port = free_port();  // nothing listens there
  std::vector<std::string> progress;
  facts::Fact live = collect(&progress);
  const facts::Fact& entry = live.find("ports")->as_list().at(0);
  EXPECT_EQ(entry.find("error")->as_string(), "127.0.0.1:" + std::to_string(port) + ": connection refused");
  EXPECT_EQ(entry.find("error_kind")->as_string(), "refused");
  EXPECT_TRUE(entry.find("protocols")->find("TLSv1.3")->gap() != nullptr);
  EXPECT_TRUE(entry.find("suites")->gap() != nullptr);
  EXPECT_EQ(entry.find("connections")->as_int(), 1);
  std::string label = "127.0.0.1:" + std::to_string(port);
  ASSERT_EQ(progress.size(), 2u);
  EXPECT_EQ(progress[0], label + " tls13: failed: " + label + ": connection refused");
  std::string summary = "mx.test.example:" + std::to_string(port) + ": 1 connections, ";
  EXPECT_EQ(progress[1].substr(0, summary.size()), summary);  // then the time, which varies
  EXPECT_NE(progress[1].find(label + ": connection refused"), std::string::npos);
}

}  // namespace
}  // namespace mtaudit::live
