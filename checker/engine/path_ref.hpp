#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "engine/fact_schema.hpp"

namespace mtaudit::engine {

// A fact path as written, split and (after resolution) typed.
struct PathRef {
  std::string text;                   // "item.tls.level"
  std::size_t offset = 0;             // where the path string is in the rule file
  std::string var;                    // first segment: "item", a bound name or a root
  std::vector<std::string> members;   // the segments after it
  bool root = false;                  // var names a root of the fact tree
  FactTypePtr type;                   // set by resolution
};

}  // namespace mtaudit::engine
