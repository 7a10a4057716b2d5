#include "collectors/live/port_spec.hpp"

#include <charconv>

namespace mtaudit::live {

PortSpec default_port_spec(int port) { return PortSpec{port, port == 465}; }

Expected<PortSpec> parse_port_spec(const std::string& text) {
  std::size_t slash = text.find('/');
  std::string number = text.substr(0, slash);
  int port = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), port);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size() || port < 1 || port > 65535) {
    return Diag{"", 0, 0, "invalid port \"" + number + "\" (1-65535)", text};
  }
  PortSpec spec = default_port_spec(port);
  if (slash == std::string::npos) {
    return spec;
  }
  std::string mode = text.substr(slash + 1);
  if (mode == "starttls") {
    spec.implicit_tls = false;
  } else if (mode == "tls" || mode == "implicit") {
    spec.implicit_tls = true;
  } else {
    return Diag{"", 0, 0, "unknown TLS mode \"" + mode + "\" in \"" + text + "\" (starttls, tls)", text};
  }
  return spec;
}

std::string mode_name(const PortSpec& p) { return p.implicit_tls ? "implicit" : "starttls"; }

}  // namespace mtaudit::live
