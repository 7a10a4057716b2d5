#pragma once
// Human-readable report: results grouped by status (fail, error, skip, pass), most severe
// first, with their evidence, then run notices, then one summary line:
//   mtaudit: 3 failed (1 high, 2 medium), 1 error, 4 skipped (1 waived), 20 passed
// Control characters and bidi overrides in evidence are shown as escapes, never sent raw.
#include <string>

#include "engine/result.hpp"

namespace mtaudit::reporters {

struct TextOptions {
  bool color = false;  // ANSI colours; the CLI sets it only when the output is a terminal
};

std::string render_text(const engine::RunResult& run, const TextOptions& options);

}  // namespace mtaudit::reporters
