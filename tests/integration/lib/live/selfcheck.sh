#!/usr/bin/env bash
# Self-check of the live test environment: brings everything up in a temporary directory,
# proves with openssl s_client, gnutls-cli and small Python clients that every server behaves
# as env.sh / badserver.py document, tears everything down. Exit status 0 only if all passed.
# Usage: tests/integration/lib/live/selfcheck.sh   (root; Postfix, gnutls-bin installed)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
. "$HERE/env.sh"

W=$(mktemp -d /tmp/mtaudit-live-selfcheck.XXXXXX)
cleanup() { live_env_down "$W"; rm -rf "$W"; }
trap cleanup EXIT

FAILS=0
T0=$(date +%s)
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; FAILS=$((FAILS + 1)); }
check() {  # check DESCRIPTION COMMAND...: record the command's success
  local desc=$1
  shift
  if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# ---------------------------------------------------------------------------------------------
# Probes
# ---------------------------------------------------------------------------------------------

sc() {  # sc PORT starttls|tls S_CLIENT_ARGS...: the s_client transcript (never fails)
  local port=$1 mode=$2 st=()
  shift 2
  [ "$mode" = starttls ] && st=(-starttls smtp)
  timeout 20 openssl s_client "${st[@]}" -connect "$LIVE_HOST:$port" -servername "$LIVE_NAME" "$@" \
    < /dev/null 2>&1 || true
}

negotiated() {  # stdin: s_client transcript; prints "PROTOCOL CIPHER" if a handshake completed
  # The SSL-Session block (Protocol/Cipher) is missing for TLS 1.3 when s_client quits before
  # the session ticket arrives; then the "New, TLSv1.3, Cipher is X" line is used. (That line
  # names the cipher's minimum version, so it is trusted for TLS 1.3 suites only.)
  awk '/^New, TLSv1\.3, Cipher is / {p = "TLSv1.3"; c = $5}
       /^ *Protocol *:/ {p = $3} /^ *Cipher *:/ {c = $3}
       END {if (c != "" && c != "0000" && c != "(NONE)") print p, c}'
}

handshake_is() {  # handshake_is EXPECTED PORT MODE ARGS...: "PROTO CIPHER" matches EXPECTED (ERE)
  local want=$1 got
  shift
  got=$(sc "$@" | negotiated)
  [[ $got =~ ^$want$ ]] || { echo "  got '${got:-no handshake}', want '$want'" >&2; return 1; }
}

no_handshake() {  # no_handshake PORT MODE ARGS...
  local got
  got=$(sc "$@" | negotiated)
  [ -z "$got" ] || { echo "  unexpected handshake: $got" >&2; return 1; }
}

transcript_has() {  # transcript_has PATTERN PORT MODE ARGS...
  local pat=$1
  shift
  sc "$@" | grep -Eq "$pat" || { echo "  s_client output lacks /$pat/" >&2; return 1; }
}

ehlo_has() {  # ehlo_has yes|no KEYWORD PORT [--starttls]
  local want=$1 kw=$2 port=$3 out
  shift 3
  out=$(python3 "$HERE/livetool.py" ehlo "$LIVE_HOST" "$port" "$@") || { echo "  EHLO failed" >&2; return 1; }
  if grep -q "^250[- ]$kw" <<< "$out"; then [ "$want" = yes ]; else [ "$want" = no ]; fi
}

LAX=(-cipher 'ALL:@SECLEVEL=0')  # so a refusal is the server's, not the client's

# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

check_hardened() {
  local p mode
  for p in 22025:starttls 22587:starttls 22465:tls; do
    mode=${p#*:} p=${p%:*}
    check "hardened $p refuses TLS 1.0" no_handshake "$p" "$mode" -tls1 "${LAX[@]}"
    check "hardened $p refuses TLS 1.1" no_handshake "$p" "$mode" -tls1_1 "${LAX[@]}"
    check "hardened $p accepts TLS 1.2 (ECDHE+AEAD)" handshake_is 'TLSv1.2 ECDHE-(RSA|ECDSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)' "$p" "$mode" -tls1_2
    check "hardened $p accepts TLS 1.3" handshake_is 'TLSv1.3 TLS_[A-Z0-9_]+' "$p" "$mode" -tls1_3
  done
  check "hardened refuses a non-ECDHE suite (AES256-SHA256)" no_handshake 22025 starttls -tls1_2 -cipher 'AES256-SHA256:@SECLEVEL=0'
  check "hardened presents RSA 2048 to an RSA-only client" transcript_has 'Server public key is 2048 bit' 22025 starttls -tls1_2 -sigalgs 'rsa_pss_rsae_sha256:RSA+SHA256'
  check "hardened presents ECDSA P-256 to an ECDSA-only client" transcript_has 'Server public key is 256 bit' 22025 starttls -tls1_2 -sigalgs 'ECDSA+SHA256'
  check "hardened TLS 1.3 RSA-PSS client gets RSA" transcript_has 'Peer signature type: RSA-PSS' 22025 starttls -tls1_3 -sigalgs 'rsa_pss_rsae_sha256'
  check "hardened chain verifies for mx.example.test" transcript_has 'Verify return code: 0 \(ok\)' 22025 starttls -CAfile "$W/certs/ca.pem" -verify_hostname mx.example.test -verify_return_error
  check "hardened prefers its own order (AES256 over client's AES128)" handshake_is 'TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384' 22025 starttls -tls1_2 -sigalgs 'RSA+SHA256' -cipher 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384'
  check "hardened 587 hides AUTH before STARTTLS" ehlo_has no AUTH 22587
  check "hardened 587 offers AUTH after STARTTLS" ehlo_has yes AUTH 22587 --starttls
  check "hardened 25 offers no AUTH" ehlo_has no AUTH 22025 --starttls
}

check_weak() {
  check "weak 25 negotiates TLS 1.0 (DEFAULT:@SECLEVEL=0)" handshake_is 'TLSv1 .*' 23025 starttls -tls1 -cipher 'DEFAULT:@SECLEVEL=0'
  check "weak 25 negotiates TLS 1.1" handshake_is 'TLSv1.1 .*' 23025 starttls -tls1_1 "${LAX[@]}"
  check "weak 25 negotiates CAMELLIA256-SHA on TLS 1.0" handshake_is 'TLSv1 CAMELLIA256-SHA' 23025 starttls -tls1 -cipher 'CAMELLIA256-SHA:@SECLEVEL=0'
  check "weak 25 negotiates static RSA (AES128-SHA)" handshake_is 'TLSv1.2 AES128-SHA' 23025 starttls -tls1_2 -cipher 'AES128-SHA:@SECLEVEL=0'
  check "weak 25 presents a 1024-bit key" transcript_has 'Server public key is 1024 bit' 23025 starttls "${LAX[@]}"
  check "weak 25 uses 1024-bit DH" transcript_has 'Server Temp Key: DH, 1024 bits' 23025 starttls -tls1_2 -cipher 'DHE-RSA-AES128-SHA:@SECLEVEL=0'
  check "weak follows the client's order" handshake_is 'TLSv1.2 AES128-SHA' 23025 starttls -tls1_2 -cipher 'AES128-SHA:ECDHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0'
  check "weak 465 negotiates TLS 1.0 (implicit TLS)" handshake_is 'TLSv1 .*' 23465 tls -tls1 "${LAX[@]}"
  check "weak 587 negotiates TLS 1.0" handshake_is 'TLSv1 .*' 23587 starttls -tls1 "${LAX[@]}"
  check "weak 587 offers AUTH before STARTTLS" ehlo_has yes AUTH 23587
}

check_postscreen() {
  local start end out ms
  start=$(date +%s%N)
  out=$(python3 "$HERE/livetool.py" banner "$LIVE_HOST" 24025 --timeout 10) || true
  end=$(date +%s%N)
  ms=$(((end - start) / 1000000))
  echo "  postscreen greeting took ${ms} ms: $(tr -d '\r' <<< "$out" | tr '\n' '|')"
  check "postscreen greets 220- at once and 220 after ~3 s" \
    test "${out:0:4}" = "220-" -a "$ms" -ge 2500 -a "$ms" -lt 8000
  check "postscreen logs PASS NEW" grep -q 'PASS NEW \[127.0.0.1\]' "$W/postscreen/maillog"
  check "postscreen STARTTLS (smtpd behind it) TLS 1.2" handshake_is 'TLSv1.2 ECDHE-.*' 24025 starttls -tls1_2
}

check_rate_limit() {  # last use of postscreen: it leaves the 30/min budget of 127.0.0.1 spent
  local out
  out=$(python3 "$HERE/livetool.py" burst "$LIVE_HOST" 24025 35)
  echo "  35 connections at once: $(tr '\n' ' ' <<< "$out")"
  check "postscreen/smtpd answers 421 over 30 connections a minute" grep -q '^421 ' <<< "$out"
  check "smtpd logs the connection rate limit" grep -q 'Connection rate limit exceeded' "$W/postscreen/maillog"
}

check_gnutls() {
  local out
  out=$(echo | timeout 10 gnutls-cli --insecure -p 25443 "$LIVE_HOST" \
    --priority 'NONE:+VERS-TLS1.0:+3DES-CBC:+SHA1:+RSA:+COMP-NULL:+SIGN-ALL' 2>&1) || true
  check "gnutls serves 3DES (static RSA) on TLS 1.0" grep -q 'Description: (TLS1.0-X.509)-(RSA)-(3DES-CBC)-(SHA1)' <<< "$out"
  check "gnutls serves TLS 1.0 to OpenSSL with a 1024-bit key" transcript_has 'Server public key is 1024 bit' 25443 tls -tls1 "${LAX[@]}"
  check "gnutls listens on loopback only (relay), not on 0.0.0.0" bash -c '! ss -ltn | grep -Eq "(0\.0\.0\.0|\*|\[::\]):4433 "'
}

BAD_MODES="no-starttls starttls-removed starttls-454 421-after-greeting 421-greeting no-greeting garbage
  slow-greeting endless-multiline huge-line close-mid-handshake alert-instead-of-serverhello garbage-serverhello"

start_badservers() {  # one port per mode from 25101 on; prints MODE:PORT arguments
  local p=25100 m
  for m in $BAD_MODES; do
    p=$((p + 1))
    badserver_up "$W" "$p" "$m" >&2 || return 1
    echo "$m:$p"
  done
}

check_badserver_lifecycle() {
  local pid rc
  python3 "$HERE/badserver.py" --port 25150 --mode no-starttls --once > "$W/once.out" 2>&1 &
  pid=$!
  _live_wait_ready "$W/once.out" "$pid" 10
  python3 "$HERE/livetool.py" banner "$LIVE_HOST" 25150 > /dev/null || true
  rc=0
  timeout 5 tail --pid="$pid" -f /dev/null || rc=1
  check "badserver --once exits after one connection" test $rc = 0
  badserver_up "$W" 25151 no-greeting
  pid=$(cat "$W/pids/badserver-25151.pid")
  kill -TERM "$pid"
  rc=0
  wait "$pid" 2> /dev/null || rc=$?
  check "badserver exits 0 on SIGTERM" test "$rc" = 0
}

# ---------------------------------------------------------------------------------------------

main() {
  local t args
  t=$(date +%s)
  live_env_up "$W" || { fail "live_env_up"; exit 1; }
  echo "environment up in $(($(date +%s) - t)) s"
  gnutls_up "$W" 25443 || fail "gnutls_up"
  mapfile -t args < <(start_badservers) || fail "badserver_up"
  # The badserver checks take ~8 s of waiting; run them while the TLS checks run.
  python3 "$HERE/badcheck.py" "${args[@]}" > "$W/badcheck.out" 2>&1 &
  local badpid=$!
  check_postscreen  # first: a quiet moment for the 3 s timing
  check_rate_limit
  check_hardened
  check_weak
  check_gnutls
  check_badserver_lifecycle
  wait "$badpid" || true
  sed 's/^PASS /PASS badserver /; s/^FAIL /FAIL badserver /' "$W/badcheck.out"
  FAILS=$((FAILS + $(grep -c '^FAIL' "$W/badcheck.out" || true)))
  grep -q '^PASS' "$W/badcheck.out" || fail "badcheck produced no result"
  echo "selfcheck: $FAILS failure(s) in $(($(date +%s) - T0)) s"
  [ "$FAILS" = 0 ]
}

main "$@"
