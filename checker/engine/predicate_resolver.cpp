#include "engine/predicate_resolver.hpp"

#include "engine/params.hpp"

namespace mtaudit::engine {

namespace {

using Kind = FactType::Kind;

// What an operand position accepts.
enum class Need { scalar, integer, string, list, sized, anything };

bool fits(const FactType& type, Need need) {
  if (type.kind == Kind::any || need == Need::anything) {
    return true;
  }
  switch (need) {
    case Need::scalar: return is_scalar(type);
    case Need::integer: return type.kind == Kind::integer;
    case Need::string: return type.kind == Kind::string;
    case Need::list: return type.kind == Kind::list;
    case Need::sized: return type.kind != Kind::boolean && type.kind != Kind::integer;
    default: return true;
  }
}

const char* need_text(Need need) {
  switch (need) {
    case Need::scalar: return "a boolean, integer or string";
    case Need::integer: return "an integer";
    case Need::string: return "a string";
    case Need::list: return "a list";
    case Need::sized: return "a list, map or string";
    default: return "a value";
  }
}

bool same_kind(const FactType& a, const FactType& b) {
  if (a.kind == Kind::any || b.kind == Kind::any) {
    return true;
  }
  if (a.kind == Kind::list && b.kind == Kind::list) {
    return same_kind(*a.element, *b.element);
  }
  return a.kind == b.kind;
}

std::string describe(const Operand& o) {
  switch (o.kind) {
    case Operand::Kind::fact: return "'" + o.path.text + "'";
    case Operand::Kind::param: return "param '" + o.param + "'";
    default:
      return o.literal.is_string() ? "\"" + o.literal.as_string() + "\"" : render_value(o.literal);
  }
}

struct Rules {
  Need lhs;
  Need rhs;
  bool elementwise;  // compare lhs with the elements of rhs (in)
  bool same;         // lhs and rhs must have the same kind
};

Rules rules_for(Op op) {
  switch (op) {
    case Op::eq: case Op::ne: return {Need::scalar, Need::scalar, false, true};
    case Op::lt: case Op::le: case Op::gt: case Op::ge: return {Need::integer, Need::integer, false, true};
    case Op::in: return {Need::scalar, Need::list, true, true};
    case Op::includes_all: case Op::includes_any: case Op::includes_none: case Op::subset_of:
      return {Need::list, Need::list, false, true};
    default: return {Need::string, Need::string, false, true};  // regex, strings, versions
  }
}

class Resolver {
 public:
  explicit Resolver(ResolveContext& ctx) : m_ctx(ctx) {}
  bool predicate(Predicate& p, const Scope& scope);
  bool operation(Predicate& p, const Scope& scope);
  bool path(PathRef& path, const Scope& scope);
  bool param(const std::string& name, std::size_t offset, FactTypePtr& type);

 private:
  bool operand(Operand& o, const Scope& scope);
  bool binary(Predicate& p, const Scope& scope);
  bool needs(const Predicate& p, const Operand& o, Need need);
  bool iteration(Predicate& p, const Scope& scope);
  bool bind_name(const Predicate& p, const Scope& scope);
  bool mismatch(const Predicate& p, const std::string& what) {
    m_ctx.checker.error(p.offset, "type mismatch: '" + std::string(op_name(p.op)) + "' " + what);
    return false;
  }

  ResolveContext& m_ctx;
};

bool Resolver::path(PathRef& path, const Scope& scope) {
  if (auto error = scope.resolve(path)) {
    m_ctx.checker.error(path.offset, *error);
    return false;
  }
  return true;
}

bool Resolver::param(const std::string& name, std::size_t offset, FactTypePtr& type) {
  std::string declared;
  for (const auto& def : m_ctx.params) {
    if (def.name == name) {
      type = def.type;
      return true;
    }
    declared += (declared.empty() ? "" : ", ") + def.name;
  }
  m_ctx.checker.error(offset, "unknown param '" + name + "' (" + m_ctx.rule +
                                  (declared.empty() ? " declares no params)" : " declares: " + declared + ")"));
  return false;
}

bool Resolver::operand(Operand& o, const Scope& scope) {
  switch (o.kind) {
    case Operand::Kind::fact:
      if (!path(o.path, scope)) {
        return false;
      }
      o.type = o.path.type;
      return true;
    case Operand::Kind::param: return param(o.param, o.offset, o.type);
    default:
      o.type = literal_type(o.literal);
      return true;
  }
}

bool Resolver::needs(const Predicate& p, const Operand& o, Need need) {
  if (fits(*o.type, need)) {
    return true;
  }
  return mismatch(p, std::string("needs ") + need_text(need) + ", but " + describe(o) + " is " + type_name(*o.type));
}

bool Resolver::binary(Predicate& p, const Scope& scope) {
  if (!operand(p.lhs, scope) || !operand(p.rhs, scope)) {
    return false;
  }
  Rules r = rules_for(p.op);
  if (!needs(p, p.lhs, r.lhs) || !needs(p, p.rhs, r.rhs)) {
    return false;
  }
  const FactType& right = r.elementwise && p.rhs.type->kind == Kind::list ? *p.rhs.type->element : *p.rhs.type;
  if (r.same && !same_kind(*p.lhs.type, right)) {
    std::string what = r.elementwise ? ") with the elements of " : ") with ";
    return mismatch(p, "compares " + describe(p.lhs) + " (" + type_name(*p.lhs.type) + what +
                           describe(p.rhs) + " (" + type_name(*p.rhs.type) + ")");
  }
  if (p.op == Op::regex && p.rhs.kind != Operand::Kind::literal) {
    m_ctx.checker.error(p.rhs.offset, "'regex' needs a literal pattern (it is compiled when the rule loads)");
    return false;
  }
  return true;
}

bool Resolver::bind_name(const Predicate& p, const Scope& scope) {
  if (p.var.empty()) {
    return true;
  }
  if (scope.is_root(p.var) || scope.is_bound(p.var) || p.var == "param") {
    m_ctx.checker.error(p.var_offset, "'as' name '" + p.var + "' is already in use here");
    return false;
  }
  return true;
}

bool Resolver::iteration(Predicate& p, const Scope& scope) {
  if (!path(p.list, scope) || !bind_name(p, scope)) {
    return false;
  }
  if (!fits(*p.list.type, Need::list)) {
    m_ctx.checker.error(p.list.offset, "'" + std::string(op_name(p.op)) + "' needs a list, but '" +
                                            p.list.text + "' is " + type_name(*p.list.type));
    return false;
  }
  FactTypePtr element = p.list.type->kind == Kind::list ? p.list.type->element : any_type();
  Scope inner = p.var.empty() ? scope : scope.with(p.var, element);
  bool ok = resolve_template(m_ctx, p.label, inner);
  for (auto& child : p.children) {
    ok = predicate(child, inner) && ok;
  }
  if (p.op == Op::count) {
    ok = operand(p.rhs, scope) && ok && needs(p, p.rhs, Need::integer);
  }
  return ok;
}

bool Resolver::predicate(Predicate& p, const Scope& scope) {
  bool explained = resolve_template(m_ctx, p.explain, scope);
  return operation(p, scope) && explained;
}

bool Resolver::operation(Predicate& p, const Scope& scope) {
  switch (p.op) {
    case Op::all: case Op::any: case Op::not_: {
      bool ok = true;
      for (auto& child : p.children) {
        ok = predicate(child, scope) && ok;
      }
      return ok;
    }
    case Op::empty: case Op::not_empty:
      return operand(p.lhs, scope) && needs(p, p.lhs, Need::sized);
    case Op::exists:
      return operand(p.lhs, scope);
    case Op::every: case Op::some: case Op::count:
      return iteration(p, scope);
    default:
      return binary(p, scope);
  }
}

}  // namespace

bool resolve_path(ResolveContext& ctx, PathRef& path, const Scope& scope) {
  return Resolver(ctx).path(path, scope);
}

bool resolve_predicate(ResolveContext& ctx, Predicate& p, const Scope& scope) {
  return Resolver(ctx).predicate(p, scope);
}

bool resolve_template(ResolveContext& ctx, Template& t, const Scope& scope) {
  Resolver resolver(ctx);
  bool ok = true;
  for (auto& part : t.parts) {
    FactTypePtr ignored;
    if (part.kind == TemplatePart::Kind::fact) {
      ok = resolver.path(part.path, scope) && ok;
    } else if (part.kind == TemplatePart::Kind::param) {
      ok = resolver.param(part.text, part.path.offset, ignored) && ok;
    }
  }
  return ok;
}

}  // namespace mtaudit::engine
