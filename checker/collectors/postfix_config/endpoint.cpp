#include "collectors/postfix_config/endpoint.hpp"

#include <cctype>
#include <charconv>
#include <sstream>

namespace mtaudit::postfix {
namespace {

// A decimal port 0-65535; -1 when out of range (a number too long for an int never reaches stoi).
int port_number(std::string_view digits) {
  int value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return ec == std::errc() && end == digits.data() + digits.size() && value <= 65535 ? value : -1;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

Expected<PortTable> parse_known_tcp_ports(std::string_view value) {
  PortTable table;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t comma = value.find(',', pos);
    std::string_view item = trim(value.substr(pos, comma == std::string_view::npos ? comma : comma - pos));
    pos = comma == std::string_view::npos ? value.size() + 1 : comma + 1;
    if (item.empty()) continue;
    std::size_t eq = item.rfind('=');
    std::string_view port = eq == std::string_view::npos ? "" : trim(item.substr(eq + 1));
    if (!all_digits(port) || port_number(port) < 0) {
      return Diag{"", 0, 0, "known_tcp_ports: bad entry \"" + std::string(item) + "\""};
    }
    std::string_view names = item.substr(0, eq);
    std::size_t p = 0;
    while (p <= names.size()) {
      std::size_t e = names.find('=', p);
      std::string_view n = trim(names.substr(p, e == std::string_view::npos ? e : e - p));
      if (!n.empty()) table.insert_or_assign(std::string(n), port_number(port));
      p = e == std::string_view::npos ? names.size() + 1 : e + 1;
    }
  }
  return table;
}

PortTable parse_services_file(std::string_view content) {
  PortTable table;
  std::istringstream in{std::string(content)};
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    std::string name, port_proto, alias;
    if (!(words >> name >> port_proto)) continue;
    std::size_t slash = port_proto.find('/');
    if (slash == std::string::npos || port_proto.substr(slash + 1) != "tcp") continue;
    std::string port = port_proto.substr(0, slash);
    if (!all_digits(port) || port_number(port) < 0) continue;
    table.emplace(name, port_number(port));
    while (words >> alias) table.emplace(alias, port_number(port));
  }
  return table;
}

Expected<Endpoint> parse_inet_endpoint(std::string_view field, const PortTable& known,
                                       const PortTable& services) {
  Endpoint ep;
  std::string_view port = field;
  if (!field.empty() && field.front() == '[') {
    std::size_t close = field.find(']');
    if (close == std::string_view::npos) {
      return Diag{"", 0, 0, "missing \"]\" in \"" + std::string(field) + "\""};
    }
    ep.host = std::string(field.substr(1, close - 1));
    std::string_view rest = field.substr(close + 1);
    if (rest.empty() || rest.front() != ':') {
      return Diag{"", 0, 0, "missing service information in \"" + std::string(field) + "\""};
    }
    port = rest.substr(1);
  } else if (std::size_t colon = field.rfind(':'); colon != std::string_view::npos) {
    ep.host = std::string(field.substr(0, colon));
    port = field.substr(colon + 1);
  }
  if (port.empty()) {
    return Diag{"", 0, 0, "missing service information in \"" + std::string(field) + "\""};
  }
  ep.port_name = std::string(port);
  if (std::isdigit(static_cast<unsigned char>(port.front())) != 0) {
    if (!all_digits(port)) {
      return Diag{"", 0, 0, "garbage after numerical service in \"" + std::string(field) + "\""};
    }
    ep.port = port_number(port);
    if (ep.port < 0) return Diag{"", 0, 0, "port number out of range in \"" + std::string(field) + "\""};
  } else if (auto it = known.find(port); it != known.end()) {
    ep.port = it->second;
  } else if (auto it2 = services.find(port); it2 != services.end()) {
    ep.port = it2->second;
  }
  return ep;
}

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0 ||
         host == "0:0:0:0:0:0:0:1";
}

}  // namespace mtaudit::postfix
