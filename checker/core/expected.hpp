#pragma once
// Errors as values. libstdc++ 12 has no std::expected, so this is the small part of it the
// project uses: ValueOr<T, E> holds a value or an error. Expected<T> is the common case, a
// value or diagnostics about the input (all problems at once, core/diag.hpp); the live
// collector's network failures are live::Result<T> = ValueOr<T, LiveError>.
#include <cassert>
#include <utility>
#include <variant>

#include "core/diag.hpp"

namespace mtaudit {

template <class T, class E>
class ValueOr {
 public:
  ValueOr(T value) : m_v(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  ValueOr(E error) : m_v(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return m_v.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(m_v); }
  const T& value() const& { assert(ok()); return std::get<0>(m_v); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(m_v)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const { assert(!ok()); return std::get<1>(m_v); }
  E take_error() && { assert(!ok()); return std::get<1>(std::move(m_v)); }

 private:
  std::variant<T, E> m_v;
};

template <class T>
class Expected : public ValueOr<T, Diags> {
 public:
  using ValueOr<T, Diags>::ValueOr;
  Expected(Diag error) : ValueOr<T, Diags>(Diags{std::move(error)}) {}  // NOLINT

  const Diags& errors() const { return this->error(); }
  Diags take_errors() && { return std::move(*this).take_error(); }
};

}  // namespace mtaudit
