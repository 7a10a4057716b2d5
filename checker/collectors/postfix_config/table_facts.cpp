#include "collectors/postfix_config/table_facts.hpp"

#include "collectors/postfix_config/tls_policy.hpp"

namespace mtaudit::postfix {
namespace {

using facts::Fact;
using facts::FactList;

FactList messages(const Diags& diags) {
  FactList out;
  for (const auto& d : diags) out.push_back(d.message);
  return out;
}

Fact policy_entry(const TableEntry& e, const std::string& file, const PostfixVersion& version) {
  TlsPolicy p = parse_tls_policy_entry(e, file, version);
  Fact f;
  f["key"] = e.key;
  f["value"] = e.value;
  f["level"] = p.level ? std::string(to_string(*p.level)) : std::string();
  Fact attrs = facts::FactMap{};
  for (const auto& a : p.attributes) attrs[a.name] = a.value;
  f["attributes"] = attrs;
  f["errors"] = messages(p.errors);
  f["warnings"] = messages(p.warnings);
  f["file"] = file;
  f["line"] = e.line;
  if (e.line > 0) f.with_origin({facts::Origin::Kind::file, file, e.line, ""});
  return f;
}

Fact sni_entry(const TableEntry& e, const std::string& file,
               const std::vector<SniFileStatus>& stamps) {
  Fact f;
  f["key"] = e.key;
  auto files = parse_sni_files(e.value);
  f["files"] = FactList(files.begin(), files.end());
  FactList stale;
  for (const auto& s : stamps) {
    if (s.key == e.key && s.line == e.line && s.newer_than_compiled) stale.push_back(s.file.path);
  }
  f["stale_files"] = stale;
  f["file"] = file;
  f["line"] = e.line;
  if (e.line > 0) f.with_origin({facts::Origin::Kind::file, file, e.line, ""});
  return f;
}

}  // namespace

Fact table_fact(const TableReading& t, TableRole role, const PostfixVersion& version,
                const TableFilesContext& ctx) {
  const TableRef& ref = t.status.ref;
  Fact f;
  f["spec"] = ref.spec;
  f["type"] = ref.type;
  f["path"] = t.status.source ? t.status.source->path : std::string();
  f["host_path"] = t.status.source ? t.status.source->host_path : std::string();
  f["runtime"] = t.status.storage != TableStorage::compiled;
  f["compiled_missing"] = t.status.compiled_missing;
  f["stale"] = t.status.stale;
  f["error"] = t.parsed ? std::string() : format_diag(t.parsed.errors().front());
  // A source that exists but cannot be read (permissions, when not run as root) is a fact
  // mtaudit could not collect, not a defect of the host: rules on it report error.
  bool unreadable = !t.parsed && t.status.source && t.status.source->exists;
  if (unreadable) f["error"] = Fact::gap(facts::Gap::Kind::failed, format_diag(t.parsed.errors().front()));
  FactList entries;
  if (t.parsed) {
    std::string file = t.status.source ? t.status.source->path : ref.spec;
    auto stamps = role == TableRole::sni ? stat_sni_files(t.parsed->entries, t.status, ctx)
                                         : std::vector<SniFileStatus>{};
    for (const auto& e : t.parsed->entries) {
      entries.push_back(role == TableRole::sni ? sni_entry(e, file, stamps)
                                               : policy_entry(e, file, version));
    }
  }
  f["entries"] = unreadable ? Fact::gap(facts::Gap::Kind::failed, "table source not readable") : Fact(entries);
  return f;
}

Fact tables_fact(const std::string& value, TableRole role, const PostfixVersion& version,
                 const TableFilesContext& ctx) {
  auto refs = parse_table_list(value, "");
  if (!refs) return Fact::gap(facts::Gap::Kind::failed, refs.errors().front().message);
  FactList out;
  for (const auto& ref : leaf_tables(*refs)) {
    TableReading t{stat_table(ref, ctx), read_table(ref, ctx)};
    out.push_back(table_fact(t, role, version, ctx));
  }
  return out;
}

}  // namespace mtaudit::postfix
