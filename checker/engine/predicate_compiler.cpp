#include "engine/predicate_compiler.hpp"

#include <re2/re2.h>

#include "engine/version.hpp"

namespace mtaudit::engine {

namespace {

bool is_version_op(Op op) {
  return op == Op::version_eq || op == Op::version_ne || op == Op::version_lt ||
         op == Op::version_le || op == Op::version_gt || op == Op::version_ge;
}

// RE2 rather than std::regex: matching is linear in the subject whatever the pattern, so a rule
// file cannot hang the engine, and compiling is cheap enough to do for every rule at start-up.
bool compile_regex(JsonChecker& checker, Predicate& p) {
  const std::string& pattern = p.rhs.literal.as_string();
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(8 << 20);  // a pathological pattern fails to compile instead of growing
  auto re = std::make_shared<const re2::RE2>(pattern, options);
  if (!re->ok()) {
    checker.error(p.rhs.offset, "invalid regex '" + pattern + "': " + re->error());
    return false;
  }
  p.regex = std::move(re);
  return true;
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
