#include "collectors/dns.hpp"

#include <algorithm>
#include <fstream>
#include <future>
#include <set>
#include <sstream>

#include "collectors/dns/dns_facts.hpp"
#include "collectors/dns/rdata.hpp"
#include "collectors/dns/snapshot.hpp"
#include "collectors/dns/spf.hpp"
#include "collectors/dns/tag_list.hpp"
#include "core/atomic_file.hpp"

namespace mtaudit::dns {
namespace {

using Clock = std::chrono::steady_clock;

// SPF trees are followed this many names deep at most (a loop or a hostile chain ends).
constexpr std::size_t k_max_spf_names = 40;

void ask(Resolver& resolver, const std::vector<Query>& queries, Observations& obs) {
  std::vector<Query> fresh;
  for (const auto& q : queries) {
    if (obs.answers.count(q) == 0 && std::find(fresh.begin(), fresh.end(), q) == fresh.end()) fresh.push_back(q);
  }
  if (fresh.empty()) return;
  for (auto& a : resolver.resolve(fresh)) obs.answers[a.query] = std::move(a);
}

std::vector<Query> domain_questions(const DnsOptions& o, const std::string& d) {
  std::vector<Query> q{{d, k_mx}, {d, k_txt}, {sts_txt_name(d), k_txt}, {tlsrpt_name(d), k_txt},
                       {dmarc_name(d), k_txt}, {sts_host_name(d), k_a}, {sts_host_name(d), k_aaaa}};
  for (const auto& s : o.dkim_selectors) q.push_back({dkim_name(s, d), k_txt});
  return q;
}

std::vector<std::string> txts(const Observations& obs, const std::string& name) {
  std::vector<std::string> out;
  const Answer* a = obs.find(name, k_txt);
  if (a == nullptr) return out;
  for (const auto& rd : a->rdata) {
    if (auto t = parse_txt(rd); t && t->size() <= k_max_record) out.push_back(*t);
  }
  return out;
}

std::vector<Query> mx_questions(const Observations& obs) {
  std::vector<Query> q;
  const Answer* mx = obs.find(obs.domain, k_mx);
  if (mx == nullptr) return q;
  for (const auto& rd : mx->rdata) {
    auto m = parse_mx(rd);
    if (!m || m->host.empty()) continue;
    q.push_back({m->host, k_a});
    q.push_back({m->host, k_aaaa});
    q.push_back({tlsa_name(m->host), k_tlsa});
  }
  return q;
}

// The SPF names not yet asked for: the targets of every single SPF record seen so far.
std::vector<Query> spf_questions(const Observations& obs, const std::set<std::string>& followed) {
  std::vector<Query> q;
  for (const auto& name : followed) {
    auto spf = records_with_prefix(txts(obs, name), "v=spf1", true);
    if (spf.size() != 1) continue;
    for (const auto& t : spf_targets(parse_spf(spf.front()))) {
      if (obs.find(t, k_txt) == nullptr) q.push_back({t, k_txt});
    }
  }
  return q;
}

// Starts the policy fetch when there is an STS record and an address to fetch it from.
std::future<HttpsResponse> start_policy_fetch(const DnsOptions& o, const Observations& obs) {
  if (records_with_prefix(txts(obs, sts_txt_name(obs.domain)), "v=STSv1", false).empty()) return {};
  HttpsRequest req;
  req.host = sts_host_name(obs.domain);
  req.path = k_sts_policy_path;
  req.ca_file = o.ca_file;
  req.timeout = o.http_timeout;
  for (int type : {k_a, k_aaaa}) {
    const Answer* a = obs.find(req.host, type);
    if (a == nullptr || a->rdata.empty() || !req.address.empty()) continue;
    auto addr = type == k_a ? parse_a(a->rdata.front()) : parse_aaaa(a->rdata.front());
    if (addr) req.address = *addr;
  }
  if (req.address.empty()) return {};
  return std::async(std::launch::async, [req] { return https_get(req); });
}

Expected<std::string> read_small_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Diag{path, 0, 0, "cannot read the DNS snapshot"};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Expected<Observations> gather(const DnsOptions& o) {
  const auto start = Clock::now();
  auto made = make_unbound_resolver(o.resolver);
  if (!made) return made.errors();
  Resolver& resolver = **made;
  Observations obs;
  obs.domain = canonical_name(o.domain);
  obs.dkim_selectors = o.dkim_selectors;
  obs.resolver = resolver.describe();
  obs.trust_anchor = o.resolver.trust_anchor.empty() ? k_default_trust_anchor : o.resolver.trust_anchor;
  ask(resolver, domain_questions(o, obs.domain), obs);
  auto policy = start_policy_fetch(o, obs);
  std::set<std::string> spf_names{obs.domain};
  std::vector<Query> next = mx_questions(obs);
  while (true) {
    std::vector<Query> spf = spf_questions(obs, spf_names);
    for (const auto& q : spf) {
      if (spf_names.size() < k_max_spf_names && spf_names.insert(q.name).second) next.push_back(q);
    }
    if (next.empty()) break;
    ask(resolver, next, obs);
    next.clear();
  }
  if (policy.valid()) obs.policy = policy.get();
  obs.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  return obs;
}

Expected<facts::Fact> collect_dns_facts(const DnsOptions& o) {
  Observations obs;
  std::string source = "network";
  if (!o.snapshot_in.empty()) {
    auto text = read_small_file(o.snapshot_in);
    if (!text) return text.errors();
    auto replay = read_snapshot(*text, o.snapshot_in);
    if (!replay) return replay.errors();
    if (!o.domain.empty() && canonical_name(o.domain) != replay->domain) {
      return Diag{o.snapshot_in, 0, 0, "the snapshot is of " + replay->domain + ", not " + canonical_name(o.domain)};
    }
    obs = std::move(replay).value();
    source = "snapshot";
  } else {
    auto got = gather(o);
    if (!got) return got.errors();
    obs = std::move(got).value();
  }
  if (!o.snapshot_out.empty()) {
    if (auto w = write_file_atomic(o.snapshot_out, write_snapshot(obs)); !w) return w.errors();
  }
  facts::Fact f = build_dns_facts(obs, source);
  return f;
}

}  // namespace mtaudit::dns
