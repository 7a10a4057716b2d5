#!/usr/bin/env bash
# DNS benchmark (figures, not pass/fail): a whole-domain audit of example.test against nsd and
# nginx on loopback (tests/integration/lib/dns/): every record of section C, the MTA-STS policy
# fetch and the TLSA matching against the certificates on disk, validated from the trust anchor.
# Side by side, the same questions asked one after another by dig (no validation) plus curl for
# the policy, the way a shell script would. Target: mtaudit <= 100 ms wall.
# usage: tests/bench/dns_bench.sh MTAUDIT_BIN SOURCE_DIR   (root; about 30 s)
set -euo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
. "$src/tests/integration/lib/live/env.sh"
. "$src/tests/integration/lib/dns/env.sh"
W=$(mktemp -d /tmp/mtaudit-dns-bench.XXXXXX)
chmod 755 "$W"
trap 'dns_env_down "$W"; live_env_down "$W"; rm -rf "$W"' EXIT
LIVE_INSTANCES=hardened live_env_up "$W" >/dev/null
dns_env_up "$W" "$W/certs" >/dev/null
. "$W/hardened.env"
. "$W/dns.env"
runs=15
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() {  # time_ms COMMAND...: wall milliseconds of one run
  local start
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  echo $((($(date +%s%N) - start) / 1000000))
}
audit=("$bin" check --domain example.test --dkim-selector mail --dkim-selector ed --resolver "$DNS_RESOLVER"
       --trust-anchor "$DNS_TRUST_ANCHOR" --ca-file "$DNS_CA_FILE" --config-dir "$LIVE_CONFIG_DIR"
       --dane-port "$LIVE_SMTP_PORT" --sources config,files,dns --fail-on never --text /dev/null)
"${audit[@]}" --json "$W/r.json" >/dev/null 2>&1 || true
"$bin" facts --domain example.test --dkim-selector mail --dkim-selector ed --resolver "$DNS_RESOLVER" \
  --trust-anchor "$DNS_TRUST_ANCHOR" --ca-file "$DNS_CA_FILE" --sources dns --dns-snapshot-out "$W/s.json" >/dev/null
# The questions mtaudit asked, for the sequential peer.
python3 -c 'import json,sys; [print(a["name"], a["type"]) for a in json.load(open(sys.argv[1]))["answers"]]' "$W/s.json" > "$W/questions"
peer() {
  while read -r name type; do dig +dnssec +tries=1 +time=2 -p 25353 @127.0.0.1 "$name" "$type" >/dev/null; done < "$W/questions"
  curl -s --cacert "$DNS_CA_FILE" --resolve mta-sts.example.test:443:127.0.2.1 https://mta-sts.example.test/.well-known/mta-sts.txt >/dev/null
}
mt=$(for _ in $(seq $runs); do time_ms "${audit[@]}"; done | median)
dnsonly=$(for _ in $(seq $runs); do time_ms "$bin" facts --domain example.test --dkim-selector mail --dkim-selector ed \
  --resolver "$DNS_RESOLVER" --trust-anchor "$DNS_TRUST_ANCHOR" --ca-file "$DNS_CA_FILE" --sources dns; done | median)
replay=$(for _ in $(seq $runs); do time_ms "$bin" facts --dns-snapshot "$W/s.json" --sources dns; done | median)
pr=$(for _ in $(seq 5); do time_ms peer; done | median)
questions=$(wc -l < "$W/questions")
passed=$(python3 -c 'import json,sys; print(sum(1 for x in json.load(open(sys.argv[1]))["results"] if x["area"] == "dns" and x["status"] == "pass"))' "$W/r.json")
printf '%-44s %8s\n' "run (median of $runs)" "ms"
printf '%-44s %8s\n' "mtaudit check: domain + config + TLSA vs disk" "$mt"
printf '%-44s %8s\n' "mtaudit facts --sources dns" "$dnsonly"
printf '%-44s %8s\n' "mtaudit facts --dns-snapshot (replay)" "$replay"
printf '%-44s %8s\n' "dig x $questions one by one + curl (peer)" "$pr"
echo "questions: $questions, section-C results passing: $passed; mtaudit is faster than the sequential peer by" \
  "$(python3 -c "print('%.1fx' % ($pr / max($mt, 1)))"); target: check <= 100 ms"
