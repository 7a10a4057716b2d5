#pragma once
// One port's audit → its `live.ports[]` fact (docs/facts-live.md). Pure: works on the plan's
// findings; certificates are parsed and verified here, against the trust store at `now`.
// What could not be learned is a Gap, never a value a rule could pass on.
#include <cstdint>
#include <string>
#include <vector>

#include <openssl/x509.h>

#include "collectors/live/enumerate.hpp"
#include "collectors/live/port_spec.hpp"
#include "collectors/live/probe.hpp"
#include "facts/fact.hpp"

namespace mtaudit::live {

struct PortAudit {
  PortSpec spec;
  std::string id;  // "mx.example.org:25"
  PlanResult plan;
  std::vector<ProbeRecord> probes;
  std::int64_t elapsed_ms = 0;
};

struct VerifyContext {
  X509_STORE* store = nullptr;  // nullptr: the trust store could not be loaded (store_error)
  std::string store_error;
  std::int64_t now = 0;
  std::string host;             // the name certificates must cover; "" for an IP literal
};

facts::Fact port_facts(const PortAudit& audit, const VerifyContext& ctx);

// One accepted suite as a fact map (version, name, openssl_name, id, kx, aead, pfs,
// weak_class, weak_classes, bits, group, dhe_bits).
facts::Fact suite_fact(const SuiteFinding& s);

// A certificate chain as seen by a client (presented, key, names, validity, fingerprints,
// verification, host name).
facts::Fact certificate_fact(const CertFinding& c, const VerifyContext& ctx);

}  // namespace mtaudit::live
