#pragma once
// Collecting every source for one run, and what a RunResult records about the run itself
// (tool version, command line, the files read with their sha256, the time when asked).
#include <cstdint>
#include <optional>
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

struct CollectOptions {
  // The instant time-dependent checks use (--now); empty: SOURCE_DATE_EPOCH, else the clock.
  std::optional<std::int64_t> now;
  std::string ca_file;  // --ca-file: trust anchors for certificate verification; "" = system store
};

// The configuration is required (its errors stop the run), and so is a usable trust store;
// sources this version does not collect yet are Gaps of kind not_collected, so their rules
// skip with the reason.
Expected<RunFacts> collect_run_facts(const postfix::ConfigInput& in, const CollectOptions& options = {});

// --now when given, else SOURCE_DATE_EPOCH when it is a valid number, else the clock.
std::int64_t effective_now(const CollectOptions& options);

void fill_run_metadata(const RunFacts& facts, const std::vector<std::string>& args,
                       engine::RunResult* run);

}  // namespace mtaudit::cli
