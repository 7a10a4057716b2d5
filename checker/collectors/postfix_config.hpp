#pragma once
// Collector for the Postfix configuration: the thin I/O wrapper that reads main.cf and
// master.cf (under --root or from --config-dir) and hands the text to the pure parsers in
// postfix_config/.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "collectors/postfix_config/defaults.hpp"
#include "collectors/postfix_config/main_cf.hpp"
#include "collectors/postfix_config/master_cf.hpp"
#include "collectors/postfix_config/param_space.hpp"
#include "core/expected.hpp"
#include "facts/fact.hpp"

namespace mtaudit::postfix {

struct ConfigInput {
  std::string config_dir;                      // --config-dir DIR (as given), or empty
  std::string root;                            // --root DIR, or empty
  std::optional<std::string> postfix_version;  // --postfix-version
  std::optional<std::string> host_name;        // --hostname; else the audited host's own
};

struct LoadedConfig {
  std::string config_dir;   // where the files were read from (on this machine)
  std::string main_path;    // displayed in provenance: "DIR/main.cf"
  std::string master_path;
  PostfixVersion version;
  std::string version_source;  // "option", "postconf", "assumed"
  std::vector<Setting> main;
  std::vector<MasterEntry> master;
  std::shared_ptr<const ParamSpace> global;
  Diags warnings;
  std::vector<std::string> notices;  // e.g. the assumed version
};

Expected<LoadedConfig> load_postfix_config(const ConfigInput& in);

// The `postfix` fact subtree of a loaded configuration; reads services(5) and lookup tables
// under the same root. Problems that do not stop the audit go to *problems. The cipher suites
// are not in it yet: add_service_cipher_suites() (postfix_facts.hpp) adds them.
facts::Fact collect_postfix_facts(const ConfigInput& in, const LoadedConfig& cfg, Diags* problems);

}  // namespace mtaudit::postfix
