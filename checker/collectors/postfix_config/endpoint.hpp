#pragma once
// Where an inet service listens: Postfix's host_port() on master.cf's first field, with
// symbolic ports resolved through known_tcp_ports (3.6+) and then services(5).
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace mtaudit::postfix {

using PortTable = std::map<std::string, int, std::less<>>;

struct Endpoint {
  std::string host;         // "" = every address in inet_interfaces
  std::optional<int> port;  // absent when the name could not be resolved
  std::string port_name;    // as written
};

// "lmtp=24, smtp=25, smtps=submissions=465, submission=587"
Expected<PortTable> parse_known_tcp_ports(std::string_view value);

// services(5) text: "name port/proto [aliases...]", tcp entries only.
PortTable parse_services_file(std::string_view content);

// "smtp", "127.0.0.1:smtp", "[::1]:465", "::1:smtp" (split at the rightmost ':').
Expected<Endpoint> parse_inet_endpoint(std::string_view field, const PortTable& known,
                                       const PortTable& services);

// Is the host part a loopback address (127.0.0.0/8, ::1, localhost)?
bool is_loopback_host(std::string_view host);

}  // namespace mtaudit::postfix
