#pragma once
// Rule parameters: declared types, defaults, and values from profiles and the command line.
#include <optional>
#include <string>
#include <string_view>

#include "engine/fact_schema.hpp"
#include "engine/json_positions.hpp"
#include "facts/fact.hpp"

namespace mtaudit::engine {

// The param types a rule may declare, as written in rule files.
// "string", "integer", "boolean", "list<string>", "list<integer>".
std::optional<FactTypePtr> param_type_from_name(std::string_view name);

// A JSON literal as a Fact (booleans, integers, strings, lists of those); nullopt for
// null, non-integer numbers, objects and nested lists.
std::optional<facts::Fact> literal_from_json(const JsonNode& node);

// The type a literal has ("list<string>" for ["a"], "list<any>" for []).
FactTypePtr literal_type(const facts::Fact& value);

// Whether `value` may stand where a fact of type `type` is expected.
bool value_fits(const facts::Fact& value, const FactType& type);

// A command-line value ("30", "yes", "a,b") converted to the param's type.
std::optional<facts::Fact> param_from_text(std::string_view text, const FactType& type);

// Short rendering for messages, evidence and templates: strings as is, lists "a, b".
std::string render_value(const facts::Fact& value);

}  // namespace mtaudit::engine
