#include "collectors/postfix_config.hpp"

#include "collectors/postfix_config/postfix_facts.hpp"
#include "collectors/postfix_config/table_facts.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

namespace mtaudit::postfix {
namespace {

Expected<std::string> read_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Diag{path, 0, 0, std::string("cannot read file: ") + std::strerror(errno)};
  }
  if (!S_ISREG(st.st_mode)) return Diag{path, 0, 0, "cannot read file: not a regular file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Diag{path, 0, 0, std::string("cannot read file: ") + std::strerror(errno)};
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Diag{path, 0, 0, "read error"};
  return ss.str();
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// postconf warns about a master.cf it cannot open and goes on with no services; so do we.
std::string read_master_cf(const std::string& path, Diags* warnings) {
  auto text = read_file(path);
  if (text) return *text;
  Diag d = text.errors().front();
  d.message += " (no master.cf services: only main.cf is audited)";
  warnings->push_back(d);
  return "";
}

// `postconf -d -h mail_version` of the postconf on PATH, or "" when there is none.
std::string installed_postfix_version() {
  std::unique_ptr<FILE, int (*)(FILE*)> p(::popen("postconf -d -h mail_version 2>/dev/null", "r"),
                                          ::pclose);
  if (!p) return "";
  std::array<char, 64> buf{};
  if (std::fgets(buf.data(), buf.size(), p.get()) == nullptr) return "";
  std::string v(buf.data());
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.pop_back();
  return v;
}

// The installed Postfix says which defaults apply only when it is the one being audited:
// --root / (or no directory at all). A --config-dir or an image under --root may belong to
// any version, and asking postconf costs a process start per run.
Expected<PostfixVersion> choose_version(const ConfigInput& in, LoadedConfig* out) {
  if (in.postfix_version) {
    out->version_source = "option";
    return parse_postfix_version(*in.postfix_version);
  }
  bool local_host = in.root == "/" || (in.root.empty() && in.config_dir.empty());
  if (local_host) {
    std::string v = installed_postfix_version();
    if (!v.empty()) {
      out->version_source = "postconf";
      return parse_postfix_version(v);
    }
  }
  out->version_source = "assumed";
  out->notices.push_back(local_host ? "Postfix version unknown (no --postfix-version, no postconf on PATH): "
                                      "assuming 3.7 defaults"
                                    : "Postfix version not given (--postfix-version): assuming 3.7 defaults");
  return PostfixVersion{3, 7, -1};
}

// Active interface addresses in getifaddrs() order, as Postfix's inet_addr_local() lists them.
std::vector<LocalAddress> local_interfaces() {
  std::vector<LocalAddress> out;
  struct ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  std::unique_ptr<struct ifaddrs, void (*)(struct ifaddrs*)> guard(list, ::freeifaddrs);
  for (auto* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_netmask == nullptr || (i->ifa_flags & IFF_UP) == 0) continue;
    int family = i->ifa_addr->sa_family;
    if (family != AF_INET && family != AF_INET6) continue;
    LocalAddress a;
    a.ipv6 = family == AF_INET6;
    const auto* addr = a.ipv6 ? reinterpret_cast<const std::uint8_t*>(&reinterpret_cast<sockaddr_in6*>(i->ifa_addr)->sin6_addr)
                              : reinterpret_cast<const std::uint8_t*>(&reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr);
    const auto* mask = a.ipv6 ? reinterpret_cast<const std::uint8_t*>(&reinterpret_cast<sockaddr_in6*>(i->ifa_netmask)->sin6_addr)
                              : reinterpret_cast<const std::uint8_t*>(&reinterpret_cast<sockaddr_in*>(i->ifa_netmask)->sin_addr);
    std::size_t n = a.ipv6 ? 16 : 4;
    std::copy(addr, addr + n, a.bytes.begin());
    for (std::size_t b = 0; b < n; ++b) a.prefix += __builtin_popcount(mask[b]);
    out.push_back(a);
  }
  return out;
}

std::string config_dir_of(const ConfigInput& in) {
  if (!in.config_dir.empty()) return in.config_dir;
  std::string root = in.root;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return (root == "/" ? "" : root) + "/etc/postfix";
}

// What gethostname() says on the audited host: this machine's, or ROOT/etc/hostname.
std::string audited_host_name(const ConfigInput& in) {
  if (in.host_name) return *in.host_name;
  if (!in.root.empty() && in.root != "/") {
    auto text = read_file(in.root + "/etc/hostname");
    std::string name = text ? text->substr(0, text->find_first_of("\r\n")) : "";
    return name.empty() ? "localhost" : name;
  }
  std::array<char, 256> buf{};
  if (::gethostname(buf.data(), buf.size() - 1) != 0) return "localhost";
  return buf.data();
}

}  // namespace

Expected<LoadedConfig> load_postfix_config(const ConfigInput& in) {
  LoadedConfig out;
  out.config_dir = config_dir_of(in);
  if (!is_directory(out.config_dir)) {
    return Diag{out.config_dir, 0, 0, "not a directory"};
  }
  out.main_path = out.config_dir + "/main.cf";
  out.master_path = out.config_dir + "/master.cf";
  auto version = choose_version(in, &out);
  if (!version) return version.errors();
  out.version = *version;
  auto defaults = builtin_defaults(out.version);
  if (!defaults) return defaults.errors();

  Diags errors;
  auto main_text = read_file(out.main_path);
  if (!main_text) return main_text.errors();
  auto master_text = read_master_cf(out.master_path, &out.warnings);

  auto main = parse_main_cf(*main_text, out.main_path, &out.warnings);
  auto master = parse_master_cf(master_text, out.master_path, &out.warnings);
  if (!main) errors = main.errors();
  if (!master) errors.insert(errors.end(), master.errors().begin(), master.errors().end());
  if (!errors.empty()) {
    // Every problem at once: the warnings (a missing master.cf) are problems of this input too.
    errors.insert(errors.begin(), out.warnings.begin(), out.warnings.end());
    return errors;
  }
  out.main = std::move(main).value();
  out.master = std::move(master).value();

  // postconf -c DIR puts config_directory = DIR in front of main.cf; with --root the host's
  // own view (/etc/postfix, the default) is the right one.
  for (const auto& s : out.main) {
    if (defaults->readonly.count(s.name) > 0) {
      out.warnings.push_back({out.main_path, s.line, 0,
                              "read-only parameter assignment: " + s.name + "=" + s.value});
    }
  }
  std::vector<std::pair<std::string, std::string>> services;
  for (const auto& e : out.master) services.emplace_back(e.service, e.command);
  add_service_parameters(*defaults, services, builtin_service_templates());

  std::vector<Setting> preset;
  if (!in.config_dir.empty()) preset.push_back({"config_directory", in.config_dir, 0});
  out.global = std::make_shared<ParamSpace>(
      std::make_shared<DefaultsTable>(std::move(defaults).value()), out.main_path, preset, out.main,
      HostContext{audited_host_name(in), static_cast<long>(::getpid()),
                  std::make_shared<const InterfaceList>(local_interfaces)});
  return out;
}

facts::Fact collect_postfix_facts(const ConfigInput& in, const LoadedConfig& cfg, Diags* problems) {
  std::string root = in.root.empty() ? "/" : in.root;
  auto services = read_file((root == "/" ? "" : root) + "/etc/services");
  ConfigSnapshot snap{cfg.config_dir, cfg.main_path, cfg.master_path, cfg.version_source,
                      cfg.global.get(), &cfg.main, &cfg.master,
                      services ? parse_services_file(*services) : PortTable{}, {}, {}};
  TableFilesContext ctx;
  ctx.root = root;
  auto tables = [&](const char* param, TableRole role) -> facts::Fact {
    if (!cfg.global->is_builtin(param)) return facts::FactList{};
    auto value = cfg.global->expanded(param, nullptr);
    if (!value) return facts::Fact::gap(facts::Gap::Kind::failed, value.errors().front().message);
    return tables_fact(*value, role, cfg.version, ctx);
  };
  snap.policy_maps = tables("smtp_tls_policy_maps", TableRole::tls_policy);
  snap.sni_maps = tables("tls_server_sni_maps", TableRole::sni);
  return build_postfix_facts(snap, problems);
}

}  // namespace mtaudit::postfix
