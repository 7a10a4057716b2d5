#include "collectors/postfix_config/macro_expand.hpp"

#include <cctype>
#include <cstdlib>
#include <cstring>

namespace mtaudit::postfix {
namespace {

constexpr std::string_view k_ws = " \t\r\n";
constexpr int k_max_nesting = 100;

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

std::size_t span_ws(std::string_view s, std::size_t pos) {
  std::size_t n = s.find_first_not_of(k_ws, pos);
  return (n == std::string_view::npos ? s.size() : n) - pos;
}

enum class Op { none, eq, ne, lt, le, ge, gt };

Op op_from(std::string_view s) {
  if (s == "==") return Op::eq;
  if (s == "!=") return Op::ne;
  if (s == "<") return Op::lt;
  if (s == "<=") return Op::le;
  if (s == ">=") return Op::ge;
  if (s == ">") return Op::gt;
  return Op::none;
}

bool op_holds(Op op, long delta) {
  switch (op) {
    case Op::eq: return delta == 0;
    case Op::ne: return delta != 0;
    case Op::lt: return delta < 0;
    case Op::le: return delta <= 0;
    case Op::ge: return delta >= 0;
    case Op::gt: return delta > 0;
    default: return false;
  }
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

// One expansion run; mirrors MAC_EXP_CONTEXT. The first error ends the run, as in Postfix.
class Expander {
 public:
  Expander(const RawLookup& lookup, ExpandOptions opt, std::vector<std::string>* undefined)
      : m_lookup(lookup), m_opt(opt), m_undefined(undefined) {}

  bool parse(std::string_view value);  // mac_parse(); false after an error
  std::string result;
  std::string error;

 private:
  bool fail(std::string msg) {
    if (error.empty()) error = std::move(msg);
    return false;
  }
  bool expression(std::string_view expr);
  bool named(std::string_view expr);
  bool relational(std::string_view expr);
  bool branches(char op, bool truth, std::string_view rest);
  bool curly_payload(std::string_view s, std::size_t* pos, std::string_view* payload);
  bool substitute(const std::string* value);

  const RawLookup& m_lookup;
  ExpandOptions m_opt;
  std::vector<std::string>* m_undefined;
  int m_level = 0;
};

bool Expander::parse(std::string_view value) {
  std::string literal;
  std::size_t i = 0;
  while (i < value.size()) {
    if (value[i] != '$') {
      literal += value[i++];
      continue;
    }
    if (i + 1 < value.size() && value[i + 1] == '$') {
      literal += '$';
      i += 2;
      continue;
    }
    result += literal;
    literal.clear();
    ++i;
    std::string name;
    if (i < value.size() && (value[i] == '{' || value[i] == '(')) {
      char open = value[i];
      char close = open == '{' ? '}' : ')';
      int depth = 1;
      std::size_t j = ++i;
      for (; depth > 0; ++j) {
        if (j >= value.size()) {
          return fail("truncated macro reference: \"" + std::string(value) + "\"");
        }
        if (value[j] == open) ++depth;
        if (value[j] == close) --depth;
      }
      name = std::string(value.substr(i, j - i - 1));
      i = j;
    } else {
      std::size_t j = i;
      while (j < value.size() && is_name_char(value[j])) ++j;
      name = std::string(value.substr(i, j - i));
      i = j;
    }
    if (name.empty()) {
      return fail("empty macro name: \"" + std::string(value) + "\"");
    }
    if (!expression(name)) return false;
  }
  result += literal;
  return true;
}

bool Expander::expression(std::string_view expr) {
  if (m_level++ > k_max_nesting) {
    return fail("unreasonable macro call nesting: \"" + std::string(expr) + "\"");
  }
  std::size_t ws = span_ws(expr, 0);
  bool ok = ws < expr.size() && expr[ws] == '{' ? relational(expr.substr(ws)) : named(expr);
  --m_level;
  return ok;
}

bool Expander::named(std::string_view expr) {
  std::size_t start = span_ws(expr, 0);
  std::size_t i = start;
  while (true) {
    std::size_t ws = span_ws(expr, i);
    if (i + ws >= expr.size()) {
      std::string name(expr.substr(start, i - start));
      const std::string* v = m_lookup(name);
      if (v == nullptr && m_undefined) m_undefined->push_back(name);
      return substitute(v);
    }
    char c = expr[i + ws];
    if (c == '?' || c == ':') {
      std::string name(expr.substr(start, i - start));
      const std::string* v = m_lookup(name);
      if (v == nullptr && m_undefined) m_undefined->push_back(name);
      return branches(c, v != nullptr && !v->empty(), expr.substr(i + ws + 1));
    }
    if (!is_name_char(expr[i])) {
      return fail("attribute name syntax error at: \"..." + std::string(expr.substr(0, i)) +
                  ">>>" + std::string(expr.substr(i, 20)) + "\"");
    }
    ++i;
  }
}

bool Expander::substitute(const std::string* value) {
  // An undefined name expands to nothing (Postfix flags MAC_UNDEF_VAL and goes on).
  if (value == nullptr || value->empty()) return true;
  if (!m_opt.recurse) {
    result += *value;
    return true;
  }
  std::string copy = *value;  // the lookup's storage may not outlive nested lookups
  return parse(copy);
}

bool Expander::curly_payload(std::string_view s, std::size_t* pos, std::string_view* payload) {
  std::size_t begin = *pos + 1;
  int depth = 1;
  for (std::size_t j = begin; j < s.size(); ++j) {
    if (s[j] == '{') ++depth;
    if (s[j] == '}' && --depth <= 0) {
      *payload = s.substr(begin, j - begin);
      *pos = j + 1 + span_ws(s, j + 1);
      return true;
    }
  }
  return fail("unbalanced {} in attribute expression: \"" + std::string(s.substr(*pos)) + "\"");
}

bool Expander::branches(char op, bool truth, std::string_view rest) {
  std::size_t pos = 0;
  if (op == '?') {
    std::size_t ws = span_ws(rest, 0);
    std::string_view iftrue;
    if (ws < rest.size() && rest[ws] == '{') {
      pos = ws;
      if (!curly_payload(rest, &pos, &iftrue)) return false;
    } else {
      iftrue = rest;
      pos = rest.size();
    }
    if (truth && !parse(std::string(iftrue))) return false;
    if (pos >= rest.size()) return true;
    if (rest[pos] != ':') {
      return fail("\":\" expected at: \"..." + std::string(iftrue) + "}>>>" +
                  std::string(rest.substr(pos, 20)) + "\"");
    }
    rest = rest.substr(pos + 1);
    pos = 0;
  }
  std::size_t ws = span_ws(rest, 0);
  std::string_view iffalse;
  if (ws < rest.size() && rest[ws] == '{') {
    pos = ws;
    if (!curly_payload(rest, &pos, &iffalse)) return false;
  } else {
    iffalse = rest;
    pos = rest.size();
  }
  if (!truth && !parse(std::string(iffalse))) return false;
  if (pos < rest.size()) {
    return fail("unexpected input at: \"..." + std::string(iffalse) + "}>>>" +
                std::string(rest.substr(pos, 20)) + "\"");
  }
  return true;
}

bool Expander::relational(std::string_view expr) {
  std::size_t pos = 0;
  std::string_view left;
  if (!curly_payload(expr, &pos, &left)) return false;
  std::size_t op_len = 0;
  while (pos + op_len < expr.size() && std::strchr("<>!=?+-*/~&|%", expr[pos + op_len]) &&
         expr[pos + op_len] != '\0') {
    ++op_len;
  }
  Op op = op_from(expr.substr(pos, op_len));
  if (op == Op::none) {
    return fail("\"==\" or \"!=\"\" or \"<\"\" or \"<=\"\" or \">=\"\" or \">\" expected at: \"..." +
                std::string(left) + "}>>>" + std::string(expr.substr(pos, 20)) + "\"");
  }
  pos += op_len;
  bool level = false;
  std::size_t type_len = 0;
  while (pos + type_len < expr.size() &&
         std::isalnum(static_cast<unsigned char>(expr[pos + type_len]))) {
    ++type_len;
  }
  if (type_len > 0) {
    if (expr.substr(pos, type_len) != "level") {
      return fail("bad operator suffix at: \"..." + std::string(expr.substr(pos - op_len, op_len)) +
                  ">>>" + std::string(expr.substr(pos, type_len)) + "\"");
    }
    level = true;
    pos += type_len;
  }
  std::size_t ws = span_ws(expr, pos);
  if (pos + ws >= expr.size() || expr[pos + ws] != '{') {
    return fail("\"{expression}\" expected at: \"...{" + std::string(left) + "} " +
                std::string(expr.substr(pos - op_len - type_len, op_len + type_len)) + ">>>" +
                std::string(expr.substr(pos, 20)) + "\"");
  }
  pos += ws;
  std::string_view right;
  if (!curly_payload(expr, &pos, &right)) return false;

  Expander lx(m_lookup, m_opt, m_undefined), rx(m_lookup, m_opt, m_undefined);
  lx.m_level = rx.m_level = m_level;
  if (!lx.parse(left)) return fail(lx.error);
  if (!rx.parse(right)) return fail(rx.error);
  long delta = 0;
  if (level) {
    auto cmp = compare_compat_levels(lx.result, rx.result);
    if (!cmp) return fail(cmp.errors().front().message);
    delta = *cmp;
  } else if (all_digits(lx.result) && all_digits(rx.result)) {
    // atol() as Postfix calls it: glibc's strtol, which saturates instead of overflowing.
    delta = std::strtol(lx.result.c_str(), nullptr, 10) - std::strtol(rx.result.c_str(), nullptr, 10);
  } else {
    delta = std::strcmp(lx.result.c_str(), rx.result.c_str());
  }
  bool truth = op_holds(op, delta);
  if (pos >= expr.size()) {
    return truth ? (result += "true", true) : true;
  }
  char c = expr[pos];
  if (c != '?' && c != ':') {
    return fail("\"?\" or \":\" expected at: \"...}>>>" + std::string(expr.substr(pos, 20)) + "\"");
  }
  return branches(c, truth, expr.substr(pos + 1));
}

}  // namespace

Expected<int> compare_compat_levels(std::string_view a, std::string_view b) {
  auto parse = [](std::string_view s, long out[3]) {
    out[0] = out[1] = out[2] = 0;
    int part = 0;
    std::size_t i = 0;
    while (true) {
      std::size_t j = i;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      if (j == i || part > 2) return false;
      if (j - i > 9) return false;  // no level part has ten digits; stol would overflow
      out[part++] = std::stol(std::string(s.substr(i, j - i)));
      if (j == s.size()) return true;
      if (s[j] != '.') return false;
      i = j + 1;
    }
  };
  long x[3], y[3];
  if (!parse(a, x)) return Diag{"", 0, 0, "invalid compatibility level: \"" + std::string(a) + "\""};
  if (!parse(b, y)) return Diag{"", 0, 0, "invalid compatibility level: \"" + std::string(b) + "\""};
  for (int i = 0; i < 3; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

Expected<std::string> expand_macros(std::string_view value, const RawLookup& lookup,
                                    ExpandOptions options, std::vector<std::string>* undefined) {
  Expander ex(lookup, options, undefined);
  if (!ex.parse(value)) {
    return Diag{"", 0, 0, ex.error, ""};
  }
  return std::move(ex.result);
}

}  // namespace mtaudit::postfix
