#include <gtest/gtest.h>

#include "engine/result.hpp"

namespace mtaudit::engine {
namespace {

TEST(EngineResult, NamesStatusesAndSeverities) {
  EXPECT_EQ(to_string(Status::pass), "pass");
  EXPECT_EQ(to_string(Status::fail), "fail");
  EXPECT_EQ(to_string(Status::skip), "skip");
  EXPECT_EQ(to_string(Status::error), "error");
  EXPECT_EQ(to_string(Severity::critical), "critical");
  EXPECT_EQ(to_string(Severity::high), "high");
  EXPECT_EQ(to_string(Severity::medium), "medium");
  EXPECT_EQ(to_string(Severity::low), "low");
  EXPECT_EQ(to_string(Severity::info), "info");
}

TEST(EngineResult, SummarizesCountsAndFailuresBySeverity) {
  RunResult run;
  auto add = [&](Status st, Severity sev) {
    Result r;
    r.status = st;
    r.severity = sev;
    run.results.push_back(r);
  };
  add(Status::pass, Severity::high);
  add(Status::fail, Severity::high);
  add(Status::fail, Severity::high);
  add(Status::fail, Severity::low);
  add(Status::skip, Severity::medium);
  add(Status::error, Severity::critical);
  Summary s = summarize(run);
  EXPECT_EQ(s.pass, 1);
  EXPECT_EQ(s.fail, 3);
  EXPECT_EQ(s.skip, 1);
  EXPECT_EQ(s.error, 1);
  EXPECT_EQ(s.fail_by_severity.size(), 2u);
  EXPECT_EQ(s.fail_by_severity.at(Severity::high), 2);
  EXPECT_EQ(s.fail_by_severity.at(Severity::low), 1);
}

TEST(EngineResult, EmptyRunSummarizesToZero) {
  Summary s = summarize(RunResult{});
  EXPECT_EQ(s.pass + s.fail + s.skip + s.error, 0);
  EXPECT_TRUE(s.fail_by_severity.empty());
}

}  // namespace
}  // namespace mtaudit::engine
