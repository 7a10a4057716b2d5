#pragma once
// The options every command that reads a Postfix configuration shares.
#include <boost/program_options.hpp>
#include <string>

#include "collectors/postfix_config.hpp"
#include "core/expected.hpp"

namespace mtaudit::cli {

struct ConfigInputOptions {
  postfix::ConfigInput input;
  std::string version;
  std::string host_name;
};

void add_config_input_options(boost::program_options::options_description& desc,
                              ConfigInputOptions& o);

// Checks the combination and fills the optional fields; `command` names the subcommand.
Expected<postfix::ConfigInput> finish_config_input(const ConfigInputOptions& o, const std::string& command);

}  // namespace mtaudit::cli
