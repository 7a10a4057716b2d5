#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail): wall time and peak memory of whole mtaudit runs.
# usage: tests/bench/run.sh MTAUDIT_BIN SOURCE_DIR
set -euo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
# The example host's certificates are minted, never committed (the files collector reads them).
[ -f "$src/fixtures/example-host/etc/postfix/tls/test-ca.pem" ] ||
  bash "$src/tests/integration/lib/make_example_certs.sh" "$src/fixtures/example-host" >/dev/null
exec /usr/bin/python3 "$src/tests/bench/bench.py" "$bin" "$src"
