#pragma once
// DANE across sources: the TLSA records of the MX host this server is (dns.mx.hosts[].tlsa)
// matched against the chains the live server presented (live.ports[].certificates) and the
// chains on disk (files.certificates[].chain) of the smtpd services on the DANE port.
// A pure function of the fact tree, so a replay of saved facts gives the same verdicts.
#include <cstdint>

#include "facts/fact.hpp"

namespace mtaudit::dns {

struct DaneScope {
  int port = 25;          // the live port and master.cf port the TLSA records at _25._tcp describe
  std::string host;       // --host: the MX name this server answers as ("" = from the certificates)
  std::int64_t now = 0;   // validity is judged at this instant
};

// The `dns.dane` subtree: mx, port, live (list or gap), disk (list or gap), unmatched_records.
facts::Fact dane_facts(const facts::Fact& root, const DaneScope& scope);

}  // namespace mtaudit::dns
