#pragma once
// The default of `mynetworks`, computed as Postfix's mynetworks.c does when main.cf does not
// set it: one "network/prefix " entry per active address of the host's interfaces (those named
// by inet_interfaces, of the families in inet_protocols), masked by mynetworks_style. Each entry
// ends in a blank, which survives when $mynetworks is expanded inside another value.
#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mtaudit::postfix {

// One address of an active network interface, as getifaddrs() reports it.
struct LocalAddress {
  bool ipv6 = false;
  std::array<std::uint8_t, 16> bytes{};  // network order; IPv4 uses the first 4 bytes
  int prefix = 0;                        // netmask length
};

// The host's interface addresses, read on first use and then kept: getifaddrs() costs
// 0.2-0.5 ms and most runs never expand mynetworks. Shared by every service's dictionary.
class InterfaceList {
 public:
  explicit InterfaceList(std::function<std::vector<LocalAddress>()> read) : m_read(std::move(read)) {}
  const std::vector<LocalAddress>& get() const {
    std::call_once(m_once, [this] { m_list = m_read(); });
    return m_list;
  }

 private:
  std::function<std::vector<LocalAddress>()> m_read;
  mutable std::once_flag m_once;
  mutable std::vector<LocalAddress> m_list;
};

// nullopt when inet_interfaces names a host that is not a literal address of an interface
// (Postfix would resolve it; this computation does not), or when nothing is left.
std::optional<std::string> compute_mynetworks(std::string_view style, std::string_view inet_protocols,
                                               std::string_view inet_interfaces,
                                               const std::vector<LocalAddress>& interfaces);

// Parses "192.0.2.1" or "fd00::1" (no brackets) into an address with the given prefix.
std::optional<LocalAddress> parse_local_address(std::string_view text, int prefix);

}  // namespace mtaudit::postfix
