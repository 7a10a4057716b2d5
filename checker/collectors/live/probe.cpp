#include "collectors/live/probe.hpp"

namespace mtaudit::live {
namespace {

std::int64_t ms_since(Clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
}

LiveError budget_error(const std::string& label) {
  return LiveError{ErrorKind::timeout, label + ": time budget spent before this probe"};
}

// Reads the server's answer to a raw hello until it is known, the peer closes, or the deadline.
RawAttempt read_answer(int fd, bool want_flight, Deadline deadline, const std::string& label) {
  RawAttempt out;
  ServerHelloReader reader(want_flight);
  char buf[8192];
  ServerHelloReader::Next next;
  while (true) {
    next = reader.next();
    if (next.status != ServerHelloReader::Status::incomplete) {
      break;
    }
    auto n = read_some(fd, buf, sizeof buf, deadline, label);
    if (!n || n.value() == 0) {
      bool timeout = !n && n.error().kind == ErrorKind::timeout;
      next = reader.finish();
      if (timeout && next.status == ServerHelloReader::Status::error) {
        out.error = LiveError{ErrorKind::timeout, label + ": no answer to the ClientHello before the deadline"};
        return out;
      }
      break;
    }
    reader.feed(std::string_view(buf, n.value()));
  }
  switch (next.status) {
    case ServerHelloReader::Status::server_hello:
      out.verdict = Verdict::accepted;
      out.hello = next.hello;
      break;
    case ServerHelloReader::Status::sslv2_server_hello:
      out.verdict = Verdict::accepted;
      out.sslv2 = next.sslv2;
      break;
    case ServerHelloReader::Status::alert:
      out.verdict = Verdict::declined;
      out.error = LiveError{ErrorKind::refused, label + ": alert " + alert_name(next.alert.description)};
      break;
    default:
      // A close without any answer is how many servers refuse; anything else is not TLS.
      bool closed = next.error == "connection closed without an answer" || next.error == "truncated answer";
      out.verdict = closed ? Verdict::declined : Verdict::failed;
      out.error = LiveError{closed ? ErrorKind::refused : ErrorKind::protocol, label + ": " + next.error};
  }
  return out;
}

std::string describe(const HandshakeAttempt& a) {
  if (a.verdict == Verdict::accepted) {
    return "accepted " + a.info.protocol + " " + a.info.suite_openssl + (a.info.group.empty() ? "" : " " + a.info.group);
  }
  return (a.verdict == Verdict::declined ? "declined: " : "failed: ") + a.error.message;
}

std::string describe(const RawAttempt& a) {
  if (a.verdict != Verdict::accepted) {
    return (a.verdict == Verdict::declined ? "declined: " : "failed: ") + a.error.message;
  }
  if (a.sslv2.version != 0) {
    return "accepted SSLv2";
  }
  const SuiteInfo* s = find_suite(a.hello.suite);
  std::string suite = s != nullptr ? (*s->iana != '\0' ? s->iana : s->openssl) : std::to_string(a.hello.suite);
  return std::string(a.hello.hello_retry ? "retry request " : "accepted ") + suite +
         (a.hello.group != 0 ? " " + group_name(a.hello.group) : "");
}

// Connects (after admission); fills pre/no_starttls of the attempt. nullopt + error on failure.
template <class Attempt>
std::optional<Connected> open(const Connector& connect, Attempt& out) {
  auto c = connect();
  if (!c) {
    out.error = c.error();
    return std::nullopt;
  }
  out.pre = c->pre;
  if (c->no_starttls) {
    out.no_starttls = true;
    out.error = LiveError{ErrorKind::protocol, "STARTTLS not offered"};
    return std::nullopt;
  }
  return std::move(c.value());
}

HandshakeAttempt do_handshake(const Connector& connect, const TransportOptions& opts, const HandshakeRequest& req) {
  HandshakeAttempt out;
  auto c = open(connect, out);
  if (!c) {
    return out;
  }
  auto conn = tls_handshake(std::move(c->fd), req.cfg, Clock::now() + opts.smtp.io_timeout, opts.label);
  if (!conn) {
    out.verdict = conn.error().kind == ErrorKind::refused ? Verdict::declined : Verdict::failed;
    out.error = conn.error();
    return out;
  }
  TlsConnection& tls = *conn.value();
  out.verdict = Verdict::accepted;
  out.info = tls.info();
  if (req.converse) {
    auto post = after_tls_dialogue(tls, opts.implicit_tls, opts.smtp);
    if (post) {
      out.post = std::move(post.value());
    } else {
      out.error = post.error();
    }
    out.session = tls.session();
  } else {
    send_quit(tls, opts.smtp);
  }
  tls.close();
  return out;
}

RawAttempt do_raw(const Connector& connect, const TransportOptions& opts, const RawRequest& req) {
  RawAttempt out;
  auto c = open(connect, out);
  if (!c) {
    return out;
  }
  std::string hello = req.sslv2 ? build_sslv2_client_hello(req.sslv2_specs, system_random)
                                : build_client_hello(req.hello, system_random);
  Deadline deadline = Clock::now() + opts.smtp.io_timeout;
  if (auto err = write_all(c->fd.get(), hello, deadline, opts.label)) {
    // A server that resets while we send has refused the hello.
    out.verdict = err->kind == ErrorKind::refused ? Verdict::declined : Verdict::failed;
    out.error = *err;
    return out;
  }
  RawAttempt answer = read_answer(c->fd.get(), req.want_flight, deadline, opts.label);
  answer.pre = out.pre;
  if (answer.verdict == Verdict::accepted && !req.sslv2) {
    if (std::string why = unoffered_choice(req.hello, answer.hello); !why.empty()) {
      answer.verdict = Verdict::failed;
      answer.error = LiveError{ErrorKind::protocol, opts.label + ": " + why + " (not a conforming TLS server)"};
    }
  }
  return answer;
}

void report(const TransportOptions& opts, const std::string& probe, const ProbeLog& log) {
  if (opts.progress) {
    for (const auto& r : log.records()) {
      if (r.name == probe) {
        opts.progress(opts.label + " " + probe + ": " + r.result);
      }
    }
  }
}

// One attempt through the connection budget: refused when the budget is spent, else timed,
// logged and reported.
template <class Attempt, class Request, class Run>
Attempt admitted(const Admission& admit, const TransportOptions& opts, ProbeLog& log, const Request& req, Run run) {
  auto lease = admit();
  if (!lease) {
    Attempt a;
    a.error = budget_error(opts.label);
    return a;
  }
  auto t0 = Clock::now();
  Attempt a = run(req);
  log.add(req.probe, ms_since(t0), describe(a));
  report(opts, req.probe, log);
  return a;
}

}  // namespace

Connector smtp_connector(const std::string& connect_to, int port, bool implicit_tls, const SmtpOptions& smtp) {
  return [=]() -> Result<Connected> {
    auto fd = connect_tcp(connect_to, port, Clock::now() + smtp.io_timeout);
    if (!fd) {
      return fd.error();
    }
    Connected c;
    c.fd = std::move(fd.value());
    if (implicit_tls) {
      return c;
    }
    PlainChannel ch(c.fd.get(), endpoint_label(connect_to, port));
    auto pre = starttls_dialogue(ch, smtp);
    if (!pre) {
      return pre.error();
    }
    c.no_starttls = !pre->starttls_offered;
    c.pre = std::move(pre.value());
    if (c.no_starttls) {
      c.fd = Fd();
    }
    return c;
  };
}

void ProbeLog::add(const std::string& name, std::int64_t ms, const std::string& result) {
  for (auto& r : m_records) {
    if (r.name == name) {
      r.ms += ms;
      ++r.connections;
      r.result = result;
      return;
    }
  }
  m_records.push_back(ProbeRecord{name, ms, 1, result});
}

int ProbeLog::connections() const {
  int n = 0;
  for (const auto& r : m_records) {
    n += r.connections;
  }
  return n;
}

Transport make_transport(const Connector& connect, const Admission& admit, const TransportOptions& opts, ProbeLog& log) {
  Transport t;
  t.handshake = [&connect, admit, opts, &log](const HandshakeRequest& req) {
    return admitted<HandshakeAttempt>(admit, opts, log, req,
                                      [&](const HandshakeRequest& r) { return do_handshake(connect, opts, r); });
  };
  t.raw = [&connect, admit, opts, &log](const RawRequest& req) {
    return admitted<RawAttempt>(admit, opts, log, req, [&](const RawRequest& r) { return do_raw(connect, opts, r); });
  };
  return t;
}

}  // namespace mtaudit::live
