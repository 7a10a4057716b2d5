#include "engine/fact_schema.hpp"

#include "engine/json_positions.hpp"

namespace mtaudit::engine {

namespace {

constexpr int k_max_depth = 32;  // a $ref cycle would otherwise recurse forever

class SchemaReader {
 public:
  SchemaReader(const SourceText& source, const JsonNode& root) : m_source(source), m_root(root) {}

  FactTypePtr read(const JsonNode& node, int depth);
  Diags take_errors() { return std::move(m_errors); }

 private:
  FactTypePtr fail(std::size_t offset, std::string message) {
    m_errors.push_back(m_source.diag(offset, std::move(message)));
    return any_type();
  }
  FactTypePtr read_ref(const JsonNode& ref, int depth);
  bool read_kind(const JsonNode& type_node, FactType& out);
  void read_object(const JsonNode& node, FactType& out, int depth);

  const SourceText& m_source;
  const JsonNode& m_root;
  std::map<std::string, FactTypePtr> m_defs;
  Diags m_errors;
};

FactTypePtr SchemaReader::read(const JsonNode& node, int depth) {
  if (!node.is_object()) {
    return node.kind == JsonNode::Kind::boolean ? any_type()
                                                : fail(node.offset, "schema must be an object");
  }
  if (depth > k_max_depth) {
    return fail(node.offset, "schema nests too deeply ($ref cycle?)");
  }
  if (const JsonNode* ref = node.find("$ref")) {
    return read_ref(*ref, depth);
  }
  auto type = std::make_shared<FactType>();
  if (const JsonNode* d = node.find("description"); d != nullptr && d->is_string()) {
    type->description = d->string;
  }
  if (const JsonNode* t = node.find("type"); t != nullptr && !read_kind(*t, *type)) {
    return fail(t->offset, "unsupported schema type");
  }
  if (type->kind == FactType::Kind::list) {
    const JsonNode* items = node.find("items");
    type->element = items == nullptr ? any_type() : read(*items, depth + 1);
  } else if (type->kind == FactType::Kind::object) {
    read_object(node, *type, depth);
  }
  return type;
}

FactTypePtr SchemaReader::read_ref(const JsonNode& ref, int depth) {
  const std::string prefix = "#/$defs/";
  if (!ref.is_string() || ref.string.rfind(prefix, 0) != 0) {
    return fail(ref.offset, "only \"#/$defs/NAME\" references are supported");
  }
  std::string name = ref.string.substr(prefix.size());
  if (auto it = m_defs.find(name); it != m_defs.end()) {
    return it->second;
  }
  const JsonNode* defs = m_root.find("$defs");
  const JsonNode* def = defs == nullptr ? nullptr : defs->find(name);
  if (def == nullptr) {
    return fail(ref.offset, "unknown $ref '" + ref.string + "'");
  }
  FactTypePtr type = read(*def, depth + 1);
  m_defs[name] = type;
  return type;
}

bool SchemaReader::read_kind(const JsonNode& type_node, FactType& out) {
  static const std::map<std::string, FactType::Kind> k_kinds = {
      {"boolean", FactType::Kind::boolean}, {"integer", FactType::Kind::integer},
      {"string", FactType::Kind::string},   {"array", FactType::Kind::list},
      {"object", FactType::Kind::object}};
  std::vector<const JsonNode*> names;
  if (type_node.is_array()) {
    for (const auto& item : type_node.items) {
      names.push_back(&item);
    }
  } else {
    names.push_back(&type_node);
  }
  int kinds = 0;
  for (const JsonNode* n : names) {
    if (!n->is_string()) {
      return false;
    }
    if (n->string == "null") {
      out.nullable = true;
      continue;
    }
    auto it = k_kinds.find(n->string);
    if (it == k_kinds.end() || ++kinds > 1) {
      return false;
    }
    out.kind = it->second;
  }
  return true;
}

void SchemaReader::read_object(const JsonNode& node, FactType& out, int depth) {
  const JsonNode* props = node.find("properties");
  if (props != nullptr && props->is_object()) {
    for (const auto& m : props->members) {
      out.members[m.key] = read(m.value, depth + 1);
    }
  }
  const JsonNode* extra = node.find("additionalProperties");
  bool closed = extra != nullptr && extra->kind == JsonNode::Kind::boolean && !extra->boolean;
  out.open = !closed;
  out.element = extra == nullptr || !extra->is_object() ? any_type() : read(*extra, depth + 1);
  if (props == nullptr && extra != nullptr && extra->is_object()) {
    out.kind = FactType::Kind::map;  // a plain name -> value dictionary
  }
}

}  // namespace

FactTypePtr any_type() {
  static const FactTypePtr k_any = std::make_shared<const FactType>();
  return k_any;
}

std::string type_name(const FactType& type) {
  std::string name;
  switch (type.kind) {
    case FactType::Kind::any: name = "any"; break;
    case FactType::Kind::boolean: name = "boolean"; break;
    case FactType::Kind::integer: name = "integer"; break;
    case FactType::Kind::string: name = "string"; break;
    case FactType::Kind::list: name = "list<" + type_name(*type.element) + ">"; break;
    case FactType::Kind::object: name = "object"; break;
    case FactType::Kind::map: name = "map<" + type_name(*type.element) + ">"; break;
  }
  return type.nullable ? name + "|null" : name;
}

FactTypePtr member_type(const FactType& type, const std::string& key) {
  if (type.kind == FactType::Kind::any) {
    return any_type();
  }
  if (type.kind != FactType::Kind::object && type.kind != FactType::Kind::map) {
    return nullptr;
  }
  if (auto it = type.members.find(key); it != type.members.end()) {
    return it->second;
  }
  return type.open ? type.element : nullptr;
}

bool is_scalar(const FactType& type) {
  return type.kind == FactType::Kind::boolean || type.kind == FactType::Kind::integer ||
         type.kind == FactType::Kind::string;
}

Expected<FactTypePtr> load_fact_schema(const SourceText& source) {
  auto doc = parse_json(source);
  if (!doc) {
    return doc.errors();
  }
  SchemaReader reader(source, *doc);
  FactTypePtr root = reader.read(*doc, 0);
  Diags errors = reader.take_errors();
  if (!errors.empty()) {
    return errors;
  }
  return root;
}

}  // namespace mtaudit::engine
