#include "collectors/postfix_config/lookup_tables.hpp"

#include "collectors/postfix_config/logical_lines.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_set>

namespace mtaudit::postfix {

namespace {

// Postfix's ISSPACE: the C-locale isspace() set.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

// balpar(): length of "{...}" at the start of text including both braces, 0 if unbalanced.
std::size_t balanced_length(std::string_view text) {
  if (text.empty() || text.front() != '{') {
    return 0;
  }
  int level = 1;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '}' && --level == 0) {
      return i + 1;
    }
    if (text[i] == '{') {
      ++level;
    }
  }
  return 0;
}

// The text between the outer braces when text is exactly one "{...}" group.
std::optional<std::string_view> braced_body(std::string_view text) {
  std::size_t len = balanced_length(text);
  if (len == 0 || len != text.size()) {
    return std::nullopt;
  }
  return text.substr(1, len - 2);
}

Diag error(std::string message) {
  Diag d;
  d.message = std::move(message);
  return d;
}

Diag expecting_type_name(std::string_view token) {
  return error("open dictionary: expecting \"type:name\" form instead of \"" +
               std::string(token) + "\"");
}

Expected<TableRef> parse_table_ref(std::string_view token, std::string_view default_type);

// unionmap:{...} / pipemap:{...}: every member must itself be written as type:name.
Expected<TableRef> parse_composite(TableRef ref) {
  std::string need = "bad syntax: \"" + ref.type + ":" + ref.name + "\"; need \"" + ref.type +
                     ":{type:name...}\"";
  auto body = braced_body(ref.name);
  if (!body || body->empty()) {
    return error(need);
  }
  for (const std::string& token : split_tokens(*body, k_comma_space, true)) {
    if (token.find(':') == std::string::npos) {
      return error(need);
    }
    auto member = parse_table_ref(token, "");
    if (!member) {
      return std::move(member).take_errors();
    }
    ref.members.push_back(std::move(member).value());
  }
  return ref;
}

Expected<TableRef> parse_table_ref(std::string_view token, std::string_view default_type) {
  std::size_t colon = token.find(':');
  if (colon == std::string_view::npos) {
    if (default_type.empty()) {
      return expecting_type_name(token);
    }
    return TableRef{std::string(token), std::string(default_type), std::string(token), false,
                    true, {}};
  }
  TableRef ref{std::string(token), std::string(token.substr(0, colon)),
               std::string(token.substr(colon + 1)), false, false, {}};
  if (ref.type.empty() || ref.name.empty()) {
    return expecting_type_name(token);
  }
  if (ref.type == "proxy") {
    auto inner = parse_table_ref(ref.name, "");
    if (!inner) {
      return inner;
    }
    inner->spec = ref.spec;
    inner->proxied = true;
    return inner;
  }
  if (table_storage(ref.type) == TableStorage::composite) {
    return parse_composite(std::move(ref));
  }
  return ref;
}

using SourceLine = LogicalLine;

Diag at(const std::string& file, const SourceLine& l, std::string message) {
  return Diag{file, l.line, 0, std::move(message), l.text};
}

// postmap: the key ends at the first whitespace outside double quotes; a backslash makes
// the next character literal. Returns npos for an unbalanced quote.
std::size_t key_end(std::string_view text) {
  bool in_quotes = false;
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    if (text[i] == '\\') {
      if (++i == text.size()) {
        break;
      }
    } else if (is_space(text[i]) && !in_quotes) {
      break;
    } else if (text[i] == '"') {
      in_quotes = !in_quotes;
    }
  }
  return in_quotes ? std::string_view::npos : i;
}

// One logical line into an entry, or nullopt (with a warning) when postmap skips it.
std::optional<TableEntry> parse_source_line(const SourceLine& l, const std::string& file,
                                            bool fold_case, Diags& warnings) {
  std::size_t end = key_end(l.text);
  if (end == std::string_view::npos) {
    warnings.push_back(
        at(file, l, "unbalanced '\"' in '" + l.text + "' -- ignoring this line"));
    return std::nullopt;
  }
  std::string_view key = std::string_view(l.text).substr(0, end);
  std::string_view value = trim(std::string_view(l.text).substr(end));
  if (key.empty() || value.empty()) {
    warnings.push_back(at(file, l, "expected format: key whitespace value"));
    return std::nullopt;
  }
  if (key.back() == ':') {
    warnings.push_back(
        at(file, l, "record is in \"key: value\" format; is this an alias file?"));
  }
  std::string k = fold_case ? lowercase(key) : std::string(key);
  return TableEntry{std::move(k), std::string(value), l.line};
}

Diag inline_error(std::string_view reason, std::string_view body) {
  return error(std::string(reason) + ": \"inline:" + std::string(body) +
               "\"; need \"inline:{name=value...}\"");
}

// One "name=value" or "{ name = value }" element of an inline table.
Expected<NameValue> parse_inline_element(const std::string& token) {
  std::string text = token;
  if (!token.empty() && token.front() == '{') {
    auto inner = extract_braced_text(token);
    if (!inner) {
      return std::move(inner).take_errors();
    }
    text = std::move(inner).value();
  }
  return parse_name_value(text);
}

}  // namespace

std::string_view to_string(TableStorage storage) {
  switch (storage) {
    case TableStorage::compiled: return "compiled";
    case TableStorage::source_file: return "source_file";
    case TableStorage::in_config: return "in_config";
    case TableStorage::composite: return "composite";
    case TableStorage::external: return "external";
    case TableStorage::unknown: return "unknown";
  }
  return "unknown";
}

std::vector<std::string> split_tokens(std::string_view text, std::string_view separators,
                                      bool braces) {
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    if (separators.find(text[i]) != std::string_view::npos) {
      ++i;
      continue;
    }
    std::size_t start = i;
    int level = 0;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (braces && c == '{') {
        ++level;
      } else if (braces && level > 0 && c == '}') {
        --level;
      } else if (level == 0 && separators.find(c) != std::string_view::npos) {
        break;
      }
    }
    tokens.emplace_back(text.substr(start, i - start));
  }
  return tokens;
}

Expected<NameValue> parse_name_value(std::string_view text) {
  std::size_t np = 0;
  while (np < text.size() && is_space(text[np])) {
    ++np;
  }
  if (np == text.size()) {
    return error("missing attribute name");
  }
  std::size_t ep = np;
  while (ep < text.size() && !is_space(text[ep]) && text[ep] != '=') {
    ++ep;
  }
  std::size_t cp = ep;
  while (cp < text.size() && is_space(text[cp])) {
    ++cp;
  }
  if (cp == text.size() || text[cp] != '=') {
    return error("missing '=' after attribute name");
  }
  return NameValue{std::string(text.substr(np, ep - np)),
                   std::string(trim(text.substr(cp + 1)))};
}

Expected<std::string> extract_braced_text(std::string_view token) {
  std::string quoted = "\"" + std::string(token) + "\"";
  if (token.empty() || token.front() != '{') {
    return error("no '{' at start of text in " + quoted);
  }
  std::size_t len = balanced_length(token);
  if (len == 0) {
    return error("missing '}' in " + quoted);
  }
  if (len != token.size()) {
    return error("syntax error after '}' in " + quoted);
  }
  return std::string(trim(token.substr(1, len - 2)));
}

Expected<std::vector<TableRef>> parse_table_list(std::string_view value,
                                                 std::string_view default_database_type) {
  std::vector<TableRef> refs;
  Diags errors;
  for (const std::string& token : split_tokens(value, k_comma_space, true)) {
    auto ref = parse_table_ref(token, default_database_type);
    if (ref) {
      refs.push_back(std::move(ref).value());
    } else {
      const Diags& e = ref.errors();
      errors.insert(errors.end(), e.begin(), e.end());
    }
  }
  if (!errors.empty()) {
    return errors;
  }
  return refs;
}

TableStorage table_storage(std::string_view type) {
  static constexpr std::array<std::string_view, 6> k_compiled{"hash", "btree", "lmdb",
                                                              "cdb",  "dbm",   "sdbm"};
  static constexpr std::array<std::string_view, 4> k_source{"texthash", "regexp", "pcre", "cidr"};
  static constexpr std::array<std::string_view, 13> k_external{
      "tcp",    "socketmap", "ldap",     "mysql",    "pgsql", "sqlite", "memcache",
      "nis",    "environ",   "internal", "randmap", "unix",  "fail"};
  auto in = [type](const auto& list) {
    return std::find(list.begin(), list.end(), type) != list.end();
  };
  if (in(k_compiled)) {
    return TableStorage::compiled;
  }
  if (in(k_source)) {
    return TableStorage::source_file;
  }
  if (type == "inline" || type == "static") {
    return TableStorage::in_config;
  }
  if (type == "unionmap" || type == "pipemap") {
    return TableStorage::composite;
  }
  return in(k_external) ? TableStorage::external : TableStorage::unknown;
}

std::vector<std::string> compiled_files(const TableRef& ref) {
  if (ref.type == "hash" || ref.type == "btree") {
    return {ref.name + ".db"};
  }
  if (ref.type == "lmdb" || ref.type == "cdb") {
    return {ref.name + "." + ref.type};
  }
  if (ref.type == "dbm" || ref.type == "sdbm") {
    return {ref.name + ".dir", ref.name + ".pag"};
  }
  return {};
}

bool folds_keys(std::string_view type) {
  return table_storage(type) == TableStorage::compiled || type == "texthash" ||
         type == "inline";
}

std::vector<TableRef> leaf_tables(const std::vector<TableRef>& refs) {
  std::vector<TableRef> out;
  for (const TableRef& ref : refs) {
    if (ref.members.empty()) {
      out.push_back(ref);
      continue;
    }
    std::vector<TableRef> inner = leaf_tables(ref.members);
    out.insert(out.end(), inner.begin(), inner.end());
  }
  return out;
}

ParsedTable parse_table_source(std::string_view content, const std::string& file,
                               bool fold_case) {
  ParsedTable table;
  std::unordered_set<std::string> seen;
  for (const SourceLine& l : read_logical_lines(content, file, &table.warnings)) {
    auto entry = parse_source_line(l, file, fold_case, table.warnings);
    if (!entry) {
      continue;
    }
    if (!seen.insert(entry->key).second) {
      table.warnings.push_back(at(file, l, "duplicate entry: \"" + entry->key + "\""));
      continue;
    }
    table.entries.push_back(std::move(*entry));
  }
  return table;
}

Expected<std::vector<TableEntry>> parse_inline_table(std::string_view body) {
  auto inner = braced_body(body);
  if (!inner || inner->empty()) {
    return inline_error("bad syntax", body);
  }
  std::vector<TableEntry> entries;
  for (const std::string& token : split_tokens(*inner, k_comma_space, true)) {
    auto nv = parse_inline_element(token);
    if (!nv) {
      return inline_error(nv.errors().front().message, body);
    }
    std::string key = lowercase(nv->name);
    auto it = std::find_if(entries.begin(), entries.end(),
                           [&](const TableEntry& e) { return e.key == key; });
    if (it != entries.end()) {
      it->value = nv->value;
    } else {
      entries.push_back(TableEntry{std::move(key), nv->value, 0});
    }
  }
  if (entries.empty()) {
    return inline_error("empty table", body);
  }
  return entries;
}

}  // namespace mtaudit::postfix
