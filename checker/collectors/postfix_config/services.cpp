#include "collectors/postfix_config/services.hpp"

#include <map>
#include <sstream>

namespace mtaudit::postfix {
namespace {

// Does inet_interfaces (for a service without its own host) reach beyond loopback?
bool interfaces_public(const ParamSpace& space) {
  auto v = space.expanded("inet_interfaces", nullptr);
  if (!v) return true;
  std::string text = *v;
  for (char& c : text) {
    if (c == ',') c = ' ';
  }
  std::istringstream words(text);
  for (std::string w; words >> w;) {
    if (w != "loopback-only" && !is_loopback_host(w)) return true;
  }
  return false;
}

std::string endpoint_key(const MasterEntry& e, const Endpoint* ep) {
  if (ep == nullptr) return e.id();
  std::string port = ep->port ? std::to_string(*ep->port) : ep->port_name;
  return ep->host + "|" + port + "/" + e.type;
}

}  // namespace

std::string program_family(const MasterEntry& e) {
  std::string p = e.program();
  for (const char* f : {"smtpd", "smtp", "lmtp", "postscreen", "tlsproxy"}) {
    if (p == f) return p;
  }
  return "other";
}

std::vector<Service> build_services(const std::vector<MasterEntry>& master,
                                    const ParamSpace& global, const std::string& master_file,
                                    const PortTable& services_db, Diags* problems) {
  PortTable known_ports;  // Postfix <= 3.5 has no known_tcp_ports: services(5) only
  if (global.is_builtin("known_tcp_ports")) {
    auto value = global.expanded("known_tcp_ports", nullptr);
    auto table = value ? parse_known_tcp_ports(*value) : Expected<PortTable>(value.errors());
    if (table) {
      known_ports = *table;
    } else {
      problems->push_back({"", 0, 0, table.errors().front().message});
    }
  }
  std::map<std::string, std::size_t> index;  // endpoint key -> position in out
  std::vector<Service> out;
  for (const auto& e : master) {
    Service s{&e, program_family(e), "", std::nullopt, false, "",
              global.with_overrides(master_file, e.overrides)};
    std::optional<Endpoint> ep;
    if (e.type == "inet") {
      auto parsed = parse_inet_endpoint(e.service, known_ports, services_db);
      if (!parsed) {
        problems->push_back({master_file, e.line, 0, parsed.errors().front().message, e.service});
      } else {
        ep = *parsed;
        s.host = ep->host;
        s.port = ep->port;
        s.public_facing = ep->host.empty() ? interfaces_public(s.space) : !is_loopback_host(ep->host);
      }
    }
    std::string key = endpoint_key(e, ep ? &*ep : nullptr);
    if (auto it = index.find(key); it != index.end()) {
      out[it->second] = std::move(s);  // master(8): the last duplicate wins
    } else {
      index.emplace(key, out.size());
      out.push_back(std::move(s));
    }
  }
  // postscreen hands port-25 connections to the `smtpd pass` entry, which does the STARTTLS.
  for (const auto& screen : out) {
    if (screen.family != "postscreen" || screen.entry->type != "inet") continue;
    for (auto& s : out) {
      if (s.family == "smtpd" && s.entry->type == "pass") {
        s.port = screen.port;
        s.public_facing = screen.public_facing;
        s.behind = screen.entry->id();
      }
    }
  }
  return out;
}

}  // namespace mtaudit::postfix
