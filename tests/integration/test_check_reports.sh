#!/usr/bin/env bash
# `mtaudit check` end to end on real fixture configurations: every report format is written,
# validated against its official schema, identical across runs, equal to its golden file;
# exit codes follow --fail-on; bad input never leaves a half-written report.
# usage: test_check_reports.sh MTAUDIT_BIN SOURCE_DIR
set -uo pipefail
bin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
validate="$src/tests/integration/lib/validate_reports.sh"
host="$src/fixtures/example-host"
export SOURCE_DATE_EPOCH=1767225600  # 2026-01-01T00:00:00Z: reports must show exactly this time
# The example host's certificates are minted here (no private key is committed).
bash "$src/tests/integration/lib/make_example_certs.sh" "$host" >/dev/null || { echo "FAIL cannot mint certificates"; exit 1; }

run_all() {  # run_all OUTDIR [extra args]
  local out=$1
  shift
  mkdir -p "$out"
  (cd "$src" && "$bin" check --root fixtures/example-host --postfix-version 3.7 --hostname mail \
    --junit "$out/r.xml" --sarif "$out/r.sarif" --json "$out/r.json" --html "$out/r.html" \
    --text "$out/r.txt" --source-root "$src" --ca-file fixtures/example-host/etc/postfix/tls/test-ca.pem "$@")
}

run_all "$work/a"
rc=$?
[ "$rc" -eq 1 ] && ok || bad "example host should be non-compliant at --fail-on low (exit 1), got $rc"
run_all "$work/b"
for f in r.xml r.sarif r.json r.html r.txt; do
  cmp -s "$work/a/$f" "$work/b/$f" && ok || bad "$f differs between two runs on the same facts"
done
"$validate" --junit "$work/a/r.xml" && ok || bad "JUnit report does not validate"
"$validate" --sarif-github "$work/a/r.sarif" && ok || bad "SARIF (github profile) does not validate"
"$validate" --json "$work/a/r.json" && ok || bad "JSON report does not validate"
run_all "$work/audit" --sarif-profile audit
"$validate" --sarif "$work/audit/r.sarif" && ok || bad "SARIF (audit profile) does not validate"
grep -q '"kind": *"pass"' "$work/audit/r.sarif" && ok || bad "audit SARIF has no pass results"
grep -q "2026-01-01T00:00:00" "$work/a/r.xml" && ok || bad "SOURCE_DATE_EPOCH not honoured in JUnit"

# The SARIF run names the checkout it ran in (originalUriBaseIds): fold that to one spelling.
sed "s#file://$src/#file:///SRC/#" "$work/a/r.sarif" > "$work/a/r.sarif.norm" && mv "$work/a/r.sarif.norm" "$work/a/r.sarif"
# Every report names the OpenSSL of this machine (test_linking.sh checks which): fold it too.
tls=$("$bin" version | sed -n '2s/ ([a-z ]*)$//p')
grep -qF "$tls" "$work/a/r.json" && ok || bad "the JSON report does not name the TLS library '$tls'"
for f in r.json r.xml r.sarif r.txt; do
  python3 -c 'import sys; p, t = sys.argv[1:]; s = open(p).read(); open(p, "w").write(s.replace(t, "OPENSSL-VERSION"))' \
    "$work/a/$f" "$tls"
done
for f in r.json r.xml r.sarif r.txt; do
  golden="$src/tests/golden/example-host.${f#r.}"
  if [ "${MTAUDIT_UPDATE_GOLDEN:-}" = 1 ]; then cp "$work/a/$f" "$golden"; fi
  if diff -u "$golden" "$work/a/$f" > "$work/diff"; then ok; else bad "$f differs from $golden"; head -30 "$work/diff"; fi
done

# --fail-on thresholds and --select
(cd "$src" && "$bin" check --root fixtures/example-host --postfix-version 3.7 --fail-on never --text /dev/null)
rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] && ok || bad "--fail-on never gave $rc"
(cd "$src" && "$bin" check --root fixtures/example-host --postfix-version 3.7 --select postfix-submission-service --text /dev/null)
[ $? -eq 0 ] && ok || bad "the example host's submission service should pass"

# A waiver turns the finding into skip (waived) and an accepted suppression in SARIF audit
(cd "$src" && "$bin" check --root fixtures/example-host --postfix-version 3.7 --select postfix-connection-reuse \
  --waive "postfix-connection-reuse=LAN relay, CHG-1234" --sarif-profile audit --sarif "$work/w.sarif" --text "$work/w.txt")
[ $? -eq 0 ] && ok || bad "a waived finding must not fail the run"
grep -q "waived: LAN relay, CHG-1234" "$work/w.txt" && ok || bad "waiver reason missing from the text report"
grep -q '"status": *"accepted"' "$work/w.sarif" && ok || bad "waiver is not an accepted suppression in SARIF"
"$validate" --sarif "$work/w.sarif" >/dev/null && ok || bad "SARIF with a suppression does not validate"

# A lookup table mtaudit may not read is "could not collect" (error, exit 3), never a pass and
# not a finding about the host; a missing one is a finding (fail).
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
  mkdir -p "$work/perm" && cp -r "$src/fixtures/rules/postfix-policy-map/pass-texthash/." "$work/perm/"
  cp "$bin" "$work/perm-mtaudit" && chmod -R a+rX "$work" && chmod 000 "$work/perm/etc/postfix/tls_policy"
  mkdir -m 777 "$work/out"
  setpriv --reuid=65534 --regid=65534 --clear-groups "$work/perm-mtaudit" check --root "$work/perm" \
    --postfix-version 3.7 --select postfix-policy-map --json "$work/out/perm.json" --text /dev/null
  rc=$?
  cp "$work/out/perm.json" "$work/perm.json" 2>/dev/null
  [ "$rc" -eq 3 ] && grep -q '"status": *"error"' "$work/perm.json" && ok || bad "unreadable table: exit $rc, want 3 with an error result"
  rm -f "$work/perm/etc/postfix/tls_policy"
  "$bin" check --root "$work/perm" --postfix-version 3.7 --select postfix-policy-map --text /dev/null
  [ $? -eq 1 ] && ok || bad "missing table source should be a failure (exit 1)"
fi

# Reports to a device are written in place: a rename would replace /dev/null with a file.
(cd "$src" && "$bin" check --root fixtures/example-host --postfix-version 3.7 --fail-on never --text /dev/null --json /dev/null)
[ -c /dev/null ] && ok || bad "/dev/null is no longer a character device"

# Bad input: exit 2, a message with file:line:col, and no report file left behind
printf '{"rules": [ {"id": "x-broken", }\n' > "$work/broken.json"
(cd "$src" && "$bin" check --root fixtures/example-host --rules "$work/broken.json" --json "$work/none.json" 2>"$work/err")
rc=$?
[ "$rc" -eq 2 ] && ok || bad "broken rule file: exit $rc, want 2"
grep -q "$work/broken.json:1:" "$work/err" && ok || { bad "broken rule file: no file:line in"; cat "$work/err"; }
[ ! -e "$work/none.json" ] && ok || bad "a report was written despite bad input"
(cd "$src" && "$bin" check --root fixtures/example-host --json "$work/no/such/dir/r.json" --text /dev/null 2>"$work/err")
rc=$?
[ "$rc" -eq 2 ] && ok || bad "unwritable report path: exit $rc, want 2"
ls "$work/no" >/dev/null 2>&1 && bad "report directory was created" || ok
(cd "$src" && "$bin" check --root fixtures/example-host --fail-on sometimes 2>/dev/null)
[ $? -eq 2 ] && ok || bad "bad --fail-on value should exit 2"
(cd "$src" && "$bin" check --root fixtures/example-host --set no-such-rule.x=1 2>/dev/null)
[ $? -eq 2 ] && ok || bad "--set of an unknown rule should exit 2"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
