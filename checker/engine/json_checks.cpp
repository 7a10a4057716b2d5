#include "engine/json_checks.hpp"

#include <algorithm>
#include <set>

namespace mtaudit::engine {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
  for (std::string_view c : candidates) {
    if (edit_distance(word, c) <= 2) {
      return " (did you mean '" + std::string(c) + "'?)";
    }
  }
  return "";
}

std::string a_kind(JsonNode::Kind kind) {
  std::string name(kind_name(kind));
  bool vowel = name[0] == 'a' || name[0] == 'i' || name[0] == 'o';
  return kind == JsonNode::Kind::null ? "null" : (vowel ? "an " : "a ") + name;
}

void JsonChecker::error(std::size_t offset, std::string message) {
  m_errors.push_back(m_source.diag(offset, std::move(message)));
}

bool JsonChecker::kind(const JsonNode& node, JsonNode::Kind expected, const std::string& what) {
  if (node.kind == expected) {
    return true;
  }
  error(node.offset, what + " must be " + a_kind(expected) + " (found " + a_kind(node.kind) + ")");
  return false;
}

bool JsonChecker::keys(const JsonNode& object, const std::string& context,
                       const std::vector<std::string_view>& required,
                       const std::vector<std::string_view>& optional) {
  std::vector<std::string_view> allowed(required);
  allowed.insert(allowed.end(), optional.begin(), optional.end());
  std::set<std::string> seen;
  bool ok = true;
  for (const auto& m : object.members) {
    if (!seen.insert(m.key).second) {
      error(m.key_offset, "duplicate key '" + m.key + "' in " + context);
      ok = false;
    } else if (std::find(allowed.begin(), allowed.end(), m.key) == allowed.end()) {
      error(m.key_offset, "unknown key '" + m.key + "' in " + context + did_you_mean(m.key, allowed));
      ok = false;
    }
  }
  for (std::string_view key : required) {
    if (object.find(key) == nullptr) {
      error(object.offset, context + " lacks required key '" + std::string(key) + "'");
      ok = false;
    }
  }
  return ok;
}

std::optional<std::string> JsonChecker::string(const JsonNode& object, std::string_view key,
                                               const std::string& context) {
  const JsonNode* node = object.find(key);
  if (node == nullptr || !kind(*node, JsonNode::Kind::string, "'" + std::string(key) + "' of " + context)) {
    return std::nullopt;
  }
  return node->string;
}

std::vector<std::string> JsonChecker::strings(const JsonNode& object, std::string_view key,
                                              const std::string& context) {
  std::vector<std::string> out;
  const JsonNode* node = object.find(key);
  std::string what = "'" + std::string(key) + "' of " + context;
  if (node == nullptr || !kind(*node, JsonNode::Kind::array, what)) {
    return out;
  }
  for (const auto& item : node->items) {
    if (kind(item, JsonNode::Kind::string, "each entry of " + what)) {
      out.push_back(item.string);
    }
  }
  return out;
}

}  // namespace mtaudit::engine
