#include "collectors/dns/unbound_resolver.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <unbound.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "core/dynlib.hpp"

namespace mtaudit::dns {
namespace {

using Clock = std::chrono::steady_clock;

// libunbound, opened at run time (core/dynlib.hpp says why).
struct UnboundApi {
  std::shared_ptr<DynLib> lib;
  decltype(&ub_ctx_create) ctx_create = nullptr;
  decltype(&ub_ctx_delete) ctx_delete = nullptr;
  decltype(&ub_ctx_set_option) set_option = nullptr;
  decltype(&ub_ctx_set_fwd) set_fwd = nullptr;
  decltype(&ub_ctx_resolvconf) resolvconf = nullptr;
  decltype(&ub_ctx_add_ta_file) add_ta_file = nullptr;
  decltype(&ub_ctx_zone_remove) zone_remove = nullptr;
  decltype(&ub_ctx_async) async = nullptr;
  decltype(&ub_resolve_async) resolve_async = nullptr;
  decltype(&ub_fd) fd = nullptr;
  decltype(&ub_process) process = nullptr;
  decltype(&ub_cancel) cancel = nullptr;
  decltype(&ub_resolve_free) resolve_free = nullptr;
  decltype(&ub_strerror) strerror = nullptr;

  Expected<bool> load() {
    std::string why;
    lib = DynLib::open({"libunbound.so.8", "libunbound.so"}, &why);
    if (!lib) return Diag{"", 0, 0, "cannot load libunbound (package libunbound8): " + why};
    bool ok = lib->bind(ctx_create, "ub_ctx_create") && lib->bind(ctx_delete, "ub_ctx_delete") &&
              lib->bind(set_option, "ub_ctx_set_option") && lib->bind(set_fwd, "ub_ctx_set_fwd") &&
              lib->bind(resolvconf, "ub_ctx_resolvconf") && lib->bind(add_ta_file, "ub_ctx_add_ta_file") &&
              lib->bind(zone_remove, "ub_ctx_zone_remove") && lib->bind(async, "ub_ctx_async") &&
              lib->bind(resolve_async, "ub_resolve_async") && lib->bind(fd, "ub_fd") &&
              lib->bind(process, "ub_process") && lib->bind(cancel, "ub_cancel") &&
              lib->bind(resolve_free, "ub_resolve_free") && lib->bind(strerror, "ub_strerror");
    if (!ok) return Diag{"", 0, 0, "libunbound lacks a function mtaudit needs"};
    return true;
  }
};

std::string seconds_text(std::chrono::milliseconds d) {
  auto ms = d.count();
  return std::to_string(ms / 1000) + (ms % 1000 != 0 ? "." + std::to_string(ms % 1000 / 100) : "") + " s";
}

std::string rcode_name(int rcode) {
  static const char* const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};
  if (rcode >= 0 && rcode < 6) return names[rcode];
  return "RCODE" + std::to_string(rcode);
}

Answer to_answer(const Query& q, const ub_result& r) {
  Answer a;
  a.query = q;
  a.security = r.secure ? Security::secure : (r.bogus ? Security::bogus : Security::insecure);
  if (r.bogus) {
    a.why_bogus = r.why_bogus != nullptr ? r.why_bogus : "validation failed";
    return a;  // a finding, not a failed lookup: no data is given out for a bogus answer
  }
  a.nxdomain = r.nxdomain != 0;
  if (r.rcode != 0 && r.rcode != 3) {
    a.error = rcode_name(r.rcode);
    return a;
  }
  for (int i = 0; r.havedata && r.data[i] != nullptr; ++i) a.rdata.emplace_back(r.data[i], static_cast<std::size_t>(r.len[i]));
  return a;
}

class UnboundResolver final : public Resolver {
 public:
  UnboundResolver(UnboundApi api, ub_ctx* ctx, ResolverOptions opts)
      : m_api(std::move(api)), m_ctx(ctx), m_opts(std::move(opts)) {}
  ~UnboundResolver() override { m_api.ctx_delete(m_ctx); }
  UnboundResolver(const UnboundResolver&) = delete;
  UnboundResolver& operator=(const UnboundResolver&) = delete;

  std::string describe() const override {
    return m_opts.forwarder.empty() ? "resolv.conf" : m_opts.forwarder;
  }

  std::vector<Answer> resolve(const std::vector<Query>& queries) override {
    Batch batch{this, std::vector<Answer>(queries.size()), std::vector<bool>(queries.size(), false), {}};
    std::vector<std::pair<Slot, int>> slots;  // callback data and async id per question
    slots.reserve(queries.size());
    for (std::size_t i = 0; i < queries.size(); ++i) {
      batch.answers[i].query = queries[i];
      slots.push_back({Slot{&batch, i}, 0});
    }
    for (std::size_t i = 0; i < queries.size(); ++i) {
      int rc = m_api.resolve_async(m_ctx, queries[i].name.c_str(), queries[i].type, 1, &slots[i].first,
                                   &UnboundResolver::on_result, &slots[i].second);
      if (rc != 0) finish_with_error(batch, i, m_api.strerror(rc));
    }
    wait(batch);
    for (std::size_t i = 0; i < queries.size(); ++i) {
      if (batch.done[i]) continue;
      m_api.cancel(m_ctx, slots[i].second);
      finish_with_error(batch, i, "no answer within " + seconds_text(m_opts.timeout));
    }
    return std::move(batch.answers);
  }

 private:
  struct Batch {
    UnboundResolver* self;
    std::vector<Answer> answers;
    std::vector<bool> done;
    std::size_t finished = 0;
  };
  struct Slot {
    Batch* batch;
    std::size_t index;
  };

  static void finish_with_error(Batch& b, std::size_t i, const std::string& why) {
    b.answers[i].error = why;
    b.done[i] = true;
    ++b.finished;
  }

  static void on_result(void* data, int err, ub_result* result) {
    auto* slot = static_cast<Slot*>(data);
    Batch& b = *slot->batch;
    if (err != 0 || result == nullptr) {
      finish_with_error(b, slot->index, b.self->m_api.strerror(err));
    } else {
      b.answers[slot->index] = to_answer(b.answers[slot->index].query, *result);
      b.done[slot->index] = true;
      ++b.finished;
    }
    if (result != nullptr) b.self->m_api.resolve_free(result);
  }

  // Runs callbacks until every question is answered or the deadline passes.
  void wait(Batch& batch) {
    const auto deadline = Clock::now() + m_opts.timeout;
    pollfd p{m_api.fd(m_ctx), POLLIN, 0};
    while (batch.finished < batch.answers.size()) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return;
      if (poll(&p, 1, static_cast<int>(left)) > 0) m_api.process(m_ctx);
    }
  }

  UnboundApi m_api;
  ub_ctx* m_ctx;
  ResolverOptions m_opts;
};

}  // namespace

Expected<std::unique_ptr<Resolver>> make_unbound_resolver(const ResolverOptions& options) {
  UnboundApi api;
  if (auto loaded = api.load(); !loaded) return loaded.errors();
  ub_ctx* ctx = api.ctx_create();
  if (ctx == nullptr) return Diag{"", 0, 0, "libunbound: cannot create a resolver context"};
  auto fail = [&](const std::string& what, int rc) -> Expected<std::unique_ptr<Resolver>> {
    std::string msg = what + ": " + api.strerror(rc);
    api.ctx_delete(ctx);
    return Diag{"", 0, 0, msg};
  };
  // Threads, not the forked process libunbound uses by default for asynchronous queries.
  if (int rc = api.async(ctx, 1); rc != 0) return fail("libunbound: asynchronous mode", rc);
  // A test or a private forwarder may listen on loopback; unbound refuses such servers by default.
  api.set_option(ctx, "do-not-query-localhost:", "no");
  api.set_option(ctx, "val-log-level:", "2");  // why_bogus names the failing record
  int rc = options.forwarder.empty() ? api.resolvconf(ctx, nullptr) : api.set_fwd(ctx, options.forwarder.c_str());
  if (rc != 0) return fail(options.forwarder.empty() ? "/etc/resolv.conf" : "--resolver " + options.forwarder, rc);
  const std::string ta = options.trust_anchor.empty() ? std::string(k_default_trust_anchor) : options.trust_anchor;
  // unbound reads the file only when the first question is asked; name it before that.
  if (access(ta.c_str(), R_OK) != 0) {
    api.ctx_delete(ctx);
    return Diag{ta, 0, 0, std::string("cannot read the trust anchor file: ") + std::strerror(errno)};
  }
  if (int r = api.add_ta_file(ctx, ta.c_str()); r != 0) return fail("trust anchor " + ta, r);
  // `test.` is one of unbound's built-in empty zones (RFC 6761); a domain under it is audited
  // against whatever server answers for it instead of being answered NXDOMAIN locally.
  // Removing a zone finalizes the context, so it comes after every setting.
  api.zone_remove(ctx, "test.");
  return std::unique_ptr<Resolver>(new UnboundResolver(std::move(api), ctx, options));
}

}  // namespace mtaudit::dns
