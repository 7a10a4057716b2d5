#pragma once
// The one result model every reporter renders. Reporters are pure functions of a RunResult:
// they never look at facts or rules, so the same RunResult always gives the same bytes.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "facts/fact.hpp"

namespace mtaudit::engine {

enum class Status { pass, fail, skip, error };
enum class Severity { critical, high, medium, low, info };

std::string to_string(Status s);
std::string to_string(Severity s);

// A place a result points at: a config line ("main.cf", 42), a host:port, a DNS name.
struct Location {
  std::string file;     // path as read (absolute or relative to --root); empty if none
  int line = 0;         // 1-based; 0 = none
  std::string logical;  // "127.0.0.1:25", "mx.example.org.", "service smtp/inet"; may be empty
  std::string note;     // "-o", "default (Postfix 3.7, compatibility_level 0)"
};

// A control an auditor maps the rule to (NIST SP 800-52r2 3.1, BSI TR-03108 ...).
struct ControlRef {
  std::string framework;  // "NIST SP 800-52r2"
  std::string id;         // "3.3.1"
};

// What reporters need to know about a rule (one per rule that was evaluated).
struct RuleInfo {
  std::string id;
  std::string area;        // "postfix", "cert", "dns", "live", "drift": JUnit testsuite, SARIF tag
  std::string title;
  std::string rationale;
  std::string remediation;
  Severity severity = Severity::medium;
  std::vector<std::string> tags;
  std::vector<std::string> references;  // URLs / RFC names
  std::vector<ControlRef> controls;
};

struct Result {
  std::string rule;      // rule id
  Status status = Status::skip;
  Severity severity = Severity::medium;
  std::string target;    // "smtp/inet", "main.cf", "/etc/ssl/mail.pem", "127.0.0.1:25"
  std::string message;   // why: the reason for fail/skip/error, a confirmation for pass
  std::string observed;  // rendered observed value, "" if none
  std::string expected;  // rendered expectation, "" if none
  std::vector<Location> locations;
  std::string remediation;
  bool waived = false;   // skip because a waiver matched
};

// A file mtaudit read, for SARIF artifacts and auditors who re-check evidence.
struct Artifact {
  std::string path;
  std::string sha256;  // lowercase hex
};

struct RunResult {
  std::string tool_name = "mtaudit";
  std::string tool_version;
  // The TLS library that expanded the cipher lists and spoke to the server ("OpenSSL 3.0.19
  // 27 Jan 2026"): another version can give other suites, so a re-check needs to know it.
  std::string tls_library;
  std::string profile;                 // "guide" / "baseline"
  std::string command_line;            // as invoked, for SARIF invocations
  std::optional<long long> timestamp;  // seconds since epoch; only when asked or SOURCE_DATE_EPOCH
  std::vector<RuleInfo> rules;         // sorted by id
  std::vector<Result> results;         // sorted by (rule, target)
  std::vector<Artifact> artifacts;     // sorted by path
  std::vector<std::string> notices;    // run-level notes ("Postfix version not given, assuming 3.7")
  // Facts the JSON report carries as evidence, by source: those that cannot be collected again
  // later (what the live server negotiated). A null fact when there are none.
  facts::Fact evidence;
};

struct Summary {
  int pass = 0, fail = 0, skip = 0, error = 0;
  std::map<Severity, int> fail_by_severity;
};
Summary summarize(const RunResult& run);

}  // namespace mtaudit::engine
