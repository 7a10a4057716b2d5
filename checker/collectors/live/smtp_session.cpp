#include "collectors/live/smtp_session.hpp"

#include <algorithm>
#include <cctype>

namespace mtaudit::live {
namespace {

bool mentions_rate(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* w : {"rate", "too many", "limit"}) {
    if (text.find(w) != std::string::npos) {
      return true;
    }
  }
  return false;
}

Deadline after(std::chrono::milliseconds d) { return Clock::now() + d; }

// EHLO, falling back to nothing: a server that refuses EHLO offers no STARTTLS.
Result<EhloCapabilities> ehlo(Channel& ch, ReplyReader& reader, const SmtpOptions& opts) {
  auto r = command(ch, reader, "EHLO " + opts.ehlo_name, opts);
  if (!r) {
    return r.error();
  }
  if (r->code == 250) {
    return parse_ehlo(r.value());
  }
  if (r->code == 421 || r->code == 450 || r->code == 454 || r->code == 554) {
    return reply_error(r.value(), ch.label(), "EHLO");
  }
  return EhloCapabilities{};  // 500/502: no ESMTP, hence no STARTTLS
}

Result<std::string> greeting(Channel& ch, ReplyReader& reader, const SmtpOptions& opts) {
  auto g = read_reply(ch, reader, after(opts.greeting_timeout), "greeting", opts.greeting_timeout);
  if (!g) {
    return g.error();
  }
  if (g->code != 220) {
    return reply_error(g.value(), ch.label(), "greeting");
  }
  return g->text();
}

}  // namespace

Result<std::size_t> PlainChannel::read(char* buf, std::size_t size, Deadline deadline) {
  return read_some(m_fd, buf, size, deadline, m_label);
}

Status PlainChannel::write(std::string_view data, Deadline deadline) {
  return write_all(m_fd, data, deadline, m_label);
}

LiveError reply_error(const SmtpReply& reply, const std::string& label, const std::string& context) {
  ErrorKind kind = ErrorKind::protocol;
  if (reply.code == 421 || reply.code == 450) {
    kind = mentions_rate(reply.text()) ? ErrorKind::rate_limited : ErrorKind::unavailable;
  } else if (reply.code == 454 || reply.code / 100 == 4) {
    kind = ErrorKind::unavailable;
  } else if (reply.code / 100 == 5) {
    kind = ErrorKind::refused;
  }
  return LiveError{kind, label + ": " + context + ": " + reply.text()};
}

Result<SmtpReply> read_reply(Channel& ch, ReplyReader& reader, Deadline deadline, const std::string& waiting_for,
                             std::chrono::milliseconds timeout) {
  char buf[4096];
  while (true) {
    auto next = reader.next();
    if (next.status == ReplyReader::Status::complete) {
      return std::move(next.reply);
    }
    if (next.status == ReplyReader::Status::error) {
      return LiveError{ErrorKind::protocol, ch.label() + ": " + waiting_for + ": " + next.error};
    }
    auto n = ch.read(buf, sizeof buf, deadline);
    if (!n) {
      LiveError e = n.error();
      if (e.kind == ErrorKind::timeout) {
        e.message = ch.label() + ": no " + waiting_for + " within " + seconds_text(timeout);
      }
      return e;
    }
    if (n.value() == 0) {
      return LiveError{ErrorKind::refused, ch.label() + ": connection closed while waiting for " + waiting_for};
    }
    reader.feed(std::string_view(buf, n.value()));
  }
}

Result<SmtpReply> command(Channel& ch, ReplyReader& reader, const std::string& line, const SmtpOptions& opts) {
  if (auto err = ch.write(line + "\r\n", after(opts.io_timeout))) {
    return *err;
  }
  std::string verb = line.substr(0, line.find(' '));
  return read_reply(ch, reader, after(opts.io_timeout), "reply to " + verb, opts.io_timeout);
}

Result<PreTls> starttls_dialogue(Channel& ch, const SmtpOptions& opts) {
  ReplyReader reader;
  PreTls out;
  auto g = greeting(ch, reader, opts);
  if (!g) {
    return g.error();
  }
  out.greeting = g.value();
  auto caps = ehlo(ch, reader, opts);
  if (!caps) {
    return caps.error();
  }
  out.ehlo = std::move(caps.value());
  out.starttls_offered = out.ehlo.count("STARTTLS") > 0;
  if (!out.starttls_offered) {
    send_quit(ch, opts);
    return out;
  }
  auto r = command(ch, reader, "STARTTLS", opts);
  if (!r) {
    return r.error();
  }
  if (r->code != 220) {
    return reply_error(r.value(), ch.label(), "STARTTLS");
  }
  if (reader.has_buffered()) {
    return LiveError{ErrorKind::protocol, ch.label() + ": bytes after the 220 to STARTTLS (plaintext injection)"};
  }
  return out;
}

Result<PostTls> after_tls_dialogue(Channel& ch, bool implicit_tls, const SmtpOptions& opts) {
  ReplyReader reader;
  PostTls out;
  if (implicit_tls) {
    auto g = greeting(ch, reader, opts);
    if (!g) {
      return g.error();
    }
    out.greeting = g.value();
  }
  auto caps = ehlo(ch, reader, opts);
  if (!caps) {
    return caps.error();
  }
  out.ehlo = std::move(caps.value());
  if (auto q = command(ch, reader, "QUIT", opts); !q) {
    (void)q;  // the facts are collected; a server that drops the line after QUIT is no error
  }
  return out;
}

void send_quit(Channel& ch, const SmtpOptions& opts) {
  (void)ch.write("QUIT\r\n", after(std::min(opts.io_timeout, std::chrono::milliseconds(2000))));
}

}  // namespace mtaudit::live
