#!/usr/bin/env bash
# --sources: every combination of the sources this build can collect, and the ones it cannot
# (yet, or without their option). A source left out is not collected: its facts are a
# not_collected gap and its rules skip with "not collected (--sources)"; a source that cannot be
# collected with the given options is a usage error (exit 2) naming the missing option.
# usage: test_sources.sh MTAUDIT_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1")
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

cp -r "$src/fixtures/example-host" "$work/host"
bash "$src/tests/integration/lib/make_example_certs.sh" "$work/host" >/dev/null
base=(check --root "$work/host" --postfix-version 3.7 --hostname mail --ca-file "$work/host/etc/postfix/tls/test-ca.pem"
      --fail-on never --text /dev/null)

# statuses NAME SOURCES: "config=<statuses of postfix-* rules> files=<statuses of cert-* rules>"
summary() {
  python3 - "$1" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
def kinds(prefix):
    seen = sorted({r["status"] for r in results if r["rule"].startswith(prefix)})
    return ",".join(seen)
skipped = {r["message"] for r in results if r["status"] == "skip" and r["message"].endswith("not collected (--sources)")}
print("config=" + kinds("postfix-") + " files=" + kinds("cert-") + " reasons=" + "|".join(sorted(skipped)))
PY
}

case_ok() {  # case_ok NAME WANT [--sources X]
  local name=$1 want=$2
  shift 2
  "$bin" "${base[@]}" "$@" --json "$work/$name.json" 2>"$work/$name.err"
  local rc=$? got
  got=$(summary "$work/$name.json" 2>&1)
  if [ "$rc" -eq "${want_rc:-0}" ] && [ "$got" = "$want" ]; then ok; else bad "$name: exit $rc, got '$got', want '$want'"; cat "$work/$name.err"; fi
}
case_usage() {  # case_usage NAME MESSAGE ARGS...
  local name=$1 msg=$2
  shift 2
  "$bin" "${base[@]}" "$@" >"$work/$name.out" 2>"$work/$name.err"
  local rc=$?
  if [ "$rc" -eq 2 ] && grep -qF -- "$msg" "$work/$name.err" && [ ! -s "$work/$name.out" ]; then ok; else
    bad "$name: exit $rc, stderr: $(head -3 "$work/$name.err")"; fi
}

# The example host fails section-A rules and passes some certificate rules when both run.
D="dns: not collected (--sources)"
L="live: not collected (--sources)"
case_ok default "config=fail,pass,skip files=fail,pass reasons=$D|$L"
case_ok config+files "config=fail,pass,skip files=fail,pass reasons=$D|$L" --sources config,files
case_ok files+config "config=fail,pass,skip files=fail,pass reasons=$D|$L" --sources files,config
case_ok config-only "config=fail,pass,skip files=skip reasons=$D|files: not collected (--sources)|$L" --sources config
# With --host the live source is possible (port 1 on loopback is closed: one error, no abort).
live=(--host mail.example.org --connect 127.0.0.1 --ports 1 --io-timeout 2)
want_rc=3  # the closed port is an error: the audit is incomplete
case_ok host-default "config=fail,pass,skip files=fail,pass reasons=$D" "${live[@]}"
case_ok host-config-only "config=fail,pass,skip files=skip reasons=$D|files: not collected (--sources)" "${live[@]}" --sources config,live
want_rc=0 case_ok host-not-live "config=fail,pass,skip files=fail,pass reasons=$D|$L" "${live[@]}" --sources config,files
# With --domain the DNS source is possible (nothing answers on port 9: its rules are errors).
dns=(--domain example.test --resolver 127.0.0.1@9 --io-timeout 1)
want_rc=3 case_ok domain-default "config=fail,pass,skip files=fail,pass reasons=$L" "${dns[@]}"
want_rc=0
# --domain alone audits DNS only: the configuration is not read.
"$bin" check --domain example.test --resolver 127.0.0.1@9 --io-timeout 1 --fail-on never --text /dev/null \
  --json "$work/dns-only.json" 2>/dev/null
python3 - "$work/dns-only.json" <<'PY' && ok || bad "--domain alone must collect dns only"
import json, sys
results = json.load(open(sys.argv[1]))["results"]
mx = [r for r in results if r["rule"] == "dns-mx"]
others = [r for r in results if r["rule"].startswith(("postfix-", "cert-", "live-"))]
sys.exit(0 if mx and mx[0]["status"] == "error" and "MX example.test: no answer within 1 s" in mx[0]["message"]
         and others and all(r["message"].endswith("not collected (--sources)") for r in others) else 1)
PY
# --host alone audits the server only: the configuration is not read.
"$bin" check --host mail.example.org --connect 127.0.0.1 --ports 1 --io-timeout 2 --fail-on never --text /dev/null \
  --json "$work/live-only.json" 2>/dev/null
python3 - "$work/live-only.json" <<'PY' && ok || bad "--host alone must collect live only"
import json, sys
results = json.load(open(sys.argv[1]))["results"]
starttls = [r for r in results if r["rule"] == "live-starttls"]
others = [r for r in results if r["rule"].startswith(("postfix-", "cert-"))]
sys.exit(0 if starttls and starttls[0]["status"] == "error" and "connection refused" in starttls[0]["message"]
         and others and all(r["message"].endswith("not collected (--sources)") for r in others) else 1)
PY
case_usage files-only "--sources files needs config too" --sources files
case_usage dns "--sources dns needs --domain" --sources config,dns
case_usage live "--sources live needs --host" --sources live
case_usage bad-port '--ports: ' --host mail.example.org --ports 25,99999
case_usage bad-mode '--ports: ' --host mail.example.org --ports 465/ssl
case_usage unknown 'unknown source "disk"' --sources config,disk
case_usage empty-item 'unknown source ""' --sources config,
# Rules and options are checked before a network source is contacted: a listener on loopback
# sees no connection from a run with a broken rule file or an unknown profile, and one from a
# good run (so the listener would have seen them).
python3 - "$work/listener" <<'PY' &
import os, socket, sys, time
base = sys.argv[1]
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
s.settimeout(0.2)
def publish(name, text):
    open(name + ".tmp", "w").write(text)
    os.rename(name + ".tmp", name)
publish(base + ".count", "0")
publish(base + ".port", str(s.getsockname()[1]))
accepted, end = 0, time.time() + 60
while time.time() < end and not os.path.exists(base + ".stop"):
    try:
        c, _ = s.accept()
    except socket.timeout:
        continue
    c.close()
    accepted += 1
    publish(base + ".count", str(accepted))
PY
for _ in $(seq 50); do [ -f "$work/listener.port" ] && break; sleep 0.1; done
port=$(cat "$work/listener.port" 2>/dev/null)
net=(--host mail.example.org --connect 127.0.0.1 --ports "$port" --io-timeout 1)
printf '{ "rules": [' >"$work/broken.json"
"$bin" "${base[@]}" "${net[@]}" --rules "$work/broken.json" 2>"$work/broken.err"
rc_broken=$?
"$bin" "${base[@]}" "${net[@]}" --profile nosuch 2>"$work/profile.err"
rc_profile=$?
seen_bad=$(cat "$work/listener.count")
"$bin" "${base[@]}" "${net[@]}" 2>/dev/null
seen_good=$(cat "$work/listener.count")
touch "$work/listener.stop"
wait
if [ "$rc_broken" -eq 2 ] && grep -q 'broken.json:1:' "$work/broken.err" && [ "$rc_profile" -eq 2 ] &&
   [ "$seen_bad" = 0 ] && [ "$seen_good" -gt 0 ]; then ok; else
  bad "bad rules/options must stop the run before --host is contacted (exit $rc_broken/$rc_profile, connections $seen_bad then $seen_good)"
fi
# facts takes --sources too: the certificate branch is a gap with the reason.
"$bin" facts --root "$work/host" --postfix-version 3.7 --sources config > "$work/facts.json" 2>/dev/null
python3 -c 'import json,sys; f=json.load(open(sys.argv[1])); sys.exit(0 if "not collected (--sources)" in json.dumps(f["files"]) and "services" in f["postfix"] else 1)' \
  "$work/facts.json" && ok || bad "facts --sources config: files must be a not-collected gap"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
