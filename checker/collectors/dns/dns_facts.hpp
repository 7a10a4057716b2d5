#pragma once
// Observations → the `dns` fact subtree (docs/facts-dns.md). Pure: the same observations give
// the same facts, whether they came from the network or from a snapshot.
#include "collectors/dns/observations.hpp"
#include "facts/fact.hpp"

namespace mtaudit::dns {

facts::Fact build_dns_facts(const Observations& obs, const std::string& source);

}  // namespace mtaudit::dns
