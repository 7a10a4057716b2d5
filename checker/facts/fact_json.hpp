#pragma once
// The fact tree as JSON, for `mtaudit facts` and for auditors re-checking evidence.
// A fact with origins becomes {"value": V, "origins": ["main.cf:3"]}; a gap becomes
// {"gap": "failed|not_collected|not_applicable", "reason": "..."}; anything else is plain JSON.
#include <boost/json/value.hpp>

#include "facts/fact.hpp"

namespace mtaudit::facts {

boost::json::value to_json(const Fact& fact);

}  // namespace mtaudit::facts
