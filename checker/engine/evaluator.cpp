#include "engine/evaluator.hpp"

#include "engine/compare.hpp"
#include "engine/params.hpp"

namespace mtaudit::engine {

namespace {

Outcome aborted(Abort a) {
  Outcome o;
  o.abort = std::move(a);
  return o;
}

Outcome bad_value(const std::string& path, std::string reason) {
  return aborted(Abort{Abort::Kind::bad_value, path, std::move(reason)});
}

// The value an operand stands for; facts may abort.
Lookup operand_value(const Operand& o, const Env& env) {
  switch (o.kind) {
    case Operand::Kind::fact: return lookup(o.path, env, false);
    case Operand::Kind::param: {
      auto it = env.params.find(o.param);
      return Lookup{it == env.params.end() ? nullptr : &it->second, std::nullopt};
    }
    default: return Lookup{&o.literal, std::nullopt};
  }
}

Evidence leaf_evidence(const Predicate& p, const facts::Fact& lhs, const facts::Fact* rhs) {
  Evidence e{p.lhs.path.text, "", render_value(lhs), expectation(p.op, rhs), lhs.origins()};
  if (rhs != nullptr && p.rhs.kind == Operand::Kind::fact) {
    e.origins.insert(e.origins.end(), rhs->origins().begin(), rhs->origins().end());
  }
  return e;
}

Outcome binary(const Predicate& p, const Env& env) {
  Lookup lhs = lookup(p.lhs.path, env, false);
  if (lhs.abort) {
    return aborted(*lhs.abort);
  }
  Lookup rhs = operand_value(p.rhs, env);
  if (rhs.abort) {
    return aborted(*rhs.abort);
  }
  Comparison c = compare(p, *lhs.fact, *rhs.fact);
  if (!c.error.empty()) {
    return bad_value(p.lhs.path.text, c.error);
  }
  if (env.quiet) {
    return Outcome{c.value, {}, std::nullopt};
  }
  return Outcome{c.value, {leaf_evidence(p, *lhs.fact, rhs.fact)}, std::nullopt};
}

Outcome unary(const Predicate& p, const Env& env) {
  Lookup l = lookup(p.lhs.path, env, p.op == Op::exists);
  if (l.abort) {
    return aborted(*l.abort);
  }
  if (p.op == Op::exists) {
    bool present = l.fact != nullptr;
    if (env.quiet) {
      return Outcome{present, {}, std::nullopt};
    }
    Evidence e{p.lhs.path.text, "", present ? render_value(*l.fact) : "absent", "present",
               present ? l.fact->origins() : std::vector<facts::Origin>{}};
    return Outcome{present, {e}, std::nullopt};
  }
  Comparison c = emptiness(p.op, *l.fact);
  if (!c.error.empty()) {
    return bad_value(p.lhs.path.text, c.error);
  }
  if (env.quiet) {
    return Outcome{c.value, {}, std::nullopt};
  }
  return Outcome{c.value, {leaf_evidence(p, *l.fact, nullptr)}, std::nullopt};
}

Outcome conjunction(const Predicate& p, Env& env) {
  bool want = p.op == Op::all;  // all stops at the first false, any at the first true
  Outcome out{want, {}, std::nullopt};
  for (const auto& child : p.children) {
    Outcome o = evaluate_predicate(child, env);
    if (o.abort) {
      return o;
    }
    if (o.value != want) {
      return o;
    }
    out.evidence.insert(out.evidence.end(), std::make_move_iterator(o.evidence.begin()),
                        std::make_move_iterator(o.evidence.end()));
  }
  return out;
}

Outcome negation(const Predicate& p, Env& env) {
  Outcome o = evaluate_predicate(p.children.front(), env);
  o.value = !o.value;
  for (auto& e : o.evidence) {
    e.expected = "not " + e.expected;
  }
  return o;
}

// Elements of the list `p.list` that pass `where` (all when there is none).
struct Selection {
  std::vector<std::pair<std::size_t, const facts::Fact*>> items;
  std::optional<Abort> abort;
};

Selection select(const Predicate& p, Env& env) {
  Selection s;
  Lookup l = lookup(p.list, env, false);
  if (l.abort || !l.fact->is_list()) {
    s.abort = l.abort ? *l.abort : Abort{Abort::Kind::bad_value, p.list.text, "fact " + p.list.text + " is not a list"};
    return s;
  }
  const auto& list = l.fact->as_list();
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (p.has_where) {
      env.vars.emplace_back(p.var, &list[i]);
      Outcome w = evaluate_quietly(p.children.front(), env);
      env.vars.pop_back();
      if (w.abort) {
        s.abort = w.abort;
        return s;
      }
      if (!w.value) {
        continue;
      }
    }
    s.items.emplace_back(i, &list[i]);
  }
  return s;
}

std::string element_label(const Predicate& p, std::size_t index, const Env& env) {
  if (p.label.empty()) {
    return p.list.text + "[" + std::to_string(index) + "]";
  }
  return render_template(p.label, env, TemplateValues{});
}

// One element evaluated with its evidence, which is placed under the element's label.
Outcome element_outcome(const Predicate& p, Env& env, std::size_t index, const facts::Fact* item) {
  env.vars.emplace_back(p.var, item);
  Outcome o = evaluate_predicate(p.children.back(), env);
  std::string label = env.quiet ? std::string() : element_label(p, index, env);
  env.vars.pop_back();
  for (auto& e : o.evidence) {
    e.context = e.context.empty() ? label : label + " / " + e.context;
    // The element's own place (a policy-table line) is where a reader should look.
    e.origins.insert(e.origins.end(), item->origins().begin(), item->origins().end());
  }
  return o;
}

Outcome quantifier(const Predicate& p, Env& env) {
  Selection s = select(p, env);
  if (s.abort) {
    return aborted(*s.abort);
  }
  // every stops at the first false, some at the first true. A false `some` shows why its
  // first element failed, as a false `every` shows its first failing element. The elements
  // are tried without evidence, and only the one shown is evaluated again with it: an
  // `every` over a hundred cipher suites would otherwise describe each suite to keep none
  // (values and aborts are the same either way, see Env::quiet).
  bool every = p.op == Op::every;
  for (const auto& [index, item] : s.items) {
    env.vars.emplace_back(p.var, item);
    Outcome o = evaluate_quietly(p.children.back(), env);
    env.vars.pop_back();
    if (o.abort || o.value != every) {
      return env.quiet ? o : element_outcome(p, env, index, item);
    }
  }
  if (!every && !s.items.empty()) {
    return env.quiet ? Outcome{false, {}, std::nullopt} : element_outcome(p, env, s.items.front().first, s.items.front().second);
  }
  if (env.quiet) {
    return Outcome{every, {}, std::nullopt};
  }
  std::string n = std::to_string(s.items.size()) + (s.items.size() == 1 ? " item" : " items");
  Evidence e{p.list.text, "", every ? "all " + n + " match" : "no items", every ? "every item matches" : "some item", {}};
  return Outcome{every, {e}, std::nullopt};
}

Outcome count(const Predicate& p, Env& env) {
  Selection s = select(p, env);
  if (s.abort) {
    return aborted(*s.abort);
  }
  Lookup rhs = operand_value(p.rhs, env);
  facts::Fact n(static_cast<std::int64_t>(s.items.size()));
  Predicate cmp;
  cmp.op = p.count_op;
  Comparison c = compare(cmp, n, *rhs.fact);
  if (!c.error.empty()) {
    return bad_value(p.list.text, c.error);
  }
  if (env.quiet) {
    return Outcome{c.value, {}, std::nullopt};
  }
  Evidence e{"count of " + p.list.text, "", render_value(n), expectation(p.count_op, rhs.fact), {}};
  return Outcome{c.value, {e}, std::nullopt};
}

// A false predicate with an explain text speaks for all the evidence below it.
Outcome explained(const Predicate& p, Outcome o, const Env& env) {
  if (o.abort || o.value || p.explain.empty() || env.quiet) return o;
  Evidence e{"explain", "", render_template(p.explain, env, TemplateValues{}), "", {}, true};
  for (const auto& child : o.evidence) e.origins.insert(e.origins.end(), child.origins.begin(), child.origins.end());
  o.evidence = {std::move(e)};
  return o;
}

Outcome operation(const Predicate& p, Env& env) {
  switch (p.op) {
    case Op::all: case Op::any: return conjunction(p, env);
    case Op::not_: return negation(p, env);
    case Op::empty: case Op::not_empty: case Op::exists: return unary(p, env);
    case Op::every: case Op::some: return quantifier(p, env);
    case Op::count: return count(p, env);
    default: return binary(p, env);
  }
}

}  // namespace

Outcome evaluate_predicate(const Predicate& p, Env& env) { return explained(p, operation(p, env), env); }

Outcome evaluate_quietly(const Predicate& p, Env& env) {
  bool was = env.quiet;
  env.quiet = true;
  Outcome o = evaluate_predicate(p, env);
  env.quiet = was;
  return o;
}

}  // namespace mtaudit::engine
