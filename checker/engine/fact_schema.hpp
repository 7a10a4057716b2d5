#pragma once
// The shape of the fact tree, read from schemas/facts.schema.json. Rules are checked against
// it when they load: a path that is not in the schema, or whose type the operator cannot
// use, is a load error rather than a silent empty result.
//
// Only the part of JSON Schema that describes a tree of typed values is understood:
// type (a name or [name, "null"]), properties, additionalProperties, items, $ref to
// #/$defs/NAME, description. Keywords like enum or $schema are documentation here.
#include <map>
#include <memory>
#include <string>

#include "core/expected.hpp"
#include "engine/source_text.hpp"

namespace mtaudit::engine {

struct FactType {
  enum class Kind { any, boolean, integer, string, list, object, map };
  Kind kind = Kind::any;
  bool nullable = false;
  std::string description;
  // object: the declared members.
  std::map<std::string, std::shared_ptr<const FactType>> members;
  // object: extra members are allowed (typed by `element`); map: always.
  bool open = false;
  // list: item type; map and open object: type of the other members.
  std::shared_ptr<const FactType> element;
};

using FactTypePtr = std::shared_ptr<const FactType>;

// The type every unchecked value has (placeholders, open objects).
FactTypePtr any_type();

// "string", "integer|null", "list<string>", "map<string>", "object", "any".
std::string type_name(const FactType& type);

// The type of member `key` of a value of type `type`, or nullptr when the schema says
// there is no such member (or the value is not a map).
FactTypePtr member_type(const FactType& type, const std::string& key);

bool is_scalar(const FactType& type);  // boolean, integer or string

// Reads the schema; errors point into the schema file.
Expected<FactTypePtr> load_fact_schema(const SourceText& source);

}  // namespace mtaudit::engine
