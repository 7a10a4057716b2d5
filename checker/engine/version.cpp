#include "engine/version.hpp"

#include <algorithm>
#include <cctype>

namespace mtaudit::engine {

std::optional<Version> parse_version(std::string_view text, bool strict) {
  Version v;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    long part = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && i - start < 9) {
      part = part * 10 + (text[i] - '0');
      ++i;
    }
    if (i == start) {
      return std::nullopt;  // empty component: "", ".7", "3..7", "3."
    }
    v.push_back(part);
    bool more = i + 1 < text.size() && text[i] == '.' &&
                std::isdigit(static_cast<unsigned char>(text[i + 1]));
    if (!more) {
      break;
    }
    ++i;
  }
  if (strict && i != text.size()) {
    return std::nullopt;
  }
  return v;
}

int compare_versions(const Version& a, const Version& b) {
  std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    long x = i < a.size() ? a[i] : 0;
    long y = i < b.size() ? b[i] : 0;
    if (x != y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

}  // namespace mtaudit::engine
