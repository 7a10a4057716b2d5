#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "collectors/live/enumerate.hpp"

namespace mtaudit::live {
namespace {

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ':');) {
    out.push_back(item);
  }
  return out;
}

template <class T>
bool has(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// A model of a server: what it accepts, and whose order it follows. It answers the plan's
// requests the way OpenSSL and a real server would, and counts connections.
struct FakeServer {
  std::set<std::uint16_t> versions{0x0303, 0x0304};     // wire versions
  bool sslv2 = false;
  std::vector<std::string> tls13{"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"};
  std::vector<std::uint16_t> tls12{0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0xC02B, 0xC02F};  // server order
  std::vector<std::string> groups{"x25519", "secp256r1", "secp384r1"};
  bool server_order = false;
  bool rsa = true, ecdsa = true;
  bool pq = false;
  bool resumption = true;
  int fail_after = -1;  // connections before the server starts answering 421
  bool no_starttls = false;
  bool refuses_raw_tls12 = false;  // objects to something in the hand-written hello
  std::uint32_t max_early_data = 0;  // what its TLS 1.3 tickets allow
  bool accepts_early_data = false;
  int connections = 0;

  bool cert_for(const std::string& auth) const { return auth == "RSA" ? rsa : auth == "ECDSA" ? ecdsa : false; }

  template <class T, class Pred>
  std::optional<T> choose(const std::vector<T>& offered, const std::vector<T>& mine, Pred ok) const {
    const auto& first = server_order ? mine : offered;
    const auto& second = server_order ? offered : mine;
    for (const auto& x : first) {
      if (has(second, x) && ok(x)) {
        return x;
      }
    }
    return std::nullopt;
  }

  std::optional<LiveError> gate() {
    ++connections;
    if (fail_after >= 0 && connections > fail_after) {
      return LiveError{ErrorKind::rate_limited, "fake:25: greeting: 421 4.7.0 Error: too many connections"};
    }
    return std::nullopt;
  }

  HandshakeAttempt handshake(const HandshakeRequest& req) {
    HandshakeAttempt a;
    if (auto e = gate()) {
      a.error = *e;
      return a;
    }
    a.pre = PreTls{"220 fake ESMTP", {{"STARTTLS", {}}, {"PIPELINING", {}}}, !no_starttls};
    if (no_starttls) {
      a.no_starttls = true;
      return a;
    }
    const TlsClientConfig& c = req.cfg;
    bool ok = c.max_version >= TLS1_3_VERSION && versions.count(0x0304) ? tls13_handshake(c, a) : tls12_handshake(c, a);
    a.verdict = ok ? Verdict::accepted : Verdict::declined;
    if (!ok) {
      a.error = LiveError{ErrorKind::refused, "fake:25: handshake failure (alert 40)"};
      return a;
    }
    if (req.converse) {
      a.post = PostTls{"", {{"AUTH", {"PLAIN"}}, {"PIPELINING", {}}}};
      SSL_SESSION* s = SSL_SESSION_new();
      SSL_SESSION_set_protocol_version(s, a.info.version);
      SSL_SESSION_set_max_early_data(s, max_early_data);
      a.session = SharedSession(s, SSL_SESSION_free);
      a.info.session = a.session;
    }
    a.info.session_reused = c.resume != nullptr && resumption;
    if (c.resume && !c.early_data.empty()) {
      a.info.early_data = accepts_early_data ? EarlyData::accepted : EarlyData::rejected;
    }
    return a;
  }

  bool tls13_handshake(const TlsClientConfig& c, HandshakeAttempt& a) {
    std::string sig = c.sigalgs.empty() ? "any" : c.sigalgs == k_rsa_sigalgs ? "RSA" : "ECDSA";
    bool cert = sig == "any" ? (rsa || ecdsa) : cert_for(sig);
    auto suite = choose(split(c.ciphersuites), tls13, [](const std::string&) { return true; });
    auto group = choose(c.groups.empty() ? groups : split(c.groups), groups, [](const std::string&) { return true; });
    if (!cert || !suite || !group) {
      return false;
    }
    a.info.version = TLS1_3_VERSION;
    a.info.protocol = "TLSv1.3";
    a.info.suite_openssl = *suite;
    a.info.suite_id = static_cast<std::uint16_t>(find_suite_by_openssl_name(*suite)->id);
    a.info.group = *group;
    std::string kind = sig == "any" ? (ecdsa ? "ECDSA" : "RSA") : sig;
    a.info.chain_der = {kind + "-leaf"};
    return true;
  }

  bool tls12_handshake(const TlsClientConfig& c, HandshakeAttempt& a) {
    std::uint16_t top = 0;
    for (auto v : versions) {
      if (v <= 0x0303 && v <= c.max_version && v >= c.min_version) {
        top = std::max(top, v);
      }
    }
    std::string want = c.cipher_list == "aRSA" ? "RSA" : c.cipher_list == "aECDSA" ? "ECDSA" : "";
    std::vector<std::uint16_t> offered = tls12;  // "ALL:COMPLEMENTOFALL", "aRSA", "aECDSA"
    if (want.empty() && c.cipher_list != k_all_tls12_suites) {
      offered.clear();
      for (const auto& name : split(c.cipher_list)) {
        offered.push_back(static_cast<std::uint16_t>(find_suite_by_openssl_name(name)->id));
      }
    }
    auto suite = choose(offered, tls12, [&](std::uint16_t id) {
      std::string auth = find_suite(id)->auth;
      return cert_for(auth) && (want.empty() || auth == want);
    });
    if (top == 0 || !suite) {
      return false;
    }
    a.info.version = top == 0x0303 ? TLS1_2_VERSION : top == 0x0302 ? TLS1_1_VERSION : TLS1_VERSION;
    a.info.protocol = top == 0x0303 ? "TLSv1.2" : top == 0x0302 ? "TLSv1.1" : "TLSv1";
    a.info.suite_id = *suite;
    a.info.suite_openssl = find_suite(*suite)->openssl;
    a.info.chain_der = {std::string(find_suite(*suite)->auth) + "-leaf"};
    a.info.secure_renegotiation = true;
    return true;
  }

  RawAttempt raw(const RawRequest& req) {
    RawAttempt a;
    if (auto e = gate()) {
      a.error = *e;
      return a;
    }
    if (req.sslv2) {
      a.verdict = sslv2 ? Verdict::accepted : Verdict::declined;
      a.sslv2 = sslv2 ? Sslv2ServerHello{2, {0x0700C0}, "der"} : Sslv2ServerHello{};
      return a;
    }
    bool ok = req.hello.supported_versions.empty() ? raw12(req.hello, a.hello) : raw13(req.hello, a.hello);
    a.verdict = ok ? Verdict::accepted : Verdict::declined;
    if (!ok) {
      a.error = LiveError{ErrorKind::refused, "fake:25: alert handshake_failure"};
    }
    return a;
  }

  bool raw13(const ClientHelloSpec& h, ServerHello& out) {
    if (!versions.count(0x0304)) {
      return false;
    }
    std::vector<std::string> offered;
    for (auto id : h.groups) {
      offered.push_back(group_name(id));
    }
    std::vector<std::string> mine = groups;
    if (pq) {
      mine.insert(mine.begin(), "X25519MLKEM768");
    }
    auto g = choose(offered, mine, [](const std::string&) { return true; });
    if (!g) {
      return false;
    }
    out.version = 0x0304;
    out.hello_retry = true;
    out.suite = 0x1302;
    for (auto id : h.groups) {
      if (group_name(id) == *g) {
        out.group = id;
      }
    }
    return true;
  }

  bool raw12(const ClientHelloSpec& h, ServerHello& out) {
    if (refuses_raw_tls12) {
      return false;
    }
    std::uint16_t v = 0;
    for (auto x : versions) {
      if (x <= h.client_version && x <= 0x0303) {
        v = std::max(v, x);
      }
    }
    auto suite = choose(h.suites, tls12, [&](std::uint16_t id) { return cert_for(find_suite(id)->auth); });
    if (v == 0 || !suite) {
      return false;
    }
    out.version = out.legacy_version = v;
    out.suite = *suite;
    out.extensions = {0xFF01};
    out.certificates = {std::string(find_suite(*suite)->auth) + "-leaf"};
    if (kx_name(*find_suite(*suite)) == "ECDHE") {
      std::vector<std::string> offered;
      for (auto id : h.groups) {
        offered.push_back(group_name(id));
      }
      auto g = choose(offered, groups, [](const std::string&) { return true; });
      if (!g) {
        return false;  // no common curve: this server has nothing else to offer in the model
      }
      for (auto id : h.groups) {
        out.ske_curve = group_name(id) == *g ? id : out.ske_curve;
      }
    }
    out.ske_dh_bits = kx_name(*find_suite(*suite)) == "DHE" ? 1024 : 0;
    return true;
  }
};

struct PlanRun {
  FakeServer server;
  PlanResult result;
  void go() {
    Transport t{[this](const HandshakeRequest& r) { return server.handshake(r); },
                [this](const RawRequest& r) { return server.raw(r); }};
    result = run_plan(t, PlanOptions{"mx.example.org", openssl_suites(), "EHLO x\r\n"});
  }
  std::set<std::uint32_t> suites(const std::string& version) const {
    std::set<std::uint32_t> out;
    for (const auto& s : result.suites) {
      if (s.protocol == version) {
        out.insert(s.id);
      }
    }
    return out;
  }
};

TEST(LiveEnumerate, HardenedDualCertificateServer) {
  PlanRun run;
  run.go();
  const PlanResult& r = run.result;
  EXPECT_FALSE(r.stopped);
  EXPECT_EQ(r.versions.at("TLSv1.3"), VersionState::accepted);
  EXPECT_EQ(r.versions.at("TLSv1.2"), VersionState::accepted);
  for (const char* v : {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"}) {
    EXPECT_EQ(r.versions.at(v), VersionState::refused) << v;
  }
  EXPECT_EQ(run.suites("TLSv1.3"), (std::set<std::uint32_t>{0x1301, 0x1302, 0x1303}));
  EXPECT_EQ(run.suites("TLSv1.2"), (std::set<std::uint32_t>{0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0xC02B, 0xC02F}));
  EXPECT_EQ(std::set<std::string>(r.groups.begin(), r.groups.end()),
            (std::set<std::string>{"x25519", "secp256r1", "secp384r1"}));
  EXPECT_TRUE(r.rsa.presented);
  EXPECT_EQ(r.rsa.chain_der, std::vector<std::string>{"RSA-leaf"});
  EXPECT_TRUE(r.ecdsa.presented);
  EXPECT_EQ(r.ecdsa.chain_der, std::vector<std::string>{"ECDSA-leaf"});
  EXPECT_EQ(r.server_preference.at("TLSv1.2"), std::optional<bool>(false));
  EXPECT_EQ(r.server_preference.at("TLSv1.3"), std::optional<bool>(false));
  EXPECT_EQ(r.compression, std::optional<bool>(false));
  EXPECT_EQ(r.secure_renegotiation, std::optional<bool>(true));
  EXPECT_EQ(r.session_resumption, std::optional<bool>(true));
  EXPECT_EQ(r.pq_kex, std::optional<bool>(false));
  ASSERT_TRUE(r.main && r.main->post);
  EXPECT_EQ(r.main->post->ehlo.count("AUTH"), 1u);
  EXPECT_LE(run.server.connections, 16);
}

TEST(LiveEnumerate, ServerOrderIsDetected) {
  PlanRun run;
  run.server.server_order = true;
  run.go();
  EXPECT_EQ(run.result.server_preference.at("TLSv1.2"), std::optional<bool>(true));
  EXPECT_EQ(run.result.server_preference.at("TLSv1.3"), std::optional<bool>(true));
  // the suites in server order
  std::vector<std::uint32_t> tls12;
  for (const auto& s : run.result.suites) {
    if (s.protocol == "TLSv1.2") {
      tls12.push_back(s.id);
    }
  }
  EXPECT_EQ(tls12, (std::vector<std::uint32_t>{0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0xC02B, 0xC02F}));
}

TEST(LiveEnumerate, LegacyRsaOnlyServer) {
  PlanRun run;
  run.server.versions = {0x0301, 0x0302, 0x0303};
  run.server.tls12 = {0xC030, 0x002F, 0x000A, 0x0005};
  run.server.groups = {"secp256r1", "x25519", "secp384r1"};
  run.server.ecdsa = false;
  run.go();
  const PlanResult& r = run.result;
  EXPECT_FALSE(r.stopped);
  EXPECT_EQ(r.versions.at("TLSv1.3"), VersionState::refused);
  for (const char* v : {"TLSv1", "TLSv1.1", "TLSv1.2"}) {
    EXPECT_EQ(r.versions.at(v), VersionState::accepted) << v;
    EXPECT_EQ(run.suites(v), (std::set<std::uint32_t>{0xC030, 0x002F, 0x000A, 0x0005})) << v;
  }
  EXPECT_EQ(r.versions.at("SSLv3"), VersionState::refused);
  EXPECT_EQ(std::set<std::string>(r.groups.begin(), r.groups.end()),
            (std::set<std::string>{"x25519", "secp256r1", "secp384r1"}));
  EXPECT_TRUE(r.rsa.presented);
  EXPECT_TRUE(r.ecdsa.tested);
  EXPECT_FALSE(r.ecdsa.presented);
  ASSERT_TRUE(r.main);
  EXPECT_EQ(r.main->info.protocol, "TLSv1.2");
  EXPECT_FALSE(r.pq_kex.has_value());
}

TEST(LiveEnumerate, RefusedRawHelloIsCheckedWithOpenSsl) {
  PlanRun run;
  run.server.versions = {0x0303};
  run.server.refuses_raw_tls12 = true;
  run.server.tls12 = {0xC02F, 0xC030, 0x009C};
  run.server.ecdsa = false;
  run.go();
  const PlanResult& r = run.result;
  EXPECT_FALSE(r.stopped);
  EXPECT_EQ(r.versions.at("TLSv1.2"), VersionState::accepted);
  EXPECT_EQ(run.suites("TLSv1.2"), (std::set<std::uint32_t>{0xC02F, 0xC030, 0x009C}));
  EXPECT_EQ(r.secure_renegotiation, std::optional<bool>(true));
  EXPECT_EQ(r.server_preference.at("TLSv1.2"), std::optional<bool>(false));
  ASSERT_TRUE(r.main && r.main->post);
  EXPECT_TRUE(r.rsa.presented);
}

TEST(LiveEnumerate, Sslv2AndSslv3AreFound) {
  PlanRun run;
  run.server.versions = {0x0300, 0x0301};
  run.server.tls12 = {0x000A, 0x0005};
  run.server.sslv2 = true;
  run.server.ecdsa = false;
  run.go();
  const PlanResult& r = run.result;
  EXPECT_EQ(r.versions.at("SSLv2"), VersionState::accepted);
  EXPECT_EQ(r.versions.at("SSLv3"), VersionState::accepted);
  EXPECT_EQ(r.versions.at("TLSv1"), VersionState::accepted);
  EXPECT_EQ(r.versions.at("TLSv1.1"), VersionState::refused);
  EXPECT_EQ(r.versions.at("TLSv1.2"), VersionState::refused);
  EXPECT_EQ(run.suites("SSLv2"), std::set<std::uint32_t>{0x0700C0});
  EXPECT_EQ(run.suites("SSLv3"), (std::set<std::uint32_t>{0x000A, 0x0005}));
}

TEST(LiveEnumerate, TwoSuitesGetOneDedicatedPreferenceHandshake) {
  PlanRun run;
  run.server.tls12 = {0xC02F, 0xC030};
  run.server.ecdsa = false;
  run.server.server_order = true;
  run.go();
  EXPECT_EQ(run.result.server_preference.at("TLSv1.2"), std::optional<bool>(true));
  PlanRun client;
  client.server.tls12 = {0xC02F, 0xC030};
  client.server.ecdsa = false;
  client.go();
  EXPECT_EQ(client.result.server_preference.at("TLSv1.2"), std::optional<bool>(false));
}

TEST(LiveEnumerate, PostQuantumGroupIsSeen) {
  PlanRun run;
  run.server.pq = true;
  run.go();
  EXPECT_EQ(run.result.pq_kex, std::optional<bool>(true));
  EXPECT_TRUE(has(run.result.groups, std::string("X25519MLKEM768")));
}

TEST(LiveEnumerate, RateLimitStopsThePlanWithTheServersWords) {
  PlanRun run;
  run.server.fail_after = 3;
  run.go();
  ASSERT_TRUE(run.result.stopped);
  EXPECT_EQ(run.result.stopped->kind, ErrorKind::rate_limited);
  EXPECT_NE(run.result.stopped->message.find("421"), std::string::npos);
  EXPECT_EQ(run.server.connections, 4);  // no further connection after the refusal
}

TEST(LiveEnumerate, NoStarttlsIsAnOutcomeNotAnError) {
  PlanRun run;
  run.server.no_starttls = true;
  run.go();
  EXPECT_TRUE(run.result.no_starttls);
  EXPECT_FALSE(run.result.stopped);
  EXPECT_EQ(run.server.connections, 1);
}

TEST(LiveEnumerate, EarlyDataIsTriedOnlyWhenTheTicketAllowsIt) {
  PlanRun none;
  none.go();
  EXPECT_EQ(none.result.early_data, "not_offered");
  PlanRun rejects;
  rejects.server.max_early_data = 16384;
  rejects.go();
  EXPECT_EQ(rejects.result.early_data, "rejected");
  PlanRun accepts;
  accepts.server.max_early_data = 16384;
  accepts.server.accepts_early_data = true;
  accepts.go();
  EXPECT_EQ(accepts.result.early_data, "accepted");
  EXPECT_EQ(accepts.result.session_resumption, std::optional<bool>(true));
}

TEST(LiveEnumerate, InferServerPreference) {
  std::vector<std::uint16_t> order{1, 2, 3, 4, 5};
  EXPECT_EQ(infer_server_preference(order, {1, 4, 2}), std::optional<bool>(false));  // forwards, backwards, forwards
  EXPECT_EQ(infer_server_preference(order, {2, 4, 1}), std::optional<bool>(true));   // 2 before 1: not the client's
  EXPECT_EQ(infer_server_preference(order, {1, 2, 4}), std::optional<bool>(true));   // backwards would give 4
  EXPECT_EQ(infer_server_preference(order, {1, 2}), std::nullopt);                   // one choice between two
  EXPECT_EQ(infer_server_preference(order, {3}), std::nullopt);
}

}  // namespace
}  // namespace mtaudit::live
