#pragma once
// Collector for DNS: the thin I/O entry point of the DNS source. It asks the validating
// resolver (dns/unbound_resolver.hpp) in rounds, each round's questions in parallel: first what
// the domain publishes (MX, SPF, DMARC, TLS-RPT, MTA-STS, DKIM), then what those name (the MX
// hosts' addresses and TLSA records, SPF includes), while the MTA-STS policy is fetched over
// HTTPS on its own thread. Everything seen is kept as Observations (dns/observations.hpp): the
// facts are built from them, a snapshot writes them out, and a replay reads them back.
#include <chrono>
#include <string>
#include <vector>

#include "collectors/dns/observations.hpp"
#include "collectors/dns/unbound_resolver.hpp"
#include "core/expected.hpp"
#include "facts/fact.hpp"

namespace mtaudit::dns {

struct DnsOptions {
  std::string domain;
  std::vector<std::string> dkim_selectors;
  ResolverOptions resolver;
  std::string ca_file;                     // trust for the policy fetch; "" = system store
  std::chrono::milliseconds http_timeout{10000};
  std::string snapshot_in;                 // --dns-snapshot: replay, no network
  std::string snapshot_out;                // --dns-snapshot-out
};

// Observations from the network. Errors only for what makes the source unusable (libunbound
// missing, an unreadable trust anchor); lookup failures are in the observations.
Expected<Observations> gather(const DnsOptions& options);

// The `dns` fact subtree, from the network or the snapshot; writes the snapshot when asked.
// Errors: bad options, an unreadable or invalid snapshot, a snapshot that cannot be written.
Expected<facts::Fact> collect_dns_facts(const DnsOptions& options);

}  // namespace mtaudit::dns
