#include "engine/rule_validator.hpp"

#include <algorithm>

#include "engine/json_checks.hpp"
#include "engine/params.hpp"

namespace mtaudit::engine {

namespace {

const std::vector<std::string_view> k_areas = {"postfix", "cert", "dns", "live", "drift"};
const std::vector<std::string_view> k_severities = {"critical", "high", "medium", "low", "info"};
const std::vector<std::string_view> k_required_rule_keys = {"id",       "area",  "title",  "rationale",
                                                           "severity", "check", "message"};
const std::vector<std::string_view> k_optional_rule_keys = {
    "references", "controls", "tags",      "remediation", "profiles",       "params",
    "for_each",   "when",     "locations", "target",      "summary_target", "$comment"};

std::string join(const std::vector<std::string_view>& words) {
  std::string out;
  for (auto w : words) {
    out += (out.empty() ? "" : ", ") + std::string(w);
  }
  return out;
}

bool is_kebab(const std::string& id) {
  if (id.empty() || id.front() == '-' || id.back() == '-' || id.find("--") != std::string::npos) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool is_identifier(const std::string& name) {
  return !name.empty() && !(name[0] >= '0' && name[0] <= '9') &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

// An enumerated string member; reports unknown values with the list of valid ones.
std::optional<std::string> enum_member(JsonChecker& c, const JsonNode& obj, std::string_view key,
                                       const std::vector<std::string_view>& values,
                                       const std::string& context) {
  auto value = c.string(obj, key, context);
  if (value && std::find(values.begin(), values.end(), *value) == values.end()) {
    c.error(obj.find(key)->offset, "unknown " + std::string(key) + " '" + *value + "' in " + context +
                                       " (expected one of " + join(values) + ")");
    return std::nullopt;
  }
  return value;
}

std::vector<Reference> references(JsonChecker& c, const JsonNode& rule, const std::string& context) {
  std::vector<Reference> out;
  const JsonNode* list = rule.find("references");
  if (list == nullptr || !c.kind(*list, JsonNode::Kind::array, "'references' of " + context)) {
    return out;
  }
  for (const auto& item : list->items) {
    std::string what = "a reference of " + context;
    if (c.kind(item, JsonNode::Kind::object, what) && c.keys(item, what, {"title", "url"}, {})) {
      auto title = c.string(item, "title", what);
      auto url = c.string(item, "url", what);
      out.push_back(Reference{title.value_or(""), url.value_or("")});
    }
  }
  return out;
}

std::vector<ControlRef> controls(JsonChecker& c, const JsonNode& rule, const std::string& context) {
  std::vector<ControlRef> out;
  const JsonNode* list = rule.find("controls");
  if (list == nullptr || !c.kind(*list, JsonNode::Kind::array, "'controls' of " + context)) {
    return out;
  }
  for (const auto& item : list->items) {
    std::string what = "a control of " + context;
    if (c.kind(item, JsonNode::Kind::object, what) && c.keys(item, what, {"framework", "id"}, {})) {
      auto framework = c.string(item, "framework", what);
      auto id = c.string(item, "id", what);
      out.push_back(ControlRef{framework.value_or(""), id.value_or("")});
    }
  }
  return out;
}

std::optional<ParamDef> param(JsonChecker& c, const JsonMember& m, const std::string& context) {
  std::string what = "param '" + m.key + "' of " + context;
  if (!is_identifier(m.key)) {
    c.error(m.key_offset, "param name '" + m.key + "' of " + context + " is not an identifier (a-z, 0-9, _)");
    return std::nullopt;
  }
  if (!c.kind(m.value, JsonNode::Kind::object, what) ||
      !c.keys(m.value, what, {"type", "default", "description"}, {})) {
    return std::nullopt;
  }
  ParamDef def{m.key, c.string(m.value, "type", what).value_or(""), nullptr, {}, ""};
  def.description = c.string(m.value, "description", what).value_or("");
  auto type = param_type_from_name(def.type_name);
  def.type = type.value_or(any_type());
  if (!type) {
    c.error(m.value.find("type")->offset, "unknown type '" + def.type_name + "' of " + what +
                                              " (expected one of string, integer, boolean, list<string>, list<integer>)");
    return def;
  }
  const JsonNode& dflt = *m.value.find("default");
  auto value = literal_from_json(dflt);
  if (!value || !value_fits(*value, *def.type)) {
    c.error(dflt.offset, "default of " + what + " must be of type " + def.type_name);
    return def;
  }
  def.default_value = std::move(*value);
  return def;
}

bool params(JsonChecker& c, const JsonNode& rule, const std::string& context, CompiledRule& out) {
  const JsonNode* node = rule.find("params");
  if (node == nullptr) {
    return true;
  }
  if (!c.kind(*node, JsonNode::Kind::object, "'params' of " + context)) {
    return false;
  }
  std::size_t errors_before = c.error_count();
  for (const auto& m : node->members) {
    if (auto def = param(c, m, context)) {
      out.params.push_back(std::move(*def));
    }
  }
  return c.error_count() == errors_before;
}

bool for_each_shape(JsonChecker& c, const JsonNode& rule, const std::string& context, RuleSpec& spec) {
  spec.for_each = rule.find("for_each");
  if (spec.for_each == nullptr) {
    return true;
  }
  std::string what = "for_each of " + context;
  if (!c.kind(*spec.for_each, JsonNode::Kind::object, what) ||
      !c.keys(*spec.for_each, what, {"in"}, {"where", "if_none", "report"})) {
    return false;
  }
  bool ok = c.string(*spec.for_each, "in", what).has_value();
  if (spec.for_each->find("if_none") != nullptr) {
    ok = enum_member(c, *spec.for_each, "if_none", {"skip", "pass", "fail"}, what).has_value() && ok;
  }
  if (spec.for_each->find("report") != nullptr) {
    ok = enum_member(c, *spec.for_each, "report", {"each", "problems"}, what).has_value() && ok;
  }
  if (rule.find("target") == nullptr) {
    c.error(rule.offset, context + " uses for_each and lacks required key 'target'");
    ok = false;
  }
  return ok;
}

bool message_shape(JsonChecker& c, const JsonNode& rule, const std::string& context) {
  const JsonNode* message = rule.find("message");
  std::string what = "message of " + context;
  if (message == nullptr || !c.kind(*message, JsonNode::Kind::object, what)) {
    return false;
  }
  bool ok = c.keys(*message, what, {"pass", "fail"}, {"not_applicable", "none"});
  for (const auto& m : message->members) {
    ok = c.kind(m.value, JsonNode::Kind::string, "'" + m.key + "' of " + what) && ok;
  }
  return ok;
}

bool text_members(JsonChecker& c, const JsonNode& rule, const std::string& context) {
  std::size_t errors_before = c.error_count();
  for (std::string_view key : {"target", "summary_target"}) {
    if (const JsonNode* n = rule.find(key)) {
      c.kind(*n, JsonNode::Kind::string, "'" + std::string(key) + "' of " + context);
    }
  }
  // remediation: one string, or a list of lines.
  if (const JsonNode* n = rule.find("remediation"); n != nullptr && !n->is_string()) {
    c.strings(rule, "remediation", context);
  }
  if (rule.find("locations") != nullptr) {
    c.strings(rule, "locations", context);
  }
  return c.error_count() == errors_before;
}

void metadata(JsonChecker& c, const JsonNode& node, const std::string& context, RuleSpec& spec) {
  CompiledRule& r = spec.rule;
  auto area = enum_member(c, node, "area", k_areas, context);
  auto severity = enum_member(c, node, "severity", k_severities, context);
  auto title = c.string(node, "title", context);
  auto rationale = c.string(node, "rationale", context);
  spec.ok = area && severity && title && rationale && spec.ok;
  r.area = area.value_or("");
  r.severity = severity_from_string(severity.value_or("")).value_or(Severity::medium);
  r.title = title.value_or("");
  r.rationale = rationale.value_or("");
  r.tags = c.strings(node, "tags", context);
  r.profiles = c.strings(node, "profiles", context);
  r.references = references(c, node, context);
  r.controls = controls(c, node, context);
}

void validate_rule(JsonChecker& c, const JsonNode& node, std::size_t index, Specs& out) {
  std::string context = "rule #" + std::to_string(index + 1);
  if (!c.kind(node, JsonNode::Kind::object, context)) {
    return;
  }
  RuleSpec spec;
  spec.source = &c.source();
  spec.node = &node;
  if (const JsonNode* id = node.find("id"); id != nullptr && id->is_string()) {
    context = "rule '" + id->string + "'";
    spec.rule.id = id->string;
    spec.id_offset = id->offset;
    spec.rule.defined_at = c.source().where(id->offset);
    if (!is_kebab(id->string)) {
      c.error(id->offset, "rule id '" + id->string + "' is not kebab-case (a-z, 0-9 and single '-')");
      spec.ok = false;
    }
  }
  spec.ok = c.keys(node, context, k_required_rule_keys, k_optional_rule_keys) && spec.ok;
  spec.ok = c.string(node, "id", context).has_value() && spec.ok;
  metadata(c, node, context, spec);
  spec.ok = params(c, node, context, spec.rule) && spec.ok;
  spec.for_each_ok = for_each_shape(c, node, context, spec);
  spec.message_ok = message_shape(c, node, context);
  spec.texts_ok = text_members(c, node, context);
  spec.ok = spec.ok && spec.for_each_ok && spec.message_ok && spec.texts_ok;
  spec.when = node.find("when");
  spec.check = node.find("check");
  spec.message = node.find("message");
  spec.target = node.find("target");
  spec.summary_target = node.find("summary_target");
  spec.remediation = node.find("remediation");
  spec.locations = node.find("locations");
  out.rules.push_back(std::move(spec));
}

void validate_rules_file(JsonChecker& c, const JsonNode& doc, Specs& out) {
  if (!c.keys(doc, "a rule file", {"rules"}, {"$schema", "$comment"})) {
    return;
  }
  const JsonNode& rules = *doc.find("rules");
  if (!c.kind(rules, JsonNode::Kind::array, "'rules'")) {
    return;
  }
  for (std::size_t i = 0; i < rules.items.size(); ++i) {
    validate_rule(c, rules.items[i], i, out);
  }
}

void validate_profile_file(JsonChecker& c, const JsonNode& doc, Specs& out) {
  ProfileSpec spec;
  spec.source = &c.source();
  spec.node = &doc;
  std::string context = "profile";
  if (const JsonNode* name = doc.find("profile"); name != nullptr && name->is_string()) {
    context = "profile '" + name->string + "'";
    spec.profile.name = name->string;
    spec.name_offset = name->offset;
    spec.profile.defined_at = c.source().where(name->offset);
    if (!is_kebab(name->string)) {
      c.error(name->offset, "profile name '" + name->string + "' is not kebab-case (a-z, 0-9 and single '-')");
      spec.ok = false;
    }
  }
  spec.ok = c.keys(doc, context, {"profile"},
                   {"description", "extends", "select", "overrides", "$schema", "$comment"}) &&
            spec.ok;
  spec.ok = c.string(doc, "profile", context).has_value() && spec.ok;
  spec.profile.description = doc.find("description") ? c.string(doc, "description", context).value_or("") : "";
  spec.profile.extends = doc.find("extends") ? c.string(doc, "extends", context).value_or("") : "";
  spec.profile.select = c.strings(doc, "select", context);
  if (const JsonNode* o = doc.find("overrides")) {
    spec.ok = c.kind(*o, JsonNode::Kind::object, "'overrides' of " + context) && spec.ok;
  }
  out.profiles.push_back(std::move(spec));
}

}  // namespace

std::optional<Severity> severity_from_string(std::string_view text) {
  static const std::pair<std::string_view, Severity> k_map[] = {
      {"critical", Severity::critical}, {"high", Severity::high}, {"medium", Severity::medium},
      {"low", Severity::low},           {"info", Severity::info}};
  for (const auto& [name, severity] : k_map) {
    if (name == text) {
      return severity;
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> rule_keys() {
  std::vector<std::string_view> keys = k_required_rule_keys;
  keys.insert(keys.end(), k_optional_rule_keys.begin(), k_optional_rule_keys.end());
  return keys;
}

void validate_document(const SourceText& source, const JsonNode& doc, Specs& out, Diags& errors) {
  JsonChecker c(source, errors);
  if (!c.kind(doc, JsonNode::Kind::object, "a rule or profile file")) {
    return;
  }
  if (doc.find("profile") != nullptr) {
    validate_profile_file(c, doc, out);
  } else {
    validate_rules_file(c, doc, out);
  }
}

}  // namespace mtaudit::engine
