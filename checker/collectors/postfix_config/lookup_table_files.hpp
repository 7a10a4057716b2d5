#pragma once
// Thin I/O around lookup_tables.hpp: reads table sources and stats compiled files the way
// a Postfix daemon on the audited host sees them, below a root directory ("/" normally, a
// mounted image or a test directory otherwise). All parsing is in lookup_tables.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "collectors/postfix_config/lookup_tables.hpp"
#include "core/expected.hpp"

namespace mtaudit::postfix {

struct TableFilesContext {
  std::string root = "/";  // prefix for every path Postfix would open
  // Daemons run in $queue_directory, so a relative table name resolves there.
  std::string relative_base = "/var/spool/postfix";
  std::int64_t now = 0;  // seconds since the epoch for the 100-second rule; 0 = the clock
};

struct FileStamp {
  std::string path;       // as Postfix names it: "/etc/postfix/tls_policy.db"
  std::string host_path;  // what was examined: root + path
  bool exists = false;
  std::int64_t mtime_sec = 0;
  std::int64_t mtime_nsec = 0;
};

// a was modified after b (nanosecond resolution).
bool newer(const FileStamp& a, const FileStamp& b);

struct TableFileStatus {
  TableRef ref;
  TableStorage storage = TableStorage::unknown;
  std::optional<FileStamp> source;  // compiled and source_file types
  std::vector<FileStamp> compiled;  // compiled types: compiled_files(ref), in that order
  bool compiled_missing = false;    // a compiled type with a compiled file absent
  bool stale = false;               // source modified after the oldest compiled file
  // Postfix's own rule (dict_db.c, dict_lmdb.c, ...): it logs "database X is older than
  // source file Y" only when the source is newer in whole seconds and was modified more
  // than 100 seconds before now. Implies stale.
  bool stale_past_grace = false;
};

// Never fails: what is absent shows as exists = false. Composite tables (unionmap, pipemap)
// have no files of their own; stat their leaf_tables() instead.
TableFileStatus stat_table(const TableRef& ref, const TableFilesContext& ctx);

// Entries of a table: the source file of a compiled or source_file type (regexp and pcre
// sources are not parsed), or the body of an inline table. Errors carry the host path:
// "cannot open table source: No such file or directory".
Expected<ParsedTable> read_table(const TableRef& ref, const TableFilesContext& ctx);

// One chain file named by a tls_server_sni_maps entry.
struct SniFileStatus {
  std::string key;  // the SNI name of the entry
  int line = 0;     // the entry's line in the table source
  FileStamp file;
  // Not examined: postmap -F resolved it against the directory postmap ran in.
  bool relative = false;
  // The compiled table holds an older copy of this file: rebuild with postmap -F.
  bool newer_than_compiled = false;
};

std::vector<SniFileStatus> stat_sni_files(const std::vector<TableEntry>& entries,
                                          const TableFileStatus& table,
                                          const TableFilesContext& ctx);

// root + path, with a relative path first placed under ctx.relative_base.
std::string host_path(const std::string& path, const TableFilesContext& ctx);

}  // namespace mtaudit::postfix
