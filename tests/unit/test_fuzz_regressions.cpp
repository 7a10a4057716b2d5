// Replays the fuzz corpus without libFuzzer: every file under fixtures/fuzz/<target>/ (the seeds
// and regressions/, the inputs that once crashed, hung or broke a property) through the target's
// entry function of tests/fuzz/targets.cpp, the code the fuzzers run. See tests/fuzz/README.md.
//
// Each input runs in a child process with a time limit, so a crash or a hang fails that
// input's check, names the file, and the remaining inputs still run.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../fuzz/targets.hpp"

namespace mtaudit::fuzz {
namespace {

namespace fs = std::filesystem;

constexpr unsigned k_time_limit_s = 20;  // per input; the slowest seed takes well under a second

fs::path corpus_root() { return fs::path(MTAUDIT_SOURCE_DIR) / "fixtures" / "fuzz"; }

std::vector<fs::path> inputs_of(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file()) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// "" when the input ran to its end in the child; else what went wrong. The child reports an
// exception's message through a pipe; a sanitizer's report (fuzz build) goes to stderr.
std::string run_isolated(const Target& target, const std::string& bytes) {
  int fds[2];
  if (pipe(fds) != 0) return std::string("pipe failed: ") + std::strerror(errno);
  std::cout.flush();
  std::cerr.flush();
  pid_t pid = fork();
  if (pid < 0) return std::string("fork failed: ") + std::strerror(errno);
  if (pid == 0) {
    close(fds[0]);
    alarm(k_time_limit_s);
    std::string report;
    try {
      target.run(bytes);
    } catch (const PropertyViolation& e) {
      report = std::string("breaks the target's property: ") + e.what();
    } catch (const std::exception& e) {
      report = std::string("throws an uncaught exception: ") + e.what();
    } catch (...) {
      report = "throws an uncaught exception of unknown type";
    }
    if (!report.empty() && write(fds[1], report.data(), report.size()) < 0) _exit(5);
    _exit(report.empty() ? 0 : 3);
  }
  close(fds[1]);
  std::string report;
  char buf[512];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) != 0;) {
    if (n > 0) {
      report.append(buf, static_cast<std::size_t>(n));
    } else if (errno != EINTR) {
      break;
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return std::string("waitpid failed: ") + std::strerror(errno);
  }
  if (WIFSIGNALED(status)) {
    if (WTERMSIG(status) == SIGALRM) return "hangs (still running after " + std::to_string(k_time_limit_s) + " s)";
    return "crashes (signal " + std::to_string(WTERMSIG(status)) + ", " + strsignal(WTERMSIG(status)) + ")";
  }
  if (WEXITSTATUS(status) == 0) return "";
  if (!report.empty()) return report;
  return "exits with status " + std::to_string(WEXITSTATUS(status)) + " (a sanitizer report above?)";
}

class FuzzCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzCorpus, EveryInputRunsCleanly) {
  const Target* target = find_target(GetParam());
  ASSERT_NE(target, nullptr);
  fs::path dir = corpus_root() / std::string(target->name);
  std::vector<fs::path> inputs = inputs_of(dir);
  std::size_t seeds = std::count_if(inputs.begin(), inputs.end(), [&](const fs::path& p) {
    return p.parent_path() == dir;
  });
  EXPECT_GT(seeds, 0u) << "no seed inputs in " << dir;
  for (const auto& input : inputs) {
    std::string bytes = read_bytes(input);
    EXPECT_LE(bytes.size(), target->max_len) << input << " is longer than the target reads; it tests nothing";
    std::string problem = run_isolated(*target, bytes);
    if (!problem.empty()) ADD_FAILURE() << fs::relative(input, MTAUDIT_SOURCE_DIR).string() << " " << problem;
  }
}

std::vector<std::string> target_names() {
  std::vector<std::string> names;
  for (const auto& t : targets()) names.emplace_back(t.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzCorpus, ::testing::ValuesIn(target_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(FuzzCorpusLayout, EveryCorpusDirectoryIsATarget) {
  std::set<std::string> known;
  for (const auto& t : targets()) known.emplace(t.name);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(corpus_root(), ec)) {
    if (entry.path().filename().string().front() == '.') continue;  // .gitattributes
    EXPECT_TRUE(entry.is_directory() && known.count(entry.path().filename().string()) == 1)
        << entry.path() << " is not the corpus of a target in tests/fuzz/targets.cpp";
  }
  EXPECT_FALSE(ec) << corpus_root() << ": " << ec.message();
}

}  // namespace
}  // namespace mtaudit::fuzz
