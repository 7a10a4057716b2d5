#pragma once
// Collecting every source for one run, and what a RunResult records about the run itself
// (tool version, command line, the files read with their sha256, the time when asked).
#include <string>
#include <vector>

#include "collectors/postfix_config.hpp"
#include "engine/result.hpp"
#include "facts/fact.hpp"

namespace mtaudit::cli {

struct RunFacts {
  facts::Fact root;
  std::vector<std::string> files_read;  // paths on this machine
  std::vector<std::string> notices;
  Diags warnings;
};

// The configuration is required (its errors stop the run); sources this version does not
// collect yet are Gaps of kind not_collected, so their rules skip with the reason.
Expected<RunFacts> collect_run_facts(const postfix::ConfigInput& in);

void fill_run_metadata(const RunFacts& facts, const std::vector<std::string>& args,
                       engine::RunResult* run);

}  // namespace mtaudit::cli
