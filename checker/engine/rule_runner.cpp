#include "engine/rule_runner.hpp"

#include <algorithm>

#include "engine/evaluator.hpp"

namespace mtaudit::engine {

namespace {

Location to_location(const facts::Origin& o) {
  using Kind = facts::Origin::Kind;
  switch (o.kind) {
    case Kind::file: return Location{o.file, o.line, "", ""};
    case Kind::master_override: return Location{o.file, o.line, "", "-o"};
    case Kind::dns: case Kind::live: return Location{"", 0, o.detail, ""};
    default: return Location{"", 0, "", o.detail};
  }
}

void add_locations(const std::vector<facts::Origin>& origins, std::vector<Location>& out) {
  for (const auto& o : origins) {
    Location l = to_location(o);
    bool seen = std::any_of(out.begin(), out.end(), [&](const Location& x) {
      return x.file == l.file && x.line == l.line && x.logical == l.logical && x.note == l.note;
    });
    if (!seen) {
      out.push_back(std::move(l));
    }
  }
}

// A predicate that is one comparison names what it compared by itself; anything larger
// labels each piece of evidence with its path, so "false" never stands alone.
bool single_comparison(const Predicate& p) {
  return p.op != Op::all && p.op != Op::any && p.op != Op::not_ && p.op != Op::every && p.op != Op::some;
}

std::string display_label(const std::string& label) {
  return label.rfind("item.", 0) == 0 ? label.substr(5) : label;
}

// Pieces joined by "; ", each once (a fact compared twice is shown once).
std::string join_unique(const std::vector<std::string>& pieces) {
  std::vector<std::string> seen;
  std::string out;
  for (const auto& piece : pieces) {
    if (std::find(seen.begin(), seen.end(), piece) == seen.end()) {
      seen.push_back(piece);
      out += (out.empty() ? "" : "; ") + piece;
    }
  }
  return out;
}

// "value", or "context: path=value; ..." when labels are needed.
std::string join_observed(const std::vector<Evidence>& evidence, bool labeled) {
  std::vector<std::string> pieces;
  // Once a rule explains itself, its unexplained alternatives (the other branches of a false
  // `any`) are noise for the reader: only the sentences are shown.
  bool sentences = std::any_of(evidence.begin(), evidence.end(), [](const Evidence& e) { return e.sentence; });
  for (const auto& e : evidence) {
    if (sentences && !e.sentence) continue;
    bool label = labeled && !e.sentence;
    pieces.push_back((e.context.empty() ? "" : e.context + ": ") + (label ? display_label(e.label) + "=" : "") +
                     e.observed);
  }
  return join_unique(pieces);
}

std::string join_expected(const std::vector<Evidence>& evidence, bool labeled) {
  std::vector<std::string> pieces;
  bool sentences = std::any_of(evidence.begin(), evidence.end(), [](const Evidence& e) { return e.sentence; });
  for (const auto& e : evidence) {
    if (sentences) continue;  // an explain text says what was wrong and what is expected
    pieces.push_back((labeled ? display_label(e.label) + ": " : "") + e.expected);
  }
  return join_unique(pieces);
}

// "files" of "files.services": the source that was not collected.
std::string first_segment(const std::string& path) { return path.substr(0, path.find('.')); }

std::string abort_message(const Abort& a) {
  switch (a.kind) {
    // Gap reasons are sentences for the administrator that name the file, host or record;
    // the fact path is only prefixed where the reason alone would not say what is missing.
    case Abort::Kind::not_collected: return first_segment(a.path) + ": " + a.reason;
    case Abort::Kind::not_applicable: return "not applicable: " + a.reason;
    case Abort::Kind::failed: return "could not collect: " + a.reason;
    case Abort::Kind::missing: return "fact " + a.path + " not available";
    default: return a.reason;
  }
}

Status abort_status(const Abort& a) {
  bool skip = a.kind == Abort::Kind::not_collected || a.kind == Abort::Kind::not_applicable;
  return skip ? Status::skip : Status::error;
}

class Runner {
 public:
  Runner(const EffectiveRule& rule, const facts::Fact& root)
      : m_rule(rule), m_r(*rule.rule), m_env{root, rule.params, {}} {}

  std::vector<Result> run();

 private:
  Result base(const std::string& target) const;
  Result from_abort(const std::string& target, const Abort& a) const;
  Result target_result(const std::string& target, bool& applicable);
  enum class Quiet { passed, not_applicable, problem };
  Quiet quiet_verdict();
  Result checked(Result r, const Outcome& o);
  std::vector<Result> iterate();
  Result none_selected() const;
  Result none_selected_with_message() const;
  std::vector<Result> fold(std::vector<Result> shown, int passed, const std::string& summary);
  std::string whole_target(const Template& t) const;

  const EffectiveRule& m_rule;
  const CompiledRule& m_r;
  Env m_env;
};

Result Runner::base(const std::string& target) const {
  Result r;
  r.rule = m_r.id;
  r.severity = m_rule.severity;
  r.target = target;
  r.remediation = render_template(m_r.remediation, m_env, TemplateValues{"", "", target});
  return r;
}

Result Runner::from_abort(const std::string& target, const Abort& a) const {
  Result r = base(target);
  r.status = abort_status(a);
  r.message = abort_message(a);
  return r;
}

Result Runner::checked(Result r, const Outcome& o) {
  r.status = o.value ? Status::pass : Status::fail;
  bool labeled = !single_comparison(*m_r.check);
  r.observed = join_observed(o.evidence, labeled);
  r.expected = join_expected(o.evidence, labeled);
  TemplateValues values{r.observed, r.expected, r.target};
  r.message = render_template(o.value ? m_r.messages.pass : m_r.messages.fail, m_env, values);
  for (const auto& path : m_r.locations) {
    Lookup l = lookup(path, m_env, true);
    add_locations(l.fact == nullptr ? std::vector<facts::Origin>{} : l.fact->origins(), r.locations);
  }
  for (const auto& e : m_r.locations.empty() ? o.evidence : std::vector<Evidence>{}) {
    add_locations(e.origins, r.locations);
  }
  if (r.locations.empty() && !m_env.vars.empty()) {  // at least the item itself (a master.cf line)
    add_locations(m_env.vars.front().second->origins(), r.locations);
  }
  return r;
}

Result Runner::target_result(const std::string& target, bool& applicable) {
  applicable = true;
  if (m_r.when) {
    Outcome w = evaluate_predicate(*m_r.when, m_env);
    if (w.abort) {
      return from_abort(target, *w.abort);
    }
    if (!w.value) {
      applicable = false;
      Result r = base(target);
      r.status = Status::skip;
      bool labeled = !single_comparison(*m_r.when);
      r.observed = join_observed(w.evidence, labeled);
      r.expected = join_expected(w.evidence, labeled);
      r.message = m_r.messages.not_applicable.empty()
                      ? "not applicable: " + r.observed + " (applies when " + r.expected + ")"
                      : render_template(m_r.messages.not_applicable, m_env, {r.observed, r.expected, target});
      return r;
    }
  }
  Outcome c = evaluate_predicate(*m_r.check, m_env);
  return c.abort ? from_abort(target, *c.abort) : checked(base(target), c);
}

// What target_result() would conclude, without building the result: a passing or not
// applicable item of a "problems" report is never shown, and most items pass.
Runner::Quiet Runner::quiet_verdict() {
  if (m_r.when) {
    Outcome w = evaluate_quietly(*m_r.when, m_env);
    if (w.abort) return Quiet::problem;
    if (!w.value) return Quiet::not_applicable;
  }
  Outcome c = evaluate_quietly(*m_r.check, m_env);
  return !c.abort && c.value ? Quiet::passed : Quiet::problem;
}

Result Runner::none_selected() const {
  const ForEach& fe = *m_r.for_each;
  std::string target = whole_target(m_r.summary_target);
  Result r = base(target);
  r.observed = "no item of " + fe.list.text + " is selected";
  TemplateValues values{r.observed, "", target};
  if (fe.if_none == IfNone::skip) {
    r.status = Status::skip;
    r.message = m_r.messages.not_applicable.empty()
                    ? "not applicable: no item of " + fe.list.text + " is selected"
                    : render_template(m_r.messages.not_applicable, m_env, values);
    return r;
  }
  r.status = fe.if_none == IfNone::pass ? Status::pass : Status::fail;
  if (r.status == Status::fail) {
    r.expected = "at least one selected item of " + fe.list.text;
    values.expected = r.expected;
  }
  r.message = render_template(r.status == Status::pass ? m_r.messages.pass : m_r.messages.fail, m_env, values);
  return r;
}

Result Runner::none_selected_with_message() const {
  Result r = none_selected();
  if (!m_r.messages.none.empty()) {
    r.message = render_template(m_r.messages.none, m_env, TemplateValues{r.observed, r.expected, r.target});
  }
  return r;
}

// Under report "problems" only failures, errors and gaps are shown one by one; what is
// left stands as one result for the whole list.
std::vector<Result> Runner::fold(std::vector<Result> shown, int passed, const std::string& summary) {
  if (!shown.empty()) {
    return shown;
  }
  if (passed > 0) {
    return {checked(base(summary), Outcome{true, {}, std::nullopt})};
  }
  Result r = base(summary);
  r.status = Status::skip;
  r.message = "not applicable to any selected item of " + m_r.for_each->list.text;
  return {r};
}

std::vector<Result> Runner::iterate() {
  const ForEach& fe = *m_r.for_each;
  Lookup list = lookup(fe.list, m_env, false);
  std::string summary = whole_target(m_r.summary_target);
  if (list.abort || !list.fact->is_list()) {
    Abort a = list.abort ? *list.abort : Abort{Abort::Kind::bad_value, fe.list.text, "fact " + fe.list.text + " is not a list"};
    return {from_abort(summary, a)};
  }
  std::vector<Result> out;
  bool any_selected = false;
  int passed = 0;
  for (const auto& item : list.fact->as_list()) {
    m_env.vars = {{"item", &item}};
    Outcome w = fe.where ? evaluate_quietly(*fe.where, m_env) : Outcome{true, {}, std::nullopt};
    if (!w.abort && !w.value) {
      continue;
    }
    any_selected = true;
    if (fe.problems_only && !w.abort) {  // a quiet item is only counted: no result to build
      Quiet q = quiet_verdict();
      passed += q == Quiet::passed ? 1 : 0;
      if (q != Quiet::problem) continue;
    }
    std::string target = render_template(m_r.target, m_env, {});
    bool applicable = true;
    Result r = w.abort ? from_abort(target, *w.abort) : target_result(target, applicable);
    bool quiet = r.status == Status::pass || !applicable;
    passed += r.status == Status::pass ? 1 : 0;
    if (!fe.problems_only || !quiet) {
      out.push_back(std::move(r));
    }
  }
  m_env.vars.clear();
  if (!any_selected) {
    return {none_selected_with_message()};
  }
  return fe.problems_only ? fold(std::move(out), passed, summary) : out;
}

// The target of a result that stands for the whole rule (a single check, or a summary over a
// list) names what the facts hold ("{dns.domain}", a record's name). When such a fact is
// absent, because its source was not collected or failed, the target is that source's root
// ("dns"), and never a name with "?" in it.
std::string Runner::whole_target(const Template& t) const {
  for (const auto& part : t.parts) {
    if (part.kind == TemplatePart::Kind::fact && part.path.root && lookup(part.path, m_env, true).fact == nullptr) {
      return part.path.var;
    }
  }
  return render_template(t, m_env, {});
}

std::vector<Result> Runner::run() {
  if (m_r.for_each) {
    return iterate();
  }
  bool applicable = true;
  return {target_result(whole_target(m_r.target), applicable)};
}

}  // namespace

std::vector<Result> run_rule(const EffectiveRule& rule, const facts::Fact& root) {
  return Runner(rule, root).run();
}

}  // namespace mtaudit::engine
