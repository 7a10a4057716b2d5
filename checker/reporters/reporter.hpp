#pragma once
// The reporter registry: --format NAME picks a row of this table. Adding a format means one
// new file pair and one row here; no self-registration, no global state.
// Reporters are pure: RunResult (+ options) -> bytes. Writing them out is the caller's job
// (core/atomic_file.hpp: temp file + rename, "-" = stdout).
#include <array>
#include <span>
#include <string>
#include <string_view>

#include "engine/result.hpp"
#include "reporters/html.hpp"
#include "reporters/json.hpp"
#include "reporters/junit.hpp"
#include "reporters/sarif.hpp"
#include "reporters/text.hpp"

namespace mtaudit::reporters {

// Options of every format in one place, so the CLI can fill them once.
struct ReportOptions {
  SarifOptions sarif;
  TextOptions text;
};

using RenderFn = std::string (*)(const engine::RunResult&, const ReportOptions&);

struct Reporter {
  std::string_view name;         // the --format value
  std::string_view extension;    // usual file name extension, without the dot
  std::string_view description;  // one line for --help
  RenderFn render;
};

inline constexpr std::array<Reporter, 5> k_reporters{{
    {"text", "txt", "human-readable summary (colour only on a terminal)",
     [](const engine::RunResult& run, const ReportOptions& o) { return render_text(run, o.text); }},
    {"json", "json", "machine-readable results (schemas/results.schema.json)",
     [](const engine::RunResult& run, const ReportOptions&) { return render_json(run); }},
    {"junit", "xml", "JUnit XML, one testsuite per rule area",
     [](const engine::RunResult& run, const ReportOptions&) { return render_junit(run); }},
    {"sarif", "sarif", "SARIF 2.1.0 (profile github or audit)",
     [](const engine::RunResult& run, const ReportOptions& o) {
       return render_sarif(run, o.sarif);
     }},
    {"html", "html", "self-contained HTML page, one table per rule area",
     [](const engine::RunResult& run, const ReportOptions&) { return render_html(run); }},
}};

inline std::span<const Reporter> reporters() {
  return k_reporters;
}

// nullptr when no reporter has that name.
inline const Reporter* find_reporter(std::string_view name) {
  for (const Reporter& r : k_reporters) {
    if (r.name == name) {
      return &r;
    }
  }
  return nullptr;
}

}  // namespace mtaudit::reporters
