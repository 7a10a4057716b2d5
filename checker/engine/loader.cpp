// Orchestrates the load stages; each stage lives in its own file.
#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <tuple>
#include <utility>

#include "engine/engine.hpp"
#include "engine/fact_schema.hpp"
#include "engine/json_positions.hpp"
#include "engine/profiles.hpp"
#include "engine/rule_compiler.hpp"
#include "engine/rule_validator.hpp"

namespace mtaudit::engine {

namespace {

// What the stages point into: kept alive until loading ends.
struct Documents {
  std::vector<std::unique_ptr<SourceText>> sources;
  std::vector<std::unique_ptr<JsonNode>> trees;
};

// The name is copied: errors are sorted by the files' names after loading.
std::unique_ptr<SourceText> source_text(RuleSource& file) {
  if (file.embedded) {
    return std::make_unique<SourceText>(file.name, SourceText::Borrowed{*file.embedded});
  }
  return std::make_unique<SourceText>(file.name, std::move(file.text));
}

std::size_t rule_count(const JsonNode& doc) {
  const JsonNode* rules = doc.find("rules");
  return rules != nullptr && rules->is_array() ? rules->items.size() : 0;
}

// Every file is parsed before any is validated so the specs are allocated once, at their
// final size (growing the list rule by rule touched about twice the memory it ends up using).
void read_and_validate(std::vector<RuleSource>& files, Documents& docs, Specs& specs, Diags& errors) {
  std::vector<std::pair<const SourceText*, const JsonNode*>> parsed;
  std::size_t rules = 0;
  for (auto& file : files) {
    docs.sources.push_back(source_text(file));
    const SourceText& source = *docs.sources.back();
    auto tree = parse_json(source);
    if (!tree) {
      errors.insert(errors.end(), tree.errors().begin(), tree.errors().end());
      continue;
    }
    docs.trees.push_back(std::make_unique<JsonNode>(std::move(*tree)));
    parsed.emplace_back(&source, docs.trees.back().get());
    rules += rule_count(*docs.trees.back());
  }
  specs.rules.reserve(rules);
  for (const auto& [source, tree] : parsed) {
    validate_document(*source, *tree, specs, errors);
  }
}

// The first definition wins; later ones are errors naming both places.
template <class Spec, class NameOf, class OffsetOf>
void reject_duplicates(std::vector<Spec>& specs, const std::string& what, NameOf name_of,
                       OffsetOf offset_of, Diags& errors) {
  std::map<std::string, const Spec*> first;
  for (auto& spec : specs) {
    const std::string& name = name_of(spec);
    if (name.empty()) {
      continue;
    }
    auto [it, inserted] = first.emplace(name, &spec);
    if (!inserted) {
      const Spec& other = *it->second;
      errors.push_back(spec.source->diag(offset_of(spec), "duplicate " + what + " '" + name +
                                                              "' (also defined at " +
                                                              other.source->where(offset_of(other)) + ")"));
      spec.ok = false;
    }
  }
}

// Stages report in their own order; users read files top to bottom.
void sort_errors(const std::vector<RuleSource>& files, Diags& errors) {
  auto file_index = [&](const Diag& d) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (files[i].name == d.file) {
        return i;
      }
    }
    return files.size();
  };
  std::stable_sort(errors.begin(), errors.end(), [&](const Diag& a, const Diag& b) {
    auto ka = std::make_tuple(file_index(a), a.line, a.col);
    auto kb = std::make_tuple(file_index(b), b.line, b.col);
    return ka < kb;
  });
}

CompiledRules assemble(FactTypePtr schema, Specs& specs) {
  CompiledRules out;
  out.schema = std::move(schema);
  out.rules.reserve(specs.rules.size());
  out.profiles.reserve(specs.profiles.size());
  for (auto& spec : specs.rules) {
    out.rules.push_back(std::move(spec.rule));
  }
  for (auto& spec : specs.profiles) {
    out.profiles.push_back(std::move(spec.profile));
  }
  std::sort(out.rules.begin(), out.rules.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::sort(out.profiles.begin(), out.profiles.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

}  // namespace

Expected<RuleSource> read_rule_source(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Diag{path, 0, 0, "cannot open file", ""};
  }
  std::ostringstream text;
  text << in.rdbuf();
  // Every built-in rule file together is a few hundred KiB; a rule file this large is a mistake
  // or an attack on the loader, refused before it is parsed.
  if (text.tellp() > static_cast<std::streamoff>(k_max_rule_file_bytes)) {
    return Diag{path, 0, 0, "larger than " + std::to_string(k_max_rule_file_bytes / (1024 * 1024)) + " MiB; not a rule file", ""};
  }
  return RuleSource{path, text.str()};
}

Expected<CompiledRules> load_rules(std::vector<RuleSource> files, RuleSource facts_schema) {
  auto schema_source = source_text(facts_schema);
  auto schema = load_fact_schema(*schema_source);
  if (!schema) {
    return schema.errors();
  }
  return load_rules(std::move(files), std::move(*schema));
}

Expected<CompiledRules> load_rules(std::vector<RuleSource> files, FactTypePtr facts_schema) {
  Documents docs;
  Specs specs;
  Diags errors;
  read_and_validate(files, docs, specs, errors);
  reject_duplicates(specs.rules, "rule id", [](const RuleSpec& s) -> const std::string& { return s.rule.id; },
                    [](const RuleSpec& s) { return s.id_offset; }, errors);
  reject_duplicates(specs.profiles, "profile", [](const ProfileSpec& s) -> const std::string& { return s.profile.name; },
                    [](const ProfileSpec& s) { return s.name_offset; }, errors);
  for (auto& spec : specs.rules) {
    spec.ok = compile_rule(spec, facts_schema, errors) && spec.ok;
  }
  compile_profiles(specs.profiles, specs.rules, errors);
  if (!errors.empty()) {
    sort_errors(files, errors);
    return errors;
  }
  return assemble(std::move(facts_schema), specs);
}

}  // namespace mtaudit::engine
