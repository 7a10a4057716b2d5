#include "cli/rule_sources.hpp"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <set>

#include "core/embedded.hpp"

namespace fs = std::filesystem;

namespace mtaudit::cli {
namespace {

constexpr std::string_view k_schema_name = "schemas/facts.schema.json";

engine::RuleSource builtin_schema() {
  for (const auto& f : embedded_rules()) {
    if (f.name == k_schema_name) return {"builtin:" + std::string(f.name), "", f.contents};
  }
  return {"builtin:" + std::string(k_schema_name), "{}"};
}

Diags add_path(const std::string& path, std::vector<engine::RuleSource>* out) {
  std::error_code ec;
  std::vector<std::string> files;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) return {Diag{path, 0, 0, "no *.json rule files in this directory"}};
  } else {
    files.push_back(path);
  }
  Diags errors;
  for (const auto& f : files) {
    auto src = engine::read_rule_source(f);
    if (!src) {
      errors.insert(errors.end(), src.errors().begin(), src.errors().end());
    } else {
      out->push_back(std::move(src).value());
    }
  }
  return errors;
}

}  // namespace

Expected<RuleSet> load_rule_set(const std::vector<std::string>& paths, bool builtin) {
  std::vector<engine::RuleSource> given;
  Diags errors;
  for (const auto& p : paths) {
    Diags e = add_path(p, &given);
    errors.insert(errors.end(), e.begin(), e.end());
  }
  std::set<std::string> replaced;
  for (const auto& g : given) replaced.insert(fs::path(g.name).filename().string());
  std::vector<engine::RuleSource> sources;
  for (const auto& f : builtin ? embedded_rules() : std::span<const EmbeddedFile>{}) {
    if (f.name == k_schema_name || replaced.count(fs::path(f.name).filename().string()) > 0) continue;
    sources.push_back({"builtin:" + std::string(f.name), "", f.contents});
  }
  sources.insert(sources.end(), std::make_move_iterator(given.begin()), std::make_move_iterator(given.end()));
  if (!errors.empty()) return errors;
  std::vector<std::string> names;
  for (const auto& s : sources) names.push_back(s.name);
  auto compiled = engine::load_rules(std::move(sources), builtin_schema());  // the texts move, not copied again
  if (!compiled) return compiled.errors();
  return RuleSet{std::move(compiled).value(), std::move(names)};
}

}  // namespace mtaudit::cli
