#pragma once
// Connection pacing per port, so an audit never trips the server's rate limit (Postfix's
// anvil: smtpd_client_connection_rate_limit, often 30/min) and turns into 421s. Pure: the
// clock is passed in.
//
// Two conditions for a start at time t: fewer than `cap` starts in the window (t - 60 s, t],
// where cap = limit - 2 (a margin for the server counting a little differently, at least 1);
// and once `cap` connections went out in a burst, at least 60 s / limit after the previous
// start. So the first connections go at once and no minute ever sees `limit` of them; after a
// quiet minute the burst is available again.
#include <chrono>
#include <deque>

namespace mtaudit::live {

class Pacer {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Pacer(int per_minute);
  // Reserves a start no earlier than `now` and returns it (the caller sleeps until then).
  Clock::time_point reserve(Clock::time_point now);
  int cap() const { return m_cap; }

 private:
  int m_cap;
  std::chrono::nanoseconds m_spacing;
  std::deque<Clock::time_point> m_starts;  // the starts of the last minute, oldest first
  int m_total = 0;  // starts since the last quiet minute
};

}  // namespace mtaudit::live
