#pragma once
// Turns the parsed configuration into the `postfix` subtree of the fact tree
// (docs/facts-postfix.md, schemas/facts.schema.json). Pure: everything it needs was read by
// the collector's I/O wrapper.
#include <string>
#include <vector>

#include "collectors/postfix_config/endpoint.hpp"
#include "collectors/postfix_config/main_cf.hpp"
#include "collectors/postfix_config/master_cf.hpp"
#include "collectors/postfix_config/param_space.hpp"
#include "facts/fact.hpp"

namespace mtaudit::postfix {

struct ConfigSnapshot {
  std::string config_dir;
  std::string main_path;
  std::string master_path;
  std::string version_source;  // option, postconf, assumed
  const ParamSpace* global = nullptr;
  const std::vector<Setting>* main = nullptr;
  const std::vector<MasterEntry>* master = nullptr;
  PortTable services_db;  // services(5) of the audited host
  facts::Fact policy_maps;  // read by the collector (table_facts.hpp)
  facts::Fact sni_maps;
};

// Is this one of the parameters copied into `main` and each service's `params`?
bool is_relevant_parameter(const std::string& name);

// Everything but the cipher suites each service's cipher string selects: this part is pure,
// while expanding a string needs OpenSSL's tables (add_service_cipher_suites() below).
facts::Fact build_postfix_facts(const ConfigSnapshot& cfg, Diags* problems);

// Each service's `tls.ciphers` and `tls.cipher_error`, from its `tls.cipher_string` as the
// linked OpenSSL expands it.
void add_service_cipher_suites(facts::Fact& postfix);

}  // namespace mtaudit::postfix
