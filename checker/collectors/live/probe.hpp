#pragma once
// The real Transport of the plan (enumerate.hpp): each attempt opens one connection through a
// Connector, which runs the SMTP dialogue up to STARTTLS (or nothing, on implicit-TLS ports),
// then makes the OpenSSL handshake or sends the raw hello. Every attempt is timed and counted
// in a ProbeLog, and each waits for the Admission (pacing, budget) before connecting.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "collectors/live/enumerate.hpp"
#include "collectors/live/net.hpp"
#include "collectors/live/smtp_session.hpp"

namespace mtaudit::live {

// A connection ready for TLS: connected, and on STARTTLS ports through the 220 to STARTTLS.
struct Connected {
  Fd fd;
  std::optional<PreTls> pre;  // STARTTLS ports
  bool no_starttls = false;   // EHLO did not offer STARTTLS; fd is closed
};
using Connector = std::function<Result<Connected>()>;

// Blocks until one more connection may start (pacing); the returned lease is held for the
// connection's life. nullptr: the budget is spent.
using Admission = std::function<std::shared_ptr<void>()>;

// The SMTP-aware connector for host:port (connect_to is the address, label names it).
Connector smtp_connector(const std::string& connect_to, int port, bool implicit_tls, const SmtpOptions& smtp);

struct ProbeRecord {
  std::string name;
  std::int64_t ms = 0;
  int connections = 0;
  std::string result;  // the last attempt's outcome: "accepted TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256", "declined: ..."
};

// Attempts aggregated by probe name, in the order the names first appeared.
class ProbeLog {
 public:
  void add(const std::string& name, std::int64_t ms, const std::string& result);
  const std::vector<ProbeRecord>& records() const { return m_records; }
  int connections() const;

 private:
  std::vector<ProbeRecord> m_records;
};

struct TransportOptions {
  std::string label;  // "mx.example.org:25"
  bool implicit_tls = false;
  SmtpOptions smtp;
  std::function<void(const std::string&)> progress;  // "host:port tls13: accepted ...", may be empty
};

// The log and connector must outlive the transport.
Transport make_transport(const Connector& connect, const Admission& admit, const TransportOptions& opts, ProbeLog& log);

}  // namespace mtaudit::live
