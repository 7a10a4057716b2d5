#pragma once
// Errors of the live collector as values. A network failure is not a diagnostic about user
// input (core/diag.hpp), so it gets its own small type: a kind the facts and rules can use
// (a 421 is "unavailable" or "rate_limited", never "no STARTTLS") and a message that names
// host:port and quotes the server's words.
#include <optional>
#include <string>

#include "core/expected.hpp"

namespace mtaudit::live {

enum class ErrorKind {
  refused,       // connection refused / reset, or the server rejected us (554 greeting)
  timeout,       // no answer before the deadline
  unavailable,   // 421 / 450 / 454: the server is (temporarily) unable to serve
  rate_limited,  // 421 or 450 that says so (connection or rate limit)
  protocol,      // the peer does not speak SMTP or TLS as expected
  resolve,       // the host name does not resolve
  local,         // our side failed (socket(), OpenSSL configuration)
};

const char* to_string(ErrorKind k);

struct LiveError {
  ErrorKind kind = ErrorKind::protocol;
  std::string message;  // "127.0.0.1:25: connection refused"
};

// A value or a LiveError.
template <class T>
using Result = ValueOr<T, LiveError>;

// For operations without a value: nullopt = success.
using Status = std::optional<LiveError>;

}  // namespace mtaudit::live
