#include <gtest/gtest.h>

#include "collectors/live/pacing.hpp"
#include "collectors/live/port_spec.hpp"

namespace mtaudit::live {
namespace {

TEST(LivePortSpec, DefaultsAndOverrides) {
  EXPECT_EQ(parse_port_spec("25").value(), (PortSpec{25, false}));
  EXPECT_EQ(parse_port_spec("465").value(), (PortSpec{465, true}));
  EXPECT_EQ(parse_port_spec("2525/starttls").value(), (PortSpec{2525, false}));
  EXPECT_EQ(parse_port_spec("465/starttls").value(), (PortSpec{465, false}));
  EXPECT_EQ(parse_port_spec("10465/tls").value(), (PortSpec{10465, true}));
  EXPECT_EQ(parse_port_spec("10465/implicit").value(), (PortSpec{10465, true}));
  EXPECT_EQ(mode_name(PortSpec{465, true}), "implicit");
  EXPECT_EQ(mode_name(PortSpec{25, false}), "starttls");
}

TEST(LivePortSpec, Errors) {
  for (const char* bad : {"", "0", "65536", "-1", "25x", "x", "/tls", "25/"}) {
    EXPECT_FALSE(parse_port_spec(bad).ok()) << bad;
  }
  EXPECT_EQ(parse_port_spec("465/ssl").errors().front().message, "unknown TLS mode \"ssl\" in \"465/ssl\" (starttls, tls)");
  EXPECT_EQ(parse_port_spec("99999").errors().front().message, "invalid port \"99999\" (1-65535)");
}

using std::chrono::milliseconds;
using std::chrono::seconds;

// The number of starts in any 60 s window never reaches the limit.
int max_per_window(const std::vector<Pacer::Clock::time_point>& starts) {
  int best = 0;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    int n = 0;
    for (std::size_t j = i; j < starts.size() && starts[j] - starts[i] < seconds(60); ++j) {
      ++n;
    }
    best = std::max(best, n);
  }
  return best;
}

TEST(LivePacing, BurstThenWindowLimit) {
  Pacer p(30);
  EXPECT_EQ(p.cap(), 28);
  Pacer::Clock::time_point t0{};
  std::vector<Pacer::Clock::time_point> starts;
  for (int i = 0; i < 28; ++i) {
    starts.push_back(p.reserve(t0));
    EXPECT_EQ(starts.back(), t0) << i;  // the burst goes at once
  }
  for (int i = 0; i < 40; ++i) {
    starts.push_back(p.reserve(t0 + milliseconds(10 * i)));
    EXPECT_GT(starts.back(), starts[starts.size() - 2]);
  }
  EXPECT_GT(starts[28] - t0, seconds(60));
  EXPECT_LE(max_per_window(starts), 28);
}

TEST(LivePacing, LowLimitSpacesEveryConnection) {
  Pacer p(2);
  EXPECT_EQ(p.cap(), 1);
  Pacer::Clock::time_point t0{};
  std::vector<Pacer::Clock::time_point> starts;
  for (int i = 0; i < 5; ++i) {
    starts.push_back(p.reserve(t0));
  }
  EXPECT_EQ(max_per_window(starts), 1);
  EXPECT_EQ(starts[0], t0);
}

TEST(LivePacing, IdleTimeRestoresTheBurst) {
  Pacer p(10);
  Pacer::Clock::time_point t0{};
  for (int i = 0; i < 8; ++i) {
    p.reserve(t0);
  }
  Pacer::Clock::time_point later = t0 + seconds(600);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(p.reserve(later), later) << i;
  }
  EXPECT_GT(p.reserve(later), later);
}

}  // namespace
}  // namespace mtaudit::live
