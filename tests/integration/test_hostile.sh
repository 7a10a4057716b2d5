#!/usr/bin/env bash
# Hostile peers (issue: reliability and security): scripted SMTP servers that stall, flood or
# lie (tests/integration/lib/live/badserver.py), an OpenSSL server presenting a chain of 100
# certificates, and the DNS test environment's hostile MTA-STS servers (10 MB policy, redirect,
# a body that trickles) and oversized or bogus DNS answers. For each: the result names
# host:port (or record, or URL) and comes within the configured budget, peak memory stays under
# 64 MiB (GNU time's maximum resident set size), a good port and the DNS source audited in the
# same run are unaffected, and every report validates against its schema.
# usage: test_hostile.sh MTAUDIT_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
. "$src/tests/integration/lib/live/env.sh"
. "$src/tests/integration/lib/dns/env.sh"
W=$(mktemp -d /tmp/mtaudit-hostile.XXXXXX)
chmod 755 "$W"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; live_env_down "$W"; dns_env_down "$W"; rm -rf "$W"' EXIT
. "$src/tests/integration/lib/harness.sh"
host=bad.example.test
limit_kb=$((64 * 1024))
judge_rss=1
if binary_is_sanitized "$bin"; then judge_rss=0; echo "peak RSS is not judged: $bin is a sanitizer build"; fi

dns_certdir_mint "$W/m" >/dev/null 2>&1 && dns_env_up "$W" "$W/m/certs" >/dev/null 2>&1 || {
  echo "FAIL the DNS environment did not start"; echo "0 passed, 1 failed"; exit 1; }
. "$W/dns.env"
certs=$W/m/certs

# A good implicit-TLS port (openssl s_server) audited beside each hostile one.
serve() {  # serve PORT CERT KEY [CHAIN]: openssl s_server on 127.0.0.1:PORT until the test ends
  local args=(-accept "127.0.0.1:$1" -cert "$2" -key "$3" -quiet)
  [ $# -ge 4 ] && args+=(-cert_chain "$4")
  openssl s_server "${args[@]}" </dev/null >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
key_of() { openssl pkey -in "$1" 2>/dev/null; }
key_of "$certs/ecdsa-chain.pem" > "$W/good.key"
serve 25130 "$certs/ecdsa.pem" "$W/good.key" || bad "openssl s_server did not start"

# A chain of 100 certificates: leaf, then 99 CAs each issued by the next.
python3 - "$W/long" <<'PY'
import os, subprocess, sys
d = sys.argv[1]
os.makedirs(d, exist_ok=True)
def run(*args, stdin=None):
    subprocess.run(args, input=stdin, check=True, capture_output=True)
def key(path):
    run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path)
def issue(subject, key_path, ca, out, serial, ext):
    run("openssl", "req", "-new", "-key", key_path, "-subj", subject, "-out", f"{d}/r.csr")
    run("openssl", "x509", "-req", "-in", f"{d}/r.csr", "-CA", ca[1], "-CAkey", ca[0], "-days", "3650",
        "-set_serial", str(serial), "-extfile", "/dev/stdin", "-out", out, stdin=ext)
# CA 100 is self-signed, CA i is issued by CA i+1, the leaf by CA 1.
key(f"{d}/k100.pem")
run("openssl", "req", "-x509", "-new", "-key", f"{d}/k100.pem", "-subj", "/CN=Hostile CA 100", "-days", "3650",
    "-out", f"{d}/c100.pem")
for i in range(99, 0, -1):
    key(f"{d}/k{i}.pem")
    issue(f"/CN=Hostile CA {i}", f"{d}/k{i}.pem", (f"{d}/k{i + 1}.pem", f"{d}/c{i + 1}.pem"), f"{d}/c{i}.pem", i,
          b"basicConstraints=critical,CA:TRUE\n")
key(f"{d}/leaf.key")
issue("/CN=bad.example.test", f"{d}/leaf.key", (f"{d}/k1.pem", f"{d}/c1.pem"), f"{d}/leaf.pem", 1000,
      b"subjectAltName=DNS:bad.example.test\n")
with open(f"{d}/chain.pem", "w") as out:
    for i in range(1, 100):
        out.write(open(f"{d}/c{i}.pem").read())
PY
[ "$(grep -c BEGIN "$W/long/chain.pem")" = 99 ] && ok || bad "the 100-certificate chain was not made"
serve 25131 "$W/long/leaf.pem" "$W/long/leaf.key" "$W/long/chain.pem" || bad "openssl s_server (long chain) did not start"

dns_args=(--domain example.test --resolver "$DNS_RESOLVER" --trust-anchor "$DNS_TRUST_ANCHOR" --ca-file "$DNS_CA_FILE")
# run_case LABEL PORTS MAX_SECONDS [extra args]: one audit with GNU time; leaves $W/LABEL.{json,kb,ms}
run_case() {
  local label=$1 ports=$2 max=$3 start
  shift 3
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$W/$label.kb" "$bin" check --host "$host" --connect 127.0.0.1 --ports "$ports" \
    --greeting-timeout 2 --io-timeout 2 --timeout 20 --rate-limit 6000 --fail-on never "$@" \
    --json "$W/$label.json" --sarif "$W/$label.sarif" --junit "$W/$label.xml" --text /dev/null 2>"$W/$label.err"
  local ms=$((($(date +%s%N) - start) / 1000000)) kb
  kb=$(tail -1 "$W/$label.kb")
  [ "$ms" -le $((max * 1000)) ] && ok || bad "$label: took $ms ms, budget $max s"
  if [ "$judge_rss" = 1 ]; then
    [ "${kb:-999999}" -lt "$limit_kb" ] && ok || bad "$label: peak RSS ${kb} KiB, limit $limit_kb KiB"
  fi
  bash "$src/tests/integration/lib/validate_reports.sh" --json "$W/$label.json" --sarif "$W/$label.sarif" \
    --junit "$W/$label.xml" >/dev/null 2>&1 && ok || bad "$label: a report does not validate"
  echo "$label ${ms} ms ${kb} KiB" >> "$W/figures"
}
# result FILE RULE TARGET: "status|message" of one result
result() {
  python3 -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1]))["results"] if x["rule"]==sys.argv[2] and x["target"]==sys.argv[3]]; print(r[0]["status"] + "|" + r[0]["message"] if r else "absent|")' "$@"
}
expect_result() {  # expect_result LABEL RULE TARGET STATUSES SUBSTRING
  local got
  got=$(result "$W/$1.json" "$2" "$3")
  [[ "|$4|" == *"|${got%%|*}|"* && ${got#*|} == *"$5"* ]] && ok || bad "$1: $2 $3 is '$got', want $4 with '$5'"
}
# The good port and the DNS source in the same run are audited as if nothing happened.
good_neighbours() {
  expect_result "$1" live-starttls "$host:25130" pass ""
  expect_result "$1" dns-mx example.test pass ""
}

port=25140
for spec in "slow-greeting|error|no greeting within 2 s" "no-greeting|error|no greeting within 2 s" \
            "garbage|error|not an SMTP reply line" "endless-multiline|error|reply longer than 100 lines" \
            "huge-line|error|reply line longer than 2048 bytes" "starttls-removed|fail|does not advertise STARTTLS" \
            "alert-instead-of-serverhello|fail|" "garbage-serverhello|error|not a TLS handshake record" \
            "unknown-version-serverhello|error|version 0x0305, which was not offered" \
            "unknown-suite-serverhello|error|suite 0xFAFA, which was not offered"; do
  IFS='|' read -r mode want text <<<"$spec"
  port=$((port + 1))
  badserver_up "$W" "$port" "$mode" >/dev/null 2>&1 || { bad "badserver $mode did not start"; continue; }
  run_case "$mode" "$port,25130/tls" 30 "${dns_args[@]}"
  expect_result "$mode" live-starttls "$host:$port" "$want" "$text"
  good_neighbours "$mode"
done

# 100 certificates: read, bounded, judged (the chain does not verify), never a crash.
run_case long-chain "25131/tls,25130/tls" 30 "${dns_args[@]}"
expect_result long-chain live-certificate "$host:25131" "fail|error" ""
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["evidence"]["live"]; p=[p for p in d["ports"] if p["port"]==25131][0]; sys.exit(0 if p["certificates"]["ecdsa"]["chain_length"] == 100 else 1)' \
  "$W/long-chain.json" && ok || bad "long-chain: the 100 certificates are not all in the evidence"
good_neighbours long-chain

# Hostile DNS and MTA-STS: each its own result naming the record or URL, the rest unaffected.
run_case sts-huge "25130/tls" 20 --domain huge.test --resolver "$DNS_RESOLVER" --trust-anchor "$DNS_TRUST_ANCHOR" --ca-file "$DNS_CA_FILE"
expect_result sts-huge mta-sts-policy https://mta-sts.huge.test/.well-known/mta-sts.txt fail "larger than 64 KiB"
expect_result sts-huge dns-mx huge.test pass ""
run_case sts-stall "25130/tls" 20 --domain stall.test --resolver "$DNS_RESOLVER" --trust-anchor "$DNS_TRUST_ANCHOR" --ca-file "$DNS_CA_FILE"
expect_result sts-stall mta-sts-policy https://mta-sts.stall.test/.well-known/mta-sts.txt error "https://mta-sts.stall.test/"
expect_result sts-stall live-starttls "$host:25130" pass ""
run_case sts-redirect "25130/tls" 20 --domain redirect.test --resolver "$DNS_RESOLVER" --trust-anchor "$DNS_TRUST_ANCHOR" --ca-file "$DNS_CA_FILE"
expect_result sts-redirect mta-sts-policy https://mta-sts.redirect.test/.well-known/mta-sts.txt fail "redirects"
run_case dns-oversized "25130/tls" 20 --domain malformed.test --dkim-selector big --resolver "$DNS_RESOLVER" --trust-anchor "$DNS_TRUST_ANCHOR" --ca-file "$DNS_CA_FILE"
expect_result dns-oversized dkim-record big._domainkey.malformed.test fail "4998 bytes"
run_case dns-bogus "25130/tls" 20 --domain bogus.test --resolver "$DNS_RESOLVER" --trust-anchor "$DNS_TRUST_ANCHOR" --ca-file "$DNS_CA_FILE"
expect_result dns-bogus dane-tlsa-present mail.bogus.test fail "bogus"

sort "$W/figures"
harness_finish
