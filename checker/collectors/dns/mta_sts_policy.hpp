#pragma once
// The MTA-STS policy file (RFC 8461 3.2) and its MX patterns (RFC 8461 4.1).
#include <cstdint>
#include <string>
#include <vector>

namespace mtaudit::dns {

struct StsPolicy {
  std::string version, mode;
  std::int64_t max_age = -1;      // -1 when absent or not a number
  std::vector<std::string> mx;    // patterns, in file order
  std::vector<std::string> problems;
};

StsPolicy parse_sts_policy(const std::string& body);

// "mail.example.com" matches itself; "*.example.com" matches exactly one more label on the
// left ("mx1.example.com", not "a.b.example.com" nor "example.com"). Case-insensitive.
bool sts_mx_matches(const std::string& pattern, const std::string& host);

}  // namespace mtaudit::dns
