#pragma once
// Collector for the running server: the thin I/O entry point of the live audit. For each port
// it runs the plan of live/enumerate.hpp over real connections (live/probe.hpp), paced per port
// and bounded overall, and turns the findings into the `live` fact subtree
// (docs/facts-live.md). A port that is closed, filtered or refuses service is an error entry
// of its own; it never aborts the other ports.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "collectors/live/port_spec.hpp"
#include "facts/fact.hpp"

namespace mtaudit::live {

struct LiveOptions {
  std::string host;     // the MX name: SNI and the certificate name checks ("" = none)
  std::string connect;  // address (or name) to connect to; "" = host
  std::vector<int> ports{25, 587, 465};  // 465 = implicit TLS, the others STARTTLS
  std::vector<PortSpec> port_specs;      // when non-empty, used instead of `ports`
                                         // (parse_port_spec: "2525/starttls", "10465/tls")
  std::string ehlo_name;                 // "" = "mtaudit.invalid"
  std::chrono::milliseconds greeting_timeout{20000};  // postscreen delays the greeting
  std::chrono::milliseconds io_timeout{10000};        // each connect, read, write, handshake
  std::chrono::milliseconds budget{300000};           // no connection starts after this
  int max_parallel = 4;      // connections at the same time, over all ports
  int rate_per_minute = 30;  // per port: never this many connections within a minute
  std::string ca_file;       // PEM trust anchors; "" = the system trust store
  std::int64_t now = 0;      // seconds since the epoch: certificate validity is judged at this time
  std::function<void(const std::string&)> progress;  // one line per connection and per finished port,
                                                     // called from worker threads one at a time; may be empty
};

// The `live` fact subtree: host, connect, trust_store, ports[] (one map per port, in the
// order given), connections, elapsed_ms. Never throws for network trouble: it is in the facts.
facts::Fact collect_live_facts(const LiveOptions& opts);

}  // namespace mtaudit::live
