#include "facts/fact_json.hpp"

#include <boost/json.hpp>

namespace mtaudit::facts {
namespace {

const char* gap_kind(Gap::Kind k) {
  switch (k) {
    case Gap::Kind::not_collected: return "not_collected";
    case Gap::Kind::not_applicable: return "not_applicable";
    case Gap::Kind::failed: return "failed";
  }
  return "failed";
}

boost::json::value plain(const Fact& f) {
  if (f.is_bool()) return f.as_bool();
  if (f.is_int()) return f.as_int();
  if (f.is_string()) return boost::json::string(f.as_string());
  if (f.is_list()) {
    boost::json::array a;
    for (const auto& x : f.as_list()) a.push_back(to_json(x));
    return a;
  }
  if (f.is_map()) {
    boost::json::object o;
    for (const auto& [k, v] : f.as_map()) o[k] = to_json(v);
    return o;
  }
  return nullptr;
}

}  // namespace

boost::json::value to_json(const Fact& fact) {
  if (fact.gap()) {
    return boost::json::object{{"gap", gap_kind(fact.gap()->kind)}, {"reason", fact.gap()->reason}};
  }
  if (fact.origins().empty()) return plain(fact);
  boost::json::array origins;
  for (const auto& o : fact.origins()) origins.push_back(boost::json::string(o.to_string()));
  return boost::json::object{{"value", plain(fact)}, {"origins", origins}};
}

}  // namespace mtaudit::facts
