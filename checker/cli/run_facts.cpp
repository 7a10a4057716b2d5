#include "cli/run_facts.hpp"

#include <algorithm>
#include <ctime>
#include <cstdlib>
#include <optional>

#include "collectors/files.hpp"
#include "core/sha256.hpp"

namespace mtaudit::cli {
namespace {

// SOURCE_DATE_EPOCH (reproducible-builds.org) pins the report time; without it reports
// carry no time at all, so the same facts give the same bytes.
std::optional<long long> report_time() {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (epoch == nullptr || *epoch == '\0') return std::nullopt;
  char* end = nullptr;
  long long v = std::strtoll(epoch, &end, 10);
  if (end == nullptr || *end != '\0' || v < 0) return std::nullopt;
  return v;
}

std::vector<std::string> table_files(const facts::Fact& postfix) {
  std::vector<std::string> out;
  for (const char* key : {"policy_maps", "sni_maps"}) {
    const facts::Fact* tables = postfix.find(key);
    if (tables == nullptr || !tables->is_list()) continue;
    for (const auto& t : tables->as_list()) {
      const facts::Fact* path = t.find("host_path");
      if (path != nullptr && path->is_string() && !path->as_string().empty()) out.push_back(path->as_string());
    }
  }
  return out;
}

}  // namespace

std::int64_t effective_now(const CollectOptions& options) {
  if (options.now) return *options.now;
  if (auto epoch = report_time()) return *epoch;
  return static_cast<std::int64_t>(std::time(nullptr));
}

Expected<RunFacts> collect_run_facts(const postfix::ConfigInput& in, const CollectOptions& options) {
  auto cfg = postfix::load_postfix_config(in);
  if (!cfg) return cfg.errors();
  RunFacts out;
  out.warnings = cfg->warnings;
  out.notices = cfg->notices;
  out.root["postfix"] = postfix::collect_postfix_facts(in, *cfg, &out.warnings);
  auto disk = files::collect_files_facts(out.root["postfix"], {in.root, effective_now(options), options.ca_file});
  if (!disk) return disk.errors();
  out.root["files"] = std::move(disk).value();
  out.root["dns"] = facts::Fact::gap(facts::Gap::Kind::not_collected, "DNS is not queried in offline mode");
  out.root["live"] = facts::Fact::gap(facts::Gap::Kind::not_collected,
                                      "the live server is not probed in offline mode");
  out.files_read = {cfg->main_path, cfg->master_path};
  for (auto& f : table_files(out.root["postfix"])) out.files_read.push_back(std::move(f));
  return out;
}

void fill_run_metadata(const RunFacts& facts, const std::vector<std::string>& args,
                       engine::RunResult* run) {
  run->tool_version = MTAUDIT_VERSION;
  run->command_line = "mtaudit check";
  for (const auto& a : args) run->command_line += " " + a;
  run->timestamp = report_time();
  for (const auto& n : facts.notices) run->notices.push_back(n);
  for (const auto& path : facts.files_read) {
    auto hash = sha256_file_hex(path);
    if (hash) run->artifacts.push_back({path, *hash});
  }
  std::sort(run->artifacts.begin(), run->artifacts.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
}

}  // namespace mtaudit::cli
