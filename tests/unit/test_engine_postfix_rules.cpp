// The shipped rule files: they load against the shipped facts schema and give the expected
// verdicts on a partly hardened Postfix 3.7 (engine_data/postfix_facts.json describes it).
#include <gtest/gtest.h>

#include "engine_data/engine_test_support.hpp"

namespace mtaudit::engine {
namespace {

using test::Fact;
using test::FactList;
using test::FactMap;

RuleSource source(const std::string& path) { return RuleSource{path, test::read_text(path)}; }

CompiledRules shipped_rules() {
  // The profiles also rate live rules, so their file loads too; these tests select section A.
  auto rules = load_rules({source("rules/postfix.json"), source("rules/live.json"), source("rules/profiles/guide.json"),
                           source("rules/profiles/baseline.json")},
                          source("schemas/facts.schema.json"));
  EXPECT_TRUE(rules.ok()) << (rules.ok() ? "" : test::messages(rules.errors()));
  return rules.ok() ? std::move(*rules) : CompiledRules{};
}

Fact fixture() { return test::facts_from_file("tests/unit/engine_data/postfix_facts.json"); }

std::vector<std::string> section_a(const CompiledRules& rules) {
  std::vector<std::string> ids;
  for (const auto& r : rules.rules) {
    if (r.id.rfind("postfix-", 0) == 0) ids.push_back(r.id);
  }
  return ids;
}

RunResult run_profile(const std::string& profile, const Fact& facts, std::vector<std::string> select = {}) {
  EvalOptions options;
  options.profile = profile;
  options.select = select.empty() ? section_a(shipped_rules()) : std::move(select);
  return test::run(shipped_rules(), facts, options);
}

// "rule status target: message" per result.
std::string verdicts(const RunResult& run) {
  std::string out;
  for (const auto& r : run.results) {
    out += r.rule + " " + to_string(r.status) + " " + r.target + ": " + r.message + "\n";
  }
  return out;
}

TEST(EnginePostfixRules, LoadAgainstTheFactsSchema) {
  CompiledRules rules = shipped_rules();
  EXPECT_EQ(section_a(rules).size(), 25u);
  ASSERT_EQ(rules.profiles.size(), 2u);
  EXPECT_EQ(rules.profiles[0].name, "baseline");
  EXPECT_EQ(rules.profiles[1].name, "guide");
  for (const auto& r : rules.rules) {
    EXPECT_TRUE(r.id.rfind("postfix-", 0) == 0 || r.id.rfind("live-", 0) == 0 || r.id.rfind("drift-", 0) == 0) << r.id;
    EXPECT_FALSE(r.references.empty()) << r.id;
    EXPECT_FALSE(r.remediation.empty()) << r.id;
  }
}

TEST(EnginePostfixRules, GuideVerdictsOnThePartlyHardenedFixture) {
  RunResult run = run_profile("guide", fixture());
  EXPECT_TRUE(run.notices.empty());
  EXPECT_EQ(run.rules.size(), 25u);
  EXPECT_EQ(verdicts(run),
            "postfix-auth-requires-tls pass submission/inet: submission/inet offers AUTH only over TLS\n"
            "postfix-cipherlist-no-weak fail relay/unix: relay/unix offers a weak suite or has an invalid cipher list: the cipher list is invalid: invalid cipher grade\n"
            "postfix-cipherlist-no-weak fail smtp/inet: smtp/inet offers a weak suite or has an invalid cipher list: CAMELLIA256-SHA: in the weak class [CAMELLIA]\n"
            "postfix-cipherlist-no-weak pass smtp/unix: smtp/unix offers no weak cipher suite\n"
            "postfix-cipherlist-no-weak pass smtps/inet: smtps/inet offers no weak cipher suite\n"
            "postfix-cipherlist-no-weak pass submission/inet: submission/inet offers no weak cipher suite\n"
            "postfix-cipherlist-pfs-aead fail relay/unix: relay/unix offers a TLS 1.2 suite without forward secrecy or AEAD: the cipher list is invalid: invalid cipher grade\n"
            "postfix-cipherlist-pfs-aead fail smtp/inet: smtp/inet offers a TLS 1.2 suite without forward secrecy or AEAD: ECDHE-RSA-AES256-SHA384: not AEAD\n"
            "postfix-cipherlist-pfs-aead pass smtp/unix: smtp/unix: every TLS 1.2 suite is forward-secret and AEAD\n"
            "postfix-cipherlist-pfs-aead pass smtps/inet: smtps/inet: every TLS 1.2 suite is forward-secret and AEAD\n"
            "postfix-cipherlist-pfs-aead pass submission/inet: submission/inet: every TLS 1.2 suite is forward-secret and AEAD\n"
            "postfix-compatibility-level pass main.cf: compatibility_level = 3.6\n"
            "postfix-connection-reuse fail main.cf: TLS connection reuse is off: master.cf has no active tlsproxy service\n"
            "postfix-dh-params pass main.cf: DH parameters are acceptable (smtpd_tls_dh1024_param_file = \"\")\n"
            "postfix-dual-certificates skip smtp/inet: files: certificate files not read (--config-only)\n"
            "postfix-dual-certificates skip submission/inet: files: certificate files not read (--config-only)\n"
            "postfix-obsolete-tls-params fail /etc/postfix/main.cf:40: smtpd_tls_eecdh_grade: smtpd_tls_eecdh_grade has no effect or is deprecated in Postfix 3.7 (or as a master.cf -o)\n"
            "postfix-obsolete-tls-params fail /etc/postfix/master.cf:12: smtpd_tls_session_cache_database: smtpd_tls_session_cache_database has no effect or is deprecated in Postfix 3.7 (or as a master.cf -o)\n"
            "postfix-policy-map fail hash:/etc/postfix/tls_policy: hash:/etc/postfix/tls_policy: bad.example: [empty match attribute]\n"
            "postfix-server-cipher-preference pass main.cf: tls_preempt_cipherlist = yes\n"
            "postfix-smtp-dane-prereqs fail relay/unix: relay/unix uses DANE but DNSSEC lookups are off: smtp_dns_support_level is \"\", not dnssec\n"
            "postfix-smtp-dane-prereqs pass smtp/unix: smtp/unix uses DANE with DNSSEC lookups enabled\n"
            "postfix-smtp-note-starttls-offer pass main.cf: smtp_tls_note_starttls_offer = yes\n"
            "postfix-smtp-protocols-no-ssl pass relay/unix: relay/unix enables none of [SSLv2, SSLv3]\n"
            "postfix-smtp-protocols-no-ssl pass smtp/unix: smtp/unix enables none of [SSLv2, SSLv3]\n"
            "postfix-smtp-protocols-tls12-min fail relay/unix: relay/unix enables a forbidden protocol version: the opportunistic protocols are [TLSv1, TLSv1.1, TLSv1.2, TLSv1.3], which include one of [TLSv1, TLSv1.1]\n"
            "postfix-smtp-protocols-tls12-min pass smtp/unix: smtp/unix enables none of [TLSv1, TLSv1.1]\n"
            "postfix-smtp-tls-level fail relay/unix: relay/unix: TLS security level may does not authenticate the server (one of [dane, dane-only, verify, secure] does)\n"
            "postfix-smtp-tls-level pass smtp/unix: smtp/unix uses client TLS level dane\n"
            "postfix-smtpd-cipher-grade fail smtp/inet: smtp/inet does not use cipher grade high: smtpd_tls_ciphers = medium\n"
            "postfix-smtpd-cipher-grade pass smtps/inet: smtps/inet uses cipher grade high\n"
            "postfix-smtpd-cipher-grade pass submission/inet: submission/inet uses cipher grade high\n"
            "postfix-smtpd-protocols-no-ssl pass smtp/inet: smtp/inet enables none of [SSLv2, SSLv3]\n"
            "postfix-smtpd-protocols-no-ssl pass smtps/inet: smtps/inet enables none of [SSLv2, SSLv3]\n"
            "postfix-smtpd-protocols-no-ssl pass submission/inet: submission/inet enables none of [SSLv2, SSLv3]\n"
            "postfix-smtpd-protocols-tls12-min fail smtp/inet: smtp/inet enables a forbidden protocol version: the mandatory protocols are [TLSv1, TLSv1.1, TLSv1.2, TLSv1.3], which include one of [TLSv1, TLSv1.1]\n"
            "postfix-smtpd-protocols-tls12-min pass smtps/inet: smtps/inet enables none of [TLSv1, TLSv1.1]\n"
            "postfix-smtpd-protocols-tls12-min pass submission/inet: submission/inet enables none of [TLSv1, TLSv1.1]\n"
            "postfix-smtpd-tls-enabled pass smtp/inet: smtp/inet offers TLS (level may)\n"
            "postfix-smtpd-tls-enabled pass submission/inet: submission/inet offers TLS (level encrypt)\n"
            "postfix-smtps-service fail smtps/inet: smtps/inet: SASL AUTH is not enabled (smtpd_sasl_auth_enable)\n"
            "postfix-sni-maps skip main.cf: tls_server_sni_maps is not set\n"
            "postfix-submission-service pass submission/inet: submission/inet requires TLS and authentication\n"
            "postfix-tls-logging fail main.cf: TLS logging is off or at a debug level: smtp_tls_loglevel = 0 (1 or 2 wanted)\n"
            "postfix-tls-session-cache pass main.cf: TLS session caches are usable\n"
            "postfix-value-syntax fail /etc/postfix/main.cf:32: smtp_tls_mandatory_protocols: smtp_tls_mandatory_protocols = !SSLv2, !sslv3: unknown parameter name, inline # comment, or invalid level or protocol token\n"
            "postfix-value-syntax fail /etc/postfix/main.cf:45: smtpd_tls_received_header: smtpd_tls_received_header = yes # add a header: unknown parameter name, inline # comment, or invalid level or protocol token\n"
            "postfix-value-syntax fail /etc/postfix/main.cf:46: smtpd_tls_auth_onyl: smtpd_tls_auth_onyl = yes: unknown parameter name, inline # comment, or invalid level or protocol token\n");
}

TEST(EnginePostfixRules, BaselineRelaxesSeverities) {
  RunResult guide = run_profile("guide", fixture(), {"postfix-smtpd-protocols-tls12-min", "postfix-dual-certificates"});
  RunResult baseline = run_profile("baseline", fixture(), {"postfix-smtpd-protocols-tls12-min", "postfix-dual-certificates"});
  ASSERT_EQ(guide.rules.size(), 2u);
  ASSERT_EQ(baseline.rules.size(), 2u);
  EXPECT_EQ(guide.rules[0].severity, Severity::low);
  EXPECT_EQ(baseline.rules[0].severity, Severity::info);
  EXPECT_EQ(guide.rules[1].severity, Severity::medium);
  EXPECT_EQ(baseline.rules[1].severity, Severity::low);
  Summary s = summarize(baseline);
  EXPECT_EQ(s.fail, 1);
  EXPECT_EQ(s.fail_by_severity.at(Severity::low), 1);
}

TEST(EnginePostfixRules, LocationsPointAtTheConfigLines) {
  RunResult run = run_profile("guide", fixture(), {"postfix-smtp-tls-level"});
  ASSERT_EQ(run.results.size(), 2u);
  const Result& relay = run.results[0];
  EXPECT_EQ(relay.target, "relay/unix");
  ASSERT_EQ(relay.locations.size(), 1u);
  EXPECT_EQ(relay.locations[0].file, "/etc/postfix/master.cf");
  EXPECT_EQ(relay.locations[0].line, 43);
  EXPECT_EQ(relay.locations[0].note, "-o");
  EXPECT_EQ(relay.observed,
            "TLS security level may does not authenticate the server (one of [dane, dane-only, verify, secure] does)");
  EXPECT_EQ(relay.expected, "");
  EXPECT_EQ(relay.severity, Severity::medium);
  EXPECT_EQ(relay.remediation,
            "Set smtp_tls_security_level = dane together with smtp_dns_support_level = dnssec (see postfix-smtp-dane-prereqs),\n"
            "and run a local DNSSEC-validating resolver.");
}

Fact with_dh_file(Fact files) {
  Fact facts = fixture();
  facts.as_map()["postfix"].as_map()["main"].as_map()["smtpd_tls_dh1024_param_file"] = Fact("/etc/postfix/dh.pem");
  facts.as_map()["files"] = std::move(files);
  return facts;
}

Fact dh_files(int bits) {
  FactMap dh;
  dh["path"] = Fact("/etc/postfix/dh.pem");
  dh["bits"] = Fact(bits);
  dh["error"] = Fact("");
  FactMap files;
  files["dh_params"] = Fact(FactList{Fact(dh)});
  return Fact(files);
}

TEST(EnginePostfixRules, DhParamsNeedTheFilesCollectorOnlyWhenAFileIsSet) {
  std::vector<std::string> dh = {"postfix-dh-params"};
  EXPECT_EQ(verdicts(run_profile("guide", with_dh_file(Fact::gap(facts::Gap::Kind::not_collected, "not read")), dh)),
            "postfix-dh-params skip main.cf: files: not read\n");
  EXPECT_EQ(verdicts(run_profile("guide", with_dh_file(dh_files(4096)), dh)),
            "postfix-dh-params pass main.cf: DH parameters are acceptable (smtpd_tls_dh1024_param_file = /etc/postfix/dh.pem)\n");
  RunResult small = run_profile("guide", with_dh_file(dh_files(1024)), dh);
  EXPECT_EQ(small.results[0].status, Status::fail);
  // The unexplained alternatives (no file, "auto") are left out once the file itself explains.
  EXPECT_EQ(small.results[0].observed, "/etc/postfix/dh.pem: the DH prime has 1024 bits (at least 2048 wanted)");
  EXPECT_EQ(small.results[0].expected, "");
}

TEST(EnginePostfixRules, ConfigNotCollectedSkipsEveryRule) {
  FactMap root;
  root["postfix"] = Fact::gap(facts::Gap::Kind::not_collected, "no configuration given");
  RunResult run = run_profile("guide", Fact(root));
  Summary s = summarize(run);
  EXPECT_EQ(s.skip, 25);
  EXPECT_EQ(s.pass + s.fail + s.error, 0);
  EXPECT_EQ(run.results[0].message, "postfix: no configuration given");
}

}  // namespace
}  // namespace mtaudit::engine
