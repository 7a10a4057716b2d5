#pragma once
// The predicate AST: what a rule's `when`, `check` and `for_each.where` compile to.
//
// Grammar (JSON; every predicate is an object with exactly one operator key):
//   predicate  := {"all": [predicate, ...]} | {"any": [predicate, ...]} | {"not": predicate}
//               | {CMP: [path, operand]}            CMP := eq ne lt le gt ge in regex
//                                                         starts_with ends_with contains
//                                                         version_eq version_ne version_lt
//                                                         version_le version_gt version_ge
//                                                         includes_all includes_any
//                                                         includes_none subset_of
//               | {UNARY: path}                     UNARY := empty not_empty exists
//               | {"every"|"some": {"in": path, "as": NAME, "where"?: predicate,
//                                   "check": predicate, "label"?: template}}
//               | {"count": {"in": path, "as"?: NAME, "where"?: predicate,
//                            CMPN: operand}}        CMPN := eq ne lt le gt ge
//   Any predicate may carry "explain": TEMPLATE beside its operator key: when it is false,
//   its evidence is that sentence (rendered with the variables in scope) instead of
//   "path=value", so fail messages read as words, never as fact paths.
//   path       := "VAR.member.member..."  VAR := item | a name bound by "as" | a fact root
//   operand    := JSON literal | {"fact": path} | {"param": NAME}
// Evaluation is left to right with short circuit; a fact that is absent or null stops it
// (the result is error "fact X not available"), except inside `exists`.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "engine/fact_schema.hpp"
#include "engine/path_ref.hpp"
#include "engine/template.hpp"
#include "facts/fact.hpp"

namespace re2 {
class RE2;
}  // namespace re2

namespace mtaudit::engine {

enum class Op {
  all, any, not_,
  eq, ne, lt, le, gt, ge, in,
  regex, starts_with, ends_with, contains,
  version_eq, version_ne, version_lt, version_le, version_gt, version_ge,
  includes_all, includes_any, includes_none, subset_of,
  empty, not_empty, exists,
  every, some, count,
};

// The operator's name as written in rule files.
const char* op_name(Op op);

struct Operand {
  enum class Kind { none, fact, literal, param };
  Kind kind = Kind::none;
  std::size_t offset = 0;
  PathRef path;            // fact
  facts::Fact literal;     // literal
  std::string param;       // param
  FactTypePtr type;        // set by resolution (literals and params too)
};

struct Predicate {
  Op op = Op::all;
  std::size_t offset = 0;            // the operator key, for diagnostics
  std::vector<Predicate> children;   // all/any/not; every/some: [where?, check]; count: [where?]
  Operand lhs;                       // the compared fact (a path) for comparisons and unary ops
  Operand rhs;                       // comparisons; count: the number compared with
  Op count_op = Op::eq;              // count only
  // every/some/count:
  PathRef list;
  std::string var;
  std::size_t var_offset = 0;
  bool has_where = false;
  Template label;                    // names the element in evidence ("{c.name}")
  Template explain;                  // what this predicate being false means, in words
  std::shared_ptr<const re2::RE2> regex;    // compiled once at load (RE2: linear-time matching)
};

}  // namespace mtaudit::engine
