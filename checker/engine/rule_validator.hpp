#pragma once
// Stage 2 of loading: the structure of rule and profile files (required keys, types, enums,
// unknown keys). Predicates, templates and fact paths are only checked for their JSON kind
// here; later stages parse and resolve them.
#include <optional>
#include <string_view>
#include <vector>

#include "core/diag.hpp"
#include "engine/json_positions.hpp"
#include "engine/rule_model.hpp"
#include "engine/source_text.hpp"

namespace mtaudit::engine {

struct RuleSpec {
  const SourceText* source = nullptr;
  CompiledRule rule;  // metadata filled in; predicates and templates not yet
  std::size_t id_offset = 0;
  bool ok = true;     // false: errors were reported; the rule is not kept
  // Which parts are well-formed, so later stages check those and do not repeat errors.
  bool for_each_ok = true;
  bool message_ok = true;
  bool texts_ok = true;
  const JsonNode* node = nullptr;  // the rule object
  const JsonNode* for_each = nullptr;
  const JsonNode* when = nullptr;
  const JsonNode* check = nullptr;
  const JsonNode* message = nullptr;
  const JsonNode* target = nullptr;
  const JsonNode* summary_target = nullptr;
  const JsonNode* remediation = nullptr;
  const JsonNode* locations = nullptr;
};

struct ProfileSpec {
  const SourceText* source = nullptr;
  Profile profile;  // name, description, extends, select filled in; overrides not yet
  std::size_t name_offset = 0;
  bool ok = true;
  const JsonNode* node = nullptr;
};

struct Specs {
  std::vector<RuleSpec> rules;
  std::vector<ProfileSpec> profiles;
};

// Validates one parsed file (a rule file or a profile file) and appends what it defines.
void validate_document(const SourceText& source, const JsonNode& doc, Specs& out, Diags& errors);

std::optional<Severity> severity_from_string(std::string_view text);

// The keys a rule object may have, for the rule.schema.json consistency test.
std::vector<std::string_view> rule_keys();

}  // namespace mtaudit::engine
