#include "cli/config_input.hpp"

namespace po = boost::program_options;

namespace mtaudit::cli {

void add_config_input_options(po::options_description& desc, ConfigInputOptions& o) {
  desc.add_options()
      ("config-dir,c", po::value(&o.input.config_dir), "Postfix configuration directory (as postconf -c)")
      ("root", po::value(&o.input.root), "read ROOT/etc/postfix (a host image or chroot)")
      ("postfix-version", po::value(&o.version), "Postfix version whose defaults apply (3.4 ... 3.11)")
      ("hostname", po::value(&o.host_name), "host name of the audited machine (default: its own)");
}

Expected<postfix::ConfigInput> finish_config_input(const ConfigInputOptions& o, const std::string& command) {
  postfix::ConfigInput in = o.input;
  if (in.config_dir.empty() == in.root.empty()) {
    return Diag{"", 0, 0, command + ": give exactly one of --config-dir DIR and --root DIR"};
  }
  if (!o.version.empty()) in.postfix_version = o.version;
  if (!o.host_name.empty()) in.host_name = o.host_name;
  return in;
}

}  // namespace mtaudit::cli
