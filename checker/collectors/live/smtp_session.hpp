#pragma once
// The SMTP dialogue of a polite client around a TLS handshake: wait for the whole 220
// greeting (postscreen delays it and logs a client that speaks first as a bot), EHLO,
// STARTTLS → 220, and after the handshake EHLO again and QUIT. Replies that refuse service
// (421, 450, 454, 554) are errors with the server's words and a kind, so a rate limit is never
// mistaken for a server without STARTTLS.
#include <chrono>
#include <string>
#include <string_view>

#include "collectors/live/net.hpp"
#include "collectors/live/result.hpp"
#include "collectors/live/smtp_reply.hpp"

namespace mtaudit::live {

// A byte stream with deadlines: the plain socket before STARTTLS, the TLS session after.
class Channel {
 public:
  virtual ~Channel() = default;
  virtual Result<std::size_t> read(char* buf, std::size_t size, Deadline deadline) = 0;
  virtual Status write(std::string_view data, Deadline deadline) = 0;
  virtual const std::string& label() const = 0;  // "host:port" for messages
};

class PlainChannel : public Channel {
 public:
  PlainChannel(int fd, std::string label) : m_fd(fd), m_label(std::move(label)) {}
  Result<std::size_t> read(char* buf, std::size_t size, Deadline deadline) override;
  Status write(std::string_view data, Deadline deadline) override;
  const std::string& label() const override { return m_label; }

 private:
  int m_fd;
  std::string m_label;
};

struct SmtpOptions {
  std::string ehlo_name = "mtaudit.invalid";
  std::chrono::milliseconds greeting_timeout{20000};  // postscreen waits 6 s by default
  std::chrono::milliseconds io_timeout{10000};
};

// The error a refusing reply stands for: 421 → unavailable (rate_limited when the text says
// so), 450/454 → unavailable, 554 and other 5xx → refused, anything else → protocol.
LiveError reply_error(const SmtpReply& reply, const std::string& label, const std::string& context);

// Reads one complete reply before the deadline. `waiting_for` names it in a timeout message:
// "127.0.0.1:25: no greeting within 20 s".
Result<SmtpReply> read_reply(Channel& ch, ReplyReader& reader, Deadline deadline, const std::string& waiting_for,
                             std::chrono::milliseconds timeout);

// Sends one command line (CRLF added) and reads its reply within opts.io_timeout.
Result<SmtpReply> command(Channel& ch, ReplyReader& reader, const std::string& line, const SmtpOptions& opts);

struct PreTls {
  std::string greeting;     // the 220 reply's text
  EhloCapabilities ehlo;    // before TLS
  bool starttls_offered = false;
};

// Greeting, EHLO and (when offered) STARTTLS → 220. On success with starttls_offered the socket
// is ready for the handshake; without STARTTLS the session was ended with QUIT. A 220 to
// STARTTLS followed by more bytes is a protocol error (plaintext injection).
Result<PreTls> starttls_dialogue(Channel& ch, const SmtpOptions& opts);

struct PostTls {
  std::string greeting;   // implicit TLS only: the 220 read through TLS
  EhloCapabilities ehlo;  // after TLS
};

// Inside TLS: the greeting (implicit TLS only), EHLO, QUIT.
Result<PostTls> after_tls_dialogue(Channel& ch, bool implicit_tls, const SmtpOptions& opts);

// QUIT without waiting long for the 221: the end of a probe connection.
void send_quit(Channel& ch, const SmtpOptions& opts);

}  // namespace mtaudit::live
