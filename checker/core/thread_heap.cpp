#include "core/thread_heap.hpp"

#include <malloc.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <utility>

namespace mtaudit {

HeapReservation::HeapReservation(HeapReservation&& other) noexcept
    : padding_(std::exchange(other.padding_, nullptr)) {}

HeapReservation& HeapReservation::operator=(HeapReservation&& other) noexcept {
  std::swap(padding_, other.padding_);
  return *this;
}

HeapReservation::~HeapReservation() { std::free(padding_); }

namespace {

constexpr std::uintptr_t k_huge_page = 2U << 20;
// Larger than any free chunk a fresh arena has, so glibc carves it from the arena's free end.
constexpr std::size_t k_probe = 64U << 10;
// glibc places the next block round_up(n + 8, 16) bytes after a block of n bytes (the 8 are
// the next chunk's size field): a padding that ends 8 bytes short of a boundary makes the next
// block start on it.
constexpr std::size_t k_size_field = 8;

std::uintptr_t round_up(std::uintptr_t at, std::uintptr_t to) { return (at + to - 1) & ~(to - 1); }

}  // namespace

std::size_t detail::padding_after(std::uintptr_t free_end) {
  // Carving the probe wrote the next chunk's header k_probe bytes further on: a stretch holding
  // that page is already touched, so the reservation starts at the first boundary past it.
  return round_up(free_end + k_probe + 2 * k_size_field, k_huge_page) - free_end - k_size_field;
}

#if MTAUDIT_GLIBC_HEAP
namespace {

constexpr std::uintptr_t k_page = 4U << 10;

// Where glibc will carve the arena's next large block from. volatile: the compiler would
// otherwise drop a malloc whose block is freed unused.
std::uintptr_t free_end() {
  void* volatile probe = std::malloc(k_probe);
  auto at = reinterpret_cast<std::uintptr_t>(probe);
  std::free(probe);
  return at;
}

// A huge page is only used for a 2 MiB-aligned stretch the process has not touched yet: the
// arena's free end usually sits inside such a stretch, behind pages already in use. The
// padding block fills the rest of that stretch (never written, so it costs no memory), and the
// reservation after it starts on the boundary. glibc keeps the freed reservation as the arena's
// free end (the trim threshold is above it), so the thread's allocations land there.
// Best effort: if the arena does not look as expected, this just yields fewer huge pages.
HeapReservation reserve(std::size_t bytes) {
  std::uintptr_t at = free_end();
  void* volatile padding = std::malloc(detail::padding_after(at));
  char* volatile block = static_cast<char*>(std::malloc(bytes));
  if (block != nullptr) {
    auto from = round_up(reinterpret_cast<std::uintptr_t>(block), k_page);
    auto to = (reinterpret_cast<std::uintptr_t>(block) + bytes) & ~(k_page - 1);
    // A failure (THP "never", an old kernel) leaves ordinary pages: nothing to report.
    (void)::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
  }
  std::free(block);
  return HeapReservation(padding);
}

}  // namespace

HeapReservation configure_process_heap(std::size_t largest) {
  ::mallopt(M_MMAP_THRESHOLD, static_cast<int>(largest + (1U << 20)));
  // Setting the mmap threshold freezes glibc's trim threshold at 128 KiB: set it too.
  ::mallopt(M_TRIM_THRESHOLD, static_cast<int>(4 * largest));
  return reserve(largest);
}

HeapReservation reserve_thread_heap(std::size_t bytes) { return reserve(bytes); }

#else

HeapReservation configure_process_heap(std::size_t /*largest*/) { return {}; }
HeapReservation reserve_thread_heap(std::size_t /*bytes*/) { return {}; }

#endif

}  // namespace mtaudit
