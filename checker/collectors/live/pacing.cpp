#include "collectors/live/pacing.hpp"

#include <algorithm>

namespace mtaudit::live {

namespace {
constexpr std::chrono::seconds k_window{60};
}

Pacer::Pacer(int per_minute)
    : m_cap(std::max(1, per_minute - 2)),
      m_spacing(std::chrono::duration_cast<std::chrono::nanoseconds>(k_window) / std::max(1, per_minute)) {}

Pacer::Clock::time_point Pacer::reserve(Clock::time_point now) {
  Clock::time_point t = now;
  if (!m_starts.empty() && t - m_starts.back() > k_window) {
    m_total = 0;  // a quiet minute: the next burst may go at once again
  }
  if (!m_starts.empty() && m_total >= m_cap) {
    t = std::max(t, m_starts.back() + m_spacing);
  }
  if (static_cast<int>(m_starts.size()) >= m_cap) {
    // the window must have dropped its oldest start: strictly more than 60 s later
    t = std::max(t, m_starts[m_starts.size() - static_cast<std::size_t>(m_cap)] + k_window +
                        std::chrono::milliseconds(1));
  }
  while (!m_starts.empty() && m_starts.front() + k_window < t) {
    m_starts.pop_front();
  }
  m_starts.push_back(t);
  ++m_total;
  return t;
}

}  // namespace mtaudit::live
