#pragma once
// glibc gives a new thread a malloc arena of its own and grows it a few pages at a time, one
// mprotect call each (the main arena's M_TOP_PAD does not apply there): loading the rules on a
// second thread made about 400 such calls, 6 ms of system time on the test machine, more than
// the thread saved. Reserving the thread's expected peak up front makes that one call.
// A no-op where the C library is not glibc; harmless under sanitizers, which bring a malloc of
// their own.
#include <cstddef>

namespace mtaudit {

// The most a worker thread reserves: check's rule loading, which peaks at about 2.6 MiB
// (massif on `mtaudit rules list`), with room for more rules.
inline constexpr std::size_t k_worker_heap = 4U << 20;

// The heap policy of a short-lived command, once, from main(): blocks up to `largest` bytes
// come from the arenas instead of mmap, and freed memory stays with the process instead of
// being handed back to the kernel and faulted in again at every swing of the heap.
void configure_process_heap(std::size_t largest);

// Call first thing on a new thread that will allocate about `bytes` (at most the `largest`
// given above) in all: its arena is grown to that size in one step.
void reserve_thread_heap(std::size_t bytes);

}  // namespace mtaudit
