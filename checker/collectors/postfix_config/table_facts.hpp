#pragma once
// Facts of the lookup tables TLS depends on (smtp_tls_policy_maps, tls_server_sni_maps):
// the pure step from what lookup_table_files read to `postfix.policy_maps` / `sni_maps`.
#include <string>

#include "collectors/postfix_config/lookup_table_files.hpp"
#include "collectors/postfix_config/version.hpp"
#include "core/expected.hpp"
#include "facts/fact.hpp"

namespace mtaudit::postfix {

enum class TableRole { tls_policy, sni };

struct TableReading {
  TableFileStatus status;
  Expected<ParsedTable> parsed;  // error when the source could not be read or parsed
};

facts::Fact table_fact(const TableReading& table, TableRole role, const PostfixVersion& version,
                       const TableFilesContext& ctx);

// Reads every table named by `value` (a *_maps parameter, expanded) under ctx.root.
facts::Fact tables_fact(const std::string& value, TableRole role, const PostfixVersion& version,
                        const TableFilesContext& ctx);

}  // namespace mtaudit::postfix
