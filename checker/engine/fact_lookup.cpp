#include "engine/evaluator.hpp"
#include "engine/params.hpp"

namespace mtaudit::engine {

namespace {

std::optional<Abort> gap_abort(const facts::Fact& f, const std::string& path) {
  if (!f.gap()) {
    return std::nullopt;
  }
  Abort a{Abort::Kind::failed, path, f.gap()->reason};
  switch (f.gap()->kind) {
    case facts::Gap::Kind::not_collected: a.kind = Abort::Kind::not_collected; break;
    case facts::Gap::Kind::not_applicable: a.kind = Abort::Kind::not_applicable; break;
    case facts::Gap::Kind::failed: a.kind = Abort::Kind::failed; break;
  }
  return a;
}

const facts::Fact* start_of(const PathRef& path, const Env& env) {
  if (path.root) {
    return env.root.find(path.var);
  }
  for (auto it = env.vars.rbegin(); it != env.vars.rend(); ++it) {
    if (it->first == path.var) {
      return it->second;
    }
  }
  return nullptr;
}

// "var.m1...mN": how far a lookup got, for aborts only (lookups that succeed build no text).
std::string prefix_of(const PathRef& path, std::size_t members) {
  std::string prefix = path.var;
  for (std::size_t i = 0; i < members; ++i) {
    prefix += "." + path.members[i];
  }
  return prefix;
}

Lookup missing(const PathRef& path, bool allow_missing) {
  if (allow_missing) {
    return Lookup{};
  }
  return Lookup{nullptr, Abort{Abort::Kind::missing, path.text, ""}};
}

}  // namespace

Lookup lookup(const PathRef& path, const Env& env, bool allow_missing) {
  const facts::Fact* f = start_of(path, env);
  for (std::size_t i = 0;; ++i) {
    if (f == nullptr) {
      return missing(path, allow_missing);
    }
    if (f->gap()) {
      return Lookup{nullptr, gap_abort(*f, prefix_of(path, i))};
    }
    if (f->is_null()) {
      return missing(path, allow_missing);
    }
    if (i == path.members.size()) {
      return Lookup{f, std::nullopt};
    }
    if (!f->is_map()) {
      std::string prefix = prefix_of(path, i);
      return Lookup{nullptr, Abort{Abort::Kind::bad_value, prefix, "fact " + prefix + " is not a map"}};
    }
    f = f->find(path.members[i]);
  }
}

std::string render_template(const Template& t, const Env& env, const TemplateValues& values) {
  std::string out;
  for (const auto& part : t.parts) {
    switch (part.kind) {
      case TemplatePart::Kind::text: out += part.text; break;
      case TemplatePart::Kind::observed: out += values.observed; break;
      case TemplatePart::Kind::expected: out += values.expected; break;
      case TemplatePart::Kind::target: out += values.target; break;
      case TemplatePart::Kind::param: {
        auto it = env.params.find(part.text);
        out += it == env.params.end() ? "?" : render_value(it->second);
        break;
      }
      case TemplatePart::Kind::fact: {
        Lookup l = lookup(part.path, env, true);
        out += l.fact == nullptr ? "?" : render_value(*l.fact);
        break;
      }
    }
  }
  return out;
}

}  // namespace mtaudit::engine
