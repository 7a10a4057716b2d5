#pragma once
// --dns-snapshot-out / --dns-snapshot: the observations as a JSON document, so CI and auditors
// can re-run the DNS rules on exactly what the resolver and the policy server said, with no
// network. Hostile input: the reader checks every field and size and names what is wrong.
//
//   {"format": "mtaudit-dns-snapshot", "version": 1, "domain": "...", "dkim_selectors": [...],
//    "resolver": "...", "trust_anchor": "...",
//    "answers": [{"name", "type": "MX", "error", "nxdomain", "security", "why_bogus",
//                 "rdata": ["hex", ...]}, ...],
//    "policy": null | {"url", "address", "error", "tls_error", "status", "content_type",
//                      "location", "body", "over_limit"}}
#include <string>

#include "collectors/dns/observations.hpp"
#include "core/expected.hpp"

namespace mtaudit::dns {

std::string write_snapshot(const Observations& obs);
// `file` names the snapshot in errors ("s.json: answers[3].type: unknown type \"SOA\"").
Expected<Observations> read_snapshot(const std::string& text, const std::string& file);

// Larger snapshot files are refused unread.
inline constexpr std::size_t k_max_snapshot_bytes = 16 * 1024 * 1024;

}  // namespace mtaudit::dns
