#pragma once
// Helpers shared by the reporters: ordering, rule lookup, text cleaning and the wording every
// format uses for locations, evidence and the summary line. All pure.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result.hpp"

namespace mtaudit::reporters {

// Display order: fail, error, skip, pass (what needs attention first).
int status_rank(engine::Status s);
// Display order: critical first.
int severity_rank(engine::Severity s);

// Results ordered by (rule, target); ties keep their input order.
std::vector<const engine::Result*> results_by_rule(const engine::RunResult& run);
// Results ordered by (status rank, severity rank, rule, target).
std::vector<const engine::Result*> results_by_status(const engine::RunResult& run);

// Rule lookup by id. A result whose rule is missing from RunResult.rules still gets a
// descriptor (area "other", title = id) so no reporter drops it.
class RuleIndex {
 public:
  // Points into `run`, which must outlive the index.
  explicit RuleIndex(const engine::RunResult& run);
  RuleIndex(const RuleIndex&) = delete;  // m_rules points into m_stand_ins
  RuleIndex& operator=(const RuleIndex&) = delete;
  const engine::RuleInfo& find(const std::string& id) const;
  // Every rule: RunResult.rules plus stand-ins for unknown ids, sorted by id.
  std::vector<const engine::RuleInfo*> all() const;

 private:
  std::map<std::string, engine::RuleInfo> m_stand_ins;  // for result ids no rule describes
  std::map<std::string_view, const engine::RuleInfo*, std::less<>> m_rules;
};

// Replaces invalid UTF-8 (bad bytes, overlongs, surrogates, > U+10FFFF) with U+FFFD, so
// JSON and XML writers always get valid UTF-8 whatever an SMTP banner contained.
std::string sanitize_utf8(std::string_view s);
// sanitize_utf8, then characters XML 1.0 forbids: C0 controls but TAB/LF/CR become a visible
// "\xNN" (an auditor sees what the banner held), U+FFFE and U+FFFF become U+FFFD.
std::string xml_safe(std::string_view s);
// sanitize_utf8, then control characters (C0 but LF/TAB, DEL, C1) become "\xNN" and
// bidirectional overrides "\u{NNNN}", so evidence cannot drive a terminal or reorder text.
std::string display_safe(std::string_view s);
// Line breaks and tabs become single spaces, runs of spaces collapse, ends are trimmed.
std::string one_line(std::string_view s);

std::string upper(std::string_view s);
// Lowercase, every run of characters outside [a-z0-9] turned into one '-'.
std::string slug(std::string_view s);

enum class UtcStyle { junit, sarif, iso };  // "…T10:00:00", "…T10:00:00.000Z", "…T10:00:00Z"
std::string format_utc(long long epoch_seconds, UtcStyle style);

// "main.cf:42 127.0.0.1:25 (-o)": file[:line], logical, (note); empty parts left out.
std::string format_location(const engine::Location& loc);

// Labelled multi-line evidence (message, target, observed, expected, locations, controls,
// remediation; empty ones left out). Used as JUnit element body.
std::string evidence_text(const engine::Result& r, const engine::RuleInfo& rule);

// The result's own remediation, else the rule's.
const std::string& remediation_for(const engine::Result& r, const engine::RuleInfo& rule);

// Number of waived results (a subset of skip).
int count_waived(const engine::RunResult& run);

// "mtaudit 0.1.0 (OpenSSL 3.0.19 27 Jan 2026), profile guide, 2026-01-01T00:00:00Z": the line
// the text and HTML reports open with. `escape` is applied to each value taken from the run.
std::string run_heading(const engine::RunResult& run, std::string (*escape)(std::string_view));

// "mtaudit: 3 failed (1 high, 2 medium), 1 error, 4 skipped (1 waived), 20 passed".
std::string summary_line(const engine::RunResult& run);

}  // namespace mtaudit::reporters
