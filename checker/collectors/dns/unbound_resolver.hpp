#pragma once
// The network Resolver: libunbound, validating DNSSEC itself from a trust anchor (never trusting
// an upstream AD bit), every batch asked in parallel (asynchronous resolution) and bounded by a
// deadline: questions still open when it passes are cancelled and answered "timeout".
#include <chrono>
#include <memory>
#include <string>

#include "collectors/dns/answer.hpp"
#include "core/expected.hpp"

namespace mtaudit::dns {

struct ResolverOptions {
  std::string forwarder;     // "ADDR" or "ADDR@PORT"; "" = the servers of /etc/resolv.conf
  std::string trust_anchor;  // DS or DNSKEY records, zone-file format (unbound's trust-anchor-file)
  std::chrono::milliseconds timeout{5000};  // per batch
};

// The root key Debian's dns-root-data installs: the default trust anchor.
inline constexpr const char* k_default_trust_anchor = "/usr/share/dns/root.key";

// Errors: libunbound missing, a forwarder or trust anchor file unbound rejects (named).
Expected<std::unique_ptr<Resolver>> make_unbound_resolver(const ResolverOptions& options);

}  // namespace mtaudit::dns
