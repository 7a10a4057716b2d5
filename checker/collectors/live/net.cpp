#include "collectors/live/net.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace mtaudit::live {
namespace {

struct AddrInfoDeleter {
  void operator()(addrinfo* a) const noexcept { freeaddrinfo(a); }
};
using AddrInfoPtr = std::unique_ptr<addrinfo, AddrInfoDeleter>;

int ms_until(Deadline deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1 << 30));
}

LiveError errno_error(const std::string& label, int err) {
  ErrorKind kind = err == ECONNREFUSED || err == ECONNRESET ? ErrorKind::refused
                   : err == ETIMEDOUT                       ? ErrorKind::timeout
                                                            : ErrorKind::unavailable;
  std::string what = err == ECONNREFUSED ? "connection refused"
                     : err == ECONNRESET ? "connection reset by peer"
                                         : std::strerror(err);
  return LiveError{kind, label + ": " + what};
}

// One address: non-blocking connect, then poll for writability and read SO_ERROR.
Result<Fd> connect_one(const addrinfo* ai, Deadline deadline, const std::string& label) {
  Fd fd(::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol));
  if (!fd.valid()) {
    return LiveError{ErrorKind::local, label + ": socket: " + std::strerror(errno)};
  }
  if (::connect(fd.get(), ai->ai_addr, ai->ai_addrlen) == 0) {
    return fd;
  }
  if (errno != EINPROGRESS) {
    return errno_error(label, errno);
  }
  if (!wait_fd(fd.get(), POLLOUT, deadline)) {
    return LiveError{ErrorKind::timeout, label + ": no connection before the deadline"};
  }
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) {
    err = errno;
  }
  if (err != 0) {
    return errno_error(label, err);
  }
  return fd;
}

}  // namespace

Fd& Fd::operator=(Fd&& o) noexcept {
  if (this != &o) {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_fd = o.release();
  }
  return *this;
}

Fd::~Fd() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

int Fd::release() {
  int fd = m_fd;
  m_fd = -1;
  return fd;
}

std::string endpoint_label(const std::string& host, int port) {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string seconds_text(std::chrono::milliseconds d) {
  auto ms = d.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

bool wait_fd(int fd, short events, Deadline deadline) {
  while (true) {
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, ms_until(deadline));
    if (n > 0) {
      return true;  // ready, or an error/hangup the next call will report
    }
    if (n == 0 || errno != EINTR) {
      return false;
    }
  }
}

Result<Fd> connect_tcp(const std::string& host, int port, Deadline deadline) {
  std::string label = endpoint_label(host, port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
  addrinfo* raw = nullptr;
  int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &raw);
  AddrInfoPtr list(raw);
  if (rc != 0) {
    return LiveError{ErrorKind::resolve, label + ": name does not resolve: " + gai_strerror(rc)};
  }
  LiveError last{ErrorKind::unavailable, label + ": no address"};
  for (const addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
    auto fd = connect_one(ai, deadline, label);
    if (fd) {
      return fd;
    }
    last = fd.error();
    if (last.kind == ErrorKind::timeout) {
      break;  // the deadline is spent: trying the next address cannot succeed
    }
  }
  return last;
}

Result<std::size_t> read_some(int fd, char* buf, std::size_t size, Deadline deadline, const std::string& label) {
  while (true) {
    ssize_t n = ::recv(fd, buf, size, 0);
    if (n >= 0) {
      return static_cast<std::size_t>(n);
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      return errno_error(label, errno);
    }
    if (!wait_fd(fd, POLLIN, deadline)) {
      return LiveError{ErrorKind::timeout, label + ": no answer before the deadline"};
    }
  }
}

Status write_all(int fd, std::string_view data, Deadline deadline, const std::string& label) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      return errno_error(label, errno);
    }
    if (!wait_fd(fd, POLLOUT, deadline)) {
      return LiveError{ErrorKind::timeout, label + ": could not send before the deadline"};
    }
  }
  return std::nullopt;
}

}  // namespace mtaudit::live
