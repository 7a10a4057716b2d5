#pragma once
// The "tag=value; tag=value" syntax that DKIM (RFC 6376 3.2), DMARC (RFC 7489 6.4), TLS-RPT
// (RFC 8460 3) and the MTA-STS TXT record (RFC 8461 3.1) share.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mtaudit::dns {

struct TagList {
  std::vector<std::pair<std::string, std::string>> tags;  // in record order; names lower case
  std::vector<std::string> problems;                     // "tag 3 \"foo\" has no '='", duplicates

  const std::string* find(std::string_view name) const;
};

// Whitespace around tags and values is dropped; an empty tag after the last ';' is allowed.
TagList parse_tag_list(std::string_view record);

// Records longer than this are reported, not parsed: a TXT record that large is a mistake or
// an attack, and no rule needs its contents.
inline constexpr std::size_t k_max_record = 4096;

// The TXT strings at a name that start with `version` (e.g. "v=DMARC1"), compared as the RFCs
// say (case-insensitively for SPF, exactly for the others); the rest are other TXT records.
std::vector<std::string> records_with_prefix(const std::vector<std::string>& txts, std::string_view version,
                                             bool ignore_case);

std::string trim(std::string_view s);
std::string lower(std::string_view s);

}  // namespace mtaudit::dns
