#pragma once
// The fuzz targets' entry functions, one per parser: the same code runs under libFuzzer
// (tests/fuzz/fuzz_<name>.cpp, built by cmake/Fuzz.cmake with -DMTAUDIT_FUZZ=ON) and in the
// normal build, where tests/unit/test_fuzz_regressions.cpp replays every file under
// fixtures/fuzz/<name>/ (seeds and regressions/) through it.
//
// Every entry function is deterministic (no clock, no randomness, no files, no network) and
// ignores inputs longer than its target's max_len. A crash, a sanitizer report, an uncaught
// exception or a broken property (PropertyViolation, see below) is a finding.
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string_view>

namespace mtaudit::fuzz {

// A property every input must keep, checked by a target beyond "does not crash": an
// incremental reader gives the same replies however the bytes are split; a DNS snapshot reads
// back what it wrote. Thrown, so libFuzzer stops on it (uncaught exception) and GoogleTest
// reports it as a failure.
class PropertyViolation : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

struct Target {
  std::string_view name;  // fixtures/fuzz/<name>/, build-fuzz/fuzz_<name>
  std::size_t max_len;    // libFuzzer -max_len; longer inputs are ignored
  void (*run)(std::string_view input);
};

// Every target, in the order scripts/fuzz.sh runs them.
std::span<const Target> targets();
const Target* find_target(std::string_view name);

// Runs `name` on one input (the LLVMFuzzerTestOneInput body). Unknown names abort. With
// MTAUDIT_FUZZ_IGNORE_EXCEPTIONS set in the environment, exceptions other than
// PropertyViolation are swallowed (scripts/fuzz.sh full, after a first such crash).
int run_target(std::string_view name, const std::uint8_t* data, std::size_t size);

// Postfix configuration (checker/collectors/postfix_config/)
void main_cf(std::string_view input);        // logical_lines + main_cf
void master_cf(std::string_view input);      // master_cf, endpoint (host:port, ports tables)
void macro_expand(std::string_view input);   // macro_expand over a main.cf's own parameters
void lookup_tables(std::string_view input);  // table lists, inline tables, tokenizers
void table_source(std::string_view input);   // postmap source files, each entry as a TLS policy
void tls_policy(std::string_view input);     // one smtp_tls_policy_maps value, protocol lists
// PEM, certificates, keys, DH parameters (checker/collectors/files/)
void pem(std::string_view input);           // read_pem + every object decoded
void chain_loader(std::string_view input);  // chain files / cert+key pairs from a FileSet
void x509_der(std::string_view input);      // certificate.hpp and private_key.hpp on raw DER
void dh_params(std::string_view input);     // read_dh_params
// Live (checker/collectors/live/)
void smtp_reply(std::string_view input);    // ReplyReader + EHLO capabilities
void server_hello(std::string_view input);  // ServerHelloReader, alerts, SSLv2
// DNS (checker/collectors/dns/)
void dns_rdata(std::string_view input);       // A, AAAA, MX, TXT, TLSA RDATA, hex, names
void spf(std::string_view input);             // parse_spf + follow_spf
void policy_records(std::string_view input);  // DMARC, DKIM, TLS-RPT, MTA-STS TXT, tag lists
void mta_sts_policy(std::string_view input);  // the policy file and its MX patterns
void dns_snapshot(std::string_view input);    // read_snapshot -> facts, write/read round trip
// Rule files (checker/engine/)
void rules(std::string_view input);  // load_rules against the embedded facts schema

}  // namespace mtaudit::fuzz
