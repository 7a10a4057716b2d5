#pragma once
// Structural checks on positioned JSON shared by the rule, profile and predicate readers.
// Each adds a Diag at the offending value or key and returns whether the check passed, so
// callers go on and report every problem of a file at once.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag.hpp"
#include "engine/json_positions.hpp"
#include "engine/source_text.hpp"

namespace mtaudit::engine {

class JsonChecker {
 public:
  JsonChecker(const SourceText& source, Diags& errors) : m_source(source), m_errors(errors) {}

  const SourceText& source() const { return m_source; }
  void error(std::size_t offset, std::string message);
  void add(const Diags& diags) { m_errors.insert(m_errors.end(), diags.begin(), diags.end()); }
  std::size_t error_count() const { return m_errors.size(); }

  // `what` names the value in messages: "'severity' of rule 'x'".
  bool kind(const JsonNode& node, JsonNode::Kind expected, const std::string& what);
  // Unknown, duplicate and missing keys of an object; `context` is "rule 'x'".
  bool keys(const JsonNode& object, const std::string& context,
            const std::vector<std::string_view>& required,
            const std::vector<std::string_view>& optional);
  // A string member (nullopt when absent or of another kind; the latter is reported).
  std::optional<std::string> string(const JsonNode& object, std::string_view key,
                                    const std::string& context);
  // A list of strings (empty when absent).
  std::vector<std::string> strings(const JsonNode& object, std::string_view key,
                                   const std::string& context);

 private:
  const SourceText& m_source;
  Diags& m_errors;
};

// " (did you mean 'x'?)" when a candidate is within two edits, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

// "a string", "an integer", ... for messages.
std::string a_kind(JsonNode::Kind kind);

}  // namespace mtaudit::engine
