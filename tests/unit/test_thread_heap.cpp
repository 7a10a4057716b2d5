#include "core/thread_heap.hpp"

#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

namespace mtaudit {
namespace {

constexpr std::uintptr_t k_huge_page = 2U << 20;

// The VmFlags line of the /proc/self/smaps entry that holds `at`, or "" when none does.
std::string vm_flags_at(const void* at) {
  auto address = reinterpret_cast<std::uintptr_t>(at);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t from = 0, to = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> from >> dash >> to && dash == '-') {
      inside = from <= address && address < to;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line + " ";
    }
  }
  return "";
}

struct Placement {
  std::uintptr_t offset_in_huge_page = 0;
  std::string vm_flags;
};

Placement place(const void* block) {
  return {reinterpret_cast<std::uintptr_t>(block) % k_huge_page, vm_flags_at(block)};
}

constexpr const char* k_child_variable = "MTAUDIT_THREAD_HEAP_CHILD";

// The placement is only predictable in a fresh process: a thread started by an earlier test
// leaves its arena, with the blocks it never freed, to the next thread. So the parent test runs
// this one in a new process of this binary, as mtaudit's main() would.
TEST(ThreadHeapInFreshProcess, ReservedBlocksStartOnAHugePageMarkedForTransparentHugePages) {
  if (std::getenv(k_child_variable) == nullptr) GTEST_SKIP() << "run by ThreadHeap.AFreshProcess... in a new process";
  HeapReservation process = configure_process_heap(k_worker_heap);
  void* volatile main_block = std::malloc(256U << 10);
  Placement main = place(main_block);
  std::free(main_block);
  Placement worker;
  std::thread thread([&worker] {
    HeapReservation heap = reserve_thread_heap(k_worker_heap);
    void* volatile block = std::malloc(256U << 10);
    worker = place(block);
    std::free(block);
  });
  thread.join();
  for (const Placement* p : {&main, &worker}) {
    EXPECT_EQ(p->offset_in_huge_page, 0U);
    EXPECT_NE(p->vm_flags.find(" hg "), std::string::npos) << p->vm_flags;
  }
}

TEST(ThreadHeap, AFreshProcessReservesItsHeapsOnTransparentHugePages) {
  if (!k_reserves_heap) GTEST_SKIP() << "this build's malloc is a sanitizer's: nothing is reserved";
  if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage")) GTEST_SKIP() << "kernel without THP";
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  std::string filter = "--gtest_filter=ThreadHeapInFreshProcess.*";
  char* argv[] = {self.data(), filter.data(), nullptr};
  char variable[64];
  std::snprintf(variable, sizeof variable, "%s=1", k_child_variable);
  char* envp[] = {variable, nullptr};
  pid_t child = 0;
  ASSERT_EQ(::posix_spawn(&child, self.c_str(), nullptr, nullptr, argv, envp), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child's failures are printed above";
}

TEST(ThreadHeap, AReservationIsMovedNotCopiedAndFreesItsPaddingOnce) {
  static_assert(!std::is_copy_constructible_v<HeapReservation>);
  std::thread worker([] {
    HeapReservation first = reserve_thread_heap(1U << 20);
    HeapReservation second = std::move(first);
    HeapReservation third;
    third = std::move(second);
  });  // a double free would abort here (glibc checks; ASan reports it)
  worker.join();
  SUCCEED();
}

// Where the block after the padding starts, for a padding carved at `free_end` (glibc: a block
// of n bytes is followed by the next one round_up(n + 8, 16) bytes on).
std::uintptr_t next_block(std::uintptr_t free_end) {
  return free_end + ((detail::padding_after(free_end) + 8 + 15) & ~std::size_t{15});
}

TEST(ThreadHeap, TheReservationStartsOnTheFirstBoundaryPastWhatTheProbeTouched) {
  constexpr std::uintptr_t probe = 64U << 10;
  constexpr std::uintptr_t base = std::uintptr_t{0x55f837} << 21;  // some 2 MiB boundary
  // Far from the next boundary, at it, and so close that the probe's end crossed it (the case a
  // run met about once in forty, when the heap's random start put the free end there).
  for (std::uintptr_t offset : {std::uintptr_t{0x590}, k_huge_page - probe - 0x590, k_huge_page - 0x2a70,
                                k_huge_page - 16, std::uintptr_t{16}}) {
    std::uintptr_t free_end = base + offset;
    std::uintptr_t start = next_block(free_end);
    SCOPED_TRACE(offset);
    EXPECT_EQ(start % k_huge_page, 0U);
    EXPECT_GT(start, free_end + probe + 8);  // the probe wrote the next chunk's size field there
    EXPECT_LE(start - free_end, probe + 16 + k_huge_page);  // no stretch is skipped needlessly
  }
}

struct Tracked {
  bool* destroyed;
  explicit Tracked(bool* d) : destroyed(d) {}
  Tracked(Tracked&& other) noexcept : destroyed(std::exchange(other.destroyed, nullptr)) {}
  Tracked(const Tracked&) = delete;
  Tracked& operator=(const Tracked&) = delete;
  Tracked& operator=(Tracked&&) = delete;
  ~Tracked() {
    if (destroyed != nullptr) *destroyed = true;
  }
};

TEST(ProcessExit, ObjectsLeftToTheExitAreNotDestroyedExceptUnderASanitizer) {
  bool destroyed = false;
  {
    Tracked facts(&destroyed);
    leave_to_process_exit(std::move(facts));
  }
  EXPECT_EQ(destroyed, MTAUDIT_SANITIZED_HEAP == 1);
}

}  // namespace
}  // namespace mtaudit
