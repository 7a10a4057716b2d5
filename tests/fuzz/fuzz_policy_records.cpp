// libFuzzer target "policy_records": see targets.hpp and tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>

#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mtaudit::fuzz::run_target("policy_records", data, size);
}
