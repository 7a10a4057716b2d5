#include "collectors/dns/dane_facts.hpp"

#include <algorithm>
#include <set>

#include "collectors/dns/dane.hpp"
#include "collectors/dns/rdata.hpp"
#include "core/base64.hpp"

namespace mtaudit::dns {
namespace {

using facts::Fact;
using facts::FactList;
using facts::Gap;

Fact not_applicable(const std::string& why) { return Fact::gap(Gap::Kind::not_applicable, why); }

const Fact* at(const Fact& f, std::initializer_list<const char*> path) {
  const Fact* cur = &f;
  for (const char* key : path) {
    if (cur == nullptr || cur->gap() || !cur->is_map()) return nullptr;
    cur = cur->find(key);
  }
  return cur != nullptr && !cur->gap() ? cur : nullptr;
}

std::string str(const Fact& f, const char* key) {
  const Fact* v = f.find(key);
  return v != nullptr && v->is_string() ? v->as_string() : "";
}

std::vector<Tlsa> tlsa_records(const Fact& host) {
  std::vector<Tlsa> out;
  const Fact* recs = at(host, {"tlsa", "records"});
  if (recs == nullptr || !recs->is_list()) return out;
  for (const auto& r : recs->as_list()) {
    auto data = from_hex(str(r, "data"));
    if (!data) continue;
    out.push_back({static_cast<int>(r.find("usage")->as_int()), static_cast<int>(r.find("selector")->as_int()),
                   static_cast<int>(r.find("matching_type")->as_int()), *data});
  }
  return out;
}

// The MX host entry this server is: named by --host, else by a certificate's host names.
const Fact* this_mx(const Fact& root, const DaneScope& scope, std::string& why) {
  const Fact* hosts = at(root, {"dns", "mx", "hosts"});
  if (hosts == nullptr || !hosts->is_list()) return nullptr;
  std::set<std::string> names;
  if (!scope.host.empty()) names.insert(canonical_name(scope.host));
  if (const Fact* certs = at(root, {"files", "certificates"}); certs != nullptr && names.empty()) {
    for (const auto& c : certs->as_list()) {
      const Fact* hn = c.find("hostnames");
      if (hn == nullptr || !hn->is_list()) continue;
      for (const auto& h : hn->as_list()) names.insert(canonical_name(str(h, "name")));
    }
  }
  for (const auto& h : hosts->as_list()) {
    if (names.count(str(h, "name")) != 0) return &h;
  }
  why = "no MX host of " + str(*at(root, {"dns"}), "domain") + " is this server (--host, or myhostname on disk)";
  return nullptr;
}

Fact verdict_fact(const std::vector<Tlsa>& records, const std::vector<std::string>& chain, const std::string& mx,
                  std::int64_t now) {
  DaneVerdict v = dane_match(records, chain, mx, now);
  int matching = 0;
  for (const auto& r : records) matching += dane_match({r}, chain, mx, now).matched ? 1 : 0;
  Fact f;
  f["matched"] = v.matched;
  f["matched_record"] = v.record;
  f["matching_records"] = matching;
  f["error"] = v.matched ? "" : v.error;
  return f;
}

std::vector<std::string> decode_all(const Fact& list, const char* key) {
  std::vector<std::string> out;
  for (const auto& e : list.as_list()) {
    const Fact* v = key != nullptr ? e.find(key) : &e;
    if (v == nullptr || !v->is_string()) continue;
    if (auto d = base64_decode(v->as_string())) out.push_back(*d);
  }
  return out;
}

Fact live_entries(const Fact& root, const std::vector<Tlsa>& records, const std::string& mx, const DaneScope& s,
                  std::vector<std::vector<std::string>>& chains) {
  const Fact* ports = at(root, {"live", "ports"});
  if (ports == nullptr) return not_applicable("live: not collected");
  FactList out;
  for (const auto& p : ports->as_list()) {
    const Fact* port = p.find("port");
    const Fact* reached = p.find("reached");
    if (port == nullptr || port->as_int() != s.port || reached == nullptr || !reached->is_bool() || !reached->as_bool()) continue;
    for (const char* alg : {"rsa", "ecdsa"}) {
      const Fact* cert = at(p, {"certificates", alg});
      const Fact* der = cert != nullptr ? cert->find("chain_der") : nullptr;
      if (der == nullptr || !der->is_list() || der->as_list().empty()) continue;
      chains.push_back(decode_all(*der, nullptr));
      Fact f = verdict_fact(records, chains.back(), mx, s.now);
      f["id"] = str(p, "id") + " " + (std::string(alg) == "rsa" ? "RSA" : "ECDSA");
      f["algorithm"] = alg;
      f["sha256"] = str(*cert, "sha256");
      out.push_back(f);
    }
  }
  if (out.empty()) return not_applicable("no live port " + std::to_string(s.port) + " presented a certificate");
  return out;
}

// master.cf services on the DANE port: smtpd itself, or the smtpd pass services behind a postscreen there.
std::set<std::string> services_on_port(const Fact& root, int port) {
  std::set<std::string> ids, front;
  const Fact* svcs = at(root, {"postfix", "services"});
  if (svcs == nullptr) return ids;
  for (const auto& s : svcs->as_list()) {
    const Fact* p = s.find("port");
    if (p != nullptr && p->is_int() && p->as_int() == port) (str(s, "family") == "smtpd" ? ids : front).insert(str(s, "id"));
  }
  for (const auto& s : svcs->as_list()) {
    if (str(s, "type") == "pass" && front.count(str(s, "behind")) != 0) ids.insert(str(s, "id"));
  }
  return ids;
}

Fact disk_entries(const Fact& root, const std::vector<Tlsa>& records, const std::string& mx, const DaneScope& s,
                  std::vector<std::vector<std::string>>& chains) {
  const Fact* certs = at(root, {"files", "certificates"});
  if (certs == nullptr) return not_applicable("files: not collected");
  std::set<std::string> services = services_on_port(root, s.port);
  FactList out;
  for (const auto& c : certs->as_list()) {
    const Fact* users = c.find("services");
    const Fact* chain = c.find("chain");
    if (users == nullptr || !users->is_list() || chain == nullptr || chain->gap() || !chain->is_list()) continue;
    bool used = std::any_of(users->as_list().begin(), users->as_list().end(),
                            [&](const Fact& u) { return u.is_string() && services.count(u.as_string()) != 0; });
    if (!used) continue;
    chains.push_back(decode_all(*chain, "der"));
    Fact f = verdict_fact(records, chains.back(), mx, s.now);
    f["id"] = str(c, "id");
    f["algorithm"] = str(c, "algorithm");
    f["sha256"] = str(c, "sha256");
    out.push_back(f);
  }
  if (out.empty()) return not_applicable("no certificate on disk serves an smtpd on port " + std::to_string(s.port));
  return out;
}

// Why an MX has no records to match. A bogus answer is not an empty one: the validator
// withheld its data, and senders defer mail to that MX (dane-tlsa-present says so).
std::string no_records_reason(const Fact& host) {
  const Fact* tlsa = host.find("tlsa");
  if (str(*tlsa, "status") == "bogus") {
    std::string why = str(*tlsa, "why_bogus");
    return "the TLSA records at " + str(*tlsa, "name") + " are bogus" + (why.empty() ? "" : " (" + why + ")") +
           " (see dane-tlsa-present)";
  }
  return "no TLSA records (see dane-tlsa-present)";
}

int unmatched(const std::vector<Tlsa>& records, const std::vector<std::vector<std::string>>& chains,
              const std::string& mx, std::int64_t now) {
  int n = 0;
  for (const auto& r : records) {
    if (r.usage != 2 && r.usage != 3) continue;
    bool any = std::any_of(chains.begin(), chains.end(), [&](const auto& c) { return dane_match({r}, c, mx, now).matched; });
    n += any ? 0 : 1;
  }
  return n;
}

}  // namespace

Fact dane_facts(const Fact& root, const DaneScope& scope) {
  Fact f;
  f["port"] = scope.port;
  std::string why;
  if (const Fact* mx = at(root, {"dns", "mx"}); mx != nullptr && mx->find("hosts")->gap()) {
    f["mx"] = "";
    f["live"] = f["disk"] = f["unmatched_records"] = *mx->find("hosts");
    return f;
  }
  const Fact* host = this_mx(root, scope, why);
  const Fact* tlsa = host != nullptr ? at(*host, {"tlsa", "records"}) : nullptr;
  if (host != nullptr && tlsa != nullptr && tlsa->as_list().empty()) why = no_records_reason(*host);
  if (host == nullptr || tlsa == nullptr || tlsa->as_list().empty()) {
    f["mx"] = host != nullptr ? str(*host, "name") : "";
    const Fact* failed = host != nullptr ? host->find("tlsa")->find("records") : nullptr;
    f["live"] = f["disk"] = f["unmatched_records"] = failed != nullptr && failed->gap() ? *failed : not_applicable(why);
    return f;
  }
  std::string mx = str(*host, "name");
  std::vector<Tlsa> records = tlsa_records(*host);
  std::vector<std::vector<std::string>> chains;
  f["mx"] = mx;
  f["live"] = live_entries(root, records, mx, scope, chains);
  f["disk"] = disk_entries(root, records, mx, scope, chains);
  f["unmatched_records"] = chains.empty() ? not_applicable("no certificate to compare") : Fact(unmatched(records, chains, mx, scope.now));
  return f;
}

}  // namespace mtaudit::dns
