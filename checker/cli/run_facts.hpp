#pragma once
// Collecting every source for one run, and what a RunResult records about the run itself
// (tool version, command line, the files read with their sha256, the time when asked).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "collectors/dns.hpp"
#include "collectors/live.hpp"
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

// Which of the four sources a run collects (--sources).
struct SourceSet {
  bool config = true;
  bool files = true;
  bool dns = false;
  bool live = false;
};

// What the given options make possible; a source the user names must be one of them.
struct SourceInputs {
  bool config = false;  // --config-dir, --root, or the local host
  bool host = false;    // --host
  bool domain = false;  // --domain
};

// "" means every source the inputs make possible; otherwise a comma-separated subset of
// config, files, dns, live, each of which must be possible (files needs config).
Expected<SourceSet> resolve_sources(const std::string& text, const SourceInputs& inputs);

struct CollectOptions {
  // The instant time-dependent checks use (--now); empty: SOURCE_DATE_EPOCH, else the clock.
  std::optional<std::int64_t> now;
  std::string ca_file;  // --ca-file: trust anchors for certificate verification; "" = system store
  SourceSet sources;
  live::LiveOptions live;  // --host and the live options; used when sources.live
  dns::DnsOptions dns;     // --domain and the DNS options; used when sources.dns
  int dane_port = 25;      // which live and master.cf port the TLSA records describe
};

// The reason a source that --sources left out carries in its Gap, and so in its rules' skips.
inline constexpr const char* k_not_selected = "not collected (--sources)";

// The configuration, when selected, is required (its errors stop the run), and so is a usable
// trust store for files; a source that is not selected is a Gap of kind not_collected at its
// root, so its rules skip with k_not_selected.
Expected<RunFacts> collect_run_facts(const postfix::ConfigInput& in, const CollectOptions& options = {});

// The same in two steps. The local sources (config, files) only read files, so `check` runs
// them while the rules load on another thread; the network sources (live, dns) contact other
// machines, so they wait until the rules and options are known to be good.
Expected<RunFacts> collect_local_facts(const postfix::ConfigInput& in, const CollectOptions& options);
Expected<bool> collect_network_facts(const CollectOptions& options, RunFacts& facts);

// --now when given, else SOURCE_DATE_EPOCH when it is a valid number, else the clock.
std::int64_t effective_now(const CollectOptions& options);

void fill_run_metadata(const RunFacts& facts, const std::vector<std::string>& args,
                       engine::RunResult* run);

}  // namespace mtaudit::cli
