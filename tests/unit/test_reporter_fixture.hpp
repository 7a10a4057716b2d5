#pragma once
// Shared by the reporter tests: a representative RunResult (every status and severity, file
// and non-file locations, a location outside the source root, a waived result, duplicate
// rule+target, controls, artifacts, notices, XML/terminal-hostile characters), golden-file
// comparison and the external validators.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/result.hpp"

#ifndef MTAUDIT_SOURCE_DIR
#error "MTAUDIT_SOURCE_DIR must name the source tree (CMake defines it)"
#endif

namespace mtaudit::reporters::fixture {

using engine::ControlRef;
using engine::Location;
using engine::Result;
using engine::RuleInfo;
using engine::RunResult;
using engine::Severity;
using engine::Status;

inline constexpr const char* k_source_root = "/work/repo";

inline RuleInfo make_rule(std::string id, std::string area, std::string title, Severity sev,
                          std::vector<ControlRef> controls = {}) {
  RuleInfo r;
  r.id = std::move(id);
  r.area = std::move(area);
  r.title = std::move(title);
  r.severity = sev;
  r.rationale = "Why " + r.id + " matters.";
  r.remediation = "Fix " + r.id + ".";
  r.controls = std::move(controls);
  return r;
}

inline Result make_result(std::string rule, Status st, Severity sev, std::string target,
                          std::string message, std::vector<Location> locs = {}) {
  Result r;
  r.rule = std::move(rule);
  r.status = st;
  r.severity = sev;
  r.target = std::move(target);
  r.message = std::move(message);
  r.locations = std::move(locs);
  return r;
}

inline std::vector<RuleInfo> representative_rules() {
  const ControlRef nist{"NIST SP 800-52r2", "3.1"};
  const ControlRef nist_cert{"NIST SP 800-52r2", "3.2"};
  const ControlRef bsi{"BSI TR-03108", "4.2.1"};
  std::vector<RuleInfo> rules = {
      make_rule("cert-key-permissions", "cert", "Private key not readable by others",
                Severity::high, {bsi}),
      make_rule("dane-tlsa-matches-disk", "dns", "TLSA records match the certificates on disk",
                Severity::critical, {bsi}),
      make_rule("dane-tlsa-present", "dns", "TLSA records published", Severity::high),
      make_rule("drift-cert-disk-vs-live", "drift", "Served certificate is the one on disk",
                Severity::high),
      make_rule("live-protocols-tls12-min", "live", "TLS 1.0 and 1.1 refused", Severity::medium,
                {nist}),
      make_rule("live-starttls", "live", "STARTTLS offered", Severity::critical, {nist}),
      make_rule("postfix-compatibility-level", "postfix", "compatibility_level set",
                Severity::low),
      make_rule("postfix-obsolete-tls-params", "postfix", "No obsolete TLS parameters",
                Severity::info),
      make_rule("postfix-smtpd-protocols-tls12-min", "postfix", "smtpd refuses TLS < 1.2",
                Severity::medium, {nist, nist_cert, nist}),
      make_rule("postfix-smtpd-tls-enabled", "postfix", "smtpd offers TLS", Severity::high),
      make_rule("postfix-tls-logging", "postfix", "TLS logging enabled", Severity::low),
  };
  rules[0].tags = {"tls", "key"};
  rules[0].references = {"https://www.postfix.org/postconf.5.html#smtpd_tls_key_file",
                         "RFC 7672"};
  rules[4].rationale = "Old protocols have known weaknesses & must go <now>.";
  return rules;
}

inline std::vector<Result> representative_results() {
  std::string main_cf = std::string(k_source_root) + "/etc/postfix/main.cf";
  std::vector<Result> rs;
  rs.push_back(make_result("cert-key-permissions", Status::fail, Severity::high,
                           "/etc/ssl/private/mail.key", "key file is readable by group \"mail\"",
                           {{"/etc/ssl/private/mail.key", 0, "", ""}}));
  rs.back().observed = "mode 0640";
  rs.back().expected = "mode 0600 or stricter, owner root";
  rs.back().remediation = "chmod 600 /etc/ssl/private/mail.key";
  rs.push_back(make_result("dane-tlsa-matches-disk", Status::fail, Severity::critical,
                           "mx.example.org", "no TLSA record matches the RSA certificate"));
  rs.push_back(make_result("dane-tlsa-present", Status::error, Severity::high,
                           "_25._tcp.mx.example.org.", "DNS lookup failed: SERVFAIL",
                           {{"", 0, "_25._tcp.mx.example.org.", "TLSA"}}));
  rs.push_back(make_result("drift-cert-disk-vs-live", Status::skip, Severity::high, "",
                           "live checks not collected in this mode"));
  rs.push_back(make_result("live-protocols-tls12-min", Status::fail, Severity::medium,
                           "127.0.0.1:25", "server accepted TLS 1.0 & TLS 1.1",
                           {{"", 0, "127.0.0.1:25", ""}, {main_cf, 12, "", "smtpd_tls_protocols"}}));
  rs.back().observed = "TLSv1, TLSv1.1, TLSv1.2, TLSv1.3\nbanner: 220 mx\x1b[2J\xff";
  rs.back().expected = ">=TLSv1.2";
  rs.push_back(make_result("live-starttls", Status::pass, Severity::critical, "127.0.0.1:25",
                           "STARTTLS offered and handshake completed",
                           {{"", 0, "127.0.0.1:25", ""}}));
  rs.push_back(make_result("postfix-compatibility-level", Status::skip, Severity::low, "main.cf",
                           "waiver CHG-1234 until 2026-12-31: legacy peers",
                           {{main_cf, 0, "", ""}}));
  rs.back().waived = true;
  rs.push_back(make_result("postfix-obsolete-tls-params", Status::fail, Severity::info, "main.cf",
                           "smtpd_use_tls is obsolete", {{main_cf, 30, "", ""}}));
  rs.push_back(make_result("postfix-obsolete-tls-params", Status::fail, Severity::info, "main.cf",
                           "smtpd_tls_eecdh_grade has no effect since Postfix 3.6",
                           {{main_cf, 31, "", ""}}));
  rs.push_back(make_result("postfix-smtpd-protocols-tls12-min", Status::fail, Severity::medium,
                           "submission/inet", "smtpd_tls_protocols enables TLSv1 <é→ü>",
                           {{"etc/postfix/master.cf", 17, "submission/inet", "-o"},
                            {main_cf, 12, "", ""}}));
  rs.back().observed = "!SSLv2, !SSLv3";
  rs.back().expected = ">=TLSv1.2";
  rs.push_back(make_result("postfix-smtpd-tls-enabled", Status::pass, Severity::high,
                           "smtp/inet", "smtpd_tls_security_level = may",
                           {{main_cf, 20, "", ""}}));
  rs.push_back(make_result("postfix-tls-logging", Status::fail, Severity::low, "main.cf",
                           "smtpd_tls_loglevel is 0 (default)",
                           {{main_cf, 0, "", "default (Postfix 3.7, compatibility_level 0)"}}));
  return rs;
}

inline RunResult representative_run() {
  RunResult run;
  run.tool_version = "0.1.0";
  run.profile = "guide";
  run.command_line = "mtaudit --config-dir etc/postfix --format sarif";
  run.rules = representative_rules();
  run.results = representative_results();
  run.artifacts = {
      {"/etc/ssl/certs/mail.pem", std::string(64, 'a')},
      {std::string(k_source_root) + "/etc/postfix/main.cf", std::string(64, 'b')},
      {std::string(k_source_root) + "/etc/postfix/master.cf", std::string(64, 'c')},
  };
  run.notices = {"Postfix version not given, assuming 3.7"};
  return run;
}

inline std::filesystem::path source_dir() {
  return MTAUDIT_SOURCE_DIR;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Compares with tests/golden/<name>; MTAUDIT_UPDATE_GOLDEN=1 rewrites the file instead.
inline void expect_golden(const std::string& name, const std::string& actual) {
  std::filesystem::path path = source_dir() / "tests" / "golden" / name;
  const char* update = std::getenv("MTAUDIT_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path))
      << path << " missing; run with MTAUDIT_UPDATE_GOLDEN=1 to create it";
  EXPECT_EQ(read_file(path), actual) << "differs from " << path
                                     << " (MTAUDIT_UPDATE_GOLDEN=1 regenerates)";
}

// A unique scratch file under the system temp dir, removed by the caller's TempDir.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "mtaudit-rep-XXXXXX").string();
    m_path = ::mkdtemp(tmpl.data()) ? tmpl : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

inline void write_text(const std::filesystem::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary) << s;
}

inline constexpr int k_validator_skip = 77;  // validate_reports.sh: a tool is missing

// Runs tests/integration/lib/validate_reports.sh with `args`; returns its exit status and
// appends its output to `output`.
inline int run_validator(const std::string& args, std::string& output) {
  std::string cmd = "bash '" + (source_dir() / "tests/integration/lib/validate_reports.sh").string() +
                    "' " + args + " 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) {
    return -1;
  }
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) {
    output.append(buf, n);
  }
  int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Validates `contents` written to a temp file as `kind` (junit, sarif, sarif-github, json).
#define MTAUDIT_EXPECT_VALID_REPORT(kind, file_name, contents)                               \
  do {                                                                                      \
    ::mtaudit::reporters::fixture::TempDir dir_;                                            \
    auto file_ = dir_.path() / (file_name);                                                 \
    ::mtaudit::reporters::fixture::write_text(file_, (contents));                           \
    std::string out_;                                                                       \
    int rc_ = ::mtaudit::reporters::fixture::run_validator(                                 \
        std::string("--") + (kind) + " '" + file_.string() + "'", out_);                    \
    if (rc_ == ::mtaudit::reporters::fixture::k_validator_skip) {                           \
      GTEST_SKIP() << "validator tool missing: " << out_;                                   \
    }                                                                                       \
    EXPECT_EQ(rc_, 0) << out_;                                                              \
  } while (0)

}  // namespace mtaudit::reporters::fixture
