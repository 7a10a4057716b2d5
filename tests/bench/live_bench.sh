#!/usr/bin/env bash
# Live benchmark (figures, not pass/fail): port 25 of the hardened Postfix instance of
# tests/integration/lib/live/, audited by mtaudit and by the peer scanners in the same run:
# wall time, connections the server saw (Postfix's own log), accepted (version, suite) pairs,
# and mtaudit's ratio against each. Then a complete audit of the three ports of the postscreen
# instance (smtpd_client_connection_rate_limit = 30/min on each): its time and any 421.
# usage: tests/bench/live_bench.sh MTAUDIT_BIN SOURCE_DIR   (root; about 3 minutes)
set -euo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
here="$src/tests/integration/lib/live"
. "$here/env.sh"
. "$here/oracle.sh"
W=$(mktemp -d /tmp/mtaudit-live-bench.XXXXXX)
chmod 755 "$W"
trap 'live_env_down "$W"; rm -rf "$W"' EXIT
live_env_up "$W" >/dev/null
. "$W/hardened.env"
log=$LIVE_MAILLOG
seen() { grep -c ' connect from' "$log" || true; }

declare -A ms conns pairs
run() {  # run NAME COMMAND...: time, connections and pairs of one tool
  local name=$1 c0 start
  shift
  sleep 1
  c0=$(seen)
  start=$(date +%s%N)
  "$@" > "$W/$name.out" 2>/dev/null || true
  ms[$name]=$((($(date +%s%N) - start) / 1000000))
  sleep 1  # smtpd logs the last connection a moment after the client has gone
  conns[$name]=$(($(seen) - c0))
  pairs[$name]=$(grep -c '^TLS\|^SSL' "$W/$name.out" || true)
}
# mtaudit alone is timed; its (version, suite) lines are read from the facts afterwards.
run mtaudit "$bin" facts --host mail.example.test --connect 127.0.0.1 --ports 22025 --ca-file "$LIVE_CA_FILE"
python3 -c 'import json,sys; [print(s["version"], s["name"]) for s in json.load(open(sys.argv[1]))["live"]["ports"][0]["suites"]]' \
  "$W/mtaudit.out" > "$W/mtaudit.pairs"
pairs[mtaudit]=$(wc -l < "$W/mtaudit.pairs")
run sslscan oracle_sslscan 127.0.0.1:22025 starttls
run nmap oracle_nmap 127.0.0.1:22025 starttls
run testssl oracle_testssl 127.0.0.1:22025 starttls

printf '%-10s %10s %12s %7s %22s\n' tool "time ms" connections pairs "mtaudit is faster by"
for t in mtaudit sslscan nmap testssl; do
  ratio=$(python3 -c "print('%.1fx' % (${ms[$t]} / max(${ms[mtaudit]}, 1)))")
  printf '%-10s %10s %12s %7s %22s\n' "$t" "${ms[$t]}" "${conns[$t]}" "${pairs[$t]}" "$([ "$t" = mtaudit ] && echo - || echo "$ratio")"
done
echo "targets: same pairs as the scanners, <= 16 connections, >= 3x faster than sslscan, >= 100x faster than testssl"

. "$W/postscreen.env"
start=$(date +%s%N)
"$bin" check --host mail.example.test --connect 127.0.0.1 \
  --ports "$LIVE_SMTP_PORT,$LIVE_SUBMISSION_PORT,$LIVE_SMTPS_PORT/tls" --sources live --ca-file "$LIVE_CA_FILE" \
  --text /dev/null --json "$W/ps.json" || true
secs=$((($(date +%s%N) - start) / 1000000000))
n421=$(grep -c 'Connection rate limit exceeded' "$LIVE_MAILLOG" || true)
errors=$(python3 -c 'import json,sys; print(sum(r["status"]=="error" for r in json.load(open(sys.argv[1]))["results"]))' "$W/ps.json")
echo "postscreen instance (greet wait 3 s on 25, 30/min rate limit on 25, 587, 465): complete audit of the three ports" \
  "in ${secs} s, rate-limit hits: $n421, error results: $errors"
