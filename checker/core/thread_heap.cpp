#include "core/thread_heap.hpp"

#include <malloc.h>

#include <cstdlib>

namespace mtaudit {

void reserve_thread_heap(std::size_t bytes) {
#if defined(__GLIBC__)
  ::mallopt(M_MMAP_THRESHOLD, static_cast<int>(bytes + (1U << 20)));
  // Setting the mmap threshold freezes glibc's trim threshold at 128 KiB, which would hand
  // freed memory back to the kernel and fault it in again at every swing of the heap.
  ::mallopt(M_TRIM_THRESHOLD, static_cast<int>(4 * bytes));
  // volatile: the compiler would otherwise drop a malloc whose block is freed unused.
  void* volatile block = std::malloc(bytes);
  std::free(block);
#else
  (void)bytes;
#endif
}

}  // namespace mtaudit
