#pragma once
// Which parameter names postconf(1) "knows": built-in ones, those it derives from master.cf
// services, and user-defined ones that some value references as $name. postconf answers
// anything else with "unknown parameter", and so does `mtaudit config`.
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

// `service` holds the -o overrides in force (postconf -o): they replace main.cf values, and so
// can take away the only reference to a user-defined name.
std::set<std::string> known_parameters(const ParamSpace& space, const std::vector<Setting>& main,
                                       const std::vector<MasterEntry>& master,
                                       const std::vector<Override>& service = {});

}  // namespace mtaudit::postfix
