#include "reporters/report_util.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <set>

namespace mtaudit::reporters {
namespace {

using engine::Result;
using engine::RuleInfo;
using engine::RunResult;

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of a UTF-8 sequence from its lead byte, 0 if it cannot start one.
int sequence_length(unsigned char lead) {
  if (lead < 0x80) {
    return 1;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    return 2;
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    return 4;
  }
  return 0;
}

// Code point of the well-formed sequence at s[i..i+len), or -1 (overlong, surrogate, too big,
// bad continuation byte, truncated).
long decode(std::string_view s, std::size_t i, int len) {
  if (i + len > s.size()) {
    return -1;
  }
  auto lead = static_cast<unsigned char>(s[i]);
  long cp = len == 1 ? lead : lead & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      return -1;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr long k_min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < k_min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return -1;
  }
  return cp;
}

// Calls `emit(cp, bytes)` per code point; an invalid byte is reported as cp -1 (1 byte).
// A template, not std::function: reports call it for every message, a call per byte.
template <class Emit>
void for_each_code_point(std::string_view s, Emit emit) {
  std::size_t i = 0;
  while (i < s.size()) {
    int len = sequence_length(static_cast<unsigned char>(s[i]));
    long cp = len == 0 ? -1 : decode(s, i, len);
    if (cp < 0) {
      len = 1;
    }
    emit(cp, s.substr(i, len));
    i += len;
  }
}

std::string hex_escape(long cp) {
  char buf[32];
  if (cp < 0x100) {
    std::snprintf(buf, sizeof buf, "\\x%02lx", cp);
  } else {
    std::snprintf(buf, sizeof buf, "\\u{%04lx}", cp);
  }
  return buf;
}

bool is_bidi_control(long cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool by_rule_target(const Result* a, const Result* b) {
  if (a->rule != b->rule) {
    return a->rule < b->rule;
  }
  return a->target < b->target;
}

bool by_status_severity(const Result* a, const Result* b) {
  if (status_rank(a->status) != status_rank(b->status)) {
    return status_rank(a->status) < status_rank(b->status);
  }
  if (severity_rank(a->severity) != severity_rank(b->severity)) {
    return severity_rank(a->severity) < severity_rank(b->severity);
  }
  return by_rule_target(a, b);
}

std::vector<const Result*> pointers(const RunResult& run) {
  std::vector<const Result*> out;
  out.reserve(run.results.size());
  for (const Result& r : run.results) {
    out.push_back(&r);
  }
  return out;
}

// "label: value", continuation lines indented so a multi-line value stays readable.
void append_field(std::string& out, std::string_view label, std::string_view value) {
  if (value.empty()) {
    return;
  }
  out += label;
  out += ": ";
  for (char c : value) {
    out += c;
    if (c == '\n') {
      out += "  ";
    }
  }
  out += '\n';
}

std::string controls_text(const RuleInfo& rule) {
  std::string out;
  std::set<std::string> seen;
  for (const engine::ControlRef& c : rule.controls) {
    std::string name = c.framework + " " + c.id;
    if (seen.insert(name).second) {
      out += (out.empty() ? "" : ", ") + name;
    }
  }
  return out;
}

std::string plural(int n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

// Printable ASCII, newline and tab: most of what reports show, and left as it is.
bool plain_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t'; });
}

}  // namespace

int status_rank(engine::Status s) {
  switch (s) {
    case engine::Status::fail: return 0;
    case engine::Status::error: return 1;
    case engine::Status::skip: return 2;
    case engine::Status::pass: return 3;
  }
  return 4;
}

int severity_rank(engine::Severity s) {
  return static_cast<int>(s);  // the enum is declared critical .. info
}

std::vector<const Result*> results_by_rule(const RunResult& run) {
  std::vector<const Result*> out = pointers(run);
  std::stable_sort(out.begin(), out.end(), by_rule_target);
  return out;
}

std::vector<const Result*> results_by_status(const RunResult& run) {
  std::vector<const Result*> out = pointers(run);
  std::stable_sort(out.begin(), out.end(), by_status_severity);
  return out;
}

RuleIndex::RuleIndex(const RunResult& run) {
  for (const RuleInfo& rule : run.rules) {
    m_rules.emplace(rule.id, &rule);
  }
  for (const Result& r : run.results) {
    if (m_rules.count(r.rule) == 0) {
      RuleInfo& stand_in = m_stand_ins[r.rule];
      stand_in.id = r.rule;
      stand_in.area = "other";
      stand_in.title = r.rule;
      stand_in.severity = r.severity;
      m_rules.emplace(stand_in.id, &stand_in);
    }
  }
}

const RuleInfo& RuleIndex::find(const std::string& id) const {
  return *m_rules.at(id);  // the constructor added every id a result uses
}

std::vector<const RuleInfo*> RuleIndex::all() const {
  std::vector<const RuleInfo*> out;
  out.reserve(m_rules.size());
  for (const auto& [id, rule] : m_rules) {
    out.push_back(rule);
  }
  return out;
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for_each_code_point(s, [&out](long cp, std::string_view bytes) {
    out += cp < 0 ? k_replacement : bytes;
  });
  return out;
}

std::string xml_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for_each_code_point(s, [&out](long cp, std::string_view bytes) {
    if (cp >= 0 && cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
      out += hex_escape(cp);
    } else {
      out += (cp < 0 || cp == 0xFFFE || cp == 0xFFFF) ? k_replacement : bytes;
    }
  });
  return out;
}

std::string display_safe(std::string_view s) {
  if (plain_ascii(s)) {
    return std::string(s);
  }
  std::string out;
  out.reserve(s.size());
  for_each_code_point(s, [&out](long cp, std::string_view bytes) {
    if (cp < 0) {
      out += k_replacement;
    } else if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) ||
               is_bidi_control(cp)) {
      out += hex_escape(cp);
    } else {
      out += bytes;
    }
  });
  return out;
}

std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  if (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return out;
}

std::string slug(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  if (!out.empty() && out.back() == '-') {
    out.pop_back();
  }
  return out;
}

std::string format_utc(long long epoch_seconds, UtcStyle style) {
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) {
    std::time_t epoch = 0;  // out of range for the calendar: show the epoch, not garbage
    gmtime_r(&epoch, &tm);
  }
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buf;
  if (style == UtcStyle::sarif) {
    out += ".000Z";
  } else if (style == UtcStyle::iso) {
    out += "Z";
  }
  return out;
}

std::string format_location(const engine::Location& loc) {
  std::string out = loc.file;
  if (!loc.file.empty() && loc.line > 0) {
    out += ":" + std::to_string(loc.line);
  }
  if (!loc.logical.empty()) {
    out += (out.empty() ? "" : " ") + loc.logical;
  }
  if (!loc.note.empty()) {
    out += (out.empty() ? "(" : " (") + loc.note + ")";
  }
  return out;
}

std::string evidence_text(const Result& r, const RuleInfo& rule) {
  std::string out;
  append_field(out, "rule", rule.title.empty() || rule.title == rule.id
                                ? rule.id : rule.id + " (" + rule.title + ")");
  append_field(out, "target", r.target);
  append_field(out, "message", r.message);
  append_field(out, "observed", r.observed);
  append_field(out, "expected", r.expected);
  for (const engine::Location& loc : r.locations) {
    append_field(out, "location", format_location(loc));
  }
  append_field(out, "controls", controls_text(rule));
  append_field(out, "remediation", remediation_for(r, rule));
  return out;
}

const std::string& remediation_for(const Result& r, const RuleInfo& rule) {
  return r.remediation.empty() ? rule.remediation : r.remediation;
}

int count_waived(const RunResult& run) {
  return static_cast<int>(std::count_if(run.results.begin(), run.results.end(),
                                        [](const Result& r) { return r.waived; }));
}

std::string run_heading(const RunResult& run, std::string (*escape)(std::string_view)) {
  std::string out = escape(run.tool_name.empty() ? "mtaudit" : run.tool_name);
  if (!run.tool_version.empty()) {
    out += " " + escape(run.tool_version);
  }
  if (!run.tls_library.empty()) {
    out += " (" + escape(run.tls_library) + ")";
  }
  if (!run.profile.empty()) {
    out += ", profile " + escape(run.profile);
  }
  if (run.timestamp) {
    out += ", " + format_utc(*run.timestamp, UtcStyle::iso);
  }
  return out;
}

std::string summary_line(const RunResult& run) {
  engine::Summary s = engine::summarize(run);
  std::string out = (run.tool_name.empty() ? "mtaudit" : run.tool_name) + ": ";
  out += std::to_string(s.fail) + " failed";
  std::string by_sev;
  for (const auto& [sev, n] : s.fail_by_severity) {
    if (n > 0) {
      by_sev += (by_sev.empty() ? "" : ", ") + std::to_string(n) + " " + engine::to_string(sev);
    }
  }
  if (!by_sev.empty()) {
    out += " (" + by_sev + ")";
  }
  out += ", " + plural(s.error, "error") + ", " + std::to_string(s.skip) + " skipped";
  if (int waived = count_waived(run); waived > 0) {
    out += " (" + std::to_string(waived) + " waived)";
  }
  return out + ", " + std::to_string(s.pass) + " passed";
}

}  // namespace mtaudit::reporters
