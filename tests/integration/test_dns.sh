#!/usr/bin/env bash
# The DNS source against real servers on loopback: nsd serving zones signed at test time with
# ldnsutils (tests/integration/lib/dns/), nginx serving MTA-STS policies over HTTPS with the test
# CA, and the live-audit Postfix instance whose certificates the TLSA records describe.
# Oracle for DANE: `openssl s_client -dane_tlsa_rrdata` against the same live port.
# usage: test_dns.sh MTAUDIT_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
. "$src/tests/integration/lib/live/env.sh"
. "$src/tests/integration/lib/dns/env.sh"
W=$(mktemp -d /tmp/mtaudit-dns.XXXXXX)
chmod 755 "$W"  # the postfix user reads its configuration below it
trap 'dns_env_down "$W"; live_env_down "$W"; rm -rf "$W"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

if ! LIVE_INSTANCES=hardened live_env_up "$W" || ! dns_env_up "$W" "$W/certs"; then
  echo "FAIL the test environment did not start"; echo "0 passed, 1 failed"; exit 1
fi
. "$W/hardened.env"
. "$W/dns.env"
dns=(--resolver "$DNS_RESOLVER" --trust-anchor "$DNS_TRUST_ANCHOR" --ca-file "$DNS_CA_FILE" --io-timeout 3)

# expect FILE "RULE|TARGET|STATUS|TEXT" ...: each named result exists with that status and a
# message containing TEXT (TARGET "*" = every result of the rule).
expect() {
  python3 - "$@" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
bad = 0
for spec in sys.argv[2:]:
    rule, target, status, text = spec.split("|", 3)
    got = [r for r in results if r["rule"] == rule and (target == "*" or r["target"] == target)]
    if not got or any(r["status"] != status or text not in r["message"] for r in got):
        bad += 1
        print(f"  {spec}: got " + "; ".join(f"{r['target']} {r['status']}: {r['message']}" for r in got) or "  none")
sys.exit(1 if bad else 0)
PY
}
check_domain() {  # check_domain LABEL DOMAIN ARGS... -- SPECS...
  local label=$1 domain=$2 args=() specs=()
  shift 2
  while [ $# -gt 0 ] && [ "$1" != -- ]; do args+=("$1"); shift; done
  shift
  specs=("$@")
  "$bin" check --domain "$domain" --sources dns "${dns[@]}" "${args[@]}" --fail-on never --text /dev/null \
    --json "$W/$label.json" 2>"$W/$label.err"
  local rc=$?
  if [ "$rc" -le 3 ] && out=$(expect "$W/$label.json" "${specs[@]}"); then ok; else
    bad "$label (exit $rc)"; echo "$out"; head -3 "$W/$label.err"; fi
}

# --- the good domain, every source together: all of section C passes ------------------------
"$bin" check --domain example.test --dkim-selector mail --dkim-selector ed "${dns[@]}" \
  --host mail.example.test --connect 127.0.0.1 --ports "$LIVE_SMTP_PORT,$LIVE_SUBMISSION_PORT,$LIVE_SMTPS_PORT/tls" \
  --dane-port "$LIVE_SMTP_PORT" --config-dir "$LIVE_CONFIG_DIR" --rate-limit 6000 --fail-on never \
  --json "$W/good.json" --sarif "$W/good.sarif" --junit "$W/good.xml" --text "$W/good.txt" 2>"$W/good.err"
python3 - "$W/good.json" <<'PY' && ok || bad "example.test: every DNS rule passes"
import json, sys
rules = ["dns-mx", "dnssec-signed", "dane-tlsa-present", "dane-tlsa-usage", "dane-tlsa-matches-live",
         "dane-tlsa-matches-disk", "dane-rollover-ready", "mta-sts-record", "mta-sts-policy", "mta-sts-mode",
         "mta-sts-mx-coverage", "mta-sts-max-age", "tlsrpt-record", "spf-record", "dkim-record", "dmarc-record"]
results = json.load(open(sys.argv[1]))["results"]
bad = [f"{r['rule']} {r['target']} {r['status']}: {r['message']}" for r in results if r["rule"] in rules and r["status"] != "pass"]
missing = [r for r in rules if not any(x["rule"] == r for x in results)]
live = [r for r in results if r["rule"] == "dane-tlsa-matches-live"]
print("\n".join(bad + missing))
sys.exit(1 if bad or missing or len(live) != 2 else 0)
PY
expect "$W/good.json" "dane-tlsa-matches-live|mail.example.test:$LIVE_SMTP_PORT RSA|pass|matches 3 1 1" \
  "dane-tlsa-matches-live|mail.example.test:$LIVE_SMTP_PORT ECDSA|pass|matches 3 1 1" \
  "dkim-record|ed._domainkey.example.test|pass|ed25519 256 bits" >/dev/null && ok || bad "example.test: DANE and DKIM targets"
bash "$src/tests/integration/lib/validate_reports.sh" --json "$W/good.json" --junit "$W/good.xml" \
  --sarif "$W/good.sarif" >/dev/null && ok || bad "example.test: reports validate against their schemas"

# The oracle: OpenSSL's own client with the same TLSA record on the same port.
tlsa_of() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["evidence"]["dns"]; print("\n".join(r["text"] for h in d["mx"]["hosts"] for r in h["tlsa"]["records"]))' "$1"; }
while read -r rr; do
  [ -n "$rr" ] || continue
  if [ "${rr%% *}" = 3 ]; then
    # Each 3 1 1 record describes one of the two keys: an RSA-only or an ECDSA-only client gets it.
    verified=0
    for sigalgs in "RSA-PSS+SHA256:RSA+SHA256" "ECDSA+SHA256"; do
      echo QUIT | timeout 10 openssl s_client -connect "127.0.0.1:$LIVE_SMTP_PORT" -starttls smtp -tls1_2 \
        -dane_tlsa_domain mail.example.test -dane_tlsa_rrdata "$rr" -sigalgs "$sigalgs" 2>&1 |
        grep -q 'Verification: OK' && verified=1
    done
    [ "$verified" = 1 ] && ok || bad "openssl s_client does not verify $rr"
  fi
done < <(tlsa_of "$W/good.json")

# --- mismatching TLSA: mtaudit and openssl s_client agree that nothing matches ---------------
"$bin" check --domain mismatch.test "${dns[@]}" --host mail.mismatch.test --connect 127.0.0.1 \
  --ports "$LIVE_SMTP_PORT" --dane-port "$LIVE_SMTP_PORT" --config-dir "$LIVE_CONFIG_DIR" --rate-limit 6000 \
  --fail-on never --text /dev/null --json "$W/mismatch.json" 2>"$W/mismatch.err"
expect "$W/mismatch.json" "dane-tlsa-matches-live|*|fail|matches no TLSA record of mail.mismatch.test" \
  "dane-tlsa-matches-disk|*|fail|matches no TLSA record" "dane-tlsa-usage|mail.mismatch.test|fail|usage 0 or 1" \
  && ok || bad "mismatch.test: DANE failures"
rr=$(tlsa_of "$W/mismatch.json" | grep '^3 ' | head -1)
echo QUIT | timeout 10 openssl s_client -connect "127.0.0.1:$LIVE_SMTP_PORT" -starttls smtp \
  -dane_tlsa_domain mail.mismatch.test -dane_tlsa_rrdata "$rr" 2>&1 | grep -q 'Verification: OK' \
  && bad "openssl s_client verifies the mismatching record $rr" || ok

# --- one domain per finding (DNS only) -------------------------------------------------------
check_domain unsigned unsigned.test -- "dnssec-signed|unsigned.test|fail|are insecure" \
  "dane-tlsa-present|mail.unsigned.test|fail|are insecure"
check_domain bogus bogus.test -- "dane-tlsa-present|mail.bogus.test|fail|bogus" "dnssec-signed|bogus.test|pass|"
# With the server known (--host), the matching rules say why there is nothing to match.
"$bin" check --domain bogus.test "${dns[@]}" --host mail.bogus.test --connect 127.0.0.1 --ports "$LIVE_SMTP_PORT" \
  --dane-port "$LIVE_SMTP_PORT" --rate-limit 6000 --fail-on never --text /dev/null --json "$W/bogus-host.json" 2>"$W/bogus-host.err"
expect "$W/bogus-host.json" "dane-tlsa-matches-live|*|skip|the TLSA records at _25._tcp.mail.bogus.test are bogus" &&
  ok || bad "bogus.test with --host: the DANE matching rules name the bogus records"
check_domain weak weak.test --dkim-selector mail -- \
  "dane-tlsa-present|*|fail|no TLSA record" "mta-sts-mode|*|fail|testing, not enforce" \
  "mta-sts-mx-coverage|*|fail|mx2.weak.test" "mta-sts-max-age|*|fail|86400 s" \
  "tlsrpt-record|_smtp._tls.weak.test|fail|0 v=TLSRPTv1 records" \
  "spf-record|SPF weak.test|fail|11 DNS-querying terms" "dmarc-record|_dmarc.weak.test|fail|p=none" \
  "dkim-record|mail._domainkey.weak.test|pass|rsa 1024 bits"
check_domain weak-2048 weak.test --dkim-selector mail --set dkim-record.min_rsa_bits=2048 -- \
  "dkim-record|mail._domainkey.weak.test|fail|1024 bits, under 2048"
check_domain twospf twospf.test -- "spf-record|*|fail|2 SPF records" "mta-sts-record|*|fail|2 v=STSv1 records" \
  "dmarc-record|*|fail|2 v=DMARC1 records"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["evidence"]["dns"]; sys.exit(0 if d["spf"]["all"] == "+all" and d["spf"]["lookups"] == 11 and d["dmarc"]["rua"] == [] else 1)' "$W/weak.json" \
  && ok || bad "weak.test: SPF +all with 11 lookups, DMARC without rua in the evidence"
check_domain loop loop.test -- "spf-record|*|fail|include:loop.test loops back to loop.test"
check_domain malformed malformed.test --dkim-selector mail --dkim-selector big -- \
  "spf-record|*|fail|unknown mechanism \"foo:bar\"" "dmarc-record|*|fail|p=bogus is not none" \
  "mta-sts-record|*|fail|is not 1 to 32 letters and digits" "tlsrpt-record|*|fail|is neither mailto: nor https:" \
  "dkim-record|mail._domainkey.malformed.test|fail|revoked" "dkim-record|big._domainkey.malformed.test|fail|not parsed"
check_domain servfail servfail.test -- "dns-mx|*|error|MX servfail.test: SERVFAIL" "spf-record|*|error|SERVFAIL"
check_domain nosts nosts.test -- "mta-sts-record|*|fail|0 v=STSv1 records" "mta-sts-policy|*|skip|no _mta-sts TXT record"
check_domain big big.test -- "mta-sts-policy|*|fail|larger than 64 KiB"
check_domain huge huge.test -- "mta-sts-policy|*|fail|larger than 64 KiB"
check_domain redirect redirect.test -- "mta-sts-policy|*|fail|redirects (HTTP 301 to https://mta-sts.example.test/"
check_domain ctype ctype.test -- "mta-sts-policy|*|fail|served as text/html"
check_domain badcert badcert.test -- "mta-sts-policy|*|fail|the certificate of mta-sts.badcert.test does not verify"
check_domain nopolicy nopolicy.test -- "mta-sts-policy|*|fail|answers HTTP 404"
start=$(date +%s%N)
check_domain stall stall.test -- "mta-sts-policy|*|error|https://mta-sts.stall.test/.well-known/mta-sts.txt"
ms=$((($(date +%s%N) - start) / 1000000))
# Bounded by the budget (each DNS round and the fetch: --io-timeout 3), not by the 10 MB body
# trickling at a byte every 2 s; the slack is for a loaded machine.
[ "$ms" -lt 10000 ] && ok || bad "stall.test: took $ms ms with --io-timeout 3"

# --- no answer at all: every DNS rule is an error naming its record, within the budget ------
start=$(date +%s%N)
"$bin" check --domain example.test --sources dns --resolver 127.0.0.1@9 --trust-anchor "$DNS_TRUST_ANCHOR" \
  --io-timeout 1 --fail-on never --text /dev/null --json "$W/silent.json" 2>/dev/null
ms=$((($(date +%s%N) - start) / 1000000))
expect "$W/silent.json" "dns-mx|*|error|MX example.test: no answer within 1 s" \
  "dmarc-record|*|error|TXT _dmarc.example.test: no answer within 1 s" && [ "$ms" -lt 6000 ] && ok \
  || bad "silent resolver: errors within the budget ($ms ms)"

# --- snapshot: record, then replay with no network to the same results -------------------------
"$bin" check --domain weak.test --dkim-selector mail --sources dns "${dns[@]}" --dns-snapshot-out "$W/weak.snap" \
  --fail-on never --text /dev/null --json "$W/rec.json" 2>/dev/null
"$bin" check --dns-snapshot "$W/weak.snap" --ca-file "$DNS_CA_FILE" --sources dns --fail-on never --text /dev/null \
  --json "$W/replay.json" 2>"$W/replay.err"
python3 - "$W/rec.json" "$W/replay.json" <<'PY' && ok || bad "a replayed snapshot gives the same results"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
strip = lambda d: [(r["rule"], r["target"], r["status"], r["message"]) for r in d["results"]]
dns_a, dns_b = a["evidence"]["dns"], b["evidence"]["dns"]
sys.exit(0 if strip(a) == strip(b) and dns_b["source"] == "snapshot" and
         {k: v for k, v in dns_a.items() if k != "source"} == {k: v for k, v in dns_b.items() if k != "source"} else 1)
PY
echo '{"format": "mtaudit-dns-snapshot", "version": 1, "answers": 3}' > "$W/bad.snap"
"$bin" check --dns-snapshot "$W/bad.snap" --sources dns --json "$W/bad.json" --text /dev/null 2>"$W/bad.err"
[ $? -eq 2 ] && grep -q "bad.snap" "$W/bad.err" && [ ! -e "$W/bad.json" ] && ok || bad "a bad snapshot: exit 2 naming the file"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
