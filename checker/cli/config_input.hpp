#pragma once
// The options every command that reads a Postfix configuration shares.
#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "cli/run_facts.hpp"
#include "collectors/postfix_config.hpp"
#include "core/expected.hpp"

namespace mtaudit::cli {

struct ConfigInputOptions {
  postfix::ConfigInput input;
  std::string version;
  std::string host_name;
  bool given() const { return !input.config_dir.empty() || !input.root.empty(); }
};

void add_config_input_options(boost::program_options::options_description& desc,
                              ConfigInputOptions& o);

// Checks the combination and fills the optional fields; `command` names the subcommand.
// Neither --config-dir nor --root means the local host's own configuration (--root /).
Expected<postfix::ConfigInput> finish_config_input(const ConfigInputOptions& o, const std::string& command);

// What every collecting command (check, facts) takes besides the configuration.
struct CollectInputOptions {
  std::string sources;  // --sources, as given
  std::string now;      // --now, as given
  std::string ca_file;
  // The live server (--host and its companions), as given.
  std::string host, connect, ports = "25,587,465", ehlo_name;
  double timeout = 300, io_timeout = 10, greeting_timeout = 20;  // seconds
  int max_parallel = 4, rate_limit = 30;
  // The DNS source (--domain and its companions), as given.
  std::string domain, resolver, trust_anchor, dns_snapshot, dns_snapshot_out;
  std::vector<std::string> dkim_selectors;
  int dane_port = 25;
};

void add_collect_options(boost::program_options::options_description& desc, CollectInputOptions& o);
// --host and its companions (check and facts).
void add_live_options(boost::program_options::options_description& desc, CollectInputOptions& o);

// --domain and its companions (check and facts).
void add_dns_options(boost::program_options::options_description& desc, CollectInputOptions& o);

// What the options make possible: the configuration is read when one is named, or when no
// remote source (--host, --domain, --dns-snapshot) is asked for (then it is the local host's).
SourceInputs source_inputs(const ConfigInputOptions& config, const CollectInputOptions& o);

Expected<CollectOptions> finish_collect_options(const CollectInputOptions& o, const SourceInputs& inputs);

}  // namespace mtaudit::cli
