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
  f.m_gap = std::make_shared<const Gap>(Gap{kind, std::move(reason)});
  return f;
}

const Fact* Fact::find(const std::string& key) const {
  if (!is_map()) {
    return nullptr;
  }
  const FactMap& m = as_map();
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

FactList& Fact::as_list() {
  auto& p = std::get<ListPtr>(m_value);
  if (p.use_count() > 1) p = std::make_shared<FactList>(*p);  // copy on write
  return *p;
}

FactMap& Fact::as_map() {
  auto& p = std::get<MapPtr>(m_value);
  if (p.use_count() > 1) p = std::make_shared<FactMap>(*p);  // copy on write
  return *p;
}

Fact& Fact::operator[](const std::string& key) {
  if (std::holds_alternative<std::monostate>(m_value)) {
    m_value = std::make_shared<FactMap>();
  }
  return as_map()[key];
}

}  // namespace mtaudit::facts
