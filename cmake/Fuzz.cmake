# Coverage-guided fuzzing of the parsers (tests/fuzz/README.md). Included at the end of
# CMakeLists.txt, after option(MTAUDIT_FUZZ).
#
# Every build: the targets' entry functions (tests/fuzz/targets.cpp) go into the unit tests, so
# tests/unit/test_fuzz_regressions.cpp replays fixtures/fuzz/<target>/ (seeds and
# regressions) without libFuzzer.
#
# -DMTAUDIT_FUZZ=ON (clang only; scripts/fuzz.sh configures build-fuzz/ this way): mtaudit_lib
# is compiled with -fsanitize=fuzzer-no-link,address,undefined, and each tests/fuzz/fuzz_<name>.cpp
# becomes a libFuzzer binary fuzz_<name> (-fsanitize=fuzzer,address,undefined). `cmake --build
# build-fuzz --target fuzz` builds them all. Undefined behaviour aborts (no recovery), so
# libFuzzer stops on it like on any other crash.

target_sources(mtaudit_unit_tests PRIVATE ${CMAKE_SOURCE_DIR}/tests/fuzz/targets.cpp)
target_include_directories(mtaudit_unit_tests PRIVATE ${CMAKE_SOURCE_DIR}/tests/fuzz)

if(NOT MTAUDIT_FUZZ)
  return()
endif()

if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "MTAUDIT_FUZZ=ON needs clang with libFuzzer: -DCMAKE_CXX_COMPILER=clang++")
endif()

set(MTAUDIT_FUZZ_SANITIZE address,undefined)
set(MTAUDIT_FUZZ_COMMON_FLAGS -fno-sanitize-recover=undefined -fno-omit-frame-pointer)

# The library under test: coverage instrumentation without libFuzzer's main. Whatever links
# it (mtaudit, the unit tests, the fuzzers) gets the sanitizer runtimes.
target_compile_options(mtaudit_lib PRIVATE -fsanitize=fuzzer-no-link,${MTAUDIT_FUZZ_SANITIZE}
                       ${MTAUDIT_FUZZ_COMMON_FLAGS})
target_link_options(mtaudit_lib INTERFACE -fsanitize=${MTAUDIT_FUZZ_SANITIZE})
foreach(consumer mtaudit mtaudit_unit_tests)
  target_compile_options(${consumer} PRIVATE -fsanitize=${MTAUDIT_FUZZ_SANITIZE} ${MTAUDIT_FUZZ_COMMON_FLAGS})
endforeach()

# The entry functions, shared by every fuzzer.
add_library(mtaudit_fuzz_targets STATIC ${CMAKE_SOURCE_DIR}/tests/fuzz/targets.cpp)
target_link_libraries(mtaudit_fuzz_targets PUBLIC mtaudit_lib)
target_compile_options(mtaudit_fuzz_targets PRIVATE -fsanitize=fuzzer-no-link,${MTAUDIT_FUZZ_SANITIZE}
                       ${MTAUDIT_FUZZ_COMMON_FLAGS})

file(GLOB MTAUDIT_FUZZERS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_*.cpp)
set(MTAUDIT_FUZZ_BINARIES "")
foreach(source ${MTAUDIT_FUZZERS})
  get_filename_component(name ${source} NAME_WE)
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE mtaudit_fuzz_targets)
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,${MTAUDIT_FUZZ_SANITIZE} ${MTAUDIT_FUZZ_COMMON_FLAGS})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,${MTAUDIT_FUZZ_SANITIZE})
  list(APPEND MTAUDIT_FUZZ_BINARIES ${name})
endforeach()
add_custom_target(fuzz DEPENDS ${MTAUDIT_FUZZ_BINARIES})
