#!/usr/bin/env bash
# Runs every oracle against the hardened, weak and gnutls servers of a fresh environment and
# records, per (server, scanner): the normalised set, the time taken and the number of TCP
# connections the server saw (Postfix maillog "connect from" lines; the gnutls relay's log).
# Usage: measure_oracles.sh OUTDIR [SCANNERS]   (default scanners: "sslscan nmap testssl")
# Slow: testssl alone takes minutes per server. Not part of any test; for reports.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
. "$HERE/env.sh"
# shellcheck source=oracle.sh
. "$HERE/oracle.sh"

OUT=${1:?usage: measure_oracles.sh OUTDIR [SCANNERS]}
SCANNERS=${2:-sslscan nmap testssl}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
W=$(mktemp -d /tmp/mtaudit-live-measure.XXXXXX)
trap 'live_env_down "$W"; rm -rf "$W"' EXIT

live_env_up "$W"
gnutls_up "$W" 25443

connections() {  # connections SERVER: connections seen so far
  case $1 in
    gnutls) wc -l < "$W/gnutls-25443.connections.log" ;;
    *) grep -c ' connect from' "$W/$1/maillog" || true ;;
  esac
}

measure() {  # measure SERVER TARGET [starttls]
  local server=$1 target=$2 mode=${3:-} s c0 c1 start ms
  for s in $SCANNERS; do
    c0=$(connections "$server")
    start=$(date +%s%N)
    "oracle_$s" "$target" "$mode" > "$OUT/$server.$s" 2> "$OUT/$server.$s.err" || echo "FAILED" >> "$OUT/$server.$s"
    ms=$((($(date +%s%N) - start) / 1000000))
    c1=$(connections "$server")
    echo "$server $s pairs=$(grep -c '^TLS\|^SSL' "$OUT/$server.$s" || true) ms=$ms connections=$((c1 - c0))" | tee -a "$OUT/summary"
  done
}

: > "$OUT/summary"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/summary"
measure hardened 127.0.0.1:22025 starttls
measure weak 127.0.0.1:23025 starttls
measure gnutls 127.0.0.1:25443
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/summary"
