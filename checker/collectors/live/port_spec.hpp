#pragma once
// Which ports to audit and how TLS starts on each: "25", "587" (STARTTLS), "465" (implicit
// TLS), or an explicit mode for other ports: "2525/starttls", "10465/tls".
#include <string>
#include <vector>

#include "core/expected.hpp"

namespace mtaudit::live {

struct PortSpec {
  int port = 0;
  bool implicit_tls = false;
  bool operator==(const PortSpec&) const = default;
};

// The default mode of a bare port: implicit TLS on 465 (RFC 8314), STARTTLS elsewhere.
PortSpec default_port_spec(int port);

// "587", "2525/starttls", "10465/tls" ("/implicit" is accepted for "/tls"). Diag without file:
//   invalid port "0" (1-65535), unknown TLS mode "ssl" in "465/ssl" (starttls, tls)
Expected<PortSpec> parse_port_spec(const std::string& text);

// "starttls" / "implicit": the `mode` fact.
std::string mode_name(const PortSpec& p);

}  // namespace mtaudit::live
