#include "core/base64.hpp"
#include "collectors/live/live_facts.hpp"

#include <algorithm>
#include <cstdio>

#include "collectors/files/certificate.hpp"
#include "collectors/files/timestamp.hpp"
#include "collectors/files/verify.hpp"
#include "core/openssl_ptr.hpp"

namespace mtaudit::live {
namespace {

using facts::Fact;
using facts::FactList;
using facts::FactMap;
using facts::Gap;

const char* const k_versions[] = {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};

FactList strings(const std::vector<std::string>& v) { return FactList(v.begin(), v.end()); }

Fact failed(const std::string& why) { return Fact::gap(Gap::Kind::failed, why); }
Fact not_applicable(const std::string& why) { return Fact::gap(Gap::Kind::not_applicable, why); }

std::string hex_id(std::uint32_t id, bool sslv2) {
  char buf[12];
  std::snprintf(buf, sizeof buf, sslv2 ? "0x%06X" : "0x%04X", id);
  return buf;
}

// Why facts after the plan stopped are missing.
std::string stop_reason(const PlanResult& p) {
  return p.stopped ? p.stopped->message : "not collected";
}

template <class T>
Fact optional_fact(const std::optional<T>& v, const std::string& why_missing) {
  return v ? Fact(*v) : failed(why_missing);
}

X509Ptr parse_der(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

bool accepted(const PlanResult& p, const char* v) {
  auto it = p.versions.find(v);
  return it != p.versions.end() && it->second == VersionState::accepted;
}

bool any_accepted(const PlanResult& p) {
  return std::any_of(std::begin(k_versions), std::end(k_versions), [&](const char* v) { return accepted(p, v); });
}

bool below_tls13_accepted(const PlanResult& p) {
  return accepted(p, "SSLv3") || accepted(p, "TLSv1") || accepted(p, "TLSv1.1") || accepted(p, "TLSv1.2");
}

void add_protocols(const PlanResult& p, Fact& f) {
  Fact protocols;
  FactList list;
  bool complete = true;
  for (const char* v : k_versions) {
    auto it = p.versions.find(v);
    VersionState s = it == p.versions.end() ? VersionState::unknown : it->second;
    if (s == VersionState::unknown) {
      protocols[v] = failed(stop_reason(p));
      complete = false;
      continue;
    }
    protocols[v] = s == VersionState::accepted;
    if (s == VersionState::accepted) {
      list.emplace_back(v);
    }
  }
  f["protocols"] = protocols;
  f["protocols_accepted"] = complete ? Fact(list) : failed(stop_reason(p));
}

// The highest version below TLS 1.3 with a verdict, else TLS 1.3.
Fact preference_fact(const PlanResult& p) {
  for (const char* v : {"TLSv1.2", "TLSv1.1", "TLSv1", "SSLv3", "TLSv1.3"}) {
    auto it = p.server_preference.find(v);
    if (it != p.server_preference.end() && it->second) {
      return Fact(*it->second);
    }
  }
  if (p.stopped) {
    return failed(stop_reason(p));
  }
  return not_applicable("fewer than two suites accepted in every version: nothing to choose between");
}

Fact preference_by_version(const PlanResult& p) {
  Fact out = Fact(FactMap{});
  for (const auto& [v, pref] : p.server_preference) {
    out[v] = pref ? Fact(*pref) : not_applicable("fewer than two suites accepted");
  }
  return out;
}

int smallest_dhe(const PlanResult& p) {
  int bits = 0;
  for (const auto& s : p.suites) {
    if (s.dhe_bits > 0 && (bits == 0 || s.dhe_bits < bits)) {
      bits = s.dhe_bits;
    }
  }
  return bits;
}

Fact early_data_fact(const PlanResult& p) {
  if (p.early_data == "accepted") {
    return Fact(true);
  }
  if (p.early_data == "rejected" || p.early_data == "not_offered") {
    return Fact(false);
  }
  return p.stopped ? failed(stop_reason(p)) : not_applicable("no TLS 1.3 session to resume with early data");
}

void add_tls_properties(const PlanResult& p, Fact& f) {
  bool partial = p.stopped.has_value();
  FactList suites;
  for (const auto& s : p.suites) {
    suites.push_back(suite_fact(s));
  }
  f["suites"] = partial ? failed(stop_reason(p)) : Fact(suites);
  // "TLSv1.2 TLS_ECDHE_..." in the server's order: what a person reads in the text report.
  FactList names;
  for (const auto& s : p.suites) {
    Fact described = suite_fact(s);
    names.emplace_back(described.find("version")->as_string() + " " + described.find("name")->as_string());
  }
  f["suite_names"] = partial ? failed(stop_reason(p)) : Fact(names);
  f["groups"] = partial ? failed(stop_reason(p)) : Fact(strings(p.groups));
  f["dhe_bits"] = partial ? failed(stop_reason(p)) : Fact(smallest_dhe(p));
  f["server_preference"] = preference_fact(p);
  f["server_preference_by_version"] = preference_by_version(p);
  f["compression"] = optional_fact(p.compression, stop_reason(p));
  f["secure_renegotiation"] =
      p.secure_renegotiation ? Fact(*p.secure_renegotiation)
      : (!below_tls13_accepted(p) && !partial) ? not_applicable("no TLS version below 1.3 accepted")
                                               : failed(stop_reason(p));
  auto gap = p.gaps.find("session_resumption");
  f["session_resumption"] = optional_fact(p.session_resumption, gap != p.gaps.end() ? gap->second : stop_reason(p));
  f["early_data"] = early_data_fact(p);
  f["early_data_status"] = p.early_data;
  f["pq_kex"] = p.pq_kex ? Fact(*p.pq_kex)
                : (!accepted(p, "TLSv1.3") && !partial) ? not_applicable("TLS 1.3 not accepted")
                                                        : failed(stop_reason(p));
}

void add_smtp(const PortAudit& a, Fact& f) {
  const PlanResult& p = a.plan;
  bool implicit = a.spec.implicit_tls;
  std::optional<PostTls> post = p.main && p.main->post ? p.main->post : std::nullopt;
  std::string greeting = implicit ? (post ? post->greeting : "") : (p.pre ? p.pre->greeting : "");
  f["greeting"] = !greeting.empty() ? Fact(greeting) : failed(stop_reason(p));
  // Whether the port answered at all: the rules other than live-starttls judge only ports that
  // did, so a closed port is one error result, not one per rule.
  f["reached"] = !greeting.empty() || any_accepted(p);
  if (implicit) {
    f["ehlo_before_tls"] = not_applicable("implicit TLS: no SMTP before TLS");
    f["auth_before_tls"] = not_applicable("implicit TLS: no SMTP before TLS");
    f["starttls_offered"] = not_applicable("implicit TLS");
  } else if (p.pre) {
    f["ehlo_before_tls"] = strings(capability_names(p.pre->ehlo));
    f["auth_before_tls"] = strings(auth_mechanisms(p.pre->ehlo));
    f["starttls_offered"] = p.pre->starttls_offered;
  } else {
    for (const char* k : {"ehlo_before_tls", "auth_before_tls", "starttls_offered"}) {
      f[k] = failed(stop_reason(p));
    }
  }
  std::string why = p.no_starttls ? "STARTTLS not offered"
                    : p.main && !p.main->post ? "no SMTP dialogue after TLS: " + p.main->error.message
                                              : stop_reason(p);
  f["ehlo_after_tls"] = post ? Fact(strings(capability_names(post->ehlo))) : failed(why);
  f["auth_after_tls"] = post ? Fact(strings(auth_mechanisms(post->ehlo))) : failed(why);
}

Fact probes_fact(const std::vector<ProbeRecord>& probes) {
  FactList out;
  for (const auto& r : probes) {
    Fact m;
    m["name"] = r.name;
    m["ms"] = r.ms;
    m["connections"] = r.connections;
    m["result"] = r.result;
    out.push_back(m);
  }
  return out;
}

void add_certificate_details(X509* leaf, const std::vector<X509*>& issuers, const VerifyContext& ctx, Fact& f) {
  files::CertificateInfo info = files::describe_certificate(leaf);
  f["key_type"] = info.key.type;
  f["key_bits"] = info.key.bits;
  f["key_curve"] = info.key.curve;
  f["subject"] = info.subject;
  f["issuer"] = info.issuer;
  f["san"] = strings(info.san);
  f["not_after"] = files::format_timestamp(info.not_after);
  f["days_left"] = files::whole_days(info.not_after - ctx.now);
  f["sha256"] = info.sha256;
  f["spki_sha256"] = info.key.spki_sha256;
  f["signature_algorithm"] = info.signature_algorithm;
  if (ctx.store == nullptr) {
    f["verify_error"] = failed("trust store not loaded: " + ctx.store_error);
  } else {
    files::Verification v = files::verify_chain(ctx.store, leaf, issuers, ctx.now);
    f["verify_error"] = v.ok ? "" : v.error;
  }
  f["name_matches"] = ctx.host.empty() ? not_applicable("no host name given (connected by address)")
                                       : Fact(files::covers_host(leaf, ctx.host));
}

}  // namespace

Fact suite_fact(const SuiteFinding& s) {
  bool sslv2 = s.protocol == "SSLv2";
  const SuiteInfo* info = sslv2 ? find_sslv2_suite(s.id) : find_suite(static_cast<std::uint16_t>(s.id));
  Fact f;
  f["version"] = s.protocol;
  f["id"] = hex_id(s.id, sslv2);
  f["name"] = info != nullptr && *info->iana != '\0' ? info->iana : hex_id(s.id, sslv2);
  f["openssl_name"] = info != nullptr ? info->openssl : "";
  f["kx"] = info != nullptr ? kx_name(*info) : "unknown";
  f["aead"] = info != nullptr && is_aead(*info);
  f["pfs"] = info != nullptr && is_pfs(*info);
  std::vector<std::string> weak = info != nullptr ? weak_classes(*info) : std::vector<std::string>{"unknown"};
  f["weak_class"] = weak.empty() ? "" : weak.front();
  f["weak_classes"] = strings(weak);
  f["bits"] = info != nullptr ? secret_bits(*info) : 0;
  f["group"] = s.group;
  f["dhe_bits"] = s.dhe_bits;
  return f;
}

Fact certificate_fact(const CertFinding& c, const VerifyContext& ctx) {
  Fact f;
  f["presented"] = c.presented;
  f["protocol"] = c.protocol;
  if (!c.presented) {
    return f;
  }
  std::vector<X509Ptr> chain;
  for (const auto& der : c.chain_der) {
    chain.push_back(parse_der(der));
  }
  FactList fingerprints;
  for (const auto& der : c.chain_der) {
    fingerprints.emplace_back(files::describe_certificate(parse_der(der).get()).sha256);
  }
  f["chain_sha256"] = fingerprints;
  FactList der;
  for (const auto& d : c.chain_der) der.emplace_back(base64_encode(d));
  f["chain_der"] = der;  // public certificates, for DANE matching and for auditors to re-check
  f["chain_length"] = static_cast<int>(c.chain_der.size());
  if (chain.empty() || !chain.front()) {
    f["verify_error"] = failed("the server's certificate does not parse");
    return f;
  }
  std::vector<X509*> issuers;
  for (std::size_t i = 1; i < chain.size(); ++i) {
    if (chain[i]) {
      issuers.push_back(chain[i].get());
    }
  }
  add_certificate_details(chain.front().get(), issuers, ctx, f);
  return f;
}

// One line per certificate presented ("RSA 2048 bits, CN=mx, 410 days left, verifies"), for
// the text report; the details stay in `certificates`.
Fact certificate_summary(const Fact& certs) {
  FactList out;
  for (const char* kind : {"rsa", "ecdsa"}) {
    const Fact* c = certs.find(kind);
    const Fact* presented = c != nullptr ? c->find("presented") : nullptr;
    if (presented == nullptr || !presented->is_bool() || !presented->as_bool()) continue;
    auto text = [&](const char* k) {
      const Fact* v = c->find(k);
      return v == nullptr || v->gap() ? std::string("?") : v->is_int() ? std::to_string(v->as_int()) : v->is_string() ? v->as_string() : "";
    };
    std::string verify = text("verify_error");
    out.emplace_back(std::string(kind[0] == 'r' ? "RSA" : "ECDSA") + " " + text("key_bits") + " bits, " + text("subject") +
                     ", " + text("days_left") + " days left, " + (verify.empty() ? "verifies" : "does not verify: " + verify));
  }
  return out;
}

Fact port_facts(const PortAudit& a, const VerifyContext& ctx) {
  const PlanResult& p = a.plan;
  Fact f;
  f["port"] = a.spec.port;
  f["mode"] = mode_name(a.spec);
  f["id"] = a.id;
  f["error"] = p.stopped ? p.stopped->message : "";
  f["error_kind"] = p.stopped ? to_string(p.stopped->kind) : "";
  add_smtp(a, f);
  f["tls_ok"] = p.main ? Fact(true) : (p.stopped && !any_accepted(p)) ? failed(stop_reason(p)) : Fact(false);
  if (p.no_starttls) {
    f["tls_ok"] = false;
  }
  add_protocols(p, f);
  add_tls_properties(p, f);
  Fact certs;
  certs["rsa"] = p.rsa.tested ? certificate_fact(p.rsa, ctx) : failed(stop_reason(p));
  certs["ecdsa"] = p.ecdsa.tested ? certificate_fact(p.ecdsa, ctx) : failed(stop_reason(p));
  f["certificates"] = certs;
  f["certificate_summary"] = certificate_summary(certs);
  if (p.no_starttls) {
    for (const char* k : {"protocols", "protocols_accepted", "suites", "suite_names", "certificate_summary", "groups", "dhe_bits", "server_preference",
                          "compression", "secure_renegotiation", "session_resumption", "early_data", "pq_kex",
                          "certificates", "ehlo_after_tls", "auth_after_tls"}) {
      f[k] = not_applicable("STARTTLS not offered");
    }
  }
  int connections = 0;
  for (const auto& r : a.probes) {
    connections += r.connections;
  }
  f["connections"] = connections;
  f["elapsed_ms"] = a.elapsed_ms;
  f["probes"] = probes_fact(a.probes);
  return f;
}

}  // namespace mtaudit::live
