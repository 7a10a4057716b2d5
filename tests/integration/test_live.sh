#!/usr/bin/env bash
# The live audit against real servers on loopback (tests/integration/lib/live/): Debian's Postfix
# in a hardened, a weak and a postscreen instance, gnutls-serv with 3DES and TLS 1.0, and
# scripted misbehaving servers. Oracles: sslscan and testssl.sh must find the same accepted
# (version, suite) set as mtaudit on the same port (which ports: MTAUDIT_TESTSSL below).
# usage: test_live.sh MTAUDIT_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
here="$src/tests/integration/lib/live"
# shellcheck source=lib/live/env.sh
. "$here/env.sh"
# shellcheck source=lib/live/oracle.sh
. "$here/oracle.sh"
W=$(mktemp -d /tmp/mtaudit-live.XXXXXX)
chmod 755 "$W"  # the postfix user reads its configuration below it
trap 'live_env_down "$W"; rm -rf "$W"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

if ! live_env_up "$W"; then
  echo "FAIL the live test environment did not start"; echo "0 passed, 1 failed"; exit 1
fi
gnutls_up "$W" 25443 || bad "gnutls-serv did not start"
host=mail.example.test

# status FILE RULE TARGET: the status of one result of a JSON report
status() {
  python3 - "$@" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(next((r["status"] for r in results if r["rule"] == sys.argv[2] and r["target"] == sys.argv[3]), "absent"))
PY
}
expect_status() {  # expect_status LABEL FILE RULE TARGET WANT
  local got
  got=$(status "$2" "$3" "$4")
  [ "$got" = "$5" ] && ok || bad "$1: $3 $4 is $got, want $5"
}
# suites FILE PORT: "VERSION IANA_NAME" lines of one port, sorted as the oracles print them
suites() {
  python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
live = d["evidence"]["live"] if "evidence" in d else d["live"]
port = next(p for p in live["ports"] if p["port"] == int(sys.argv[2]))
lines = [s["version"] + " " + s["name"] for s in port["suites"]]
print("\n".join(sorted(lines, key=lambda x: x.encode())))
PY
}
fact() {  # fact FILE PORT KEY: one top-level fact of a port, as JSON
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); p=next(p for p in d["evidence"]["live"]["ports"] if p["port"]==int(sys.argv[2])); print(json.dumps(p[sys.argv[3]]))' "$@"
}
same_set() {  # same_set LABEL MINE ORACLE (the oracles call TLS 1.0 "TLSv1.0", Postfix "TLSv1")
  sed 's/^TLSv1\.0 /TLSv1 /' "$3" | LC_ALL=C sort > "$3.norm"
  if [ -s "$3.norm" ] && diff -u "$3.norm" "$2" > "$W/diff"; then ok; else bad "$1: mtaudit and the oracle differ"; head -20 "$W/diff"; fi
}

# --- hardened: every live rule passes except the informational post-quantum probe -------------
. "$W/hardened.env"
ca=$LIVE_CA_FILE
logged_before=$(grep -c ' connect from' "$LIVE_MAILLOG")
"$bin" check --host "$host" --connect 127.0.0.1 --ports 22025,22587,22465/tls --ca-file "$ca" \
  --config-dir "$LIVE_CONFIG_DIR" --postfix-version 3.7 --json "$W/h.json" --sarif "$W/h.sarif" \
  --junit "$W/h.xml" --text "$W/h.txt" 2>"$W/h.err"
live_rules=(live-starttls live-protocols-no-ssl live-protocols-tls12-min live-tls13 live-ciphers-no-weak
  live-ciphers-pfs-aead live-server-preference live-no-compression live-kex-groups live-certificate
  live-dual-certificates live-auth-after-tls live-secure-renegotiation live-session-resumption
  live-no-early-data drift-cert-disk-vs-live drift-protocols-config-vs-live drift-ciphers-config-vs-live)
for p in 22025 22587 22465; do
  for r in "${live_rules[@]}"; do expect_status hardened "$W/h.json" "$r" "$host:$p" pass; done
  expect_status hardened "$W/h.json" live-pq-kex "$host:$p" fail  # OpenSSL 3.0 has no ML-KEM
  n=$(fact "$W/h.json" "$p" connections)
  [ "$n" -le 16 ] && ok || bad "hardened:$p took $n connections (at most 16)"
done
sleep 1  # smtpd logs the last disconnect a moment after the client has gone
[ "$(($(grep -c ' connect from' "$LIVE_MAILLOG") - logged_before))" -eq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["evidence"]["live"]["connections"])' "$W/h.json")" ] \
  && ok || bad "hardened: Postfix's log and the connections fact disagree"
# testssl.sh runs in the background while the rest goes on (started after the count of
# connections above, which the scanners would change). Its -E opens a connection per suite and
# protocol: alone, about 35 s on the hardened instance, 80 s on the GnuTLS server and three
# minutes on the weak instance, which made it the longest step of .ci/run.
#   MTAUDIT_TESTSSL=1 (default): the hardened instance and the GnuTLS server (3DES, TLS 1.0);
#     the weak instance is compared with sslscan (below) and nmap (bench).
#   MTAUDIT_TESTSSL=all: the weak instance with testssl.sh too.
#   MTAUDIT_TESTSSL=0 (the sanitizer run, scripts/sanitize.sh): none; it compares findings,
#     which the plain run already did. sslscan still runs.
testssl_on=${MTAUDIT_TESTSSL:-1}
if [ "$testssl_on" != 0 ]; then
  testssl --version >/dev/null 2>&1 || bad "testssl is not installed"
  (oracle_testssl 127.0.0.1:22025 starttls > "$W/testssl-hardened.txt" 2>"$W/testssl-hardened.err") &
  testssl_hardened=$!
  (oracle_testssl 127.0.0.1:25443 > "$W/testssl-gnutls.txt" 2>"$W/testssl-gnutls.err") &
  testssl_gnutls=$!
fi
if [ "$testssl_on" = all ]; then
  (oracle_testssl 127.0.0.1:23025 starttls > "$W/testssl-weak.txt" 2>"$W/testssl-weak.err") &
  testssl_weak=$!
fi

bash "$src/tests/integration/lib/validate_reports.sh" --json "$W/h.json" --sarif-github "$W/h.sarif" --junit "$W/h.xml" >"$W/validate.out" 2>&1 \
  && ok || { bad "hardened reports do not validate"; tail -5 "$W/validate.out"; }
grep -q "mail.example.test:22025" "$W/h.txt" && ok || bad "text report lacks the port"
suites "$W/h.json" 22025 > "$W/mine-hardened.txt"
oracle_sslscan 127.0.0.1:22025 starttls > "$W/sslscan-hardened.txt" 2>/dev/null
same_set "hardened:22025 sslscan" "$W/mine-hardened.txt" "$W/sslscan-hardened.txt"
suites "$W/h.json" 22465 > "$W/mine-hardened-465.txt"
oracle_sslscan 127.0.0.1:22465 > "$W/sslscan-hardened-465.txt" 2>/dev/null
same_set "hardened:22465 sslscan (implicit TLS)" "$W/mine-hardened-465.txt" "$W/sslscan-hardened-465.txt"

# --- weak: the findings a weak server must give ------------------------------------------------
. "$W/weak.env"
"$bin" check --host "$host" --connect 127.0.0.1 --ports 23025,23587 --ca-file "$ca" --rate-limit 6000 \
  --config-dir "$LIVE_CONFIG_DIR" --postfix-version 3.7 --json "$W/w.json" --text /dev/null 2>"$W/w.err"
for r in live-protocols-tls12-min live-ciphers-no-weak live-ciphers-pfs-aead live-server-preference \
  live-dual-certificates live-kex-groups; do
  expect_status weak "$W/w.json" "$r" "$host:23025" fail
done
expect_status weak "$W/w.json" live-auth-after-tls "$host:23587" fail
expect_status weak "$W/w.json" live-starttls "$host:23025" pass
expect_status weak "$W/w.json" drift-protocols-config-vs-live "$host:23025" pass
[ "$(fact "$W/w.json" 23025 dhe_bits)" = 1024 ] && ok || bad "weak: DHE 1024 not seen"
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["evidence"]["live"]["ports"][0]["certificates"]["rsa"]["key_bits"])' "$W/w.json")" = 1024 ] \
  && ok || bad "weak: the 1024-bit RSA certificate was not seen"
suites "$W/w.json" 23025 > "$W/mine-weak.txt"
oracle_sslscan 127.0.0.1:23025 starttls > "$W/sslscan-weak.txt" 2>/dev/null
same_set "weak:23025 sslscan" "$W/mine-weak.txt" "$W/sslscan-weak.txt"

# --- gnutls-serv: suites OpenSSL 3 cannot send (3DES) and ffdhe DHE ---------------------------
"$bin" facts --host "$host" --connect 127.0.0.1 --ports 25443/tls --ca-file "$ca" --rate-limit 6000 > "$W/g.json" 2>"$W/g.err"
suites "$W/g.json" 25443 > "$W/mine-gnutls.txt"
grep -q "3DES" "$W/mine-gnutls.txt" && ok || bad "gnutls: no 3DES suite found"
grep -q "TLSv1 " "$W/mine-gnutls.txt" && ok || bad "gnutls: TLS 1.0 not found"

# --- misbehaving servers: each gives its result within its timeout ------------------------------
bad_case() {  # bad_case PORT MODE STATUS MESSAGE_SUBSTRING MAX_SECONDS
  badserver_up "$W" "$1" "$2" >/dev/null 2>&1 || { bad "badserver $2 did not start"; return; }
  local start end
  start=$(date +%s%N)
  "$bin" check --host "$host" --connect 127.0.0.1 --ports "$1" --sources live --greeting-timeout 2 --io-timeout 2 \
    --json "$W/bad-$2.json" --text /dev/null 2>/dev/null
  end=$(date +%s%N)
  local got msg
  got=$(status "$W/bad-$2.json" live-starttls "$host:$1")
  msg=$(python3 -c 'import json,sys; print(next(r["message"] for r in json.load(open(sys.argv[1]))["results"] if r["rule"]=="live-starttls"))' "$W/bad-$2.json")
  if [ "$got" = "$3" ] && [[ $msg == *"$4"* ]] && [ $(((end - start) / 1000000000)) -le "$5" ]; then ok; else
    bad "badserver $2: $got '$msg' in $(((end - start) / 1000000)) ms (want $3 '$4' within $5 s)"; fi
}
bad_case 25101 no-starttls fail "EHLO does not advertise STARTTLS" 5
bad_case 25102 starttls-454 error "454 4.7.0" 5
bad_case 25103 421-after-greeting error "421 4.7.0" 5
bad_case 25104 421-greeting error "421 4.7.0" 5
bad_case 25105 no-greeting error "no greeting within 2 s" 5
bad_case 25106 garbage error "not an SMTP reply line" 5
bad_case 25107 close-mid-handshake fail "no TLS handshake completed" 8
bad_case 25108 endless-multiline error "reply longer than 100 lines" 5
bad_case 25109 huge-line error "reply line longer than 2048 bytes" 5
bad_case 25110 garbage-serverhello error "not a TLS handshake record" 8
# Garbage never reaches a report as raw bytes: the JSON stays valid UTF-8 text.
python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$W/bad-garbage.json" && ok || bad "garbage made the JSON report invalid"

# --- a closed port is one error, and the other ports are still audited --------------------------
. "$W/hardened.env"
"$bin" check --host "$host" --connect 127.0.0.1 --ports 1,22025 --sources live --ca-file "$ca" --json "$W/closed.json" --text /dev/null 2>/dev/null
expect_status closed "$W/closed.json" live-starttls "$host:1" error
python3 - "$W/closed.json" "$host:1" <<'PY' && ok || bad "closed port: more than one error result"
import json, sys
results = [r for r in json.load(open(sys.argv[1]))["results"] if r["target"] == sys.argv[2]]
errors = [r for r in results if r["status"] == "error"]
sys.exit(0 if len(errors) == 1 and all(r["status"] == "skip" for r in results if r not in errors) else 1)
PY
expect_status closed "$W/closed.json" live-tls13 "$host:22025" pass

# --- postscreen with a greeting delay and a 30/min rate limit on all three ports: a complete
# audit with no 421 (pacing keeps each port under the limit) -----------------------------------
. "$W/postscreen.env"
# With the configuration too: the drift rules find the smtpd pass service behind postscreen.
"$bin" check --host "$host" --connect 127.0.0.1 --ports "$LIVE_SMTP_PORT,$LIVE_SUBMISSION_PORT,$LIVE_SMTPS_PORT/tls" \
  --config-dir "$LIVE_CONFIG_DIR" --postfix-version 3.7 --ca-file "$ca" --json "$W/ps.json" --text /dev/null 2>/dev/null
for p in "$LIVE_SMTP_PORT" "$LIVE_SUBMISSION_PORT" "$LIVE_SMTPS_PORT"; do
  for r in live-starttls live-tls13 live-ciphers-no-weak live-certificate drift-cert-disk-vs-live \
    drift-protocols-config-vs-live drift-ciphers-config-vs-live; do
    expect_status postscreen "$W/ps.json" "$r" "$host:$p" pass
  done
done
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; sys.exit(1 if any(x["status"]=="error" for x in r) else 0)' "$W/ps.json" \
  && ok || bad "postscreen: an error result (rate limited?)"
grep -q "Connection rate limit exceeded\|PREGREET" "$LIVE_MAILLOG" && bad "postscreen: rate limit exceeded or pregreet" || ok

# --- the global budget: with --timeout shorter than postscreen's greeting delay, the audit ends
# soon after the budget, and what it could not learn is an error, never a pass ------------------
start=$(date +%s)
"$bin" check --host "$host" --connect 127.0.0.1 --ports "$LIVE_SMTP_PORT" --sources live --ca-file "$ca" --timeout 1 \
  --json "$W/budget.json" --text /dev/null 2>/dev/null
took=$(($(date +%s) - start))
[ "$took" -le 12 ] && ok || bad "budget: the audit took ${took} s with --timeout 1"
expect_status budget "$W/budget.json" live-tls13 "$host:$LIVE_SMTP_PORT" error
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; sys.exit(1 if any(x["status"]=="pass" and x["rule"] not in ("live-starttls",) and x["rule"].startswith("live-ciphers") for x in r) else 0)' \
  "$W/budget.json" && ok || bad "budget: a cipher rule passed on an incomplete enumeration"

# --- the oracles that ran in the background -----------------------------------------------------
if [ "$testssl_on" != 0 ]; then
  wait "$testssl_hardened"
  same_set "hardened:22025 testssl" "$W/mine-hardened.txt" "$W/testssl-hardened.txt"
  wait "$testssl_gnutls"
  same_set "gnutls testssl" "$W/mine-gnutls.txt" "$W/testssl-gnutls.txt"
fi
if [ "$testssl_on" = all ]; then
  wait "$testssl_weak"
  same_set "weak:23025 testssl" "$W/mine-weak.txt" "$W/testssl-weak.txt"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
