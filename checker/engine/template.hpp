#pragma once
// Text templates in rules: messages, targets, labels, remediation.
//   "{item.tls.level}"  a fact (path rules as in predicates)
//   "{param.min_days}"  a parameter value
//   "{observed}", "{expected}"  the evidence of the check (messages only)
//   "{target}"          the result's target (messages and remediation only)
//   "{{" and "}}"       literal braces
#include <cstddef>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "engine/path_ref.hpp"
#include "engine/source_text.hpp"

namespace mtaudit::engine {

struct TemplatePart {
  enum class Kind { text, observed, expected, target, param, fact };
  Kind kind = Kind::text;
  std::string text;  // literal text, or the param name
  PathRef path;      // fact
};

struct Template {
  std::vector<TemplatePart> parts;
  bool empty() const { return parts.empty(); }
};

// Which placeholders a template may use besides facts and params.
struct TemplateAllows {
  bool evidence = false;  // {observed}, {expected}
  bool target = false;    // {target}
};

// Splits "VAR.a.b" into a PathRef (unresolved). Errors for empty segments.
Expected<PathRef> parse_path(const SourceText& source, const std::string& text, std::size_t offset);

// `offset` is the JSON string's opening quote; placeholder positions are computed from it.
Expected<Template> parse_template(const SourceText& source, const std::string& text,
                                  std::size_t offset, TemplateAllows allows);

}  // namespace mtaudit::engine
