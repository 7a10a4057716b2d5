#include "collectors/postfix_config/service_select.hpp"

#include <set>

namespace mtaudit::postfix {

Expected<const MasterEntry*> select_service(const std::vector<MasterEntry>& entries,
                                            const std::string& wanted, const std::string& file) {
  const MasterEntry* found = nullptr;
  std::set<std::string> ids;
  for (const auto& e : entries) {
    if (e.id() == wanted) found = &e;
  }
  if (found != nullptr) return found;
  for (const auto& e : entries) {
    if (e.service == wanted) {
      found = &e;
      ids.insert(e.id());
    }
  }
  if (ids.size() > 1) {
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
    return Diag{file, 0, 0, "service \"" + wanted + "\" is ambiguous: use one of " + list};
  }
  if (found == nullptr) {
    return Diag{file, 0, 0, "no service \"" + wanted + "\" in master.cf"};
  }
  return found;
}

}  // namespace mtaudit::postfix
