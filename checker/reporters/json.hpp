#pragma once
// Machine-readable results (schemas/results.schema.json): tool, profile, rules, results with
// their evidence, artifacts, notices and the summary. Deterministic: same RunResult, same bytes.
#include <string>

#include "engine/result.hpp"

namespace mtaudit::reporters {

// Bumped when a field changes meaning or disappears. A new field goes into
// schemas/results.schema.json in the same change (the schema rejects unknown keys).
inline constexpr int k_json_format_version = 1;

std::string render_json(const engine::RunResult& run);

}  // namespace mtaudit::reporters
