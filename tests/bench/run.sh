#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail): wall time and peak memory of whole mtaudit runs.
# usage: tests/bench/run.sh MTAUDIT_BIN SOURCE_DIR
set -euo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
exec /usr/bin/python3 "$src/tests/bench/bench.py" "$bin" "$src"
