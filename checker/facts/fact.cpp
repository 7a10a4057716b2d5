#include "facts/fact.hpp"

namespace mtaudit::facts {

std::string Origin::to_string() const {
  switch (kind) {
    case Kind::file:
      return line > 0 ? file + ":" + std::to_string(line) : file;
    case Kind::master_override:
      return file + ":" + std::to_string(line) + " -o";
    default:
      return detail;
  }
}

Fact Fact::gap(Gap::Kind kind, std::string reason) {
  Fact f;
  f.m_gap = Gap{kind, std::move(reason)};
  return f;
}

const Fact* Fact::find(const std::string& key) const {
  if (!is_map()) {
    return nullptr;
  }
  const auto& m = as_map();
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

Fact& Fact::operator[](const std::string& key) {
  if (std::holds_alternative<std::monostate>(m_value)) {
    m_value = FactMap{};
  }
  return std::get<FactMap>(m_value)[key];
}

}  // namespace mtaudit::facts
