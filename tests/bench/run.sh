#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail): wall time and peak memory of whole mtaudit runs.
# usage: tests/bench/run.sh MTAUDIT_BIN SOURCE_DIR
set -euo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
# The example host's certificates are minted, never committed (the files collector reads them).
[ -f "$src/fixtures/example-host/etc/postfix/tls/test-ca.pem" ] ||
  bash "$src/tests/integration/lib/make_example_certs.sh" "$src/fixtures/example-host" >/dev/null
/usr/bin/python3 "$src/tests/bench/bench.py" "$bin" "$src"
# The live audit against real servers needs root (Postfix, a network namespace for gnutls-serv).
if [ "$(id -u)" = 0 ] && [ "${MTAUDIT_BENCH_LIVE:-1}" = 1 ]; then
  echo
  bash "$src/tests/bench/live_bench.sh" "$bin" "$src"
  echo
  bash "$src/tests/bench/dns_bench.sh" "$bin" "$src"
fi
