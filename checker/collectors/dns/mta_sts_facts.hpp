#pragma once
// The `dns.mta_sts` facts: the _mta-sts TXT record, the policy as fetched, and the MX hosts
// no `mx:` pattern covers.
#include "collectors/dns/observations.hpp"
#include "facts/fact.hpp"

namespace mtaudit::dns {

// `mx` is the dns.mx fact (its hosts are checked against the policy's patterns).
facts::Fact mta_sts_fact(const Observations& obs, const facts::Fact& mx);

}  // namespace mtaudit::dns
