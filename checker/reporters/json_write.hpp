#pragma once
// Deterministic, indented JSON text for the JSON and SARIF reporters: objects keep insertion
// order (the reporters insert in a fixed order), two-space indent, "\n" at the end, so golden
// files diff line by line.
#include <string>

#include <boost/json/value.hpp>

namespace mtaudit::reporters {

std::string to_pretty_json(const boost::json::value& v);

}  // namespace mtaudit::reporters
