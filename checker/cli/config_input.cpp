#include "cli/config_input.hpp"

#include "collectors/files/timestamp.hpp"

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

Expected<CollectOptions> finish_collect_options(const CollectInputOptions& o, const SourceInputs& inputs) {
  CollectOptions c;
  Diags errors;
  auto sources = resolve_sources(o.sources, inputs);
  if (sources) {
    c.sources = *sources;
  } else {
    errors = sources.errors();
  }
  c.ca_file = o.ca_file;
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
