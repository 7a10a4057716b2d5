#include "collectors/files/timestamp.hpp"

#include <gtest/gtest.h>

namespace mtaudit::files {
namespace {

TEST(FilesTimestamp, EpochOfKnownInstants) {
  EXPECT_EQ(epoch_from_utc(1970, 1, 1, 0, 0, 0), 0);
  EXPECT_EQ(epoch_from_utc(2026, 1, 1, 0, 0, 0), 1767225600);
  EXPECT_EQ(epoch_from_utc(2040, 1, 1, 0, 0, 0), 2208988800);
  EXPECT_EQ(epoch_from_utc(2024, 2, 29, 12, 30, 15), 1709209815);
  EXPECT_EQ(epoch_from_utc(1969, 12, 31, 23, 59, 59), -1);
}

TEST(FilesTimestamp, ParsesUtcOffsetsAndBareDates) {
  EXPECT_EQ(*parse_timestamp("2040-01-01T00:00:00Z"), 2208988800);
  EXPECT_EQ(*parse_timestamp("2040-01-01t00:00:00z"), 2208988800);
  EXPECT_EQ(*parse_timestamp("2040-01-01 00:00:00Z"), 2208988800);
  EXPECT_EQ(*parse_timestamp("2040-01-01T02:00:00+02:00"), 2208988800);
  EXPECT_EQ(*parse_timestamp("2039-12-31T19:00:00-0500"), 2208988800);
  EXPECT_EQ(*parse_timestamp("2040-01-01"), 2208988800);
}

TEST(FilesTimestamp, RejectsWhatIsNotAnInstant) {
  auto message = [](const char* text) {
    auto t = parse_timestamp(text);
    return t ? std::string("parsed") : t.errors().front().message;
  };
  EXPECT_EQ(message("yesterday"),
            "'yesterday' is not an ISO 8601 timestamp such as 2040-01-01T00:00:00Z: expected YYYY-MM-DD");
  EXPECT_EQ(message("2040-02-30"),
            "'2040-02-30' is not an ISO 8601 timestamp such as 2040-01-01T00:00:00Z: no such date");
  EXPECT_EQ(message("2040-01-01T00:00:00"),
            "'2040-01-01T00:00:00' is not an ISO 8601 timestamp such as 2040-01-01T00:00:00Z: "
            "expected a zone: Z or +HH:MM");
  EXPECT_EQ(message("2040-01-01T24:00:00Z"),
            "'2040-01-01T24:00:00Z' is not an ISO 8601 timestamp such as 2040-01-01T00:00:00Z: "
            "expected THH:MM:SS after the date");
  EXPECT_EQ(message("2040-01-01T00:00:00+2"),
            "'2040-01-01T00:00:00+2' is not an ISO 8601 timestamp such as 2040-01-01T00:00:00Z: "
            "expected a zone: Z or +HH:MM");
  EXPECT_EQ(message("2100-02-29"),
            "'2100-02-29' is not an ISO 8601 timestamp such as 2040-01-01T00:00:00Z: no such date");
  EXPECT_EQ(*parse_timestamp("2000-02-29"), epoch_from_utc(2000, 2, 29, 0, 0, 0));
}

TEST(FilesTimestamp, FormatsUtc) {
  EXPECT_EQ(format_timestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(2208988800), "2040-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(1709209815), "2024-02-29T12:30:15Z");
  EXPECT_EQ(format_timestamp(-1), "1969-12-31T23:59:59Z");
}

TEST(FilesTimestamp, WholeDaysRoundDown) {
  EXPECT_EQ(whole_days(0), 0);
  EXPECT_EQ(whole_days(86399), 0);
  EXPECT_EQ(whole_days(86400), 1);
  EXPECT_EQ(whole_days(-1), -1);
  EXPECT_EQ(whole_days(-86400), -1);
  EXPECT_EQ(whole_days(-86401), -2);
}

}  // namespace
}  // namespace mtaudit::files
