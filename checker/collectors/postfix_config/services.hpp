#pragma once
// The active master.cf services: duplicates resolved as master(8) does (the last entry for the
// same endpoint and type wins; `smtp inet` and `25 inet` are one), each with its program
// family, endpoint and parameter dictionary.
#include <optional>
#include <string>
#include <vector>

#include "collectors/postfix_config/endpoint.hpp"
#include "collectors/postfix_config/master_cf.hpp"
#include "collectors/postfix_config/param_space.hpp"

namespace mtaudit::postfix {

struct Service {
  const MasterEntry* entry = nullptr;
  std::string family;  // smtpd, smtp, lmtp, postscreen, tlsproxy, other
  std::string host;    // "" = every interface of inet_interfaces
  std::optional<int> port;
  bool public_facing = false;
  std::string behind;  // for `smtpd pass` entries: the postscreen service handing over
  ParamSpace space;
};

std::string program_family(const MasterEntry& e);

// Diagnostics for endpoints that do not parse go to *problems (as "file:line: message").
std::vector<Service> build_services(const std::vector<MasterEntry>& master,
                                    const ParamSpace& global, const std::string& master_file,
                                    const PortTable& services_db, Diags* problems);

}  // namespace mtaudit::postfix
