#pragma once
// SMTP replies (RFC 5321 4.2) read incrementally from a byte stream, and EHLO capabilities.
// Pure. Bounded, because the peer may be hostile: a line may not exceed k_max_line bytes and a
// reply may not exceed k_max_lines lines; both are errors, not allocations without end.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mtaudit::live {

// RFC 5321 allows 512 bytes per reply line; real servers send longer EHLO lines, so the limit
// is generous, but finite.
constexpr std::size_t k_max_line = 2048;
constexpr std::size_t k_max_lines = 100;

struct SmtpReply {
  int code = 0;                    // 220, 250, 421, ...
  std::vector<std::string> lines;  // text after "250-" / "250 ", one per line, without CRLF

  // The lines joined with " / ", prefixed by the code: "421 4.7.0 Too many connections".
  std::string text() const;
};

class ReplyReader {
 public:
  enum class Status { incomplete, complete, error };
  struct Next {
    Status status = Status::incomplete;
    SmtpReply reply;    // when complete
    std::string error;  // when error: "line longer than 2048 bytes", "mixed reply codes 250 and 220", ...
  };

  void feed(std::string_view bytes);
  // The next complete reply, or incomplete (feed more), or error (the stream is not SMTP; the
  // reader stays in error).
  Next next();
  // Bytes are buffered beyond the replies taken so far (e.g. after the 220 to STARTTLS, which
  // would be a command injection).
  bool has_buffered() const { return !m_buf.empty(); }

 private:
  Next fail(std::string message);
  std::string m_buf;
  SmtpReply m_partial;
  std::string m_error;
};

// EHLO reply → keyword (upper-case) → parameters (as sent). The first line is the server's
// name, not a capability. "AUTH=LOGIN PLAIN" (the pre-RFC 4954 form) is merged into AUTH.
using EhloCapabilities = std::map<std::string, std::vector<std::string>>;
EhloCapabilities parse_ehlo(const SmtpReply& reply);

// The keywords, sorted.
std::vector<std::string> capability_names(const EhloCapabilities& caps);
// The AUTH mechanisms (upper-case, sorted, unique), empty when AUTH is not advertised.
std::vector<std::string> auth_mechanisms(const EhloCapabilities& caps);

}  // namespace mtaudit::live
