#include "engine/predicate_compiler.hpp"

#include "engine/version.hpp"

namespace mtaudit::engine {

namespace {

bool is_version_op(Op op) {
  return op == Op::version_eq || op == Op::version_ne || op == Op::version_lt ||
         op == Op::version_le || op == Op::version_gt || op == Op::version_ge;
}

bool compile_regex(JsonChecker& checker, Predicate& p) {
  const std::string& pattern = p.rhs.literal.as_string();
  try {
    p.regex = std::make_shared<const std::regex>(pattern, std::regex::ECMAScript);
    return true;
  } catch (const std::regex_error& e) {
    checker.error(p.rhs.offset, "invalid regex '" + pattern + "': " + e.what());
    return false;
  }
}

bool check_version(JsonChecker& checker, const Operand& o) {
  if (o.kind != Operand::Kind::literal || parse_version(o.literal.as_string(), true)) {
    return true;
  }
  checker.error(o.offset, "'" + o.literal.as_string() + "' is not a dotted version (digits separated by '.')");
  return false;
}

}  // namespace

bool compile_predicate(JsonChecker& checker, Predicate& p) {
  bool ok = true;
  for (auto& child : p.children) {
    ok = compile_predicate(checker, child) && ok;
  }
  if (p.op == Op::regex) {
    ok = compile_regex(checker, p) && ok;
  } else if (is_version_op(p.op)) {
    ok = check_version(checker, p.rhs) && ok;
  }
  return ok;
}

}  // namespace mtaudit::engine
