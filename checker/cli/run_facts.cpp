#include "cli/run_facts.hpp"

#include <algorithm>
#include <ctime>
#include <cstdlib>
#include <future>
#include <optional>

#include "collectors/dns/dane_facts.hpp"
#include "collectors/files.hpp"
#include "collectors/postfix_config/postfix_facts.hpp"
#include "core/sha256.hpp"
#include "core/tls_library.hpp"

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

Expected<bool> collect_local(const postfix::ConfigInput& in, const CollectOptions& options, RunFacts& out) {
  {  // the parsed configuration is freed before the files are read: only its facts are needed
    auto cfg = postfix::load_postfix_config(in);
    if (!cfg) return cfg.errors();
    out.warnings = cfg->warnings;
    out.notices = cfg->notices;
    out.root["postfix"] = postfix::collect_postfix_facts(in, *cfg, &out.warnings);
    out.files_read = {cfg->main_path, cfg->master_path};
  }
  for (auto& f : table_files(out.root["postfix"])) out.files_read.push_back(std::move(f));
  // The first cipher expansion waits for OpenSSL's tables, which check builds on its rule
  // thread: the files are read before it and decoded after it. Decoding the certificates
  // while the tables are built made both threads contend for OpenSSL's locks (0.35 ms slower,
  // 500 alternated runs of the example host).
  files::FilesInput files_in{in.root, effective_now(options), options.ca_file};
  std::optional<files::FilesRead> read;
  if (options.sources.files) read = files::read_files(out.root["postfix"], files_in);
  postfix::add_service_cipher_suites(out.root["postfix"]);
  if (read) {
    auto disk = files::files_facts(*read, files_in);
    if (!disk) return disk.errors();
    out.root["files"] = std::move(disk).value();
  }
  return true;
}

}  // namespace

std::int64_t effective_now(const CollectOptions& options) {
  if (options.now) return *options.now;
  if (auto epoch = report_time()) return *epoch;
  return static_cast<std::int64_t>(std::time(nullptr));
}

Expected<SourceSet> resolve_sources(const std::string& text, const SourceInputs& inputs) {
  if (text.empty()) return SourceSet{inputs.config, inputs.config, inputs.domain, inputs.host};
  SourceSet s{false, false, false, false};
  Diags errors;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string name = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? text.size() + 1 : comma + 1;
    auto need = [&](bool possible, const char* what) {
      if (!possible) errors.push_back({"", 0, 0, "--sources " + name + " needs " + what});
      return possible;
    };
    if (name == "config") {
      s.config = need(inputs.config, "--config-dir DIR or --root DIR");
    } else if (name == "files") {
      s.files = need(inputs.config, "the configuration (--config-dir DIR or --root DIR)");
    } else if (name == "dns") {
      s.dns = need(inputs.domain, "--domain");
    } else if (name == "live") {
      s.live = need(inputs.host, "--host");
    } else {
      errors.push_back({"", 0, 0, "--sources: unknown source \"" + name + "\" (config, files, dns, live)"});
    }
  }
  if (s.files && !s.config) errors.push_back({"", 0, 0, "--sources files needs config too (the files are those the configuration names)"});
  if (!errors.empty()) return errors;
  return s;
}

Expected<RunFacts> collect_local_facts(const postfix::ConfigInput& in, const CollectOptions& options) {
  auto not_selected = [] { return facts::Fact::gap(facts::Gap::Kind::not_collected, k_not_selected); };
  RunFacts out;
  out.root["postfix"] = not_selected();
  out.root["files"] = not_selected();
  out.root["dns"] = not_selected();
  out.root["live"] = not_selected();
  if (options.sources.config) {
    if (auto local = collect_local(in, options, out); !local) return local.errors();
  }
  return out;
}

Expected<bool> collect_network_facts(const CollectOptions& options, RunFacts& out) {
  // The DNS is asked while the server is probed: a run takes the longer of the two, not their
  // sum. They share nothing but OpenSSL, which is thread-safe.
  std::future<Expected<facts::Fact>> asked;
  if (options.sources.dns) {
    asked = std::async(std::launch::async, [&dns = options.dns] { return dns::collect_dns_facts(dns); });
  }
  if (options.sources.live) {
    live::LiveOptions live = options.live;
    live.now = effective_now(options);
    live.ca_file = options.ca_file;
    out.root["live"] = live::collect_live_facts(live);
  }
  if (asked.valid()) {
    auto dns = asked.get();
    if (!dns) return dns.errors();
    out.root["dns"] = std::move(dns).value();
    // DANE ties the DNS to the certificates on the wire and on disk: computed once all are in.
    dns::DaneScope scope{options.dane_port, options.sources.live ? options.live.host : "", effective_now(options)};
    out.root["dns"]["dane"] = dns::dane_facts(out.root, scope);
  }
  return true;
}

Expected<RunFacts> collect_run_facts(const postfix::ConfigInput& in, const CollectOptions& options) {
  auto out = collect_local_facts(in, options);
  if (!out) return out;
  if (auto network = collect_network_facts(options, *out); !network) return network.errors();
  return out;
}

void fill_run_metadata(const RunFacts& facts, const std::vector<std::string>& args,
                       engine::RunResult* run) {
  run->tool_version = MTAUDIT_VERSION;
  run->tls_library = tls_library_version();
  run->command_line = "mtaudit check";
  for (const auto& a : args) run->command_line += " " + a;
  run->timestamp = report_time();
  for (const auto& n : facts.notices) run->notices.push_back(n);
  // What the server negotiated cannot be collected again later: the JSON report keeps it.
  if (const facts::Fact* live = facts.root.find("live"); live != nullptr && !live->gap()) {
    run->evidence["live"] = *live;
  }
  if (const facts::Fact* dns = facts.root.find("dns"); dns != nullptr && !dns->gap()) {
    run->evidence["dns"] = *dns;
  }
  for (const auto& path : facts.files_read) {
    auto hash = sha256_file_hex(path);
    if (hash) run->artifacts.push_back({path, *hash});
  }
  std::sort(run->artifacts.begin(), run->artifacts.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
}

}  // namespace mtaudit::cli
