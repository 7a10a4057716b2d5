#pragma once
// The comparison operators on concrete values, and how their expectation reads in results.
#include <string>

#include "engine/predicate.hpp"
#include "facts/fact.hpp"

namespace mtaudit::engine {

struct Comparison {
  bool value = false;
  std::string error;  // non-empty: the values cannot be compared (kinds differ at run time, ...)
};

// Binary operators (eq ... subset_of). `p` supplies the operator and the compiled regex.
Comparison compare(const Predicate& p, const facts::Fact& lhs, const facts::Fact& rhs);

// empty / not_empty.
Comparison emptiness(Op op, const facts::Fact& value);

// "one of [may, encrypt]", ">= 3", "matching /^yes$/", "empty" ...
std::string expectation(Op op, const facts::Fact* rhs);

// "string", "integer", "list", "map", "boolean", "null".
std::string value_kind(const facts::Fact& value);

}  // namespace mtaudit::engine
