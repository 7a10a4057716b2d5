#include "collectors/dns/mta_sts_facts.hpp"

#include "collectors/dns/mta_sts_policy.hpp"
#include "collectors/dns/policy_records.hpp"
#include "collectors/dns/rdata.hpp"
#include "collectors/dns/tag_list.hpp"

namespace mtaudit::dns {
namespace {

using facts::Fact;
using facts::FactList;
using facts::Gap;

FactList strings(const std::vector<std::string>& v) { return FactList(v.begin(), v.end()); }

Fact txt_fact(const Observations& obs, std::vector<std::string>& records) {
  std::string name = sts_txt_name(obs.domain);
  const Answer* a = obs.find(name, k_txt);
  Fact f;
  f["name"] = name;
  if (a == nullptr || !a->error.empty()) {
    Fact gap = Fact::gap(Gap::Kind::failed, a == nullptr ? "TXT " + name + ": not looked up" : a->label() + ": " + a->error);
    f["count"] = f["records"] = f["problems"] = f["id"] = f["status"] = gap;
    return f;
  }
  std::vector<std::string> problems;
  for (const auto& rd : a->rdata) {
    auto txt = parse_txt(rd);
    if (txt && txt->size() <= k_max_record) {
      if (!records_with_prefix({*txt}, "v=STSv1", false).empty()) records.push_back(*txt);
    } else {
      problems.push_back("a TXT record at " + name + " is malformed or over " + std::to_string(k_max_record) + " bytes");
    }
  }
  if (records.size() > 1) problems.push_back(std::to_string(records.size()) + " records at " + name + ", not 1");
  StsRecord r = records.size() == 1 ? parse_sts_record(records.front()) : StsRecord{};
  for (const auto& p : r.problems) problems.push_back(p);
  f["status"] = security_name(a->security);
  f["count"] = static_cast<int>(records.size());
  f["records"] = strings(records);
  f["id"] = r.id;
  f["problems"] = strings(records.empty() ? std::vector<std::string>{} : problems);
  return f;
}

// What keeps a sending MTA from using the policy it fetched (RFC 8461 3.3), in words.
std::vector<std::string> fetch_problems(const HttpsResponse& r, const std::string& host) {
  std::vector<std::string> out;
  if (!r.tls_error.empty()) out.push_back("the certificate of " + host + " does not verify: " + r.tls_error);
  if (r.status >= 300 && r.status < 400) {
    out.push_back(r.url + " redirects (HTTP " + std::to_string(r.status) + " to " + r.location +
                  "); RFC 8461 forbids following redirects");
  } else if (r.status != 200 && r.tls_error.empty()) {
    out.push_back(r.url + " answers HTTP " + std::to_string(r.status) + ", not 200");
  }
  std::string type = lower(trim(r.content_type.substr(0, r.content_type.find(';'))));
  if (r.status == 200 && type != "text/plain") {
    out.push_back(r.url + " is served as " + (r.content_type.empty() ? "no content type" : r.content_type) +
                  ", not text/plain");
  }
  if (r.over_limit) out.push_back(r.url + " is larger than 64 KiB (RFC 8461 3.3 lets senders refuse it)");
  return out;
}

void add_parsed(const StsPolicy& p, Fact& f) {
  auto missing = [](const char* what) { return Fact::gap(Gap::Kind::not_applicable, std::string("the policy has no valid ") + what); };
  f["version"] = p.version;
  f["mode"] = p.mode.empty() ? missing("mode") : Fact(p.mode);
  f["max_age"] = p.max_age < 0 ? missing("max_age") : Fact(p.max_age);
  f["mx"] = strings(p.mx);
}

Fact policy_fact(const Observations& obs, bool has_record) {
  if (!has_record) return Fact::gap(Gap::Kind::not_applicable, "no _mta-sts TXT record (MTA-STS is not deployed)");
  std::string host = sts_host_name(obs.domain);
  for (int type : {k_a, k_aaaa}) {
    const Answer* a = obs.find(host, type);
    if (!obs.policy && (a == nullptr || !a->error.empty())) {
      return Fact::gap(Gap::Kind::failed, a == nullptr ? type_name(type) + " " + host + ": not looked up" : a->label() + ": " + a->error);
    }
  }
  Fact f;
  f["url"] = "https://" + host + k_sts_policy_path;
  if (!obs.policy) {
    f["problems"] = FactList{Fact(host + " has no address (A or AAAA)")};
    f["fetched"] = false;
  } else if (!obs.policy->error.empty()) {
    return Fact::gap(Gap::Kind::failed, obs.policy->url + ": " + obs.policy->error);
  } else {
    const HttpsResponse& r = *obs.policy;
    std::vector<std::string> problems = fetch_problems(r, host);
    f["fetched"] = problems.empty();
    f["address"] = r.address;
    f["http_status"] = static_cast<std::int64_t>(r.status);
    f["content_type"] = r.content_type;
    f["redirect"] = r.location;
    f["size"] = static_cast<std::int64_t>(r.body.size());
    if (problems.empty()) {
      StsPolicy p = parse_sts_policy(r.body);
      problems = p.problems;
      add_parsed(p, f);
    }
    f["problems"] = strings(problems);
  }
  if (!f.find("mode")) {
    Fact gap = Fact::gap(Gap::Kind::not_applicable, "no usable policy (see mta-sts-policy)");
    f["mode"] = f["max_age"] = f["mx"] = f["version"] = gap;
  }
  return f;
}

Fact not_covered(const Fact& policy, const Fact& mx) {
  if (policy.gap()) return policy;
  const Fact* patterns = policy.find("mx");
  if (patterns->gap()) return *patterns;
  const Fact* hosts = mx.find("hosts");
  if (hosts == nullptr || hosts->gap()) return hosts != nullptr ? *hosts : Fact::gap(Gap::Kind::failed, "no MX facts");
  FactList out;
  for (const auto& h : hosts->as_list()) {
    const std::string& name = h.find("name")->as_string();
    bool covered = false;
    for (const auto& p : patterns->as_list()) covered = covered || sts_mx_matches(p.as_string(), name);
    if (!covered) out.emplace_back(name);
  }
  return out;
}

}  // namespace

Fact mta_sts_fact(const Observations& obs, const Fact& mx) {
  std::vector<std::string> records;
  Fact f;
  f["txt"] = txt_fact(obs, records);
  const Fact* count = f["txt"].find("count");
  f["policy"] = count->gap() ? *count : policy_fact(obs, !records.empty());
  f["mx_not_covered"] = not_covered(f["policy"], mx);
  return f;
}

}  // namespace mtaudit::dns
