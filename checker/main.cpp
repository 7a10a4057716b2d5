#include <openssl/crypto.h>

#include <iostream>

#include "cli/app.hpp"
#include "core/thread_heap.hpp"

int main(int argc, char** argv) {
  // The process ends when the command does: freeing OpenSSL's tables at exit would cost
  // about 1.5 M instructions (4% of an offline check) for memory the kernel reclaims anyway.
  OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr);
  mtaudit::HeapReservation heap = mtaudit::configure_process_heap(mtaudit::k_worker_heap);
  return mtaudit::cli::run(argc, argv, std::cout, std::cerr);
}
