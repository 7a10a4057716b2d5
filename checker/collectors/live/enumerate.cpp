#include "collectors/live/enumerate.hpp"

#include <algorithm>
#include <set>

namespace mtaudit::live {
namespace {

// TLS 1.3 suites in the order the first handshake offers them (a SHA-256 suite first, so a
// client-preference server's first choice differs from OpenSSL's server default).
const std::vector<std::string> k_tls13_order = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                                                "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256",
                                                "TLS_AES_128_CCM_8_SHA256"};
// Groups OpenSSL 3.0 can offer, strongest-known first.
const std::vector<std::string> k_group_order = {"x25519",    "secp256r1", "secp384r1", "secp521r1", "x448",
                                                "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192"};
constexpr int k_max_steps = 64;  // no loop below may exceed this, whatever the server answers

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    out += (out.empty() ? "" : ":") + s;
  }
  return out;
}

template <class T>
std::vector<T> reversed(std::vector<T> v) {
  std::reverse(v.begin(), v.end());
  return v;
}

template <class T>
void erase_value(std::vector<T>& v, const T& x) {
  v.erase(std::remove(v.begin(), v.end(), x), v.end());
}

template <class T>
bool contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string auth_of(std::uint16_t id) {
  const SuiteInfo* s = find_suite(id);
  return s != nullptr ? s->auth : "";
}

// Everything the plan knows while it runs.
struct Plan {
  const Transport& t;
  const PlanOptions& opts;
  PlanResult r;
  bool stop = false;

  void note_pre(const std::optional<PreTls>& pre, bool no_starttls) {
    if (pre && !r.pre) {
      r.pre = pre;
    }
    if (no_starttls) {
      r.no_starttls = true;
      stop = true;
    }
  }
  void fail(const LiveError& e) {
    if (!r.stopped) {
      r.stopped = e;
    }
    stop = true;
  }
  HandshakeAttempt handshake(const HandshakeRequest& req) {
    HandshakeAttempt a = t.handshake(req);
    note_pre(a.pre, a.no_starttls);
    if (a.verdict == Verdict::failed && !a.no_starttls) {
      fail(a.error);
    }
    return a;
  }
  RawAttempt raw(const RawRequest& req) {
    RawAttempt a = t.raw(req);
    note_pre(a.pre, a.no_starttls);
    if (a.verdict == Verdict::failed && !a.no_starttls) {
      fail(a.error);
    }
    return a;
  }
  void add_group(const std::string& g) {
    if (!g.empty() && !contains(r.groups, g)) {
      r.groups.push_back(g);
    }
  }
  void set_version(const std::string& v, VersionState s) {
    if (r.versions[v] != VersionState::accepted) {
      r.versions[v] = s;
    }
  }
};

// ---- TLS 1.3 -------------------------------------------------------------------------------

enum class Sig { any, rsa, ecdsa };

struct Tls13State {
  std::vector<std::string> suites = k_tls13_order;
  std::vector<std::string> groups = k_group_order;
  bool suites_done = false, groups_done = false;
  bool isolate = false;      // a refusal with both lists shrunk: shrink one list at a time
  bool sig_ride = true;      // RSA-/ECDSA-only handshakes ride along while that is unambiguous
  bool accepted_any = false;
  std::vector<std::uint16_t> chosen;  // suite ids, step by step (suites in play)
  std::vector<std::uint16_t> order;   // k_tls13_order as ids
  bool pq_in_play = true;
};

Sig next_sig(const Plan& p, const Tls13State& s) {
  if (!s.accepted_any || !s.sig_ride) {
    return Sig::any;
  }
  if (!p.r.rsa.tested) {
    return Sig::rsa;
  }
  return p.r.ecdsa.tested ? Sig::any : Sig::ecdsa;
}

TlsClientConfig tls13_config(const Plan& p, const Tls13State& s, Sig sig, int step) {
  TlsClientConfig cfg;
  cfg.min_version = cfg.max_version = TLS1_3_VERSION;
  std::vector<std::string> suites = s.suites_done ? k_tls13_order : s.suites;
  cfg.ciphersuites = join(step % 2 == 1 ? reversed(suites) : suites);
  bool groups_in_play = !s.groups_done && !(s.isolate && !s.suites_done);
  cfg.groups = join(groups_in_play ? s.groups : k_group_order);
  cfg.sigalgs = sig == Sig::rsa ? k_rsa_sigalgs : sig == Sig::ecdsa ? k_ecdsa_sigalgs : "";
  cfg.sni = p.opts.sni;
  return cfg;
}

CertFinding cert_from(const HandshakeInfo& info) {
  return CertFinding{true, !info.chain_der.empty(), info.chain_der, info.protocol};
}

void tls13_accepted(Plan& p, Tls13State& s, const HandshakeAttempt& a, Sig sig, bool groups_in_play) {
  const HandshakeInfo& info = a.info;
  if (!p.r.main) {
    p.r.main = a;
  }
  s.accepted_any = true;
  p.set_version("TLSv1.3", VersionState::accepted);
  if (!s.suites_done && contains(s.suites, info.suite_openssl)) {
    erase_value(s.suites, info.suite_openssl);
    s.chosen.push_back(info.suite_id);
    p.r.suites.push_back(SuiteFinding{"TLSv1.3", info.suite_id, 0, info.group});
    s.suites_done = s.suites.empty();
  }
  if (groups_in_play && contains(s.groups, info.group)) {
    erase_value(s.groups, info.group);
    s.groups_done = s.groups.empty();
  }
  p.add_group(info.group);
  if (sig == Sig::rsa) {
    p.r.rsa = cert_from(info);
  } else if (sig == Sig::ecdsa) {
    p.r.ecdsa = cert_from(info);
  }
}

// A refusal. Returns false when TLS 1.3 is over.
bool tls13_declined(Plan& p, Tls13State& s, Sig sig, bool groups_in_play) {
  if (!s.accepted_any) {
    p.set_version("TLSv1.3", VersionState::refused);
    return false;
  }
  if (sig != Sig::any) {
    // The signature algorithms or the shrunk lists? Ambiguous: the offer is repeated without
    // the restriction, and the certificates get their own handshakes at the end.
    s.sig_ride = false;
    return true;
  }
  bool suites_in_play = !s.suites_done;
  if (suites_in_play && groups_in_play && !s.isolate) {
    s.isolate = true;  // resolve: suites alone first, then groups alone
  } else if (suites_in_play) {
    s.suites_done = true;
  } else if (groups_in_play) {
    s.groups_done = true;
  }
  return !(s.suites_done && s.groups_done);
}

// Group isolation through a raw hello with no key share: the server names its group in a
// HelloRetryRequest. The hybrid post-quantum group rides along, since OpenSSL 3.0 cannot offer it.
bool tls13_group_raw_step(Plan& p, Tls13State& s) {
  RawRequest req;
  req.probe = "tls13-groups";
  req.hello.client_version = 0x0303;
  req.hello.supported_versions = {0x0304};
  req.hello.sni = p.opts.sni;
  req.hello.sigalgs = default_sigalgs();
  for (const auto& n : k_tls13_order) {
    if (const SuiteInfo* si = find_suite_by_openssl_name(n)) {
      req.hello.suites.push_back(static_cast<std::uint16_t>(si->id));
    }
  }
  for (auto id : default_groups()) {
    if (contains(s.groups, group_name(id))) {
      req.hello.groups.push_back(id);
    }
  }
  if (s.pq_in_play) {
    req.hello.groups.insert(req.hello.groups.begin(), group_id::x25519_mlkem768);
  }
  if (req.hello.groups.empty()) {
    s.groups_done = true;
    return true;
  }
  RawAttempt a = p.raw(req);
  if (a.verdict == Verdict::failed) {
    return false;
  }
  if (a.verdict == Verdict::declined || a.hello.version != 0x0304 || a.hello.group == 0) {
    s.groups_done = true;
    if (s.pq_in_play) {
      p.r.pq_kex = false;
    }
    return true;
  }
  std::string g = group_name(a.hello.group);
  if (a.hello.group == group_id::x25519_mlkem768) {
    p.r.pq_kex = true;
    s.pq_in_play = false;
  }
  p.add_group(g);
  erase_value(s.groups, g);
  return true;
}

void run_tls13(Plan& p) {
  Tls13State s;
  for (const auto& n : k_tls13_order) {
    const SuiteInfo* si = find_suite_by_openssl_name(n);
    s.order.push_back(si != nullptr ? static_cast<std::uint16_t>(si->id) : 0);
  }
  for (int step = 0; step < k_max_steps && !p.stop && !(s.suites_done && s.groups_done); ++step) {
    if (s.isolate && s.suites_done && !s.groups_done) {
      if (!tls13_group_raw_step(p, s)) {
        return;
      }
      continue;
    }
    Sig sig = next_sig(p, s);
    bool groups_in_play = !s.groups_done && !(s.isolate && !s.suites_done);
    HandshakeRequest req{"tls13", tls13_config(p, s, sig, static_cast<int>(s.chosen.size())), !p.r.main};
    HandshakeAttempt a = p.handshake(req);
    if (a.verdict == Verdict::failed) {
      return;
    }
    if (a.verdict == Verdict::accepted) {
      tls13_accepted(p, s, a, sig, groups_in_play);
    } else if (!tls13_declined(p, s, sig, groups_in_play)) {
      return;
    }
  }
  p.r.server_preference["TLSv1.3"] = infer_server_preference(s.order, s.chosen);
}

// ---- TLS <= 1.2 through raw hellos -----------------------------------------------------------

const char* version_label(std::uint16_t wire) {
  switch (wire) {
    case 0x0300: return "SSLv3";
    case 0x0301: return "TLSv1";
    case 0x0302: return "TLSv1.1";
    case 0x0303: return "TLSv1.2";
    case 0x0304: return "TLSv1.3";
    default: return "unknown";
  }
}

RawRequest legacy_hello(const Plan& p, std::uint16_t wire, std::vector<std::uint16_t> suites) {
  RawRequest req;
  req.probe = std::string("suites-") + version_label(wire);
  req.want_flight = true;
  req.hello.client_version = wire;
  req.hello.record_version = wire == 0x0300 ? 0x0300 : 0x0301;
  req.hello.suites = std::move(suites);
  if (wire == 0x0300) {
    req.hello.extensions = false;  // SSLv3 servers predate most extensions
    return req;
  }
  req.hello.sni = p.opts.sni;
  req.hello.groups = default_groups();
  if (wire >= 0x0303) {
    req.hello.sigalgs = default_sigalgs();
  }
  return req;
}

void note_certificate(Plan& p, const ServerHello& h, const std::string& protocol) {
  if (h.certificates.empty()) {
    return;
  }
  std::string auth = auth_of(h.suite);
  CertFinding& c = auth == "RSA" ? p.r.rsa : auth == "ECDSA" ? p.r.ecdsa : p.r.rsa;
  if ((auth == "RSA" || auth == "ECDSA") && !c.tested) {
    c = CertFinding{true, true, h.certificates, protocol};
  }
}

void note_raw_suite(Plan& p, const ServerHello& h, const std::string& protocol, bool first) {
  SuiteFinding f{protocol, h.suite, h.ske_dh_bits, h.ske_curve != 0 ? group_name(h.ske_curve) : ""};
  p.r.suites.push_back(f);
  p.add_group(f.group);
  note_certificate(p, h, protocol);
  // We send the SCSV, so an RFC 5746 server must answer with renegotiation_info.
  if (first && !p.r.secure_renegotiation) {
    p.r.secure_renegotiation = contains(h.extensions, std::uint16_t{0xFF01});
  }
}

// Enumerates the suites of one version. The first step may already have been answered (`first`).
// Returns the chosen ids in order; stops on refusal.
std::vector<std::uint16_t> enumerate_raw(Plan& p, std::uint16_t wire, const std::vector<std::uint16_t>& order,
                                         std::optional<ServerHello> first) {
  std::vector<std::uint16_t> chosen;
  std::string label = version_label(wire);
  for (int step = 0; step < k_max_steps && !p.stop; ++step) {
    ServerHello h;
    if (step == 0 && first) {
      h = *first;
    } else {
      std::vector<std::uint16_t> offer;
      for (auto id : order) {
        if (!contains(chosen, id)) {
          offer.push_back(id);
        }
      }
      if (offer.empty()) {
        break;
      }
      RawRequest req = legacy_hello(p, wire, step % 2 == 1 ? reversed(offer) : offer);
      RawAttempt a = p.raw(req);
      if (a.verdict != Verdict::accepted || a.hello.version != wire || contains(chosen, a.hello.suite)) {
        break;
      }
      h = a.hello;
    }
    chosen.push_back(h.suite);
    note_raw_suite(p, h, label, step == 0);
  }
  return chosen;
}

void note_openssl_tls12(Plan& p, const HandshakeAttempt& a, bool first) {
  const HandshakeInfo& i = a.info;
  bool dhe = i.tmp_key_type == "DH" || i.tmp_key_type == "DHX";
  p.r.suites.push_back(SuiteFinding{"TLSv1.2", i.suite_id, dhe ? i.tmp_key_bits : 0, i.group});
  p.add_group(i.group);
  std::string auth = auth_of(i.suite_id);
  CertFinding& c = auth == "ECDSA" ? p.r.ecdsa : p.r.rsa;
  if ((auth == "RSA" || auth == "ECDSA") && !c.tested) {
    c = cert_from(i);
  }
  if (first) {
    p.r.secure_renegotiation = i.secure_renegotiation;
    p.r.compression = i.compression;
  }
  if (!p.r.main && a.post) {
    p.r.main = a;
  }
}

// The raw hello was refused. That must not read as "TLS 1.2 refused" when the server only
// objected to something in a hand-written hello, so OpenSSL asks again, enumerating the suites
// it can offer the same way (forwards and backwards). Legacy suites stay unseen on such a server.
void run_tls12_openssl(Plan& p) {
  std::vector<std::string> unseen;
  std::vector<std::uint16_t> order, chosen;
  for (const auto& k : p.opts.openssl_known) {
    if (k.protocol != "TLSv1.3") {
      unseen.push_back(k.name);
      order.push_back(k.id);
    }
  }
  for (int step = 0; step < k_max_steps && !p.stop && !unseen.empty(); ++step) {
    HandshakeRequest req{"suites-TLSv1.2-openssl", {}, !p.r.main};
    req.cfg.min_version = req.cfg.max_version = TLS1_2_VERSION;
    req.cfg.cipher_list = join(step % 2 == 1 ? reversed(unseen) : unseen);
    req.cfg.sni = p.opts.sni;
    req.cfg.allow_compression = step == 0;
    HandshakeAttempt a = p.handshake(req);
    if (a.verdict != Verdict::accepted || contains(chosen, a.info.suite_id)) {
      break;
    }
    chosen.push_back(a.info.suite_id);
    erase_value(unseen, a.info.suite_openssl);
    note_openssl_tls12(p, a, step == 0);
  }
  if (p.stop) {
    return;
  }
  p.set_version("TLSv1.2", chosen.empty() ? VersionState::refused : VersionState::accepted);
  if (!chosen.empty()) {
    p.r.server_preference["TLSv1.2"] = infer_server_preference(order, chosen);
  }
}

// The first TLS 1.2 hello also offers DEFLATE: whether the server compresses.
void run_tls12(Plan& p, const std::vector<std::uint16_t>& order) {
  RawRequest req = legacy_hello(p, 0x0303, order);
  req.hello.offer_deflate = true;
  RawAttempt a = p.raw(req);
  if (a.verdict == Verdict::failed) {
    return;
  }
  if (a.verdict == Verdict::declined) {
    run_tls12_openssl(p);
    return;
  }
  if (a.hello.version != 0x0303) {
    p.set_version("TLSv1.2", VersionState::refused);
    return;
  }
  p.set_version("TLSv1.2", VersionState::accepted);
  p.r.compression = a.hello.compression != 0;
  auto chosen = enumerate_raw(p, 0x0303, order, a.hello);
  auto pref = infer_server_preference(order, chosen);
  if (!pref && chosen.size() == 2 && !p.stop) {
    RawRequest again = legacy_hello(p, 0x0303, {chosen[1], chosen[0]});
    again.probe = "server-preference";
    RawAttempt b = p.raw(again);
    if (b.verdict == Verdict::accepted) {
      pref = b.hello.suite == chosen[0];
    }
  }
  p.r.server_preference["TLSv1.2"] = pref;
}

// Without TLS 1.3 the ECDHE curves are enumerated through raw TLS 1.2 hellos that offer the
// ECDHE suites the server accepted and the curves not seen yet; ServerKeyExchange names the
// server's choice. Legacy curves (P-224, P-192, brainpool) are offered too.
void run_tls12_groups(Plan& p) {
  std::vector<std::uint16_t> ecdhe;
  for (const auto& s : p.r.suites) {
    const SuiteInfo* info = s.protocol == "TLSv1.2" ? find_suite(static_cast<std::uint16_t>(s.id)) : nullptr;
    if (info != nullptr && kx_name(*info) == "ECDHE") {
      ecdhe.push_back(static_cast<std::uint16_t>(s.id));
    }
  }
  std::vector<std::uint16_t> remaining;
  for (auto g : tls12_curves()) {
    if (!contains(p.r.groups, group_name(g))) {
      remaining.push_back(g);
    }
  }
  for (int step = 0; step < k_max_steps && !p.stop && !ecdhe.empty() && !remaining.empty(); ++step) {
    RawRequest req = legacy_hello(p, 0x0303, ecdhe);
    req.probe = "groups-TLSv1.2";
    req.hello.groups = remaining;
    RawAttempt a = p.raw(req);
    if (a.verdict != Verdict::accepted || !contains(remaining, a.hello.ske_curve)) {
      return;  // refused, or a curve we did not offer (a broken server): nothing more to learn
    }
    p.add_group(group_name(a.hello.ske_curve));
    erase_value(remaining, a.hello.ske_curve);
  }
}

// TLS 1.1 and below: a server that supports any of them answers a TLS 1.1 hello with the
// highest (RFC 5246 E.1), so one refusal settles all three.
void run_old_versions(Plan& p, const std::vector<std::uint16_t>& order) {
  std::uint16_t wire = 0x0302;
  while (wire >= 0x0300 && !p.stop) {
    RawRequest req = legacy_hello(p, wire, order);
    req.hello.offer_deflate = !p.r.compression.has_value();
    RawAttempt a = p.raw(req);
    if (a.verdict == Verdict::failed) {
      return;
    }
    if (a.verdict == Verdict::declined || a.hello.version < 0x0300 || a.hello.version > wire) {
      for (std::uint16_t v = wire; v >= 0x0300; --v) {
        p.set_version(version_label(v), VersionState::refused);
      }
      return;
    }
    for (std::uint16_t v = wire; v > a.hello.version; --v) {
      p.set_version(version_label(v), VersionState::refused);
    }
    p.set_version(version_label(a.hello.version), VersionState::accepted);
    if (!p.r.compression) {
      p.r.compression = a.hello.compression != 0;
    }
    auto chosen = enumerate_raw(p, a.hello.version, order, a.hello);
    p.r.server_preference[version_label(a.hello.version)] = infer_server_preference(order, chosen);
    wire = static_cast<std::uint16_t>(a.hello.version - 1);
  }
}

void run_sslv2(Plan& p) {
  RawRequest req;
  req.probe = "sslv2";
  req.sslv2 = true;
  req.sslv2_specs = sslv2_specs();
  RawAttempt a = p.raw(req);
  if (a.verdict == Verdict::failed) {
    return;
  }
  bool ok = a.verdict == Verdict::accepted && a.sslv2.version == 0x0002 && !a.sslv2.specs.empty();
  p.set_version("SSLv2", ok ? VersionState::accepted : VersionState::refused);
  for (auto spec : ok ? a.sslv2.specs : std::vector<std::uint32_t>{}) {
    p.r.suites.push_back(SuiteFinding{"SSLv2", spec, 0, ""});
  }
}

// ---- what is left --------------------------------------------------------------------------

bool any_tls_accepted(const PlanResult& r) {
  for (const char* v : {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}) {
    auto it = r.versions.find(v);
    if (it != r.versions.end() && it->second == VersionState::accepted) {
      return true;
    }
  }
  return false;
}

// No TLS 1.3: a full OpenSSL handshake at TLS <= 1.2 that speaks SMTP through TLS.
void run_main_tls12(Plan& p) {
  HandshakeRequest req{"tls12-handshake", {}, true};
  req.cfg.max_version = TLS1_2_VERSION;
  req.cfg.sni = p.opts.sni;
  req.cfg.allow_compression = true;
  HandshakeAttempt a = p.handshake(req);
  if (a.verdict == Verdict::accepted) {
    p.r.main = a;
    p.add_group(a.info.group);
  }
}

void run_certificate(Plan& p, Sig sig) {
  CertFinding& c = sig == Sig::rsa ? p.r.rsa : p.r.ecdsa;
  if (c.tested || p.stop) {
    return;
  }
  HandshakeRequest req{sig == Sig::rsa ? "certificate-rsa" : "certificate-ecdsa", {}, false};
  req.cfg.sni = p.opts.sni;
  req.cfg.sigalgs = sig == Sig::rsa ? k_rsa_sigalgs : k_ecdsa_sigalgs;
  req.cfg.cipher_list = sig == Sig::rsa ? "aRSA" : "aECDSA";
  HandshakeAttempt a = p.handshake(req);
  if (a.verdict == Verdict::accepted) {
    c = cert_from(a.info);
  } else if (a.verdict == Verdict::declined) {
    c = CertFinding{true, false, {}, ""};
  }
}

// Resumption, and 0-RTT in the same handshake when the session allows early data.
void run_resumption(Plan& p) {
  if (!p.r.main || !p.r.main->session || p.stop) {
    p.r.gaps["session_resumption"] = "no session from a completed handshake";
    return;
  }
  SharedSession s = p.r.main->session;
  bool early_allowed = SSL_SESSION_get_max_early_data(s.get()) > 0;
  HandshakeRequest req{early_allowed ? "resumption-early-data" : "resumption", {}, false};
  req.cfg.sni = p.opts.sni;
  req.cfg.resume = s;
  // The session's suite first: a server that picks another suite (another hash, in TLS 1.3)
  // cannot resume, which says nothing about resumption.
  const SSL_CIPHER* c = SSL_SESSION_get0_cipher(s.get());
  std::string name = c != nullptr ? SSL_CIPHER_get_name(c) : "";
  bool tls13_session = SSL_SESSION_get_protocol_version(s.get()) == TLS1_3_VERSION;
  if (!name.empty() && tls13_session) {
    std::vector<std::string> suites{name};
    for (const auto& n : k_tls13_order) {
      if (n != name) {
        suites.push_back(n);
      }
    }
    req.cfg.ciphersuites = join(suites);
  } else if (!name.empty()) {
    req.cfg.cipher_list = name + ":" + req.cfg.cipher_list;
  }
  req.cfg.early_data = early_allowed ? p.opts.early_data : "";
  HandshakeAttempt a = p.handshake(req);
  if (a.verdict != Verdict::accepted) {
    p.r.gaps["session_resumption"] = a.error.message;
    return;
  }
  p.r.session_resumption = a.info.session_reused;
  if (early_allowed) {
    p.r.early_data = a.info.early_data == EarlyData::accepted ? "accepted" : "rejected";
  } else if (tls13_session) {
    p.r.early_data = "not_offered";
  }
}

void run_pq(Plan& p) {
  if (p.r.pq_kex || p.stop || p.r.versions["TLSv1.3"] != VersionState::accepted) {
    return;
  }
  Tls13State s;
  s.groups.clear();  // only the hybrid
  tls13_group_raw_step(p, s);
}

}  // namespace

std::optional<bool> infer_server_preference(const std::vector<std::uint16_t>& order,
                                            const std::vector<std::uint16_t>& chosen) {
  std::vector<std::uint16_t> remaining = chosen;  // the accepted set
  int evidence_even = 0, evidence_odd = 0;
  for (std::size_t step = 0; step < chosen.size(); ++step) {
    // What a server following the client's order picks: the first (even steps) or the last
    // (odd steps, reversed offer) of the accepted suites still offered, in `order`.
    std::vector<std::uint16_t> by_order;
    for (auto id : order) {
      if (contains(remaining, id)) {
        by_order.push_back(id);
      }
    }
    if (by_order.size() >= 2) {
      std::uint16_t predicted = step % 2 == 0 ? by_order.front() : by_order.back();
      if (predicted != chosen[step]) {
        return true;  // the server ignored the client's order
      }
      ++(step % 2 == 0 ? evidence_even : evidence_odd);
    }
    erase_value(remaining, chosen[step]);
  }
  if (evidence_even > 0 && evidence_odd > 0) {
    return false;  // it followed the client's order forwards and backwards
  }
  return std::nullopt;
}

PlanResult run_plan(const Transport& t, const PlanOptions& opts) {
  Plan p{t, opts, {}, false};
  for (const char* v : {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}) {
    p.r.versions[v] = VersionState::unknown;
  }
  std::vector<std::uint16_t> order = tls12_offer_order(opts.openssl_known);
  run_tls13(p);
  if (!p.stop) {
    run_tls12(p, order);
  }
  if (!p.stop && p.r.versions["TLSv1.3"] != VersionState::accepted && p.r.versions["TLSv1.2"] == VersionState::accepted) {
    run_tls12_groups(p);
  }
  if (!p.stop) {
    run_old_versions(p, order);
  }
  if (!p.stop && !p.r.main && any_tls_accepted(p.r)) {
    run_main_tls12(p);
  }
  if (!p.stop && any_tls_accepted(p.r)) {
    run_certificate(p, Sig::rsa);
    run_certificate(p, Sig::ecdsa);
    run_resumption(p);
    run_pq(p);
  }
  if (!p.stop) {
    run_sslv2(p);  // last: a server that chokes on an SSLv2 hello costs nothing else
  }
  bool below_13 = false;
  for (const char* v : {"SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"}) {
    below_13 = below_13 || p.r.versions[v] == VersionState::accepted;
  }
  if (!p.r.compression && !below_13 && !p.stop && p.r.versions["TLSv1.3"] == VersionState::accepted) {
    p.r.compression = false;  // TLS 1.3 has no compression (RFC 8446 4.1.2)
  }
  return std::move(p.r);
}

}  // namespace mtaudit::live
