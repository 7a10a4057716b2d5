#include "collectors/files/timestamp.hpp"

#include <cstdio>

namespace mtaudit::files {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days: exact for every year of int.
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  std::int64_t year;
  int month;
  int day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Civil{yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : k_days[m - 1];
}

// Reads exactly `width` digits at `pos`; false when they are not all digits.
bool digits(std::string_view s, std::size_t pos, std::size_t width, int* out) {
  if (pos + width > s.size()) {
    return false;
  }
  int v = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// "Z", "+HH:MM", "+HHMM", "-HH:MM" at `pos` to the end: the offset east of UTC in seconds.
bool zone_offset(std::string_view s, std::size_t pos, std::int64_t* out) {
  std::string_view z = s.substr(pos);
  if (z == "Z" || z == "z") {
    *out = 0;
    return true;
  }
  int h = 0, m = 0;
  bool colon = z.size() == 6 && z[3] == ':';
  if ((z.size() != 5 && !colon) || (z[0] != '+' && z[0] != '-')) {
    return false;
  }
  if (!digits(z, 1, 2, &h) || !digits(z, colon ? 4 : 3, 2, &m) || h > 23 || m > 59) {
    return false;
  }
  *out = (z[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
  return true;
}

Diag bad_timestamp(std::string_view text, const std::string& why) {
  return Diag{"", 0, 0, "'" + std::string(text) + "' is not an ISO 8601 timestamp such as 2040-01-01T00:00:00Z: " + why};
}

}  // namespace

std::int64_t epoch_from_utc(int year, int month, int day, int hour, int minute, int second) {
  return days_from_civil(year, month, day) * k_seconds_per_day + hour * 3600 + minute * 60 + second;
}

Expected<std::int64_t> parse_timestamp(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!digits(text, 0, 4, &y) || text.size() < 10 || text[4] != '-' || text[7] != '-' ||
      !digits(text, 5, 2, &mo) || !digits(text, 8, 2, &d)) {
    return bad_timestamp(text, "expected YYYY-MM-DD");
  }
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) {
    return bad_timestamp(text, "no such date");
  }
  if (text.size() == 10) {
    return epoch_from_utc(y, mo, d, 0, 0, 0);
  }
  bool time_ok = text.size() >= 19 && (text[10] == 'T' || text[10] == 't' || text[10] == ' ') &&
                 digits(text, 11, 2, &h) && text[13] == ':' && digits(text, 14, 2, &mi) && text[16] == ':' &&
                 digits(text, 17, 2, &s);
  if (!time_ok || h > 23 || mi > 59 || s > 59) {
    return bad_timestamp(text, "expected THH:MM:SS after the date");
  }
  std::int64_t offset = 0;
  if (text.size() == 19 || !zone_offset(text, 19, &offset)) {
    return bad_timestamp(text, "expected a zone: Z or +HH:MM");
  }
  return epoch_from_utc(y, mo, d, h, mi, s) - offset;
}

std::string format_timestamp(std::int64_t epoch) {
  std::int64_t days = whole_days(epoch);
  std::int64_t rest = epoch - days * k_seconds_per_day;
  Civil c = civil_from_days(days);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02dZ", static_cast<long long>(c.year), c.month, c.day,
                static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  return buf;
}

std::int64_t whole_days(std::int64_t seconds) {
  std::int64_t q = seconds / k_seconds_per_day;
  return seconds % k_seconds_per_day < 0 ? q - 1 : q;
}

}  // namespace mtaudit::files
