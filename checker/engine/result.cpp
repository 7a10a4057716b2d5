#include "engine/result.hpp"

namespace mtaudit::engine {

std::string to_string(Status s) {
  switch (s) {
    case Status::pass: return "pass";
    case Status::fail: return "fail";
    case Status::skip: return "skip";
    case Status::error: return "error";
  }
  return "error";
}

std::string to_string(Severity s) {
  switch (s) {
    case Severity::critical: return "critical";
    case Severity::high: return "high";
    case Severity::medium: return "medium";
    case Severity::low: return "low";
    case Severity::info: return "info";
  }
  return "info";
}

Summary summarize(const RunResult& run) {
  Summary s;
  for (const auto& r : run.results) {
    switch (r.status) {
      case Status::pass: ++s.pass; break;
      case Status::fail:
        ++s.fail;
        ++s.fail_by_severity[r.severity];
        break;
      case Status::skip: ++s.skip; break;
      case Status::error: ++s.error; break;
    }
  }
  return s;
}

}  // namespace mtaudit::engine
