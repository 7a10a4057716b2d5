#pragma once
// Everything the DNS source saw from the network: every answer with its DNSSEC verdict and the
// MTA-STS policy fetch. Facts are a pure function of this (dns_facts.hpp), and it is exactly
// what a snapshot file holds (snapshot.hpp), so a replay gives the same facts byte for byte.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "collectors/dns/answer.hpp"
#include "collectors/dns/https_fetch.hpp"

namespace mtaudit::dns {

struct Observations {
  std::string domain;                      // canonical
  std::vector<std::string> dkim_selectors;  // as given, in order
  std::string resolver;                    // Resolver::describe()
  std::string trust_anchor;                // file used
  std::map<Query, Answer> answers;
  std::optional<HttpsResponse> policy;     // absent when not fetched (no STS record, no address)
  long long elapsed_ms = 0;                // not in facts (they must replay identically)

  const Answer* find(const std::string& name, int type) const;
};

// The names the collector asks about, so the facts and the gathering agree.
std::string sts_txt_name(const std::string& domain);      // _mta-sts.D
std::string sts_host_name(const std::string& domain);     // mta-sts.D
std::string tlsrpt_name(const std::string& domain);       // _smtp._tls.D
std::string dmarc_name(const std::string& domain);        // _dmarc.D
std::string dkim_name(const std::string& selector, const std::string& domain);  // S._domainkey.D
std::string tlsa_name(const std::string& mx_host);        // _25._tcp.MX
inline constexpr const char* k_sts_policy_path = "/.well-known/mta-sts.txt";

}  // namespace mtaudit::dns
