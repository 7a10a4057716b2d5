#pragma once
// TCP with a deadline on every operation: the socket is non-blocking and every wait is a
// poll() bounded by a steady_clock time point, so no peer can hold a thread longer than the
// caller allows. Errors name host:port.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "collectors/live/result.hpp"

namespace mtaudit::live {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

// Owns a file descriptor; move-only; closes on destruction.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(Fd&& o) noexcept : m_fd(o.release()) {}
  Fd& operator=(Fd&& o) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();

  int get() const { return m_fd; }
  bool valid() const { return m_fd >= 0; }
  int release();

 private:
  int m_fd = -1;
};

// "host:port", with brackets around an IPv6 literal: "[::1]:25".
std::string endpoint_label(const std::string& host, int port);

// Connects to host (numeric IPv4/IPv6 or a name, via getaddrinfo) on port before the
// deadline, trying each address in turn. The socket stays non-blocking. Errors:
//   "127.0.0.1:25: connection refused" (refused), "...: no connection within 10 s" (timeout),
//   "mx.example:25: name does not resolve: ..." (resolve).
// Name resolution itself is the C library's and cannot be bounded; numeric hosts skip it.
Result<Fd> connect_tcp(const std::string& host, int port, Deadline deadline);

// Waits until fd is readable (events = POLLIN) or writable (POLLOUT) or the deadline passes.
// false on timeout.
bool wait_fd(int fd, short events, Deadline deadline);

// Up to `size` bytes; 0 = the peer closed the connection. `label` names the peer in errors.
Result<std::size_t> read_some(int fd, char* buf, std::size_t size, Deadline deadline, const std::string& label);
Status write_all(int fd, std::string_view data, Deadline deadline, const std::string& label);

// Seconds left until the deadline, for messages ("no greeting within 20 s").
std::string seconds_text(std::chrono::milliseconds d);

}  // namespace mtaudit::live
