#pragma once
// Finding the master.cf entry a user names: "NAME/TYPE" as postconf -M prints it, or a bare
// NAME when only one entry has it.
#include <string>
#include <vector>

#include "collectors/postfix_config/master_cf.hpp"
#include "core/expected.hpp"

namespace mtaudit::postfix {

// The last matching entry wins, as in master(8) for duplicates.
Expected<const MasterEntry*> select_service(const std::vector<MasterEntry>& entries,
                                            const std::string& wanted, const std::string& file);

}  // namespace mtaudit::postfix
