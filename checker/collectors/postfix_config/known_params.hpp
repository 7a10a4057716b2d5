#pragma once
// Which parameter names postconf(1) "knows": built-in ones, those it derives from master.cf
// services, and user-defined ones that some value references as $name. postconf answers
// anything else with "unknown parameter", and so does `mtaudit config`.
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/postfix_config/main_cf.hpp"
#include "collectors/postfix_config/master_cf.hpp"
#include "collectors/postfix_config/param_space.hpp"

namespace mtaudit::postfix {

// Names referenced as $name, ${name...} or $(name...) anywhere in the text.
std::vector<std::string> referenced_names(std::string_view text);

// The built-in names are looked up in the defaults table, not copied: a check asks about a
// few dozen names, and the table has about a thousand.
class KnownParameters {
 public:
  // `space` must outlive this object.
  KnownParameters(const ParamSpace& space, std::set<std::string, std::less<>> found)
      : m_space(&space), m_found(std::move(found)) {}
  bool contains(std::string_view name) const { return m_space->is_builtin(name) || m_found.count(name) > 0; }
  // Every known name, sorted (postconf's listing).
  std::vector<std::string> sorted() const;

 private:
  const ParamSpace* m_space;
  // Names the configuration makes known; a few may also be built-in (sorted() lists them once).
  std::set<std::string, std::less<>> m_found;
};

// `service` holds the -o overrides in force (postconf -o): they replace main.cf values, and so
// can take away the only reference to a user-defined name.
KnownParameters known_parameters(const ParamSpace& space, const std::vector<Setting>& main,
                                 const std::vector<MasterEntry>& master,
                                 const std::vector<Override>& service = {});

}  // namespace mtaudit::postfix
