#pragma once
// glibc gives a new thread a malloc arena of its own and grows it a few pages at a time, one
// mprotect call each (the main arena's M_TOP_PAD does not apply there): loading the rules on a
// second thread made about 400 such calls, 6 ms of system time on the test machine, more than
// the thread saved. Reserving the thread's expected peak up front makes that one call.
#include <cstddef>

namespace mtaudit {

// Call first thing on a new thread that will allocate about `bytes` in all. Allocations up to
// `bytes` are then served from the arenas instead of mmap, and freed memory stays with them
// (M_MMAP_THRESHOLD and M_TRIM_THRESHOLD, process-wide: right for a short-lived command).
// A no-op where the C library is not glibc; harmless under sanitizers, which bring a malloc of
// their own.
void reserve_thread_heap(std::size_t bytes);

}  // namespace mtaudit
