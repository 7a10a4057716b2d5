#pragma once
// A JSON document tree that remembers where each value and key starts, so every later
// stage (validation, path resolution, compilation) can point at the exact line:col.
// Boost.JSON's own DOM drops positions; this is built from boost::json::basic_parser events.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "engine/source_text.hpp"

namespace mtaudit::engine {

struct JsonMember;

struct JsonNode {
  enum class Kind { null, boolean, integer, number, string, array, object };
  Kind kind = Kind::null;
  std::size_t offset = 0;  // byte offset of the value's first character
  bool boolean = false;
  std::int64_t integer = 0;
  double number = 0;       // only for non-integers and integers beyond int64
  std::string string;
  std::vector<JsonNode> items;      // array
  std::vector<JsonMember> members;  // object, in file order (duplicates kept)

  bool is_object() const { return kind == Kind::object; }
  bool is_array() const { return kind == Kind::array; }
  bool is_string() const { return kind == Kind::string; }
  // First member with this key, or nullptr.
  const JsonNode* find(std::string_view key) const;
  const JsonMember* find_member(std::string_view key) const;
};

struct JsonMember {
  std::string key;
  std::size_t key_offset = 0;  // offset of the key's opening quote
  JsonNode value;
};

// "string", "integer", "array", ... for messages.
std::string_view kind_name(JsonNode::Kind kind);

// Parses one JSON document (no comments, no trailing commas). A syntax error is one Diag
// at the offending character.
Expected<JsonNode> parse_json(const SourceText& source);

}  // namespace mtaudit::engine
