#include "collectors/dns/dns_facts.hpp"

#include <algorithm>

#include "collectors/dns/mta_sts_facts.hpp"
#include "collectors/dns/policy_records.hpp"
#include "collectors/dns/rdata.hpp"
#include "collectors/dns/spf.hpp"
#include "collectors/dns/tag_list.hpp"

namespace mtaudit::dns {
namespace {

using facts::Fact;
using facts::FactList;
using facts::Gap;

Fact failed(const std::string& why) { return Fact::gap(Gap::Kind::failed, why); }
Fact not_applicable(const std::string& why) { return Fact::gap(Gap::Kind::not_applicable, why); }

FactList strings(const std::vector<std::string>& v) { return FactList(v.begin(), v.end()); }

// Why an answer cannot be used; "" when it can.
std::string lookup_error(const Answer* a, const std::string& name, int type) {
  if (a == nullptr) return type_name(type) + " " + name + ": not looked up";
  if (!a->error.empty()) return a->label() + ": " + a->error;
  return "";
}

// name, status, why_bogus, nxdomain; count a failed gap when the lookup failed.
Fact rrset(const Observations& obs, const std::string& name, int type) {
  const Answer* a = obs.find(name, type);
  Fact f;
  f["name"] = name;
  std::string err = lookup_error(a, name, type);
  if (!err.empty()) {
    f["status"] = failed(err);
    f["count"] = failed(err);
    f["why_bogus"] = "";
    f["nxdomain"] = false;
    return f;
  }
  f["status"] = security_name(a->security);
  f["why_bogus"] = a->why_bogus;
  f["nxdomain"] = a->nxdomain;
  f["count"] = static_cast<int>(a->rdata.size());
  return f;
}

std::vector<std::string> txt_strings(const Answer* a, std::vector<std::string>& problems) {
  std::vector<std::string> out;
  if (a == nullptr) return out;
  for (const auto& rd : a->rdata) {
    auto txt = parse_txt(rd);
    if (!txt) {
      problems.push_back("a TXT record at " + a->query.name + " is malformed");
    } else if (txt->size() > k_max_record) {
      problems.push_back("a TXT record at " + a->query.name + " is " + std::to_string(txt->size()) +
                         " bytes (over " + std::to_string(k_max_record) + "; not parsed)");
    } else {
      out.push_back(*txt);
    }
  }
  return out;
}

// The records of one policy kind at a name: the rrset facts, `records`, `count` of those
// records, `record` (the one, when exactly one). Problems of size and syntax go to `problems`.
Fact policy_rrset(const Observations& obs, const std::string& name, std::string_view version, bool ignore_case,
                  std::vector<std::string>& problems, std::vector<std::string>& records) {
  Fact f = rrset(obs, name, k_txt);
  if (f.find("count")->gap()) {
    f["records"] = *f.find("count");
    f["record"] = *f.find("count");
    return f;
  }
  std::vector<std::string> all = txt_strings(obs.find(name, k_txt), problems);
  records = version.empty() ? all : records_with_prefix(all, version, ignore_case);
  f["records"] = strings(records);
  f["count"] = static_cast<int>(records.size());
  f["record"] = records.size() == 1 ? records.front() : std::string();
  if (records.size() > 1) problems.push_back(std::to_string(records.size()) + " records at " + name + ", not 1");
  return f;
}

Fact tlsa_fact(const Observations& obs, const std::string& host) {
  std::string name = tlsa_name(host);
  Fact f = rrset(obs, name, k_tlsa);
  if (f.find("count")->gap()) {
    f["records"] = *f.find("count");
    f["usable"] = *f.find("count");
    return f;
  }
  FactList records;
  FactList unusable;
  int usable = 0;
  for (const auto& rd : obs.find(name, k_tlsa)->rdata) {
    auto t = parse_tlsa(rd);
    if (!t) continue;
    Fact r;
    r["usage"] = t->usage;
    r["selector"] = t->selector;
    r["matching_type"] = t->matching_type;
    r["data"] = to_hex(t->data);
    r["text"] = t->text();
    records.push_back(r);
    if (t->usage == 2 || t->usage == 3) {
      ++usable;
    } else {
      unusable.emplace_back(t->text());
    }
  }
  f["records"] = records;
  f["usable"] = usable;
  f["unusable"] = unusable;
  return f;
}

Security worst(Security a, Security b) {
  auto rank = [](Security s) { return s == Security::bogus ? 2 : s == Security::insecure ? 1 : 0; };
  return rank(a) >= rank(b) ? a : b;
}

void add_addresses(const Observations& obs, const std::string& host, Fact& f) {
  const Answer* a4 = obs.find(host, k_a);
  const Answer* a6 = obs.find(host, k_aaaa);
  std::string e4 = lookup_error(a4, host, k_a), e6 = lookup_error(a6, host, k_aaaa);
  FactList addrs;
  std::optional<Security> sec;
  std::string why;
  for (const Answer* a : {a4, a6}) {
    if (a == nullptr || !a->error.empty()) continue;
    sec = sec ? worst(*sec, a->security) : a->security;
    if (a->security == Security::bogus) why = a->why_bogus;
    for (const auto& rd : a->rdata) {
      auto text = a->query.type == k_a ? parse_a(rd) : parse_aaaa(rd);
      if (text) addrs.emplace_back(*text);
    }
  }
  f["addresses"] = addrs;
  if (!sec) {
    f["resolves"] = failed(e4 + "; " + e6);
    f["address_status"] = failed(e4 + "; " + e6);
  } else {
    f["resolves"] = !addrs.empty();
    f["address_status"] = security_name(*sec);
  }
  f["address_why_bogus"] = why;
}

std::vector<Mx> mx_hosts(const Observations& obs) {
  std::vector<Mx> out;
  const Answer* a = obs.find(obs.domain, k_mx);
  if (a == nullptr || !a->error.empty()) return out;
  for (const auto& rd : a->rdata) {
    if (auto mx = parse_mx(rd); mx && !mx->host.empty()) out.push_back(*mx);
  }
  std::stable_sort(out.begin(), out.end(), [](const Mx& x, const Mx& y) {
    return x.preference != y.preference ? x.preference < y.preference : x.host < y.host;
  });
  return out;
}

Fact mx_fact(const Observations& obs) {
  Fact f = rrset(obs, obs.domain, k_mx);
  if (f.find("count")->gap()) {
    f["hosts"] = *f.find("count");
    return f;
  }
  FactList hosts;
  for (const auto& mx : mx_hosts(obs)) {
    Fact h;
    h["id"] = mx.host;
    h["name"] = mx.host;
    h["preference"] = mx.preference;
    add_addresses(obs, mx.host, h);
    h["tlsa"] = tlsa_fact(obs, mx.host);
    hosts.push_back(h);
  }
  f["null_mx"] = hosts.empty() && f.find("count")->as_int() > 0;
  f["hosts"] = hosts;
  return f;
}

std::map<std::string, SpfTxt> spf_fetched(const Observations& obs) {
  std::map<std::string, SpfTxt> out;
  for (const auto& [q, a] : obs.answers) {
    if (q.type != k_txt) continue;
    SpfTxt t;
    t.error = a.error;
    std::vector<std::string> ignored;
    t.txts = txt_strings(&a, ignored);
    out[q.name] = t;
  }
  return out;
}

Fact spf_fact(const Observations& obs) {
  std::vector<std::string> problems, records;
  Fact f = policy_rrset(obs, obs.domain, "v=spf1", true, problems, records);
  if (f.find("count")->gap()) {
    f["lookups"] = f["all"] = f["problems"] = *f.find("count");
    return f;
  }
  if (records.size() != 1) {
    f["all"] = "";
    f["lookups"] = not_applicable(records.empty() ? "no SPF record" : "more than one SPF record");
    f["problems"] = strings(problems);
    return f;
  }
  SpfRecord top = parse_spf(records.front());
  SpfTree tree = follow_spf(obs.domain, top, spf_fetched(obs));
  for (const auto& p : top.problems) problems.push_back(p);
  for (const auto& p : tree.problems) problems.push_back(p);
  f["all"] = tree.all;
  f["includes_followed"] = strings(tree.visited);
  f["lookups"] = tree.unresolved.empty() ? Fact(tree.lookups) : failed(tree.unresolved.front());
  f["problems"] = strings(problems);
  return f;
}

Fact dmarc_fact(const Observations& obs) {
  std::vector<std::string> problems, records;
  std::string name = dmarc_name(obs.domain);
  Fact f = policy_rrset(obs, name, "v=DMARC1", false, problems, records);
  if (f.find("count")->gap()) {
    f["policy"] = f["rua"] = f["problems"] = *f.find("count");
    return f;
  }
  Dmarc d = records.size() == 1 ? parse_dmarc(records.front()) : Dmarc{};
  for (const auto& p : d.problems) problems.push_back(p);
  f["policy"] = d.policy;
  f["rua"] = strings(d.rua);
  f["pct"] = d.pct;
  f["problems"] = strings(problems);
  return f;
}

Fact tlsrpt_fact(const Observations& obs) {
  std::vector<std::string> problems, records;
  Fact f = policy_rrset(obs, tlsrpt_name(obs.domain), "v=TLSRPTv1", false, problems, records);
  if (f.find("count")->gap()) {
    f["rua"] = f["problems"] = *f.find("count");
    return f;
  }
  TlsRpt r = records.size() == 1 ? parse_tlsrpt(records.front()) : TlsRpt{};
  for (const auto& p : r.problems) problems.push_back(p);
  f["rua"] = strings(r.rua);
  f["problems"] = strings(problems);
  return f;
}

Fact dkim_fact(const Observations& obs) {
  if (obs.dkim_selectors.empty()) return not_applicable("no DKIM selector given (--dkim-selector)");
  FactList out;
  for (const auto& sel : obs.dkim_selectors) {
    std::vector<std::string> problems, records;
    std::string name = dkim_name(sel, obs.domain);
    Fact f = policy_rrset(obs, name, "", false, problems, records);
    f["id"] = name;
    f["selector"] = sel;
    if (f.find("count")->gap()) {
      f["key_type"] = f["key_bits"] = f["revoked"] = f["problems"] = *f.find("count");
      out.push_back(f);
      continue;
    }
    DkimKey k = records.size() == 1 ? parse_dkim(records.front()) : DkimKey{};
    for (const auto& p : k.problems) problems.push_back(p);
    f["key_type"] = k.key_type;
    f["key_bits"] = k.key_bits;
    f["revoked"] = k.revoked;
    f["testing"] = k.testing;
    f["problems"] = strings(problems);
    out.push_back(f);
  }
  return out;
}

}  // namespace

Fact build_dns_facts(const Observations& obs, const std::string& source) {
  Fact f;
  f["domain"] = obs.domain;
  f["source"] = source;
  f["resolver"] = obs.resolver;
  f["trust_anchor"] = obs.trust_anchor;
  f["queries"] = static_cast<int>(obs.answers.size());
  f["mx"] = mx_fact(obs);
  f["spf"] = spf_fact(obs);
  f["dmarc"] = dmarc_fact(obs);
  f["tlsrpt"] = tlsrpt_fact(obs);
  f["dkim"] = dkim_fact(obs);
  f["mta_sts"] = mta_sts_fact(obs, f["mx"]);
  return f;
}

}  // namespace mtaudit::dns
