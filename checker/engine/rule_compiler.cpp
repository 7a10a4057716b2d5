#include "engine/rule_compiler.hpp"

#include <memory>
#include <optional>

#include "engine/predicate_compiler.hpp"
#include "engine/predicate_parser.hpp"
#include "engine/predicate_resolver.hpp"

namespace mtaudit::engine {

namespace {

std::unique_ptr<const Predicate> boxed(std::optional<Predicate> p) {
  return p ? std::make_unique<const Predicate>(std::move(*p)) : nullptr;
}

class RuleCompiler {
 public:
  RuleCompiler(RuleSpec& spec, const FactTypePtr& schema, Diags& errors)
      : m_spec(spec),
        m_checker(*spec.source, errors),
        m_ctx{m_checker, spec.rule.params, "rule '" + spec.rule.id + "'"},
        m_base(schema),
        m_scope(schema) {}

  bool run();

 private:
  bool for_each();
  std::optional<Predicate> predicate(const JsonNode* node, const Scope& scope);
  bool text(const JsonNode* node, TemplateAllows allows, const Scope& scope, Template& out);
  bool messages();
  bool remediation();
  bool locations();

  RuleSpec& m_spec;
  JsonChecker m_checker;
  ResolveContext m_ctx;
  Scope m_base;   // fact roots only
  Scope m_scope;  // plus `item` when the rule iterates
};

bool RuleCompiler::run() {
  // Parts the validator found malformed were reported there and are not looked at again.
  // Without a usable for_each, `item` means nothing: its uses would only repeat the error.
  CompiledRule& r = m_spec.rule;
  if (m_spec.for_each != nullptr && !(m_spec.for_each_ok && for_each())) {
    return false;
  }
  bool ok = true;
  if (m_spec.when != nullptr) {
    r.when = boxed(predicate(m_spec.when, m_scope));
    ok = r.when != nullptr && ok;
  }
  if (m_spec.check != nullptr) {
    r.check = boxed(predicate(m_spec.check, m_scope));
    ok = r.check != nullptr && ok;
  }
  ok = (!m_spec.message_ok || messages()) && ok;
  if (!m_spec.texts_ok) {
    return false;
  }
  ok = text(m_spec.target, TemplateAllows{}, m_scope, r.target) && ok;
  Scope summary = m_base.with_item_note("summary_target stands for no single item, so 'item' is not bound there");
  ok = text(m_spec.summary_target, TemplateAllows{}, summary, r.summary_target) && ok;
  ok = remediation() && ok;
  return locations() && ok;
}

bool RuleCompiler::for_each() {
  const JsonNode& node = *m_spec.for_each;
  const JsonNode& in = *node.find("in");
  auto path = parse_path(m_checker.source(), in.string, in.offset);
  if (!path) {
    m_checker.add(path.errors());
    return false;
  }
  ForEach fe{std::move(*path), nullptr, IfNone::skip, false};
  if (!resolve_path(m_ctx, fe.list, m_base)) {
    return false;
  }
  if (fe.list.type->kind != FactType::Kind::list && fe.list.type->kind != FactType::Kind::any) {
    m_checker.error(in.offset, "for_each needs a list, but '" + fe.list.text + "' is " + type_name(*fe.list.type));
    return false;
  }
  FactTypePtr element = fe.list.type->kind == FactType::Kind::list ? fe.list.type->element : any_type();
  m_scope = m_base.with("item", element);
  const JsonNode* if_none = node.find("if_none");
  fe.if_none = if_none == nullptr || if_none->string == "skip" ? IfNone::skip
               : if_none->string == "pass"                     ? IfNone::pass
                                                               : IfNone::fail;
  const JsonNode* report = node.find("report");
  fe.problems_only = report != nullptr && report->string == "problems";
  if (const JsonNode* where = node.find("where")) {
    fe.where = boxed(predicate(where, m_scope));
    if (!fe.where) {
      return false;
    }
  }
  m_spec.rule.for_each = std::move(fe);
  return true;
}

std::optional<Predicate> RuleCompiler::predicate(const JsonNode* node, const Scope& scope) {
  auto p = parse_predicate(m_checker, *node);
  if (!p || !resolve_predicate(m_ctx, *p, scope) || !compile_predicate(m_checker, *p)) {
    return std::nullopt;
  }
  return p;
}

bool RuleCompiler::text(const JsonNode* node, TemplateAllows allows, const Scope& scope, Template& out) {
  if (node == nullptr) {
    return true;
  }
  auto t = parse_template(m_checker.source(), node->string, node->offset, allows);
  if (!t) {
    m_checker.add(t.errors());
    return false;
  }
  out = std::move(*t);
  return resolve_template(m_ctx, out, scope);
}

bool RuleCompiler::messages() {
  Messages& m = m_spec.rule.messages;
  TemplateAllows all{true, true};
  const JsonNode& node = *m_spec.message;
  bool ok = text(node.find("pass"), all, m_scope, m.pass);
  ok = text(node.find("fail"), all, m_scope, m.fail) && ok;
  ok = text(node.find("not_applicable"), all, m_scope, m.not_applicable) && ok;
  Scope summary = m_base.with_item_note("message 'none' stands for no single item, so 'item' is not bound there");
  return text(node.find("none"), all, summary, m.none) && ok;
}

// One string, or a list of lines read as one text (each line parsed where it is).
bool RuleCompiler::remediation() {
  const JsonNode* node = m_spec.remediation;
  Template& out = m_spec.rule.remediation;
  if (node == nullptr || node->is_string()) {
    return text(node, TemplateAllows{false, true}, m_scope, out);
  }
  bool ok = true;
  for (std::size_t i = 0; i < node->items.size(); ++i) {
    Template line;
    ok = text(&node->items[i], TemplateAllows{false, true}, m_scope, line) && ok;
    if (i > 0) {
      line.parts.insert(line.parts.begin(), TemplatePart{TemplatePart::Kind::text, "\n", {}});
    }
    for (auto& part : line.parts) {
      bool merge = part.kind == TemplatePart::Kind::text && !out.parts.empty() &&
                   out.parts.back().kind == TemplatePart::Kind::text;
      if (merge) {
        out.parts.back().text += part.text;
      } else {
        out.parts.push_back(std::move(part));
      }
    }
  }
  return ok;
}

bool RuleCompiler::locations() {
  if (m_spec.locations == nullptr) {
    return true;
  }
  bool ok = true;
  for (const auto& item : m_spec.locations->items) {
    auto path = parse_path(m_checker.source(), item.string, item.offset);
    if (!path) {
      m_checker.add(path.errors());
      ok = false;
      continue;
    }
    ok = resolve_path(m_ctx, *path, m_scope) && ok;
    m_spec.rule.locations.push_back(std::move(*path));
  }
  return ok;
}

}  // namespace

bool compile_rule(RuleSpec& spec, const FactTypePtr& schema, Diags& errors) {
  return RuleCompiler(spec, schema, errors).run();
}

}  // namespace mtaudit::engine
