#include "collectors/postfix_config/mynetworks.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace mtaudit::postfix {
namespace {

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ',' || std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool is_loopback(const LocalAddress& a) {
  if (!a.ipv6) return a.bytes[0] == 127;
  return std::all_of(a.bytes.begin(), a.bytes.begin() + 15, [](auto b) { return b == 0; }) && a.bytes[15] == 1;
}

// inet_proto.c: "all" is both families, otherwise the families listed.
bool family_enabled(std::string_view inet_protocols, bool ipv6) {
  for (const auto& p : split_list(inet_protocols)) {
    if (p == "all" || p == (ipv6 ? "ipv6" : "ipv4")) return true;
  }
  return false;
}

bool same_address(const LocalAddress& a, const LocalAddress& b) {
  std::size_t n = a.ipv6 ? 16 : 4;
  return a.ipv6 == b.ipv6 && std::equal(a.bytes.begin(), a.bytes.begin() + n, b.bytes.begin());
}

// own_inet_addr.c: "all" is every interface; "loopback-only" the loopback ones; otherwise the
// listed addresses, with the netmask of the interface that carries them.
std::optional<std::vector<LocalAddress>> listening_addresses(std::string_view inet_interfaces,
                                                             const std::vector<LocalAddress>& ifs) {
  auto names = split_list(inet_interfaces);
  if (names.empty() || std::find(names.begin(), names.end(), "all") != names.end()) return ifs;
  std::vector<LocalAddress> out;
  for (const auto& name : names) {
    if (name == "loopback-only") {
      std::copy_if(ifs.begin(), ifs.end(), std::back_inserter(out), is_loopback);
      continue;
    }
    std::string literal = name;
    if (literal.size() > 2 && literal.front() == '[' && literal.back() == ']') literal = literal.substr(1, literal.size() - 2);
    auto wanted = parse_local_address(literal, 0);
    if (!wanted) return std::nullopt;  // a host name: Postfix resolves it, we do not
    auto it = std::find_if(ifs.begin(), ifs.end(), [&](const auto& a) { return same_address(a, *wanted); });
    if (it == ifs.end()) return std::nullopt;
    out.push_back(*it);
  }
  return out;
}

// mynetworks.c's class style: the classful network of an IPv4 address; IPv6 has no classes
// and keeps its interface mask.
int style_prefix(std::string_view style, const LocalAddress& a) {
  if (style == "host") return a.ipv6 ? 128 : 32;
  if (style == "class" && !a.ipv6) {
    if (a.bytes[0] < 128) return 8;
    if (a.bytes[0] < 192) return 16;
    if (a.bytes[0] < 224) return 24;
  }
  return a.prefix;
}

std::string format_network(const LocalAddress& a, int prefix) {
  std::array<std::uint8_t, 16> net = a.bytes;
  int bits = a.ipv6 ? 128 : 32;
  for (int i = 0; i < bits; ++i) {
    if (i >= prefix) net[i / 8] &= static_cast<std::uint8_t>(~(0x80u >> (i % 8)));
  }
  char buf[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(a.ipv6 ? AF_INET6 : AF_INET, net.data(), buf, sizeof buf);
  std::string text = a.ipv6 ? "[" + std::string(buf) + "]" : std::string(buf);
  return text + "/" + std::to_string(prefix) + " ";
}

}  // namespace

std::optional<LocalAddress> parse_local_address(std::string_view text, int prefix) {
  LocalAddress a;
  std::string s(text);
  if (::inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
    a.prefix = prefix;
    return a;
  }
  if (::inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
    a.ipv6 = true;
    a.prefix = prefix;
    return a;
  }
  return std::nullopt;
}

std::optional<std::string> compute_mynetworks(std::string_view style, std::string_view inet_protocols,
                                               std::string_view inet_interfaces,
                                               const std::vector<LocalAddress>& interfaces) {
  auto addresses = listening_addresses(inet_interfaces, interfaces);
  if (!addresses) return std::nullopt;
  std::string out;
  for (const auto& a : *addresses) {
    if (!family_enabled(inet_protocols, a.ipv6)) continue;
    out += format_network(a, style_prefix(style, a));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace mtaudit::postfix
