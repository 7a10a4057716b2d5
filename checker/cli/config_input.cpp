#include "cli/config_input.hpp"

#include "collectors/files/timestamp.hpp"

#include <chrono>

namespace po = boost::program_options;

namespace mtaudit::cli {

void add_config_input_options(po::options_description& desc, ConfigInputOptions& o) {
  desc.add_options()
      ("config-dir,c", po::value(&o.input.config_dir)->value_name("DIR"), "Postfix configuration directory (as postconf -c); the audited host is not this machine")
      ("root", po::value(&o.input.root)->value_name("DIR"), "read ROOT/etc/postfix (a host image or chroot; / is this machine, the default)")
      ("postfix-version", po::value(&o.version)->value_name("VERSION"), "Postfix version whose defaults apply (3.4 ... 3.11; default: postconf's with --root /, else 3.7)")
      ("hostname", po::value(&o.host_name)->value_name("NAME"), "host name of the audited machine (default: its own)");
}

Expected<postfix::ConfigInput> finish_config_input(const ConfigInputOptions& o, const std::string& command) {
  postfix::ConfigInput in = o.input;
  if (!in.config_dir.empty() && !in.root.empty()) {
    return Diag{"", 0, 0, command + ": give only one of --config-dir DIR and --root DIR"};
  }
  if (in.config_dir.empty() && in.root.empty()) in.root = "/";
  if (!o.version.empty()) in.postfix_version = o.version;
  if (!o.host_name.empty()) in.host_name = o.host_name;
  return in;
}

void add_collect_options(po::options_description& desc, CollectInputOptions& o) {
  desc.add_options()
      ("sources", po::value(&o.sources)->value_name("LIST"),
       "collect only these sources, comma-separated: config, files, dns, live (default: every source the "
       "other options make possible); the rules of the others skip with \"not collected (--sources)\"")
      ("now", po::value(&o.now)->value_name("TIME"), "ISO 8601 time of every time-dependent check, e.g. 2040-01-01T00:00:00Z "
                                 "(default: SOURCE_DATE_EPOCH, else the clock)")
      ("ca-file", po::value(&o.ca_file)->value_name("FILE"), "PEM file of trust anchors for certificate verification "
                                         "(default: the system trust store)");
}

void add_live_options(po::options_description& desc, CollectInputOptions& o) {
  desc.add_options()
      ("host", po::value(&o.host)->value_name("NAME"),
       "audit the running server NAME (the MX name: SNI and certificate name checks) on --ports")
      ("connect", po::value(&o.connect)->value_name("ADDR"),
       "connect to ADDR instead of NAME's address (like curl --connect-to): a test instance, one MX of several")
      ("ports", po::value(&o.ports)->value_name("LIST"),
       "ports to audit, comma-separated (default 25,587,465; 465 is implicit TLS, others STARTTLS; "
       "PORT/tls or PORT/starttls sets the mode)")
      ("ehlo-name", po::value(&o.ehlo_name)->value_name("NAME"), "name to send in EHLO (default mtaudit.invalid)")
      ("timeout", po::value(&o.timeout)->value_name("SECONDS"),
       "time budget of the whole live audit (default 300): no connection starts after it")
      ("io-timeout", po::value(&o.io_timeout)->value_name("SECONDS"),
       "limit of every connect, read, write and handshake (default 10)")
      ("greeting-timeout", po::value(&o.greeting_timeout)->value_name("SECONDS"),
       "how long to wait for the 220 greeting (default 20; postscreen delays it)")
      ("max-parallel", po::value(&o.max_parallel)->value_name("N"), "connections at the same time over all ports (default 4)")
      ("rate-limit", po::value(&o.rate_limit)->value_name("N"),
       "stay under N connections per minute per port (default 30, Postfix's common "
       "smtpd_client_connection_rate_limit)");
}

void add_dns_options(po::options_description& desc, CollectInputOptions& o) {
  desc.add_options()
      ("domain", po::value(&o.domain)->value_name("DOMAIN"),
       "audit the mail domain DOMAIN in DNS: MX, DNSSEC, DANE/TLSA, MTA-STS, TLS-RPT, SPF, DKIM, DMARC")
      ("dkim-selector", po::value(&o.dkim_selectors)->value_name("SELECTOR")->composing(),
       "DKIM selector to check (repeatable): SELECTOR._domainkey.DOMAIN")
      ("resolver", po::value(&o.resolver)->value_name("ADDR[@PORT]"),
       "DNS server to ask (default: those of /etc/resolv.conf); answers are validated by mtaudit itself")
      ("trust-anchor", po::value(&o.trust_anchor)->value_name("FILE"),
       "DNSSEC trust anchor: DS or DNSKEY records in zone-file format (default /usr/share/dns/root.key)")
      ("dns-snapshot", po::value(&o.dns_snapshot)->value_name("FILE"),
       "replay the DNS answers and MTA-STS fetch saved by --dns-snapshot-out: no network")
      ("dns-snapshot-out", po::value(&o.dns_snapshot_out)->value_name("FILE"),
       "save every DNS answer (with its DNSSEC status) and the MTA-STS fetch, for --dns-snapshot")
      ("dane-port", po::value(&o.dane_port)->value_name("PORT"),
       "live and master.cf port the TLSA records at _25._tcp.MX describe (default 25; another for a test instance)");
}

SourceInputs source_inputs(const ConfigInputOptions& config, const CollectInputOptions& o) {
  bool dns = !o.domain.empty() || !o.dns_snapshot.empty();
  return SourceInputs{config.given() || (o.host.empty() && !dns), !o.host.empty(), dns};
}

namespace {

std::chrono::milliseconds seconds(double s) { return std::chrono::milliseconds(static_cast<long long>(s * 1000)); }

Diags finish_live(const CollectInputOptions& o, live::LiveOptions* live) {
  Diags errors;
  live->host = o.host;
  live->connect = o.connect;
  live->ehlo_name = o.ehlo_name;
  live->budget = seconds(o.timeout);
  live->io_timeout = seconds(o.io_timeout);
  live->greeting_timeout = seconds(o.greeting_timeout);
  live->max_parallel = o.max_parallel;
  live->rate_per_minute = o.rate_limit;
  live->port_specs.clear();
  std::size_t start = 0;
  while (start <= o.ports.size()) {
    std::size_t comma = o.ports.find(',', start);
    std::string item = o.ports.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? o.ports.size() + 1 : comma + 1;
    auto spec = live::parse_port_spec(item);
    if (spec) {
      live->port_specs.push_back(*spec);
    } else {
      errors.push_back({"", 0, 0, "--ports: " + spec.errors().front().message});
    }
  }
  if (o.timeout <= 0 || o.io_timeout <= 0 || o.greeting_timeout <= 0) {
    errors.push_back({"", 0, 0, "--timeout, --io-timeout and --greeting-timeout must be positive"});
  }
  if (o.max_parallel < 1 || o.rate_limit < 3) {
    errors.push_back({"", 0, 0, "--max-parallel must be at least 1 and --rate-limit at least 3"});
  }
  return errors;
}

void finish_dns(const CollectInputOptions& o, CollectOptions* c, Diags& errors) {
  c->dns.domain = o.domain;
  c->dns.dkim_selectors = o.dkim_selectors;
  c->dns.resolver.forwarder = o.resolver;
  c->dns.resolver.trust_anchor = o.trust_anchor;
  c->dns.resolver.timeout = seconds(o.io_timeout);
  c->dns.http_timeout = seconds(o.io_timeout);
  c->dns.ca_file = o.ca_file;
  c->dns.snapshot_in = o.dns_snapshot;
  c->dns.snapshot_out = o.dns_snapshot_out;
  c->dane_port = o.dane_port;
  if (o.dane_port < 1 || o.dane_port > 65535) errors.push_back({"", 0, 0, "--dane-port must be 1-65535"});
  if (!o.dns_snapshot.empty() && (!o.resolver.empty() || !o.trust_anchor.empty())) {
    errors.push_back({"", 0, 0, "--dns-snapshot replays saved answers: --resolver and --trust-anchor do not apply"});
  }
  for (const auto& s : o.dkim_selectors) {
    if (s.empty() || s.find_first_of(" ./") != std::string::npos) {
      errors.push_back({"", 0, 0, "--dkim-selector \"" + s + "\" is not a single DNS label"});
    }
  }
}

}  // namespace

Expected<CollectOptions> finish_collect_options(const CollectInputOptions& o, const SourceInputs& inputs) {
  CollectOptions c;
  Diags errors = o.host.empty() ? Diags{} : finish_live(o, &c.live);
  auto sources = resolve_sources(o.sources, inputs);
  if (sources) {
    c.sources = *sources;
  } else {
    errors = sources.errors();
  }
  c.ca_file = o.ca_file;
  finish_dns(o, &c, errors);
  if (!o.now.empty()) {
    auto now = files::parse_timestamp(o.now);
    if (now) {
      c.now = *now;
    } else {
      errors.push_back({"", 0, 0, "--now: " + now.errors().front().message});
    }
  }
  if (!errors.empty()) return errors;
  return c;
}

}  // namespace mtaudit::cli
