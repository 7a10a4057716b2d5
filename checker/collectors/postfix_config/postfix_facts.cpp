#include "collectors/postfix_config/postfix_facts.hpp"

#include <set>
#include <string_view>

#include "collectors/postfix_config/known_params.hpp"
#include "collectors/postfix_config/services.hpp"
#include "collectors/postfix_config/tls_settings.hpp"

namespace mtaudit::postfix {
namespace {

using facts::Fact;
using facts::FactList;

// Map types of Debian's Postfix 3.7 (postconf -m) plus the optional-package ones.
const char* const k_map_types[] = {"btree", "cdb", "cidr", "environ", "fail", "hash", "inline",
                                   "internal", "ldap", "lmdb", "memcache", "mysql", "nis", "pcre",
                                   "pgsql", "pipemap", "proxy", "randmap", "regexp", "sdbm",
                                   "socketmap", "sqlite", "static", "tcp", "texthash",
                                   "unionmap", "unix"};

Fact param_fact(const ParamSpace& space, const std::string& name) {
  auto v = space.expanded(name, nullptr);
  Fact f = v ? Fact(*v) : Fact::gap(facts::Gap::Kind::failed, v.errors().front().message);
  if (const RawParam* raw = space.raw(name)) f.with_origin(raw->origin);
  return f;
}

Fact params_fact(const ParamSpace& space, const std::set<std::string>& names) {
  facts::FactMap out;
  for (const auto& n : names) out.emplace_hint(out.end(), n, param_fact(space, n));  // names are sorted
  return out;
}

// A service's program reads its own family's parameters (smtpd_* for smtpd) and shared ones
// (tls_*, myhostname, ...), never another program's: those are left out of its `params`.
// A parameter of another program ("smtp_..." for an smtpd service).
bool foreign_parameter(const std::string& name, const std::string& family) {
  static constexpr std::string_view k_programs[] = {"smtpd", "smtp", "lmtp", "postscreen", "tlsproxy"};
  for (std::string_view program : k_programs) {
    bool prefixed = name.size() > program.size() && name.compare(0, program.size(), program) == 0 &&
                    name[program.size()] == '_';
    if (prefixed && family != program) return true;
  }
  return false;
}

// What a TLS-speaking service's params fact lists: the relevant parameters that are not
// another program's, and every parameter its master.cf entry overrides.
std::set<std::string> own_parameters(const std::set<std::string>& names, const Service& s) {
  std::set<std::string> own;
  for (const auto& n : names) {
    if (!foreign_parameter(n, s.family)) own.emplace_hint(own.end(), n);  // names come sorted
  }
  for (const auto& o : s.entry->overrides) own.insert(o.name);
  return own;
}

Fact settings_fact(const ConfigSnapshot& cfg, const KnownParameters& known) {
  FactList out;
  auto add = [&](const std::string& name, const std::string& value, const std::string& file,
                 int line, const char* scope, const std::string& service) {
    Fact s;
    s["name"] = name;
    s["value"] = value;
    s["file"] = file;
    s["line"] = line;
    s["scope"] = scope;
    s["service"] = service;
    s["known"] = known.contains(name);
    // The origin goes on the value too: rules that flag a setting point at its line.
    auto kind = service.empty() ? facts::Origin::Kind::file : facts::Origin::Kind::master_override;
    s.with_origin({kind, file, line, ""});
    s["value"].with_origin({kind, file, line, ""});
    out.push_back(std::move(s));
  };
  for (const auto& s : *cfg.main) add(s.name, s.value, cfg.main_path, s.line, "main.cf", "");
  for (const auto& e : *cfg.master) {
    for (const auto& o : e.overrides) add(o.name, o.value, cfg.master_path, o.line, "master.cf", e.id());
  }
  return out;
}

Fact service_fact(const Service& s, const std::string& master_path,
                  const std::set<std::string>& names) {
  Fact f;
  const MasterEntry& e = *s.entry;
  f["id"] = e.id();
  f["name"] = e.service;
  f["type"] = e.type;
  f["command"] = e.command;
  f["family"] = s.family;
  f["host"] = s.host;
  f["port"] = s.port ? Fact(*s.port) : Fact();
  f["public"] = s.public_facing;
  f["behind"] = s.behind;
  f["file"] = master_path;
  f["line"] = e.line;
  FactList overrides;
  for (const auto& o : e.overrides) {
    Fact of;
    of["name"] = o.name;
    of["value"] = o.value;
    of["line"] = o.line;
    overrides.push_back(std::move(of));
  }
  f["overrides"] = overrides;
  // Rules read parameters of the TLS-speaking programs; the rest would only cost time.
  bool tls_family = s.family != "other";
  f["params"] = tls_family ? params_fact(s.space, own_parameters(names, s)) : Fact(facts::FactMap{});
  if (s.family == "smtpd") f["tls"] = server_tls_facts(s.space);
  if (s.family == "smtp" || s.family == "lmtp") f["tls"] = client_tls_facts(s.space, s.family);
  f.with_origin({facts::Origin::Kind::file, master_path, e.line, ""});
  return f;
}

}  // namespace

bool is_relevant_parameter(const std::string& name) {
  static const char* const k_parts[] = {"tls", "sasl", "dns", "ssl", "dane", "cipher"};
  for (const char* p : k_parts) {
    if (name.find(p) != std::string::npos) return true;
  }
  static const std::set<std::string> k_extra = {
      "compatibility_level", "myhostname", "mydomain", "myorigin", "mydestination",
      "inet_interfaces", "inet_protocols", "smtp_host_lookup", "ignore_mx_lookup_error",
      "known_tcp_ports", "smtpd_discard_ehlo_keywords", "relayhost", "mail_version",
      "default_database_type", "config_directory", "data_directory", "proxy_interfaces"};
  return k_extra.count(name) > 0;
}

Fact build_postfix_facts(const ConfigSnapshot& cfg, Diags* problems) {
  const ParamSpace& global = *cfg.global;
  std::set<std::string> names;
  for (const auto& [n, v] : global.defaults().values) {
    if (is_relevant_parameter(n)) names.emplace_hint(names.end(), n);  // the defaults come sorted
  }
  for (const auto& s : *cfg.main) {
    if (global.raw(s.name) != nullptr) names.insert(s.name);
  }
  auto known = known_parameters(global, *cfg.main, *cfg.master);
  Fact pf;
  pf["version"] = global.defaults().version.minor_string();
  pf["version_source"] = cfg.version_source;
  pf["config_dir"] = cfg.config_dir;
  pf["compatibility_level"] = param_fact(global, "compatibility_level");
  bool set = false;
  for (const auto& s : *cfg.main) set = set || s.name == "compatibility_level";
  pf["compatibility_level_set"] = set;
  pf["map_types"] = FactList(std::begin(k_map_types), std::end(k_map_types));
  pf["settings"] = settings_fact(cfg, known);
  pf["main"] = params_fact(global, names);
  FactList services;
  bool tlsproxy = false;
  for (const auto& s : build_services(*cfg.master, global, cfg.master_path, cfg.services_db, problems)) {
    services.push_back(service_fact(s, cfg.master_path, names));
    tlsproxy = tlsproxy || s.family == "tlsproxy";
  }
  pf["services"] = services;
  pf["policy_maps"] = cfg.policy_maps;
  pf["sni_maps"] = cfg.sni_maps;
  pf["tlsproxy_enabled"] = tlsproxy;
  return pf;
}

void add_service_cipher_suites(Fact& postfix) {
  if (!postfix.is_map() || postfix.find("services") == nullptr) return;
  Fact& services = postfix["services"];
  if (!services.is_list()) return;
  CipherCache ciphers;
  for (Fact& s : services.as_list()) {
    if (s.find("tls") != nullptr) add_cipher_suites(s["tls"], ciphers);
  }
}

}  // namespace mtaudit::postfix
