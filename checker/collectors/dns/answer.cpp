#include "collectors/dns/answer.hpp"

#include <array>
#include <utility>

namespace mtaudit::dns {
namespace {
constexpr std::array<std::pair<int, const char*>, 5> k_types{{
    {k_a, "A"}, {k_mx, "MX"}, {k_txt, "TXT"}, {k_aaaa, "AAAA"}, {k_tlsa, "TLSA"}}};
}  // namespace

std::string type_name(int type) {
  for (const auto& [t, n] : k_types) {
    if (t == type) return n;
  }
  return "TYPE" + std::to_string(type);
}

int type_from_name(const std::string& name) {
  for (const auto& [t, n] : k_types) {
    if (name == n) return t;
  }
  return 0;
}

std::string security_name(Security s) {
  switch (s) {
    case Security::secure: return "secure";
    case Security::bogus: return "bogus";
    case Security::insecure: break;
  }
  return "insecure";
}

std::string Answer::label() const { return type_name(query.type) + " " + query.name; }

}  // namespace mtaudit::dns
