#pragma once
// SARIF 2.1.0 (one run), in two profiles rendered from the same RunResult:
//  github: what github/codeql-action/upload-sarif accepts and turns into useful alerts: only
//          failing results that are not waived; each with a physical location inside the source
//          root (uriBaseId %SRCROOT%) and partialFingerprints.primaryLocationLineHash; rules
//          with short/full description, help, level and security-severity.
//  audit:  every result with its kind (pass, fail, notApplicable for skip, open for error),
//          suppressions on every result (accepted for waived ones), invocations, hashed
//          artifacts, logical locations for targets, and one taxonomy per control framework.
// Deterministic: no time unless RunResult.timestamp is set; GUIDs are name-based (UUID v5).
#include <optional>
#include <string>
#include <string_view>

#include "engine/result.hpp"

namespace mtaudit::reporters {

enum class SarifProfile { github, audit };

std::optional<SarifProfile> parse_sarif_profile(std::string_view name);  // "github" | "audit"
std::string_view to_string(SarifProfile p);

struct SarifOptions {
  SarifProfile profile = SarifProfile::github;
  // The directory %SRCROOT% stands for (the repository checkout). Files inside it become
  // relative URIs; when it is absolute, run.originalUriBaseIds maps %SRCROOT% to its file: URI.
  std::string source_root;
  // The directory relative Location.file paths are relative to (the CLI passes the current
  // directory, or --root). Empty: relative paths are taken as relative to source_root.
  std::string base_dir;
  // github profile: the file (inside source_root) a result points at, line 1, when none of
  // its locations is a file inside source_root, e.g. the checked main.cf or the inventory file.
  // Empty: the first artifact named main.cf inside source_root; failing that, the stable
  // made-up path "mtaudit/targets/<target>" (accepted by GitHub, shown without code view).
  std::string fallback_file;
  // run.automationDetails.id category; empty leaves the upload action's `category` in charge.
  std::string category;
};

std::string render_sarif(const engine::RunResult& run, const SarifOptions& options);

// Level for a failing result of this severity: error / warning / note.
std::string_view sarif_level(engine::Severity s);
// GitHub's security-severity ("9.5", "8.0", "5.5", "3.0", "1.0"; GitHub's bands: > 9.0
// critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low).
std::string_view security_severity(engine::Severity s);

}  // namespace mtaudit::reporters
