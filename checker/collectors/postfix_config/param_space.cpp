#include "collectors/postfix_config/param_space.hpp"

#include "collectors/postfix_config/macro_expand.hpp"

namespace mtaudit::postfix {

ParamSpace::ParamSpace(std::shared_ptr<const DefaultsTable> defaults, std::string main_file,
                       const std::vector<Setting>& preset, const std::vector<Setting>& main,
                       HostContext host)
    : m_host(std::move(host)) {
  auto shared = std::make_shared<Shared>();
  shared->defaults = std::move(defaults);
  for (const auto* layer : {&preset, &main}) {
    for (const auto& s : *layer) {
      if (shared->defaults->readonly.count(s.name) > 0) continue;  // postconf ignores these
      facts::Origin o{facts::Origin::Kind::file, main_file, s.line, ""};
      if (layer == &preset) o = {facts::Origin::Kind::derived, "", 0, "command line"};
      shared->main.insert_or_assign(s.name, RawParam{s.value, o});
    }
  }
  m_shared = shared;
  // The origin text of defaults names the compatibility level, which main.cf may set.
  std::string text = default_origin_text();
  for (const auto& [name, value] : m_shared->defaults->values) {
    shared->defaults_raw.emplace(name, RawParam{value, {facts::Origin::Kind::default_value, "", 0, text}});
  }
}

ParamSpace ParamSpace::with_overrides(const std::string& master_file,
                                      const std::vector<Override>& overrides) const {
  ParamSpace copy = *this;
  copy.m_computed.clear();
  for (const auto& o : overrides) {
    if (m_shared->defaults->readonly.count(o.name) > 0) continue;
    copy.m_overrides.insert_or_assign(
        o.name, RawParam{o.value, {facts::Origin::Kind::master_override, master_file, o.line, ""}});
  }
  return copy;
}

const RawParam* ParamSpace::raw(std::string_view name) const {
  for (const auto* layer : {&m_overrides, &m_shared->main}) {
    auto it = layer->find(name);
    if (it != layer->end()) return &it->second;
  }
  if (const RawParam* c = computed_default(name)) return c;
  auto it = m_shared->defaults_raw.find(name);
  return it == m_shared->defaults_raw.end() ? nullptr : &it->second;
}

std::string ParamSpace::main_value(std::string_view name) const {
  auto it = m_shared->main.find(name);
  if (it == m_shared->main.end()) return "";
  auto v = expand_text(it->second.value, nullptr);
  return v ? *v : "";
}

// mail_params.c: myhostname defaults to the host name, made fully qualified with main.cf's
// mydomain (or "localdomain"); mydomain defaults to myhostname minus its first label.
const RawParam* ParamSpace::computed_default(std::string_view name) const {
  if (name == "mynetworks") return computed_mynetworks();
  if (name != "myhostname" && name != "mydomain" && name != "process_id") return nullptr;
  if (auto it = m_computed.find(name); it != m_computed.end()) return &it->second;
  std::string value;
  if (name == "process_id") {
    value = std::to_string(m_host.process_id);
  } else if (name == "myhostname") {
    value = m_host.host_name;
    if (value.find('.') == std::string::npos) {
      std::string domain = main_value("mydomain");
      value += "." + (domain.empty() ? std::string("localdomain") : domain);
    }
  } else {
    auto host = expanded("myhostname", nullptr);
    std::size_t dot = host ? host->find('.') : std::string::npos;
    value = dot == std::string::npos ? "localdomain" : host->substr(dot + 1);
  }
  facts::Origin o{facts::Origin::Kind::default_value, "", 0,
                  default_origin_text() + ", computed on the audited host"};
  return &m_computed.emplace(std::string(name), RawParam{value, o}).first->second;
}

// mynetworks.c: from the interfaces of the machine that runs the program, so an audit of
// another host's configuration sees this machine's networks; the origin says so.
const RawParam* ParamSpace::computed_mynetworks() const {
  if (!m_host.interfaces) return nullptr;
  if (auto it = m_computed.find("mynetworks"); it != m_computed.end()) return &it->second;
  auto param = [&](const char* n) {
    auto v = expanded(n, nullptr);
    return v ? *v : std::string();
  };
  auto value = compute_mynetworks(param("mynetworks_style"), param("inet_protocols"),
                                  param("inet_interfaces"), m_host.interfaces->get());
  if (!value) return nullptr;
  facts::Origin o{facts::Origin::Kind::default_value, "", 0,
                  default_origin_text() + ", computed from this machine's network interfaces (host-dependent)"};
  return &m_computed.emplace("mynetworks", RawParam{*value, o}).first->second;
}

bool ParamSpace::is_raw(std::string_view name) const {
  return m_shared->defaults->raw.count(std::string(name)) > 0;
}

bool ParamSpace::is_builtin(std::string_view name) const {
  return m_shared->defaults->values.count(std::string(name)) > 0;
}

Expected<std::string> ParamSpace::expand_text(std::string_view text,
                                              std::vector<std::string>* undefined) const {
  RawLookup lookup = [this](std::string_view n) -> const std::string* {
    const RawParam* p = raw(n);
    return p == nullptr ? nullptr : &p->value;
  };
  return expand_macros(text, lookup, ExpandOptions{}, undefined);
}

Expected<std::string> ParamSpace::expanded(std::string_view name,
                                           std::vector<std::string>* undefined) const {
  const RawParam* p = raw(name);
  if (p == nullptr) {
    return Diag{"", 0, 0, std::string(name) + ": unknown parameter"};
  }
  return expand_text(p->value, undefined);
}

std::string ParamSpace::compatibility_level() const {
  const RawParam* p = raw("compatibility_level");
  if (p == nullptr) return "0";
  auto v = expand_text(p->value, nullptr);
  return v && !v->empty() ? *v : "0";
}

std::string ParamSpace::default_origin_text() const {
  return "default (Postfix " + m_shared->defaults->version.minor_string() +
         ", compatibility_level " + compatibility_level() + ")";
}

}  // namespace mtaudit::postfix
