#include "collectors/postfix_config/master_cf.hpp"

#include <algorithm>
#include <array>

#include "collectors/postfix_config/logical_lines.hpp"
#include "collectors/postfix_config/main_cf.hpp"

namespace mtaudit::postfix {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

struct Token {
  std::string text;
  std::size_t offset;  // in the logical line
};

// mystrtokq(): whitespace separates, but not inside {}. Reports an unbalanced brace.
Expected<std::vector<Token>> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (true) {
    while (i < s.size() && is_blank(s[i])) ++i;
    if (i >= s.size()) break;
    std::size_t start = i;
    int depth = 0;
    for (; i < s.size() && (depth > 0 || !is_blank(s[i])); ++i) {
      if (s[i] == '{') ++depth;
      if (s[i] == '}') --depth;
    }
    if (depth > 0) {
      return Diag{"", 0, static_cast<int>(start) + 1, "missing '}' in \"" + std::string(s.substr(start)) + "\""};
    }
    out.push_back({std::string(s.substr(start, i - start)), start});
  }
  return out;
}

// extpar() with EXTPAR_FLAG_STRIP: "{ a b }" -> "a b"; text after the closing brace is an error.
Expected<std::string> strip_braces(const std::string& tok) {
  if (tok.empty() || tok.front() != '{') return tok;
  int depth = 0;
  for (std::size_t i = 0; i < tok.size(); ++i) {
    if (tok[i] == '{') ++depth;
    if (tok[i] == '}' && --depth == 0) {
      if (i + 1 != tok.size()) {
        return Diag{"", 0, 0, "syntax error after '}' in \"" + tok + "\""};
      }
      return std::string(trim_postfix_space(std::string_view(tok).substr(1, i - 1)));
    }
  }
  return Diag{"", 0, 0, "missing '}' in \"" + tok + "\""};
}

constexpr std::array<std::string_view, 5> k_types = {"inet", "unix", "unix-dgram", "fifo", "pass"};

Diag at(const LogicalLine& ll, const std::string& file, std::size_t offset, std::string msg) {
  return {file, ll.line_at(offset), 0, std::move(msg), ll.text};
}

// Walks the daemon options as getopt would: `-o X`, `-oX`, other flags; stops at the first
// argument that is not an option.
Diags collect_overrides(const LogicalLine& ll, const std::string& file,
                        const std::vector<Token>& toks, std::size_t first, MasterEntry* e) {
  Diags errors;
  for (std::size_t i = first; i < toks.size(); ++i) {
    const std::string& t = toks[i].text;
    if (t == "--" || t.size() < 2 || t[0] != '-') break;
    if (t.rfind("-o", 0) != 0) continue;
    std::size_t where = toks[i].offset;
    std::string raw;
    if (t.size() > 2) {
      raw = t.substr(2);
    } else if (i + 1 < toks.size()) {
      raw = toks[++i].text;
      where = toks[i].offset;
    } else {
      errors.push_back(at(ll, file, where, "option requires an argument -- 'o'"));
      break;
    }
    auto text = strip_braces(raw);
    Override o;
    std::string err = text ? split_name_value(*text, &o.name, &o.value) : text.errors().front().message;
    if (!err.empty()) {
      errors.push_back(at(ll, file, where, "invalid \"-o " + raw + "\" option value: " + err));
      continue;
    }
    o.line = ll.line_at(where);
    e->overrides.push_back(std::move(o));
  }
  return errors;
}

Expected<MasterEntry> parse_entry(const LogicalLine& ll, const std::string& file) {
  auto toks = tokenize(ll.text);
  if (!toks) return at(ll, file, 0, toks.errors().front().message);
  if (toks->size() < 8) {
    return at(ll, file, 0, "expected at least 8 fields (service type private unpriv chroot wakeup "
                           "maxproc command), found " + std::to_string(toks->size()));
  }
  const auto& t = *toks;
  MasterEntry e{t[0].text, t[1].text, t[2].text, t[3].text, t[4].text, t[5].text, t[6].text, t[7].text,
                {}, {}, ll.line};
  if (std::find(k_types.begin(), k_types.end(), e.type) == k_types.end()) {
    return at(ll, file, t[1].offset, "unknown service type \"" + e.type + "\" for service \"" + e.service + "\"");
  }
  for (std::size_t i = 8; i < t.size(); ++i) {
    auto arg = strip_braces(t[i].text);
    if (!arg) return at(ll, file, t[i].offset, arg.errors().front().message);
    e.args.push_back(*arg);
  }
  Diags errors = collect_overrides(ll, file, t, 8, &e);
  if (!errors.empty()) return errors;
  return e;
}

}  // namespace

std::string MasterEntry::program() const {
  std::size_t slash = command.rfind('/');
  return slash == std::string::npos ? command : command.substr(slash + 1);
}

Expected<std::vector<std::string>> split_master_args(std::string_view text) {
  auto toks = tokenize(text);
  if (!toks) return toks.errors();
  std::vector<std::string> out;
  for (const auto& t : *toks) {
    auto arg = strip_braces(t.text);
    if (!arg) return arg.errors();
    out.push_back(*arg);
  }
  return out;
}

Expected<std::vector<MasterEntry>> parse_master_cf(std::string_view content,
                                                   const std::string& file, Diags* warnings) {
  std::vector<MasterEntry> entries;
  Diags errors;
  for (const auto& ll : read_logical_lines(content, file, warnings)) {
    auto e = parse_entry(ll, file);
    if (!e) {
      for (const auto& d : e.errors()) errors.push_back(d);
      continue;
    }
    entries.push_back(std::move(e).value());
  }
  if (!errors.empty()) return errors;
  return entries;
}

}  // namespace mtaudit::postfix
