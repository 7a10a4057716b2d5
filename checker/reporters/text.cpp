#include "reporters/text.hpp"

#include "reporters/report_util.hpp"

namespace mtaudit::reporters {
namespace {

using engine::Result;
using engine::RunResult;
using engine::Severity;
using engine::Status;

constexpr std::string_view k_indent = "      ";  // evidence lines under a result

class Painter {
 public:
  explicit Painter(bool on) : m_on(on) {}
  std::string paint(std::string_view sgr, const std::string& s) const {
    return m_on ? "\x1b[" + std::string(sgr) + "m" + s + "\x1b[0m" : s;
  }

 private:
  bool m_on;
};

std::string_view status_sgr(Status s) {
  switch (s) {
    case Status::fail: return "1;31";
    case Status::error: return "1;35";
    case Status::skip: return "1;33";
    case Status::pass: return "1;32";
  }
  return "0";
}

std::string_view severity_sgr(Severity s) {
  switch (s) {
    case Severity::critical: return "1;31";
    case Severity::high: return "31";
    case Severity::medium: return "33";
    case Severity::low: return "36";
    case Severity::info: return "2";
  }
  return "0";
}

// "[HIGH] rule-id (target)"
std::string headline(const Result& r, const Painter& p) {
  std::string out = p.paint(severity_sgr(r.severity), "[" + upper(engine::to_string(r.severity)) + "]");
  out += " " + display_safe(r.rule);
  if (!r.target.empty()) {
    out += " (" + display_safe(r.target) + ")";
  }
  return out;
}

void append_detail(std::string& out, std::string_view label, const std::string& value) {
  if (value.empty()) {
    return;
  }
  out += k_indent;
  out += label.empty() ? "" : std::string(label) + ": ";
  for (char c : display_safe(value)) {
    out += c;
    if (c == '\n') {
      out += std::string(k_indent) + "  ";
    }
  }
  out += '\n';
}

// fail and error: a block with the evidence.
void append_block(std::string& out, const Result& r, const RuleIndex& rules, const Painter& p) {
  out += "  " + headline(r, p) + "\n";
  append_detail(out, "", r.message);
  append_detail(out, "observed", r.observed);
  append_detail(out, "expected", r.expected);
  for (const engine::Location& loc : r.locations) {
    append_detail(out, "at", format_location(loc));
  }
  append_detail(out, "fix", remediation_for(r, rules.find(r.rule)));
}

// skip and pass: one line with the reason or confirmation.
void append_line(std::string& out, const Result& r, const Painter& p) {
  out += "  " + headline(r, p);
  std::string why = (r.waived ? "waived: " : "") + r.message;
  if (!why.empty()) {
    out += ": " + one_line(display_safe(why));
  }
  out += '\n';
}

std::string header(const RunResult& run) { return run_heading(run, display_safe) + "\n"; }

void append_group(std::string& out, const std::vector<const Result*>& results, Status status,
                  const RuleIndex& rules, const Painter& p) {
  std::vector<const Result*> group;
  for (const Result* r : results) {
    if (r->status == status) {
      group.push_back(r);
    }
  }
  if (group.empty()) {
    return;
  }
  out += "\n" + p.paint(status_sgr(status), upper(engine::to_string(status))) + " (" +
         std::to_string(group.size()) + ")\n";
  for (const Result* r : group) {
    bool detailed = status == Status::fail || status == Status::error;
    detailed ? append_block(out, *r, rules, p) : append_line(out, *r, p);
  }
}

}  // namespace

std::string render_text(const RunResult& run, const TextOptions& options) {
  Painter painter(options.color);
  RuleIndex rules(run);
  std::vector<const Result*> results = results_by_status(run);
  std::string out = header(run);
  for (Status s : {Status::fail, Status::error, Status::skip, Status::pass}) {
    append_group(out, results, s, rules, painter);
  }
  if (!run.notices.empty()) {
    out += "\n";
    for (const std::string& n : run.notices) {
      out += "notice: " + one_line(display_safe(n)) + "\n";
    }
  }
  out += "\n" + display_safe(summary_line(run)) + "\n";
  return out;
}

}  // namespace mtaudit::reporters
