#pragma once
// SPF (RFC 7208): one record parsed into what the audit needs, and the tree of `include` and
// `redirect` followed to count the DNS-querying terms (the limit of 10, RFC 7208 4.6.4).
#include <map>
#include <string>
#include <vector>

namespace mtaudit::dns {

struct SpfRecord {
  std::vector<std::string> includes;  // include: targets without macros, in record order
  std::string redirect;               // redirect= target ("" = none; macros are not followed)
  std::string all;                    // "-all", "~all", "+all", "?all"; "" = no all mechanism
  int lookups = 0;                    // this record's own DNS-querying terms
  std::vector<std::string> problems;  // syntax errors (a permerror for receivers)
};

SpfRecord parse_spf(const std::string& record);

// What the names an SPF tree points at hold: the TXT strings, or why they could not be read.
struct SpfTxt {
  std::string error;              // a failed lookup (SERVFAIL, timeout)
  std::vector<std::string> txts;  // every TXT string at the name (NXDOMAIN/NODATA: none)
};

// Names the record sends the receiver to, to be fetched next.
std::vector<std::string> spf_targets(const SpfRecord& record);

struct SpfTree {
  int lookups = 0;                      // DNS-querying terms, includes and redirects followed (at most 1000)
  std::string all;                      // the all of the record, or of its redirect target
  std::vector<std::string> problems;    // include loops, targets without exactly one SPF record, syntax
  std::vector<std::string> unresolved;  // "include:x.example: SERVFAIL": the count is a lower bound
  std::vector<std::string> visited;     // names followed, in order
};

// Follows `top` (the record at `domain`) through `fetched`; a target missing from `fetched`
// counts as unresolved. Depth is bounded, so a loop or a deep chain ends.
SpfTree follow_spf(const std::string& domain, const SpfRecord& top, const std::map<std::string, SpfTxt>& fetched);

}  // namespace mtaudit::dns
