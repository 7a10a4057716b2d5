#pragma once
// The parameter dictionary a Postfix program sees: built-in defaults, then main.cf, then the
// `-o` overrides of one master.cf entry (each layer wins over the one before; inside a layer
// the last definition wins). Values are expanded lazily in this dictionary, so a main.cf
// value that says $x sees a service's `-o x=...`, exactly as in the daemon.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "collectors/postfix_config/defaults.hpp"
#include "collectors/postfix_config/main_cf.hpp"
#include "collectors/postfix_config/master_cf.hpp"
#include "collectors/postfix_config/mynetworks.hpp"
#include "facts/fact.hpp"

namespace mtaudit::postfix {

struct RawParam {
  std::string value;      // unexpanded
  facts::Origin origin;   // main.cf:LINE, master.cf:LINE -o, or the default
};

struct HostContext {
  std::string host_name = "localhost";
  long process_id = 0;
  // The active interface addresses mynetworks is computed from; null: not known, so the
  // version's recorded default applies.
  std::shared_ptr<const InterfaceList> interfaces;
};

// Heterogeneous lookup (string_view keys) in unordered maps.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using ParamMap = std::unordered_map<std::string, RawParam, StringHash, std::equal_to<>>;

class ParamSpace {
 public:
  // `preset` holds settings that precede main.cf (postconf -c DIR sets config_directory).
  // `host` says what gethostname() and getpid() say on the audited host: the defaults of
  // myhostname, mydomain and process_id are computed from them, as Postfix does at run time.
  ParamSpace(std::shared_ptr<const DefaultsTable> defaults, std::string main_file,
             const std::vector<Setting>& preset, const std::vector<Setting>& main,
             HostContext host = {});

  // The same dictionary seen by one master.cf entry.
  ParamSpace with_overrides(const std::string& master_file, const std::vector<Override>& o) const;

  const RawParam* raw(std::string_view name) const;
  bool is_builtin(std::string_view name) const;
  bool is_raw(std::string_view name) const;  // never expanded when shown
  // Expands a parameter; undefined names met on the way are appended to *undefined.
  Expected<std::string> expanded(std::string_view name, std::vector<std::string>* undefined) const;
  Expected<std::string> expand_text(std::string_view text, std::vector<std::string>* undefined) const;

  const DefaultsTable& defaults() const { return *m_shared->defaults; }
  std::string compatibility_level() const;  // raw effective value, "0" when unset
  std::string default_origin_text() const;   // "default (Postfix 3.7, compatibility_level 0)"

 private:
  struct Shared {
    std::shared_ptr<const DefaultsTable> defaults;
    ParamMap defaults_raw;
    ParamMap main;
  };
  const RawParam* computed_default(std::string_view name) const;
  const RawParam* computed_mynetworks() const;
  std::string main_value(std::string_view name) const;

  std::shared_ptr<const Shared> m_shared;
  ParamMap m_overrides;
  HostContext m_host;
  // Computed defaults of this dictionary (they follow -o overrides, so each copy has its own).
  mutable ParamMap m_computed;
};

}  // namespace mtaudit::postfix
