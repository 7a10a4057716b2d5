#include "engine/predicate_parser.hpp"

#include <algorithm>

#include "engine/params.hpp"
#include "engine/template.hpp"

namespace mtaudit::engine {

namespace {

enum class Shape { list, single, binary, unary, iterate, count };

struct OpInfo {
  std::string_view name;
  Op op;
  Shape shape;
};

constexpr OpInfo k_ops[] = {
    {"all", Op::all, Shape::list},
    {"any", Op::any, Shape::list},
    {"not", Op::not_, Shape::single},
    {"eq", Op::eq, Shape::binary},
    {"ne", Op::ne, Shape::binary},
    {"lt", Op::lt, Shape::binary},
    {"le", Op::le, Shape::binary},
    {"gt", Op::gt, Shape::binary},
    {"ge", Op::ge, Shape::binary},
    {"in", Op::in, Shape::binary},
    {"regex", Op::regex, Shape::binary},
    {"starts_with", Op::starts_with, Shape::binary},
    {"ends_with", Op::ends_with, Shape::binary},
    {"contains", Op::contains, Shape::binary},
    {"version_eq", Op::version_eq, Shape::binary},
    {"version_ne", Op::version_ne, Shape::binary},
    {"version_lt", Op::version_lt, Shape::binary},
    {"version_le", Op::version_le, Shape::binary},
    {"version_gt", Op::version_gt, Shape::binary},
    {"version_ge", Op::version_ge, Shape::binary},
    {"includes_all", Op::includes_all, Shape::binary},
    {"includes_any", Op::includes_any, Shape::binary},
    {"includes_none", Op::includes_none, Shape::binary},
    {"subset_of", Op::subset_of, Shape::binary},
    {"empty", Op::empty, Shape::unary},
    {"not_empty", Op::not_empty, Shape::unary},
    {"exists", Op::exists, Shape::unary},
    {"every", Op::every, Shape::iterate},
    {"some", Op::some, Shape::iterate},
    {"count", Op::count, Shape::count},
};

constexpr std::string_view k_count_ops[] = {"eq", "ne", "lt", "le", "gt", "ge"};

const OpInfo* find_op(std::string_view name) {
  for (const auto& info : k_ops) {
    if (info.name == name) {
      return &info;
    }
  }
  return nullptr;
}

bool is_identifier(const std::string& name) {
  return !name.empty() && !(name[0] >= '0' && name[0] <= '9') &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

class Parser {
 public:
  explicit Parser(JsonChecker& c) : m_c(c) {}
  std::optional<Predicate> predicate(const JsonNode& node);

 private:
  std::optional<Predicate> operation(const OpInfo& op, const JsonMember& m);
  std::optional<Predicate> list(const OpInfo& op, const JsonNode& arg, Predicate p);
  std::optional<Predicate> binary(const OpInfo& op, const JsonNode& arg, Predicate p);
  std::optional<Predicate> unary(const OpInfo& op, const JsonNode& arg, Predicate p);
  std::optional<Predicate> iterate(const OpInfo& op, const JsonNode& arg, Predicate p);
  std::optional<Predicate> count(const JsonNode& arg, Predicate p);
  bool iteration_head(const JsonNode& arg, Predicate& p);
  std::optional<Operand> path_operand(const JsonNode& node);
  bool label_template(const JsonNode& node, Predicate& p);
  std::optional<Operand> operand(const JsonNode& node);
  std::optional<Operand> reference(const JsonNode& node);

  JsonChecker& m_c;
};

std::optional<Predicate> Parser::predicate(const JsonNode& node) {
  if (!m_c.kind(node, JsonNode::Kind::object, "a predicate")) {
    return std::nullopt;
  }
  std::vector<const JsonMember*> ops;
  const JsonMember* explain = nullptr;
  for (const auto& member : node.members) {
    if (member.key == "explain") {
      explain = &member;
    } else {
      ops.push_back(&member);
    }
  }
  if (ops.size() != 1) {
    std::string found;
    for (const auto* member : ops) {
      found += (found.empty() ? "" : ", ") + member->key;
    }
    m_c.error(node.offset, "a predicate has exactly one operator key (found " +
                               (found.empty() ? std::string("none") : std::to_string(ops.size()) + ": " + found) + ")");
    return std::nullopt;
  }
  const JsonMember& m = *ops.front();
  const OpInfo* op = find_op(m.key);
  if (op == nullptr) {
    std::vector<std::string_view> names = operator_names();
    m_c.error(m.key_offset, "unknown operator '" + m.key + "'" + did_you_mean(m.key, names));
    return std::nullopt;
  }
  auto parsed = operation(*op, m);
  if (!parsed || explain == nullptr) return parsed;
  if (!m_c.kind(explain->value, JsonNode::Kind::string, "'explain'")) return std::nullopt;
  auto text = parse_template(m_c.source(), explain->value.string, explain->value.offset, TemplateAllows{});
  if (!text) {
    m_c.add(text.errors());
    return std::nullopt;
  }
  parsed->explain = std::move(*text);
  return parsed;
}

std::optional<Predicate> Parser::operation(const OpInfo& op_info, const JsonMember& m) {
  const OpInfo* op = &op_info;
  Predicate p;
  p.op = op->op;
  p.offset = m.key_offset;
  switch (op->shape) {
    case Shape::list:
    case Shape::single: return list(*op, m.value, std::move(p));
    case Shape::binary: return binary(*op, m.value, std::move(p));
    case Shape::unary: return unary(*op, m.value, std::move(p));
    case Shape::iterate: return iterate(*op, m.value, std::move(p));
    case Shape::count: return count(m.value, std::move(p));
  }
  return std::nullopt;
}

std::optional<Predicate> Parser::list(const OpInfo& op, const JsonNode& arg, Predicate p) {
  std::string name(op.name);
  if (op.shape == Shape::single) {
    auto child = predicate(arg);
    if (!child) {
      return std::nullopt;
    }
    p.children.push_back(std::move(*child));
    return p;
  }
  if (!arg.is_array() || arg.items.empty()) {
    m_c.error(arg.offset, "'" + name + "' takes a non-empty list of predicates");
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& item : arg.items) {
    auto child = predicate(item);
    ok = ok && child.has_value();
    if (child) {
      p.children.push_back(std::move(*child));
    }
  }
  return ok ? std::optional<Predicate>(std::move(p)) : std::nullopt;
}

std::optional<Predicate> Parser::binary(const OpInfo& op, const JsonNode& arg, Predicate p) {
  if (!arg.is_array() || arg.items.size() != 2 || !arg.items[0].is_string()) {
    m_c.error(arg.offset, "'" + std::string(op.name) + "' takes [fact path, operand]");
    return std::nullopt;
  }
  auto lhs = path_operand(arg.items[0]);
  auto rhs = operand(arg.items[1]);
  if (!lhs || !rhs) {
    return std::nullopt;
  }
  p.lhs = std::move(*lhs);
  p.rhs = std::move(*rhs);
  return p;
}

std::optional<Predicate> Parser::unary(const OpInfo& op, const JsonNode& arg, Predicate p) {
  if (!arg.is_string()) {
    m_c.error(arg.offset, "'" + std::string(op.name) + "' takes a fact path");
    return std::nullopt;
  }
  auto lhs = path_operand(arg);
  if (!lhs) {
    return std::nullopt;
  }
  p.lhs = std::move(*lhs);
  return p;
}

// "in" and "as" of every/some/count; keys() has already checked that "in" is present.
bool Parser::iteration_head(const JsonNode& arg, Predicate& p) {
  bool ok = true;
  const JsonNode& in = *arg.find("in");
  auto list = m_c.kind(in, JsonNode::Kind::string, "'in' of '" + std::string(op_name(p.op)) + "'")
                  ? path_operand(in)
                  : std::nullopt;
  if (list) {
    p.list = std::move(list->path);
  } else {
    ok = false;
  }
  if (const JsonNode* as = arg.find("as")) {
    if (!as->is_string() || !is_identifier(as->string)) {
      m_c.error(as->offset, "'as' must name a variable (a-z, 0-9, _)");
      return false;
    }
    p.var = as->string;
    p.var_offset = as->offset;
  }
  return ok;
}

std::optional<Predicate> Parser::iterate(const OpInfo& op, const JsonNode& arg, Predicate p) {
  std::string what = "'" + std::string(op.name) + "'";
  if (!m_c.kind(arg, JsonNode::Kind::object, what) ||
      !m_c.keys(arg, what, {"in", "as", "check"}, {"where", "label"})) {
    return std::nullopt;
  }
  bool ok = iteration_head(arg, p);
  if (const JsonNode* where = arg.find("where")) {
    auto w = predicate(*where);
    ok = ok && w.has_value();
    p.has_where = true;
    p.children.push_back(std::move(w).value_or(Predicate{}));
  }
  auto check = predicate(*arg.find("check"));
  ok = ok && check.has_value();
  p.children.push_back(std::move(check).value_or(Predicate{}));
  if (const JsonNode* label = arg.find("label")) {
    ok = m_c.kind(*label, JsonNode::Kind::string, "'label' of " + what) && label_template(*label, p) && ok;
  }
  return ok ? std::optional<Predicate>(std::move(p)) : std::nullopt;
}

std::optional<Predicate> Parser::count(const JsonNode& arg, Predicate p) {
  if (!m_c.kind(arg, JsonNode::Kind::object, "'count'") ||
      !m_c.keys(arg, "'count'", {"in"}, {"as", "where", "eq", "ne", "lt", "le", "gt", "ge"})) {
    return std::nullopt;
  }
  bool ok = iteration_head(arg, p);
  int comparisons = 0;
  for (std::string_view name : k_count_ops) {
    if (const JsonNode* n = arg.find(name)) {
      ++comparisons;
      p.count_op = find_op(name)->op;
      auto rhs = operand(*n);
      ok = ok && rhs.has_value();
      p.rhs = std::move(rhs).value_or(Operand{});
    }
  }
  if (comparisons != 1) {
    m_c.error(arg.offset, "'count' needs exactly one of eq, ne, lt, le, gt, ge");
    ok = false;
  }
  if (const JsonNode* where = arg.find("where")) {
    if (p.var.empty()) {
      m_c.error(where->offset, "'count' with 'where' needs 'as' to name the element");
      ok = false;
    }
    auto w = predicate(*where);
    ok = ok && w.has_value();
    p.has_where = true;
    p.children.push_back(std::move(w).value_or(Predicate{}));
  }
  return ok ? std::optional<Predicate>(std::move(p)) : std::nullopt;
}

bool Parser::label_template(const JsonNode& node, Predicate& p) {
  auto label = parse_template(m_c.source(), node.string, node.offset, TemplateAllows{});
  if (!label) {
    m_c.add(label.errors());
    return false;
  }
  p.label = std::move(*label);
  return true;
}

std::optional<Operand> Parser::path_operand(const JsonNode& node) {
  auto path = parse_path(m_c.source(), node.string, node.offset);
  if (!path) {
    m_c.add(path.errors());
    return std::nullopt;
  }
  Operand o;
  o.kind = Operand::Kind::fact;
  o.offset = node.offset;
  o.path = std::move(*path);
  return o;
}

std::optional<Operand> Parser::reference(const JsonNode& node) {
  const JsonNode* fact = node.members.size() == 1 ? node.find("fact") : nullptr;
  const JsonNode* param = node.members.size() == 1 ? node.find("param") : nullptr;
  if (fact != nullptr && fact->is_string()) {
    return path_operand(*fact);
  }
  if (param != nullptr && param->is_string()) {
    Operand o;
    o.kind = Operand::Kind::param;
    o.offset = param->offset;
    o.param = param->string;
    return o;
  }
  m_c.error(node.offset, "an operand object is {\"fact\": PATH} or {\"param\": NAME}");
  return std::nullopt;
}

// Comparisons against a list are linear in its length; this bounds every evaluation.
constexpr std::size_t k_max_literal_list = 4096;

std::optional<Operand> Parser::operand(const JsonNode& node) {
  if (node.is_object()) {
    return reference(node);
  }
  if (node.is_array() && node.items.size() > k_max_literal_list) {
    m_c.error(node.offset, "a literal list of " + std::to_string(node.items.size()) + " elements (at most " +
                               std::to_string(k_max_literal_list) + ")");
    return std::nullopt;
  }
  auto value = literal_from_json(node);
  if (!value) {
    std::string why = node.kind == JsonNode::Kind::null     ? "null is not a value; test absence with {\"exists\": PATH}"
                      : node.kind == JsonNode::Kind::number ? "only integers are supported as numbers"
                                                             : "a literal list holds strings, integers or booleans";
    m_c.error(node.offset, why);
    return std::nullopt;
  }
  Operand o;
  o.kind = Operand::Kind::literal;
  o.offset = node.offset;
  o.literal = std::move(*value);
  return o;
}

}  // namespace

const char* op_name(Op op) {
  for (const auto& info : k_ops) {
    if (info.op == op) {
      return info.name.data();
    }
  }
  return "?";
}

std::vector<std::string_view> operator_names() {
  std::vector<std::string_view> names;
  for (const auto& info : k_ops) {
    names.push_back(info.name);
  }
  return names;
}

std::optional<Predicate> parse_predicate(JsonChecker& checker, const JsonNode& node) {
  return Parser(checker).predicate(node);
}

}  // namespace mtaudit::engine
