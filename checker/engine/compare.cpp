#include "engine/compare.hpp"

#include <re2/re2.h>

#include <algorithm>

#include "engine/params.hpp"
#include "engine/version.hpp"

namespace mtaudit::engine {

namespace {

// RE2 matches in linear time, but rule regexes are meant for configuration values, which are
// short: a longer subject is reported rather than matched, so hostile input stays cheap.
constexpr std::size_t k_max_regex_subject = 4096;

Comparison kinds_differ(const facts::Fact& lhs, const facts::Fact& rhs) {
  return Comparison{false, "cannot compare " + render_value(lhs) + " (" + value_kind(lhs) + ") with " +
                               render_value(rhs) + " (" + value_kind(rhs) + ")"};
}

bool same_scalar(const facts::Fact& a, const facts::Fact& b) {
  if (a.is_bool() && b.is_bool()) {
    return a.as_bool() == b.as_bool();
  }
  if (a.is_int() && b.is_int()) {
    return a.as_int() == b.as_int();
  }
  return a.is_string() && b.is_string() && a.as_string() == b.as_string();
}

bool scalar(const facts::Fact& f) { return f.is_bool() || f.is_int() || f.is_string(); }

bool contains_value(const facts::FactList& list, const facts::Fact& v) {
  return std::any_of(list.begin(), list.end(), [&](const facts::Fact& x) { return same_scalar(x, v); });
}

Comparison ordering(Op op, const facts::Fact& lhs, const facts::Fact& rhs) {
  if (!lhs.is_int() || !rhs.is_int()) {
    return kinds_differ(lhs, rhs);
  }
  std::int64_t a = lhs.as_int();
  std::int64_t b = rhs.as_int();
  bool v = op == Op::lt ? a < b : op == Op::le ? a <= b : op == Op::gt ? a > b : a >= b;
  return Comparison{v, ""};
}

Comparison text(const Predicate& p, const facts::Fact& lhs, const facts::Fact& rhs) {
  if (!lhs.is_string() || !rhs.is_string()) {
    return kinds_differ(lhs, rhs);
  }
  const std::string& a = lhs.as_string();
  const std::string& b = rhs.as_string();
  switch (p.op) {
    case Op::starts_with: return Comparison{a.rfind(b, 0) == 0, ""};
    case Op::ends_with: return Comparison{a.size() >= b.size() && a.compare(a.size() - b.size(), b.size(), b) == 0, ""};
    case Op::contains: return Comparison{a.find(b) != std::string::npos, ""};
    default: break;
  }
  if (a.size() > k_max_regex_subject) {
    return Comparison{false, "value is too long for a regex match (" + std::to_string(a.size()) + " bytes, limit " +
                                 std::to_string(k_max_regex_subject) + ")"};
  }
  return Comparison{re2::RE2::PartialMatch(a, *p.regex), ""};
}

Comparison versions(Op op, const facts::Fact& lhs, const facts::Fact& rhs) {
  if (!lhs.is_string() || !rhs.is_string()) {
    return kinds_differ(lhs, rhs);
  }
  auto a = parse_version(lhs.as_string(), false);
  auto b = parse_version(rhs.as_string(), false);
  if (!a || !b) {
    return Comparison{false, "'" + (a ? rhs : lhs).as_string() + "' is not a version"};
  }
  int c = compare_versions(*a, *b);
  switch (op) {
    case Op::version_eq: return Comparison{c == 0, ""};
    case Op::version_ne: return Comparison{c != 0, ""};
    case Op::version_lt: return Comparison{c < 0, ""};
    case Op::version_le: return Comparison{c <= 0, ""};
    case Op::version_gt: return Comparison{c > 0, ""};
    default: return Comparison{c >= 0, ""};
  }
}

Comparison sets(Op op, const facts::Fact& lhs, const facts::Fact& rhs) {
  if (!lhs.is_list() || !rhs.is_list()) {
    return kinds_differ(lhs, rhs);
  }
  const auto& have = lhs.as_list();
  const auto& want = rhs.as_list();
  auto in_have = [&](const facts::Fact& v) { return contains_value(have, v); };
  switch (op) {
    case Op::includes_all: return Comparison{std::all_of(want.begin(), want.end(), in_have), ""};
    case Op::includes_any: return Comparison{std::any_of(want.begin(), want.end(), in_have), ""};
    case Op::includes_none: return Comparison{std::none_of(want.begin(), want.end(), in_have), ""};
    default:
      return Comparison{std::all_of(have.begin(), have.end(),
                                    [&](const facts::Fact& v) { return contains_value(want, v); }),
                        ""};
  }
}

}  // namespace

std::string value_kind(const facts::Fact& value) {
  switch (value.kind()) {
    case facts::Fact::Kind::boolean: return "boolean";
    case facts::Fact::Kind::integer: return "integer";
    case facts::Fact::Kind::string: return "string";
    case facts::Fact::Kind::list: return "list";
    case facts::Fact::Kind::map: return "map";
    default: return "null";
  }
}

Comparison compare(const Predicate& p, const facts::Fact& lhs, const facts::Fact& rhs) {
  switch (p.op) {
    case Op::eq: case Op::ne:
      if (!scalar(lhs) || lhs.kind() != rhs.kind()) {
        return kinds_differ(lhs, rhs);
      }
      return Comparison{same_scalar(lhs, rhs) == (p.op == Op::eq), ""};
    case Op::lt: case Op::le: case Op::gt: case Op::ge:
      return ordering(p.op, lhs, rhs);
    case Op::in:
      if (!scalar(lhs) || !rhs.is_list()) {
        return kinds_differ(lhs, rhs);
      }
      return Comparison{contains_value(rhs.as_list(), lhs), ""};
    case Op::regex: case Op::starts_with: case Op::ends_with: case Op::contains:
      return text(p, lhs, rhs);
    case Op::includes_all: case Op::includes_any: case Op::includes_none: case Op::subset_of:
      return sets(p.op, lhs, rhs);
    default:
      return versions(p.op, lhs, rhs);
  }
}

Comparison emptiness(Op op, const facts::Fact& value) {
  std::size_t size = 0;
  if (value.is_list()) {
    size = value.as_list().size();
  } else if (value.is_map()) {
    size = value.as_map().size();
  } else if (value.is_string()) {
    size = value.as_string().size();
  } else {
    return Comparison{false, "'" + std::string(op_name(op)) + "' needs a list, map or string, not " +
                                 render_value(value) + " (" + value_kind(value) + ")"};
  }
  return Comparison{(size == 0) == (op == Op::empty), ""};
}

std::string expectation(Op op, const facts::Fact* rhs) {
  std::string v = rhs == nullptr ? "" : render_value(*rhs);
  switch (op) {
    case Op::eq: return v;
    case Op::ne: return "not " + v;
    case Op::lt: return "< " + v;
    case Op::le: return "<= " + v;
    case Op::gt: return "> " + v;
    case Op::ge: return ">= " + v;
    case Op::in: return "one of " + v;
    case Op::regex: return "matching /" + v + "/";
    case Op::starts_with: return "starting with " + v;
    case Op::ends_with: return "ending with " + v;
    case Op::contains: return "containing " + v;
    case Op::version_eq: return "version " + v;
    case Op::version_ne: return "version other than " + v;
    case Op::version_lt: return "version < " + v;
    case Op::version_le: return "version <= " + v;
    case Op::version_gt: return "version > " + v;
    case Op::version_ge: return "version >= " + v;
    case Op::includes_all: return "including all of " + v;
    case Op::includes_any: return "including any of " + v;
    case Op::includes_none: return "including none of " + v;
    case Op::subset_of: return "only values from " + v;
    case Op::empty: return "empty";
    case Op::not_empty: return "not empty";
    case Op::exists: return "present";
    default: return v;
  }
}

}  // namespace mtaudit::engine
