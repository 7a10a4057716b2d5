#pragma once
// Wire-format RDATA of the record types mtaudit asks for, decoded without trusting lengths:
// every parser checks bounds and returns nullopt for a malformed record.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mtaudit::dns {

struct Mx {
  int preference = 0;
  std::string host;  // lower case, no trailing dot; "" for the null MX "." (RFC 7505)
};

struct Tlsa {
  int usage = 0, selector = 0, matching_type = 0;
  std::string data;  // raw bytes
  std::string text() const;  // "3 1 1 ab12..." (lowercase hex)
};

std::optional<std::string> parse_a(std::string_view rdata);
std::optional<std::string> parse_aaaa(std::string_view rdata);
std::optional<Mx> parse_mx(std::string_view rdata);
// The character-strings of one TXT record, concatenated (RFC 7208 3.3, RFC 6376 3.6.2.2).
std::optional<std::string> parse_txt(std::string_view rdata);
std::optional<Tlsa> parse_tlsa(std::string_view rdata);

std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);
// Lower case without the trailing dot: the form names are compared in.
std::string canonical_name(std::string_view name);

}  // namespace mtaudit::dns
