#pragma once
// Postfix lookup tables as written in main.cf values ("hash:/etc/postfix/tls_policy",
// "inline:{ {k = v}, k2=v2 }") and in postmap(1) source files. Pure: no file access here;
// reading sources and stat-ing compiled files is in lookup_table_files.hpp.
//
// Semantics follow Postfix 3.7.11 (maps.c, dict_open.c, dict_inline.c, dict_pipe.c,
// dict_union.c, postmap.c, readlline.c, split_nameval.c, extpar.c), checked against the real
// Debian postmap where noted in the tests.
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace mtaudit::postfix {

// How Postfix gets at a table's content; decides whether a compiled file can go stale.
enum class TableStorage {
  compiled,     // hash btree lmdb cdb dbm sdbm: daemons read only the file postmap built
  source_file,  // texthash regexp pcre cidr: the source is read when a process opens the table
  in_config,    // inline static: the content is part of the parameter value
  composite,    // unionmap pipemap: a list of other tables (see TableRef::members)
  external,     // tcp socketmap ldap mysql pgsql sqlite memcache nis environ ...
  unknown,      // a type Postfix 3.7 does not know (Postfix: "unsupported dictionary type")
};

std::string_view to_string(TableStorage storage);

struct TableRef {
  std::string spec;                // as written: "proxy:hash:/etc/postfix/tls_policy"
  std::string type;                // "hash"; the type behind "proxy:"
  std::string name;                // path, or the braced body for inline/static/unionmap/pipemap
  bool proxied = false;            // written as "proxy:TYPE:NAME"
  bool implicit_type = false;      // written without "type:", type is default_database_type
  std::vector<TableRef> members;   // unionmap/pipemap members, in order

  bool operator==(const TableRef&) const = default;
};

// Splits a list-of-tables parameter value into tables, in search order. Separators are
// whitespace and commas; text inside balanced {} is never split. A token without ':' is an
// error, as in every Postfix daemon (`open dictionary: expecting "type:name" form instead
// of "x"`), unless default_database_type is non-empty: then it is postmap(1)'s
// command-line form and gets that type (implicit_type = true). Diags carry no file/line:
// the caller knows where the value came from.
Expected<std::vector<TableRef>> parse_table_list(std::string_view value,
                                                 std::string_view default_database_type);

TableStorage table_storage(std::string_view type);

// Files a daemon reads for a compiled type: {name + ".db"} for hash/btree, ".lmdb", ".cdb",
// {".dir", ".pag"} for dbm/sdbm. Empty for every other storage kind.
std::vector<std::string> compiled_files(const TableRef& ref);

// Whether Postfix folds lookup keys to lower case for this type (tables opened with
// DICT_FLAG_FOLD_FIX, as smtp_tls_policy_maps and tls_server_sni_maps are). Case-folding
// types: hash btree lmdb cdb dbm sdbm texthash inline.
bool folds_keys(std::string_view type);

// Every table that holds content, with unionmap/pipemap members expanded in order.
std::vector<TableRef> leaf_tables(const std::vector<TableRef>& refs);

struct TableEntry {
  std::string key;    // folded to lower case when the table folds keys
  std::string value;
  int line = 0;       // first physical line of the logical line; 0 for inline tables

  bool operator==(const TableEntry&) const = default;
};

// Entries in effect plus what postmap would warn about. Warnings never abort: postmap skips
// the bad line and builds the rest of the table.
struct ParsedTable {
  std::vector<TableEntry> entries;  // duplicates removed: the first one wins, as in postmap
  Diags warnings;                   // file:line, postmap's wording
};

// postmap(1) source format: logical lines as in main.cf (comment and blank lines dropped,
// indented lines continue the previous line), "key whitespace value"; the key ends at the
// first whitespace outside "double quotes" (a backslash escapes the next character) and is
// kept in its quoted form; the value is trimmed.
ParsedTable parse_table_source(std::string_view content, const std::string& file, bool fold_case);

// Body of an inline table including its braces: "{ {key = value with spaces}, key2=value2 }".
// Keys are folded to lower case; a later duplicate replaces an earlier one (dict_ht update).
// Errors use Postfix's wording, e.g. `empty table: "inline:{ }"; need "inline:{name=value...}"`.
Expected<std::vector<TableEntry>> parse_inline_table(std::string_view body);

// Postfix tokenizer (mystrtok/mystrtokq): tokens separated by runs of any character in
// separators; with braces, separators inside balanced {} do not split.
std::vector<std::string> split_tokens(std::string_view text, std::string_view separators,
                                      bool braces);

struct NameValue {
  std::string name;
  std::string value;
};

// split_nameval() as used for inline-table elements and policy attributes: "name = value"
// with optional blanks, the value trimmed. An empty name before '=' is accepted ("=b" gives
// name ""), as Debian's postmap 3.7.11 does for inline:{=b} (main.cf itself rejects "=b";
// see main_cf.hpp split_name_value()).
Expected<NameValue> parse_name_value(std::string_view text);

// extpar() with EXTPAR_FLAG_STRIP: "{ text }" -> "text". Errors: "missing '}' in \"{x\"",
// "syntax error after '}' in \"{x}y\"".
Expected<std::string> extract_braced_text(std::string_view token);

// Separators Postfix calls CHARS_COMMA_SP.
inline constexpr std::string_view k_comma_space = ", \t\r\n";

}  // namespace mtaudit::postfix
