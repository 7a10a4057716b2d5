#pragma once
// The heap of a short-lived command. Two costs dominate a check that takes a few tens of
// milliseconds: glibc grows a new thread's arena a few pages at a time, one mprotect call each
// (the main arena's M_TOP_PAD does not apply there; loading the rules on a second thread made
// about 400 such calls), and every 4 KiB page the heap touches is a page fault, about 12 us on a
// virtual machine with shadow paging. An offline check touches about 3 MiB of heap: reserving
// each arena's peak once, on transparent huge pages, makes that a handful of faults.
// A no-op where the C library is not glibc or a sanitizer brings its own malloc.
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define MTAUDIT_SANITIZED_HEAP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define MTAUDIT_SANITIZED_HEAP 1
#endif
#endif
#if !defined(MTAUDIT_SANITIZED_HEAP)
#define MTAUDIT_SANITIZED_HEAP 0
#endif
#if defined(__GLIBC__) && !MTAUDIT_SANITIZED_HEAP  // <cstddef> brings <features.h>
#define MTAUDIT_GLIBC_HEAP 1
#else
#define MTAUDIT_GLIBC_HEAP 0
#endif

namespace mtaudit {

// Whether the reservations below do anything in this build: glibc's malloc, no sanitizer.
inline constexpr bool k_reserves_heap = MTAUDIT_GLIBC_HEAP;

// Hands a finished command's large objects (its facts, rules and results) to the end of the
// process instead of destroying them: freeing them node by node costs about 3 M instructions,
// 0.8 ms of a 20 ms check, for memory the kernel takes back at exit a moment later. The same
// reason as clang's -disable-free. Only for what a command's entry point owns, right before it
// returns to main(). Sanitizer builds destroy them here, so leak reports keep their meaning
// (valgrind's memcheck, which cannot be told, lists them as lost).
template <class... Objects>
void leave_to_process_exit(Objects&&... objects) {
  if constexpr (MTAUDIT_SANITIZED_HEAP) {
    (void)std::tuple<std::decay_t<Objects>...>(std::forward<Objects>(objects)...);
  } else {
    (void)new std::tuple<std::decay_t<Objects>...>(std::forward<Objects>(objects)...);
  }
}

// The most a worker thread reserves: check's rule loading, which peaks at about 2.6 MiB
// (massif on `mtaudit rules list`), with room for more rules.
inline constexpr std::size_t k_worker_heap = 4U << 20;

// What a reservation holds until it is destroyed: the untouched stretch of address space that
// moved the arena's free end to a huge-page boundary. Move-only.
class HeapReservation {
 public:
  HeapReservation() = default;
  explicit HeapReservation(void* padding) : padding_(padding) {}
  HeapReservation(HeapReservation&& other) noexcept;
  HeapReservation& operator=(HeapReservation&& other) noexcept;
  HeapReservation(const HeapReservation&) = delete;
  HeapReservation& operator=(const HeapReservation&) = delete;
  ~HeapReservation();

 private:
  void* padding_ = nullptr;
};

// The heap policy of a short-lived command, once, from main(), which keeps the result until it
// returns: blocks up to `largest` bytes come from the arenas instead of mmap, freed memory stays
// with the process instead of being handed back to the kernel and faulted in again at every
// swing of the heap, and the main arena's next `largest` bytes are reserved as below.
[[nodiscard]] HeapReservation configure_process_heap(std::size_t largest);

// Call first thing on a new thread that will allocate about `bytes` (at most the `largest`
// given above) in all, and keep the result while the thread works: the thread's arena is grown
// to that size in one step, starting at a huge-page boundary, and marked for transparent huge
// pages (where the system allows them: "madvise" or "always" in
// /sys/kernel/mm/transparent_hugepage/enabled).
[[nodiscard]] HeapReservation reserve_thread_heap(std::size_t bytes);

namespace detail {
// The size of the padding block carved at `free_end` (an arena's free end, found by a 64 KiB
// probe block): the next block then starts on the first 2 MiB boundary past every byte the
// probe touched. Exposed for its test.
std::size_t padding_after(std::uintptr_t free_end);
}  // namespace detail

}  // namespace mtaudit
