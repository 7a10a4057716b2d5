// libFuzzer target "macro_expand": see targets.hpp and tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>

#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mtaudit::fuzz::run_target("macro_expand", data, size);
}
