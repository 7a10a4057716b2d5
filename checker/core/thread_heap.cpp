#include "core/thread_heap.hpp"

#include <malloc.h>

#include <cstdlib>

namespace mtaudit {

void configure_process_heap(std::size_t largest) {
#if defined(__GLIBC__)
  ::mallopt(M_MMAP_THRESHOLD, static_cast<int>(largest + (1U << 20)));
  // Setting the mmap threshold freezes glibc's trim threshold at 128 KiB: set it too.
  ::mallopt(M_TRIM_THRESHOLD, static_cast<int>(4 * largest));
#else
  (void)largest;
#endif
}

void reserve_thread_heap(std::size_t bytes) {
#if defined(__GLIBC__)
  // volatile: the compiler would otherwise drop a malloc whose block is freed unused.
  void* volatile block = std::malloc(bytes);
  std::free(block);
#else
  (void)bytes;
#endif
}

}  // namespace mtaudit
