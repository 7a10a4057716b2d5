#pragma once
// Calendar arithmetic for certificate validity and --now, in UTC and without the C library's
// time zone state, so the same input gives the same answer on every machine.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace mtaudit::files {

constexpr std::int64_t k_seconds_per_day = 86400;

// Seconds since the epoch of a proleptic Gregorian UTC date and time (no range checks).
std::int64_t epoch_from_utc(int year, int month, int day, int hour, int minute, int second);

// ISO 8601: "2040-01-01T00:00:00Z", "2040-01-01T02:00:00+02:00", "2040-01-01 00:00:00Z" or a
// bare date "2040-01-01" (midnight UTC). A date and time without a zone is refused, since
// local time would make a run depend on the machine. Diag without file.
Expected<std::int64_t> parse_timestamp(std::string_view text);

// "2040-01-01T00:00:00Z".
std::string format_timestamp(std::int64_t epoch);

// Whole days in `seconds`, rounded towards minus infinity (-1 s is day -1).
std::int64_t whole_days(std::int64_t seconds);

}  // namespace mtaudit::files
