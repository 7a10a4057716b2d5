#include "engine/params.hpp"

#include <algorithm>
#include <charconv>
#include <map>

namespace mtaudit::engine {

namespace {

FactTypePtr make_type(FactType::Kind kind, FactTypePtr element = nullptr) {
  auto t = std::make_shared<FactType>();
  t->kind = kind;
  t->element = std::move(element);
  return t;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return v;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

std::optional<facts::Fact> scalar_from_text(std::string_view text, const FactType& type) {
  switch (type.kind) {
    case FactType::Kind::string:
      return facts::Fact(std::string(text));
    case FactType::Kind::integer:
      if (auto v = parse_int(text)) {
        return facts::Fact(*v);
      }
      return std::nullopt;
    case FactType::Kind::boolean:
      if (text == "yes" || text == "true") {
        return facts::Fact(true);
      }
      if (text == "no" || text == "false") {
        return facts::Fact(false);
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<FactTypePtr> param_type_from_name(std::string_view name) {
  static const std::map<std::string_view, FactTypePtr> k_types = {
      {"string", make_type(FactType::Kind::string)},
      {"integer", make_type(FactType::Kind::integer)},
      {"boolean", make_type(FactType::Kind::boolean)},
      {"list<string>", make_type(FactType::Kind::list, make_type(FactType::Kind::string))},
      {"list<integer>", make_type(FactType::Kind::list, make_type(FactType::Kind::integer))}};
  auto it = k_types.find(name);
  if (it == k_types.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::optional<facts::Fact> literal_from_json(const JsonNode& node) {
  switch (node.kind) {
    case JsonNode::Kind::boolean: return facts::Fact(node.boolean);
    case JsonNode::Kind::integer: return facts::Fact(node.integer);
    case JsonNode::Kind::string: return facts::Fact(node.string);
    case JsonNode::Kind::array: {
      facts::FactList list;
      for (const auto& item : node.items) {
        auto v = literal_from_json(item);
        if (!v || v->is_list()) {
          return std::nullopt;
        }
        list.push_back(std::move(*v));
      }
      return facts::Fact(std::move(list));
    }
    default:
      return std::nullopt;
  }
}

FactTypePtr literal_type(const facts::Fact& value) {
  if (value.is_bool()) {
    return make_type(FactType::Kind::boolean);
  }
  if (value.is_int()) {
    return make_type(FactType::Kind::integer);
  }
  if (value.is_string()) {
    return make_type(FactType::Kind::string);
  }
  if (value.is_list()) {
    const auto& list = value.as_list();
    return make_type(FactType::Kind::list, list.empty() ? any_type() : literal_type(list.front()));
  }
  return any_type();
}

bool value_fits(const facts::Fact& value, const FactType& type) {
  switch (type.kind) {
    case FactType::Kind::any: return true;
    case FactType::Kind::boolean: return value.is_bool();
    case FactType::Kind::integer: return value.is_int();
    case FactType::Kind::string: return value.is_string();
    case FactType::Kind::list:
      if (!value.is_list()) {
        return false;
      }
      for (const auto& item : value.as_list()) {
        if (!value_fits(item, *type.element)) {
          return false;
        }
      }
      return true;
    default:
      return false;
  }
}

std::optional<facts::Fact> param_from_text(std::string_view text, const FactType& type) {
  if (type.kind != FactType::Kind::list) {
    return scalar_from_text(trim(text), type);
  }
  facts::FactList list;
  while (!trim(text).empty()) {
    std::size_t comma = text.find(',');
    auto item = scalar_from_text(trim(text.substr(0, comma)), *type.element);
    if (!item) {
      return std::nullopt;
    }
    list.push_back(std::move(*item));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return facts::Fact(std::move(list));
}

std::string render_value(const facts::Fact& value) {
  if (value.gap()) {
    return "(" + value.gap()->reason + ")";
  }
  if (value.is_bool()) {
    return value.as_bool() ? "true" : "false";
  }
  if (value.is_int()) {
    return std::to_string(value.as_int());
  }
  if (value.is_string()) {
    return value.as_string().empty() ? "\"\"" : value.as_string();
  }
  if (value.is_list()) {
    const auto& list = value.as_list();
    bool nested = std::any_of(list.begin(), list.end(), [](const facts::Fact& f) { return f.is_list() || f.is_map(); });
    if (nested) {
      return "[" + std::to_string(list.size()) + (list.size() == 1 ? " item]" : " items]");
    }
    std::string out;
    for (const auto& item : list) {
      out += (out.empty() ? "" : ", ") + render_value(item);
    }
    return "[" + out + "]";
  }
  if (value.is_map()) {
    return "{" + std::to_string(value.as_map().size()) + " members}";
  }
  return "null";
}

}  // namespace mtaudit::engine
