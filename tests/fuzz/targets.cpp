#include "targets.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "collectors/dns/dns_facts.hpp"
#include "collectors/dns/mta_sts_policy.hpp"
#include "collectors/dns/policy_records.hpp"
#include "collectors/dns/rdata.hpp"
#include "collectors/dns/snapshot.hpp"
#include "collectors/dns/spf.hpp"
#include "collectors/dns/tag_list.hpp"
#include "collectors/files/certificate.hpp"
#include "collectors/files/chain_loader.hpp"
#include "collectors/files/dh_params.hpp"
#include "collectors/files/file_set.hpp"
#include "collectors/files/pem.hpp"
#include "collectors/files/private_key.hpp"
#include "collectors/live/client_hello.hpp"
#include "collectors/live/smtp_reply.hpp"
#include "collectors/postfix_config/endpoint.hpp"
#include "collectors/postfix_config/logical_lines.hpp"
#include "collectors/postfix_config/lookup_tables.hpp"
#include "collectors/postfix_config/macro_expand.hpp"
#include "collectors/postfix_config/main_cf.hpp"
#include "collectors/postfix_config/master_cf.hpp"
#include "collectors/postfix_config/tls_policy.hpp"
#include "collectors/postfix_config/version.hpp"
#include "core/embedded.hpp"
#include "engine/engine.hpp"
#include "engine/fact_schema.hpp"
#include "engine/source_text.hpp"
#include "facts/fact_json.hpp"

namespace mtaudit::fuzz {
namespace {

constexpr std::size_t k_kib = 1024;

// Keeps a value alive as far as the optimizer can tell, so nothing computed is dropped.
template <class T>
void use(const T& value) {
  asm volatile("" : : "g"(&value) : "memory");
}

std::vector<std::string_view> split(std::string_view text, std::string_view separator) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    std::size_t at = text.find(separator, pos);
    if (at == std::string_view::npos) {
      out.push_back(text.substr(pos));
      return out;
    }
    out.push_back(text.substr(pos, at - pos));
    pos = at + separator.size();
  }
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out = split(text, "\n");
  for (auto& l : out) {
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  }
  return out;
}

// The Postfix releases whose rules differ for the parsers: 3.4 (no ">=" protocol syntax),
// 3.7 (the default), 3.10 ("{ name = value }" policy attributes, TLSRPT).
const std::vector<postfix::PostfixVersion>& versions() {
  static const std::vector<postfix::PostfixVersion> v{{3, 4, -1}, {3, 7, 11}, {3, 10, 0}};
  return v;
}

// ---------------------------------------------------------------------------------------------
// Postfix configuration

void main_cf_impl(std::string_view input) {
  Diags warnings;
  auto lines = postfix::read_logical_lines(input, "main.cf", &warnings);
  for (const auto& l : lines) {
    for (std::size_t i = 0; i < l.text.size(); i += 1 + l.text.size() / 4) use(l.line_at(i));
    std::string name, value;
    use(postfix::split_name_value(l.text, &name, &value));
    use(postfix::trim_postfix_space(l.text));
  }
  Diags warnings2;
  auto settings = postfix::parse_main_cf(input, "main.cf", &warnings2);
  use(settings);
  for (const auto& d : warnings2) use(format_diag(d));
}

// known_tcp_ports' default and a few services(5) lines, for the inet services' endpoints.
const postfix::PortTable& known_ports() {
  static const postfix::PortTable table = [] {
    auto t = postfix::parse_known_tcp_ports("lmtp=24, smtp=25, smtps=submissions=465, submission=587");
    return t ? *t : postfix::PortTable{};
  }();
  return table;
}

const postfix::PortTable& services_ports() {
  static const postfix::PortTable table = postfix::parse_services_file(
      "smtp\t\t25/tcp\t\tmail\nsubmissions\t465/tcp\t\tssmtp smtps\nsubmission\t587/tcp\nlmtp\t24/tcp\n");
  return table;
}

// master.cf; every inet service's first field through the endpoint parser. The lines are also
// read as known_tcp_ports values and the whole input as a services(5) file.
void master_cf_impl(std::string_view input) {
  Diags warnings;
  auto entries = postfix::parse_master_cf(input, "master.cf", &warnings);
  if (entries) {
    for (const auto& e : *entries) {
      use(e.id());
      use(e.program());
      if (e.type != "inet") continue;
      auto endpoint = postfix::parse_inet_endpoint(e.service, known_ports(), services_ports());
      if (endpoint) use(postfix::is_loopback_host(endpoint->host));
    }
  } else {
    for (const auto& d : entries.errors()) use(format_diag(d));
  }
  // The argument splitter on each logical line as a whole, too.
  Diags ignored;
  for (const auto& l : postfix::read_logical_lines(input, "master.cf", &ignored)) {
    use(postfix::split_master_args(l.text));
    use(postfix::parse_known_tcp_ports(l.text));
  }
  use(postfix::parse_services_file(input));
}

// The input is a main.cf: every parameter is expanded against the others, recursively and
// not, the whole input is expanded as one value, and values are compared as compatibility
// levels.
void macro_expand_impl(std::string_view input) {
  std::map<std::string, std::string, std::less<>> params;
  Diags warnings;
  for (const auto& l : postfix::read_logical_lines(input, "main.cf", &warnings)) {
    std::string name, value;
    if (postfix::split_name_value(l.text, &name, &value).empty()) params[name] = value;  // last wins
  }
  postfix::RawLookup lookup = [&params](std::string_view name) -> const std::string* {
    auto it = params.find(name);
    return it == params.end() ? nullptr : &it->second;
  };
  std::vector<std::string> undefined;
  for (const auto& [name, value] : params) {
    use(postfix::expand_macros(value, lookup, {true}, &undefined));
    use(postfix::expand_macros(value, lookup, {false}, nullptr));
    use(postfix::compare_compat_levels(value, "3.6"));
  }
  use(postfix::expand_macros(input, lookup, {true}, &undefined));
  if (params.size() >= 2) use(postfix::compare_compat_levels(params.begin()->second, params.rbegin()->second));
  use(postfix::compare_compat_levels(input, input));
}

// A list-of-tables value per line ("hash:/etc/postfix/x, inline:{ {a = b}, c=d }"), with and
// without postmap's default type; every inline/static/unionmap body is parsed as well.
void lookup_tables_impl(std::string_view input) {
  for (std::string_view line : lines_of(input)) {
    for (std::string_view default_type : {std::string_view(), std::string_view("hash")}) {
      auto refs = postfix::parse_table_list(line, default_type);
      if (!refs) continue;
      for (const auto& ref : postfix::leaf_tables(*refs)) {
        use(postfix::to_string(postfix::table_storage(ref.type)));
        use(postfix::compiled_files(ref));
        use(postfix::folds_keys(ref.type));
        if (ref.type == "inline" || ref.type == "static") use(postfix::parse_inline_table(ref.name));
      }
    }
    use(postfix::parse_inline_table(line));
    use(postfix::split_tokens(line, postfix::k_comma_space, true));
    use(postfix::split_tokens(line, postfix::k_comma_space, false));
    use(postfix::parse_name_value(line));
    use(postfix::extract_braced_text(line));
  }
}

void policy_details(const postfix::TlsPolicy& policy) {
  use(policy.valid());
  if (policy.level) use(postfix::to_string(*policy.level));
  for (const auto& d : policy.errors) use(format_diag(d));
  for (const auto& d : policy.warnings) use(format_diag(d));
}

// A postmap(1) source file (smtp_tls_policy_maps, tls_server_sni_maps, transport, ...):
// every entry is judged as a TLS policy and as an SNI value.
void table_source_impl(std::string_view input) {
  for (bool fold : {true, false}) {
    postfix::ParsedTable table = postfix::parse_table_source(input, "/etc/postfix/tls_policy", fold);
    for (const auto& d : table.warnings) use(format_diag(d));
    if (!fold) continue;
    for (const auto& entry : table.entries) {
      for (const auto& v : versions()) policy_details(postfix::parse_tls_policy_entry(entry, "/etc/postfix/tls_policy", v));
      use(postfix::parse_sni_files(entry.value));
      use(postfix::valid_hostname(entry.key));
    }
  }
}

// One policy value per line, also read as a protocol list, a cipher grade, a level, a host.
void tls_policy_impl(std::string_view input) {
  for (std::string_view line : lines_of(input)) {
    for (const auto& v : versions()) {
      policy_details(postfix::parse_tls_policy(line, v, {"/etc/postfix/tls_policy", 1, std::string(line)}));
      use(postfix::valid_protocol_list(line, ":", v));
      use(postfix::valid_protocol_list(line, ", \t\r\n:", v));
    }
    use(postfix::parse_tls_level(line));
    use(postfix::valid_cipher_grade(line));
    use(postfix::valid_hostname(line));
    use(postfix::parse_sni_files(line));
    use(postfix::parse_postfix_version(line));
  }
}

// ---------------------------------------------------------------------------------------------
// PEM, certificates, keys

void describe(X509* cert) {
  if (cert == nullptr) return;
  use(files::describe_certificate(cert));
  use(files::certificate_spki_sha256(cert));
  use(files::certificate_der(cert));
  use(files::covers_host(cert, "mail.example.org"));
  use(files::covers_host(cert, "example.org"));
  ERR_clear_error();
}

void describe(EVP_PKEY* key) {
  if (key == nullptr) return;
  use(files::describe_public_key(key));
  use(files::describe_key_shape(key));
  ERR_clear_error();
}

X509Ptr decode_certificate(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  ERR_clear_error();
  return cert;
}

void pem_impl(std::string_view input) {
  files::PemFile file = files::read_pem(input, "/etc/postfix/tls/chain.pem");
  use(file.error);
  X509Ptr first_cert;
  EvpPkeyPtr first_key;
  for (const auto& object : file.objects) {
    if (files::is_private_key_label(object.label) || files::is_encrypted_key_label(object.label)) {
      files::KeyReading key = files::decode_private_key(object, "/etc/postfix/tls/chain.pem");
      use(key.error);
      describe(key.key.get());
      if (!first_key) first_key = std::move(key.key);
    } else if (files::is_certificate_label(object.label)) {
      X509Ptr cert = decode_certificate(object.der.view());
      describe(cert.get());
      if (!first_cert) first_cert = std::move(cert);
    }
  }
  if (first_cert && first_key) use(files::key_matches_certificate(first_cert.get(), first_key.get()));
  ERR_clear_error();
}

files::FileContent readable_file(const std::string& path, std::string_view bytes) {
  files::FileContent f;
  f.path = path;
  f.host_path = path;
  f.stat = files::FileStat{static_cast<std::int64_t>(bytes.size()), 1893456000, 0, 0, 0600};
  f.readable = true;
  f.bytes = files::SecretBytes(std::string(bytes));
  return f;
}

void describe(const files::LoadedChain& c) {
  use(c.errors);
  use(c.key_error);
  describe(c.leaf.get());
  for (const auto& cert : c.chain) describe(cert.get());
  describe(c.key.get());
}

// The input is one file, or several separated by a line "%%" (/f0.pem, /f1.pem, ...). Loaded
// as smtpd_tls_chain_files (all files in order) and as a legacy pair (cert_file the first file,
// key_file the last: the same file when there is one); once more with a missing and an
// unreadable file in the way.
void chain_loader_impl(std::string_view input) {
  files::FileSet set;
  std::vector<std::string> paths;
  for (std::string_view part : split(input, "\n%%\n")) {
    if (paths.size() == 4) break;
    std::string path = "/f" + std::to_string(paths.size()) + ".pem";
    set.emplace(path, readable_file(path, part));
    paths.push_back(path);
  }
  files::FileContent missing;
  missing.path = missing.host_path = "/missing.pem";
  missing.stat_error = missing.read_error = "cannot read /missing.pem: No such file or directory";
  set.emplace(missing.path, std::move(missing));
  files::FileContent denied = readable_file("/denied.pem", "");
  denied.readable = false;
  denied.permission_denied = true;
  denied.read_error = "cannot read /denied.pem: Permission denied";
  set.emplace(denied.path, std::move(denied));

  for (const auto& c : files::load_chain_files(paths, set)) describe(c);
  describe(files::load_cert_and_key(paths.front(), paths.back(), set));
  if (paths.size() > 1) {
    for (const auto& c : files::load_chain_files({paths[1], "/missing.pem", "/denied.pem"}, set)) describe(c);
    describe(files::load_cert_and_key("/denied.pem", paths[1], set));
  }
  ERR_clear_error();
}

// Raw DER, which the fuzzer mutates far better than base64: a certificate, a public key, and
// a private key under each label decode_private_key() knows.
void x509_der_impl(std::string_view input) {
  X509Ptr cert = decode_certificate(input);
  describe(cert.get());
  const auto* p = reinterpret_cast<const unsigned char*>(input.data());
  EvpPkeyPtr pub(d2i_PUBKEY(nullptr, &p, static_cast<long>(input.size())));
  ERR_clear_error();
  describe(pub.get());
  // PKCS#8 always; one algorithm-specific label, picked by the length, because OpenSSL 3 takes
  // milliseconds for each d2i_PrivateKey() of a given type that fails.
  static const char* const k_traditional[] = {"RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY"};
  for (const char* label : {"PRIVATE KEY", k_traditional[input.size() % 3]}) {
    files::PemObject object;
    object.label = label;
    object.der = files::SecretBytes(std::string(input));
    object.number = 1;
    files::KeyReading key = files::decode_private_key(object, "/key.der");
    use(key.error);
    describe(key.key.get());
    if (cert && key.key) use(files::key_matches_certificate(cert.get(), key.key.get()));
  }
  ERR_clear_error();
}

void dh_params_impl(std::string_view input) {
  files::DhReading r = files::read_dh_params(input, "/etc/postfix/dh2048.pem");
  use(r);
  ERR_clear_error();
}

// ---------------------------------------------------------------------------------------------
// Live

// Chunk sizes for the incremental readers: small and uneven, the same for every run.
std::size_t chunk_size(std::size_t i) {
  static constexpr std::size_t k_sizes[] = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987};
  return k_sizes[i % std::size(k_sizes)];
}

struct ReplyEvent {
  live::ReplyReader::Status status;
  live::SmtpReply reply;
  bool operator==(const ReplyEvent& o) const {
    return status == o.status && reply.code == o.reply.code && reply.lines == o.reply.lines;
  }
};

// Feeds `input` to a ReplyReader in chunks (all at once when whole) and takes every reply,
// as the SMTP session does, until the reader needs more bytes or fails.
std::vector<ReplyEvent> read_replies(std::string_view input, bool whole) {
  live::ReplyReader reader;
  std::vector<ReplyEvent> events;
  std::size_t pos = 0;
  for (std::size_t i = 0; pos < input.size() || i == 0; ++i) {
    std::size_t n = whole ? input.size() : std::min(chunk_size(i), input.size() - pos);
    reader.feed(input.substr(pos, n));
    pos += n;
    while (true) {
      live::ReplyReader::Next next = reader.next();
      if (next.status == live::ReplyReader::Status::incomplete) break;
      use(reader.has_buffered());
      events.push_back({next.status, next.reply});
      if (next.status == live::ReplyReader::Status::error) return events;
    }
  }
  return events;
}

void smtp_reply_impl(std::string_view input) {
  std::vector<ReplyEvent> whole = read_replies(input, true);
  for (const auto& e : whole) {
    use(e.reply.text());
    live::EhloCapabilities caps = live::parse_ehlo(e.reply);
    use(live::capability_names(caps));
    use(live::auth_mechanisms(caps));
  }
  if (read_replies(input, false) != whole) {
    throw PropertyViolation("smtp_reply: the replies depend on how the bytes were split into reads");
  }
}

// The live prober's loop: feed, next() until an answer; at the end of the bytes, finish().
live::ServerHelloReader::Next read_server_hello(std::string_view input, bool want_flight, bool whole) {
  live::ServerHelloReader reader(want_flight);
  std::size_t pos = 0;
  for (std::size_t i = 0; pos < input.size(); ++i) {
    std::size_t n = whole ? input.size() : std::min(chunk_size(i), input.size() - pos);
    reader.feed(input.substr(pos, n));
    pos += n;
    live::ServerHelloReader::Next next = reader.next();
    if (next.status != live::ServerHelloReader::Status::incomplete) return next;
  }
  return reader.finish();
}

bool same_answer(const live::ServerHelloReader::Next& a, const live::ServerHelloReader::Next& b) {
  using S = live::ServerHelloReader::Status;
  if (a.status != b.status) return false;
  if (a.status == S::server_hello) {
    return a.hello.version == b.hello.version && a.hello.suite == b.hello.suite && a.hello.group == b.hello.group &&
           a.hello.extensions == b.hello.extensions && a.hello.certificates == b.hello.certificates &&
           a.hello.ske_curve == b.hello.ske_curve && a.hello.ske_dh_bits == b.hello.ske_dh_bits &&
           a.hello.flight_complete == b.hello.flight_complete;
  }
  if (a.status == S::sslv2_server_hello) return a.sslv2.specs == b.sslv2.specs && a.sslv2.certificate == b.sslv2.certificate;
  if (a.status == S::alert) return a.alert.level == b.alert.level && a.alert.description == b.alert.description;
  return true;  // error texts quote the bytes at hand, which depend on the split
}

void server_hello_impl(std::string_view input) {
  for (bool want_flight : {false, true}) {
    live::ServerHelloReader::Next whole = read_server_hello(input, want_flight, true);
    use(whole.error);
    if (whole.status == live::ServerHelloReader::Status::server_hello) {
      use(live::group_name(whole.hello.group));
      use(live::group_name(whole.hello.ske_curve));
    }
    if (whole.status == live::ServerHelloReader::Status::alert) use(live::alert_name(whole.alert.description));
    if (!same_answer(read_server_hello(input, want_flight, false), whole)) {
      throw PropertyViolation("server_hello: the answer depends on how the bytes were split into reads");
    }
  }
  // The ServerHello body parser alone, on the input as a body.
  live::ServerHello hello;
  std::string error;
  use(live::parse_server_hello(input, hello, error));
}

// ---------------------------------------------------------------------------------------------
// DNS

void dns_rdata_impl(std::string_view input) {
  use(dns::parse_a(input));
  use(dns::parse_aaaa(input));
  use(dns::parse_mx(input));
  use(dns::parse_txt(input));
  if (auto tlsa = dns::parse_tlsa(input)) use(tlsa->text());
  use(dns::to_hex(input));
  use(dns::from_hex(input));
  use(dns::canonical_name(input));
}

// Line 1: "DOMAIN RECORD" for the top record; further lines "NAME TXT" add a TXT string at
// NAME, "NAME !ERROR" a failed lookup. Every record is parsed, then the tree is followed.
void spf_impl(std::string_view input) {
  std::vector<std::string_view> lines = lines_of(input);
  std::map<std::string, dns::SpfTxt> fetched;
  std::string domain, top;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::size_t sp = lines[i].find(' ');
    std::string name(lines[i].substr(0, sp));
    std::string text(sp == std::string_view::npos ? std::string_view() : lines[i].substr(sp + 1));
    if (i == 0) {
      domain = name;
      top = text;
    } else if (!text.empty() && text[0] == '!') {
      fetched[name].error = text.substr(1);
    } else {
      fetched[name].txts.push_back(text);
    }
    dns::SpfRecord r = dns::parse_spf(text);
    use(dns::spf_targets(r));
  }
  dns::SpfRecord record = dns::parse_spf(top);
  dns::SpfTree tree = dns::follow_spf(domain, record, fetched);
  use(tree);
}

// One TXT record, read as each kind of record; the lines as the TXT strings at one name.
void policy_records_impl(std::string_view input) {
  std::string record(input);
  use(dns::parse_dmarc(record));
  use(dns::parse_dkim(record));
  use(dns::parse_tlsrpt(record));
  use(dns::parse_sts_record(record));
  dns::TagList tags = dns::parse_tag_list(input);
  use(tags.find("v"));
  use(tags.find("p"));
  std::vector<std::string> txts;
  for (std::string_view line : lines_of(input)) txts.emplace_back(line);
  for (const char* version : {"v=spf1", "v=DMARC1", "v=DKIM1", "v=TLSRPTv1", "v=STSv1"}) {
    use(dns::records_with_prefix(txts, version, false));
    use(dns::records_with_prefix(txts, version, true));
  }
  use(dns::trim(input));
  use(dns::lower(input));
}

void mta_sts_policy_impl(std::string_view input) {
  dns::StsPolicy policy = dns::parse_sts_policy(std::string(input));
  static const std::string k_hosts[] = {"mail.example.org", "mx1.mail.example.org", "example.org", "MAIL.EXAMPLE.ORG.", ""};
  for (const auto& pattern : policy.mx) {
    for (const auto& host : k_hosts) use(dns::sts_mx_matches(pattern, host));
    use(dns::sts_mx_matches(pattern, pattern));
  }
  if (!policy.mx.empty()) {
    for (const auto& host : k_hosts) use(dns::sts_mx_matches(host, policy.mx.front()));
  }
}

// A snapshot as --dns-snapshot reads it, turned into facts as the DNS source does. What reads
// back must write a snapshot that reads back to the same text.
void dns_snapshot_impl(std::string_view input) {
  auto obs = dns::read_snapshot(std::string(input), "snapshot.json");
  if (!obs) {
    for (const auto& d : obs.errors()) use(format_diag(d));
    return;
  }
  facts::Fact f = dns::build_dns_facts(*obs, "snapshot");
  use(boost::json::serialize(facts::to_json(f)));
  std::string written = dns::write_snapshot(*obs);
  auto again = dns::read_snapshot(written, "written.json");
  if (!again) throw PropertyViolation("dns_snapshot: a written snapshot does not read back: " + again.errors().front().message);
  if (dns::write_snapshot(*again) != written) throw PropertyViolation("dns_snapshot: write(read(write(x))) != write(x)");
}

// ---------------------------------------------------------------------------------------------
// Rule files

// The embedded facts schema, loaded once: rule files are what this target varies.
const engine::FactTypePtr& facts_schema() {
  static const engine::FactTypePtr schema = [] {
    for (const auto& f : embedded_rules()) {
      if (f.name != "schemas/facts.schema.json") continue;
      auto loaded = engine::load_fact_schema(engine::SourceText("builtin:" + std::string(f.name), std::string(f.contents)));
      if (loaded) return *loaded;
    }
    std::cerr << "fuzz rules: no usable embedded schemas/facts.schema.json\n";
    std::abort();
  }();
  return schema;
}

// One rule (or profile) file, loaded against the embedded facts schema; when it loads, its
// rules are evaluated against an empty fact tree with default options.
void rules_impl(std::string_view input) {
  auto rules = engine::load_rules({engine::RuleSource{"fuzz.json", std::string(input)}}, facts_schema());
  if (!rules) {
    for (const auto& d : rules.errors()) use(format_diag(d));
    return;
  }
  engine::EvalOptions options;
  use(engine::check_options(*rules, options));
  use(engine::evaluate(*rules, facts::Fact(facts::FactMap{}), options));
}

// ---------------------------------------------------------------------------------------------

const Target k_targets[] = {
    {"main_cf", 64 * k_kib, &main_cf},
    {"master_cf", 64 * k_kib, &master_cf},
    {"macro_expand", 16 * k_kib, &macro_expand},
    {"lookup_tables", 16 * k_kib, &lookup_tables},
    {"table_source", 64 * k_kib, &table_source},
    {"tls_policy", 16 * k_kib, &tls_policy},
    {"pem", 64 * k_kib, &pem},
    {"chain_loader", 64 * k_kib, &chain_loader},
    {"x509_der", 16 * k_kib, &x509_der},
    {"dh_params", 16 * k_kib, &dh_params},
    {"smtp_reply", 16 * k_kib, &smtp_reply},
    {"server_hello", 64 * k_kib, &server_hello},
    {"dns_rdata", 4 * k_kib, &dns_rdata},
    {"spf", 16 * k_kib, &spf},
    {"policy_records", 8 * k_kib, &policy_records},
    {"mta_sts_policy", 80 * k_kib, &mta_sts_policy},
    {"dns_snapshot", 64 * k_kib, &dns_snapshot},
    {"rules", 128 * k_kib, &rules},
};

}  // namespace

#define MTAUDIT_FUZZ_ENTRY(name)                       \
  void name(std::string_view input) {                  \
    if (input.size() > find_target(#name)->max_len) { \
      return;                                          \
    }                                                  \
    name##_impl(input);                                \
  }

MTAUDIT_FUZZ_ENTRY(main_cf)
MTAUDIT_FUZZ_ENTRY(master_cf)
MTAUDIT_FUZZ_ENTRY(macro_expand)
MTAUDIT_FUZZ_ENTRY(lookup_tables)
MTAUDIT_FUZZ_ENTRY(table_source)
MTAUDIT_FUZZ_ENTRY(tls_policy)
MTAUDIT_FUZZ_ENTRY(pem)
MTAUDIT_FUZZ_ENTRY(chain_loader)
MTAUDIT_FUZZ_ENTRY(x509_der)
MTAUDIT_FUZZ_ENTRY(dh_params)
MTAUDIT_FUZZ_ENTRY(smtp_reply)
MTAUDIT_FUZZ_ENTRY(server_hello)
MTAUDIT_FUZZ_ENTRY(dns_rdata)
MTAUDIT_FUZZ_ENTRY(spf)
MTAUDIT_FUZZ_ENTRY(policy_records)
MTAUDIT_FUZZ_ENTRY(mta_sts_policy)
MTAUDIT_FUZZ_ENTRY(dns_snapshot)
MTAUDIT_FUZZ_ENTRY(rules)

#undef MTAUDIT_FUZZ_ENTRY

std::span<const Target> targets() { return k_targets; }

const Target* find_target(std::string_view name) {
  for (const auto& t : k_targets) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

int run_target(std::string_view name, const std::uint8_t* data, std::size_t size) {
  const Target* target = find_target(name);
  if (target == nullptr) {
    std::cerr << "unknown fuzz target " << name << "\n";
    std::abort();
  }
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // Set by scripts/fuzz.sh full once a target has crashed with an uncaught exception, so the
  // rest of its run can still find other kinds of bugs instead of that one again and again.
  static const bool ignore_exceptions = std::getenv("MTAUDIT_FUZZ_IGNORE_EXCEPTIONS") != nullptr;
  if (!ignore_exceptions) {
    target->run(input);
    return 0;
  }
  try {
    target->run(input);
  } catch (const PropertyViolation&) {
    throw;
  } catch (const std::exception&) {
  }
  return 0;
}

}  // namespace mtaudit::fuzz
