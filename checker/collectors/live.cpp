#include "collectors/live.hpp"

#include <signal.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "collectors/files/verify.hpp"
#include "collectors/live/enumerate.hpp"
#include "collectors/live/live_facts.hpp"
#include "collectors/live/net.hpp"
#include "collectors/live/pacing.hpp"
#include "collectors/live/probe.hpp"

namespace mtaudit::live {
namespace {

using facts::Fact;
using facts::FactList;

struct TrustStore {
  X509StorePtr store;
  std::string error;
  std::string name;  // "system" or the --ca-file path
};

TrustStore load_trust_store(const std::string& ca_file) {
  TrustStore t{nullptr, "", ca_file.empty() ? "system" : ca_file};
  Expected<X509StorePtr> store = files::system_trust_store();
  if (!ca_file.empty()) {
    std::ifstream in(ca_file, std::ios::binary);
    std::stringstream pem;
    pem << in.rdbuf();
    if (!in) {
      t.error = ca_file + ": cannot read";
      return t;
    }
    store = files::trust_store_from_pem(pem.str(), ca_file);
  }
  if (!store.ok()) {
    t.error = store.errors().front().message;
    return t;
  }
  t.store = std::move(store.value());
  return t;
}

std::vector<PortSpec> port_list(const LiveOptions& o) {
  if (!o.port_specs.empty()) {
    return o.port_specs;
  }
  std::vector<PortSpec> out;
  for (int p : o.ports) {
    out.push_back(default_port_spec(p));
  }
  return out;
}

bool is_ip_literal(const std::string& host) {
  return !host.empty() && (host.find(':') != std::string::npos ||
                           host.find_first_not_of("0123456789.") == std::string::npos);
}

// Shared by the workers of one run (no globals): the budget, the progress callback.
struct RunState {
  const LiveOptions& opts;
  Clock::time_point budget_end;
  std::mutex progress_mutex;

  void report(const std::string& line) {
    if (opts.progress) {
      std::lock_guard<std::mutex> lock(progress_mutex);
      opts.progress(line);
    }
  }
};

// Pacing for one port: waits for the Pacer's slot, refuses past the budget.
Admission port_admission(RunState& run, std::shared_ptr<Pacer> pacer, std::shared_ptr<std::mutex> m) {
  return [&run, pacer, m]() -> std::shared_ptr<void> {
    Clock::time_point start;
    {
      std::lock_guard<std::mutex> lock(*m);
      start = pacer->reserve(Clock::now());
    }
    if (start >= run.budget_end) {
      return nullptr;
    }
    std::this_thread::sleep_until(start);
    return std::make_shared<int>(0);
  };
}

PortAudit audit_port(RunState& run, const PortSpec& spec) {
  const LiveOptions& o = run.opts;
  std::string target = o.connect.empty() ? o.host : o.connect;
  PortAudit audit{spec, endpoint_label(o.host.empty() ? target : o.host, spec.port), {}, {}, 0};
  SmtpOptions smtp;
  smtp.ehlo_name = o.ehlo_name.empty() ? "mtaudit.invalid" : o.ehlo_name;
  smtp.greeting_timeout = o.greeting_timeout;
  smtp.io_timeout = o.io_timeout;
  Connector connect = smtp_connector(target, spec.port, spec.implicit_tls, smtp);
  ProbeLog log;
  TransportOptions topts{endpoint_label(target, spec.port), spec.implicit_tls, smtp,
                         [&run](const std::string& line) { run.report(line); }};
  Admission admit = port_admission(run, std::make_shared<Pacer>(o.rate_per_minute), std::make_shared<std::mutex>());
  Transport t = make_transport(connect, admit, topts, log);
  PlanOptions popts{is_ip_literal(o.host) ? "" : o.host, openssl_suites(), "EHLO " + smtp.ehlo_name + "\r\n"};
  auto t0 = Clock::now();
  audit.plan = run_plan(t, popts);
  audit.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  audit.probes = log.records();
  run.report(audit.id + ": " + std::to_string(log.connections()) + " connections, " +
             std::to_string(audit.elapsed_ms) + " ms" + (audit.plan.stopped ? ", " + audit.plan.stopped->message : ""));
  return audit;
}

// OpenSSL writes to the socket without MSG_NOSIGNAL: a peer that resets mid-handshake would
// raise SIGPIPE. Blocking it in this thread only (no process-wide handler) turns that into EPIPE;
// the pending signal dies with the thread.
void block_sigpipe_in_this_thread() {
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
}

// Each port's plan is sequential, so the number of workers bounds the connections open at once.
std::vector<PortAudit> audit_ports(RunState& run, const std::vector<PortSpec>& ports) {
  std::vector<PortAudit> audits(ports.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&]() {
    block_sigpipe_in_this_thread();
    for (std::size_t i = next++; i < ports.size(); i = next++) {
      audits[i] = audit_port(run, ports[i]);
    }
  };
  std::size_t workers = std::min<std::size_t>(ports.size(), static_cast<std::size_t>(std::max(1, run.opts.max_parallel)));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < workers; ++i) {
    threads.emplace_back(worker);
  }
  for (auto& th : threads) {
    th.join();
  }
  return audits;
}

}  // namespace

Fact collect_live_facts(const LiveOptions& opts) {
  TrustStore trust = load_trust_store(opts.ca_file);
  RunState run{opts, Clock::now() + opts.budget, {}};
  auto t0 = Clock::now();
  std::vector<PortAudit> audits = audit_ports(run, port_list(opts));
  VerifyContext vctx{trust.store.get(), trust.error, opts.now, is_ip_literal(opts.host) ? "" : opts.host};
  Fact out;
  out["host"] = opts.host;
  out["connect"] = opts.connect.empty() ? opts.host : opts.connect;
  out["trust_store"] = trust.name;
  FactList list;
  int connections = 0;
  for (const auto& a : audits) {
    Fact pf = port_facts(a, vctx);
    connections += static_cast<int>(pf.find("connections")->as_int());
    list.push_back(std::move(pf));
  }
  out["ports"] = list;
  out["connections"] = connections;
  out["elapsed_ms"] = static_cast<std::int64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count());
  return out;
}

}  // namespace mtaudit::live
