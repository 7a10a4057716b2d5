#include "collectors/postfix_config/version.hpp"

#include <charconv>

namespace mtaudit::postfix {

Expected<PostfixVersion> parse_postfix_version(std::string_view text) {
  int parts[3] = {0, 0, -1};
  int n = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (p < end && n < 3) {
    auto [next, ec] = std::from_chars(p, end, parts[n]);
    if (ec != std::errc() || next == p) break;
    ++n;
    p = next;
    if (p < end && *p == '.') ++p; else break;
  }
  if (n < 2 || p != end) {
    return Diag{"", 0, 0, "invalid Postfix version \"" + std::string(text) + "\" (expected e.g. 3.7 or 3.7.11)"};
  }
  return PostfixVersion{parts[0], parts[1], n == 3 ? parts[2] : -1};
}

}  // namespace mtaudit::postfix
