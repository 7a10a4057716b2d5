#pragma once
// Shared helpers for the engine unit tests: load rules against the small test schema,
// build fact trees, run, and render diagnostics compactly for exact assertions.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/json_positions.hpp"
#include "facts/fact.hpp"

namespace mtaudit::engine::test {

using facts::Fact;
using facts::FactList;
using facts::FactMap;

inline std::string source_dir() { return MTAUDIT_SOURCE_DIR; }

inline std::string read_text(const std::string& path) {
  std::ifstream in(source_dir() + "/" + path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline RuleSource test_schema() {
  return RuleSource{"facts.test.schema.json", read_text("tests/unit/engine_data/facts.test.schema.json")};
}

// "file:line:col: message" per diagnostic, one per line, snippets left out.
inline std::string messages(const Diags& diags) {
  std::string out;
  for (const auto& d : diags) {
    Diag bare = d;
    bare.snippet.clear();
    out += format_diag(bare) + "\n";
  }
  return out;
}

inline Expected<CompiledRules> load(const std::vector<RuleSource>& files) {
  return load_rules(files, test_schema());
}

inline Expected<CompiledRules> load(const std::string& text, const std::string& name = "t.json") {
  return load({RuleSource{name, text}});
}

// The load errors of `text`, rendered by messages().
inline std::string load_errors(const std::string& text, const std::string& name = "t.json") {
  auto rules = load(text, name);
  return rules ? std::string("loaded") : messages(rules.errors());
}

// A rules file with one rule "r" whose check (and optional extra members) are given.
inline std::string one_rule(const std::string& check, const std::string& extra = "") {
  return R"({"rules": [{"id": "r", "area": "postfix", "title": "T", "rationale": "R",
    "severity": "high", "message": {"pass": "ok", "fail": "bad"},
    "check": )" + check + (extra.empty() ? "" : ", " + extra) + "}]}";
}

inline Fact origin_fact(Fact f, const std::string& file, int line) {
  return f.with_origin(facts::Origin{facts::Origin::Kind::file, file, line, ""});
}

inline Fact service(const std::string& id, Fact port, bool is_public, const std::string& level) {
  FactMap m;
  m["id"] = Fact(id);
  m["port"] = std::move(port);
  m["public"] = Fact(is_public);
  m["level"] = Fact(level);
  m["protocols"] = Fact(FactList{Fact("TLSv1.2"), Fact("TLSv1.3")});
  return Fact(std::move(m));
}

inline Fact cipher(const std::string& name, bool pfs, FactList weak = {}) {
  FactMap m;
  m["name"] = Fact(name);
  m["pfs"] = Fact(pfs);
  m["weak"] = Fact(std::move(weak));
  return Fact(std::move(m));
}

// postfix: version 3.7, flag true, count 5, name "mail.example.org", port null,
// tokens [a, b], numbers [1, 2, 3], main {level: may (main.cf:7), empty: ""},
// services [smtp/inet 25 public may, submission/inet 587 public encrypt, relay/unix null].
inline Fact sample_facts() {
  FactMap postfix;
  postfix["version"] = Fact("3.7");
  postfix["flag"] = Fact(true);
  postfix["count"] = Fact(5);
  postfix["name"] = Fact("mail.example.org");
  postfix["port"] = Fact();
  postfix["tokens"] = Fact(FactList{Fact("a"), Fact("b")});
  postfix["numbers"] = Fact(FactList{Fact(1), Fact(2), Fact(3)});
  FactMap main;
  main["level"] = origin_fact(Fact("may"), "main.cf", 7);
  main["empty"] = Fact("");
  postfix["main"] = Fact(std::move(main));
  postfix["services"] = Fact(FactList{service("smtp/inet", Fact(25), true, "may"),
                                      service("submission/inet", Fact(587), true, "encrypt"),
                                      service("relay/unix", Fact(), false, "none")});
  FactMap root;
  root["postfix"] = Fact(std::move(postfix));
  root["dns"] = Fact::gap(facts::Gap::Kind::not_collected, "DNS not requested");
  return Fact(std::move(root));
}

// "/etc/postfix/main.cf:30" -> file origin, "...:12 -o" -> master.cf override, else a detail.
inline facts::Origin parse_origin(const std::string& text) {
  using Kind = facts::Origin::Kind;
  std::size_t colon = text.rfind(':');
  if (text.rfind("default", 0) == 0 || colon == std::string::npos) {
    return facts::Origin{Kind::default_value, "", 0, text};
  }
  bool override_ = text.size() > 3 && text.compare(text.size() - 3, 3, " -o") == 0;
  int line = std::stoi(text.substr(colon + 1));
  return facts::Origin{override_ ? Kind::master_override : Kind::file, text.substr(0, colon), line, ""};
}

// A fact tree from JSON: {"$value": V, "$origin": O} attaches an Origin, {"$gap": KIND,
// "$reason": R} is a gap, "$comment" members are dropped.
inline Fact fact_from_json(const JsonNode& node) {
  switch (node.kind) {
    case JsonNode::Kind::boolean: return Fact(node.boolean);
    case JsonNode::Kind::integer: return Fact(node.integer);
    case JsonNode::Kind::string: return Fact(node.string);
    case JsonNode::Kind::array: {
      FactList list;
      for (const auto& item : node.items) {
        list.push_back(fact_from_json(item));
      }
      return Fact(std::move(list));
    }
    case JsonNode::Kind::object: break;
    default: return Fact();
  }
  if (const JsonNode* gap = node.find("$gap")) {
    auto kind = gap->string == "not_collected"    ? facts::Gap::Kind::not_collected
                : gap->string == "not_applicable" ? facts::Gap::Kind::not_applicable
                                                  : facts::Gap::Kind::failed;
    return Fact::gap(kind, node.find("$reason")->string);
  }
  if (const JsonNode* value = node.find("$value")) {
    return fact_from_json(*value).with_origin(parse_origin(node.find("$origin")->string));
  }
  FactMap map;
  for (const auto& m : node.members) {
    if (m.key != "$comment") {
      map[m.key] = fact_from_json(m.value);
    }
  }
  return Fact(std::move(map));
}

inline Fact facts_from_file(const std::string& path) {
  SourceText source(path, read_text(path));
  return fact_from_json(*parse_json(source));
}

inline RunResult run(const CompiledRules& rules, const Fact& root, const EvalOptions& options = {}) {
  return evaluate(rules, root, options);
}

// "status target: message" per result, one per line.
inline std::string outcome(const RunResult& run) {
  std::string out;
  for (const auto& r : run.results) {
    out += to_string(r.status) + " " + r.target + ": " + r.message + "\n";
  }
  return out;
}

}  // namespace mtaudit::engine::test
