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
  struct Visitor {
    boost::json::value operator()(std::monostate) const { return nullptr; }
    boost::json::value operator()(bool b) const { return b; }
    boost::json::value operator()(std::int64_t i) const { return i; }
    boost::json::value operator()(const std::string& s) const { return boost::json::string(s); }
    boost::json::value operator()(const FactList& l) const {
      boost::json::array a;
      for (const auto& x : l) a.push_back(to_json(x));
      return a;
    }
    boost::json::value operator()(const FactMap& m) const {
      boost::json::object o;
      for (const auto& [k, v] : m) o[k] = to_json(v);
      return o;
    }
  };
  return std::visit(Visitor{}, f.value());
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
