#!/usr/bin/env bash
# Installs what is needed, builds mtaudit and runs the whole test suite (unit tests,
# differential tests against the real postconf, report validation).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2
cd build
ctest --output-on-failure -j2
