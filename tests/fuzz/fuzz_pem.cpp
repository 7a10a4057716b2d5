// libFuzzer target "pem": see targets.hpp and tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>

#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mtaudit::fuzz::run_target("pem", data, size);
}
