#pragma once
// A single self-contained HTML page (inline CSS, no scripts, a CSP that forbids loading
// anything): header, summary line, notices, then one table per rule area with results ordered
// by status and severity. Every piece of text from the RunResult is escaped.
#include <string>

#include "engine/result.hpp"

namespace mtaudit::reporters {

std::string render_html(const engine::RunResult& run);

// &, <, >, " and ' as character references; control characters shown as escapes.
std::string html_escape(std::string_view s);

}  // namespace mtaudit::reporters
