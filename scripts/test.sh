#!/usr/bin/env bash
# Installs what is needed, builds mtaudit and runs the whole test suite (unit tests,
# differential tests against the real postconf, live and DNS tests against real servers, report
# validation), then the same suite on the sanitizer build (scripts/sanitize.sh) and a short run
# of every fuzzer (scripts/fuzz.sh smoke).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# Line tables only (-g1): enough for backtraces and profiles, and full debug info was a third
# of the compile time, which is the longest single step of a CI run.
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null
cmake --build build -j2

# The sanitizer build compiles while the plain suite runs: that suite spends most of its time
# waiting on servers (testssl.sh's handshakes above all). At nice 19 it takes only idle CPU,
# so the tests' time budgets are not eaten by it.
nice -n 19 bash scripts/sanitize.sh --build-only > build/sanitize-build.out 2>&1 &
sanitize_build=$!
plain=0
(cd build && ctest --output-on-failure -j2) || plain=$?
wait "$sanitize_build" || { cat build/sanitize-build.out >&2; echo "test.sh: the sanitizer build failed" >&2; exit 1; }
[ "$plain" -eq 0 ] || { echo "test.sh: the test suite failed" >&2; exit "$plain"; }
bash scripts/sanitize.sh
bash scripts/fuzz.sh smoke
