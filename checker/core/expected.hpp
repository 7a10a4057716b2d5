#pragma once
// Errors as values. libstdc++ 12 has no std::expected, so this is the small part of it
// the project uses: a value or a list of diagnostics (all problems are reported at once).
#include <cassert>
#include <utility>
#include <variant>

#include "core/diag.hpp"

namespace mtaudit {

template <class T>
class Expected {
 public:
  Expected(T value) : m_v(std::move(value)) {}        // NOLINT: implicit by design
  Expected(Diags errors) : m_v(std::move(errors)) {}  // NOLINT
  Expected(Diag error) : m_v(Diags{std::move(error)}) {}  // NOLINT

  bool ok() const { return m_v.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(m_v); }
  const T& value() const& { assert(ok()); return std::get<0>(m_v); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(m_v)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Diags& errors() const { assert(!ok()); return std::get<1>(m_v); }
  Diags take_errors() && { assert(!ok()); return std::get<1>(std::move(m_v)); }

 private:
  std::variant<T, Diags> m_v;
};

}  // namespace mtaudit
