#!/usr/bin/env bash
# Self-test of the differential harness (test_differential_postconf.sh), using the
# harness-only fake mtaudit (fake-mtaudit-postconf.sh) that answers with postconf itself.
#   1. the whole fixture corpus passes, with one closing "N passed, 0 failed" line;
#   2. a fake that corrupts its output is caught: FAIL line, unified diff, exit 1;
#   3. a fake that exits non-zero is caught;
#   4. a fixture postconf rejects (fatal error) fails loudly;
#   5. a fixture missing main.cf fails (one without master.cf is valid: postconf warns).
# usage: tests/integration/lib/selftest.sh [SOURCE_DIR]   (default: this repository)
set -uo pipefail
lib=$(cd "$(dirname "$0")" && pwd)
src=${1:-$(cd "$lib/../../.." && pwd)}
harness=$lib/../test_differential_postconf.sh
fake=$lib/fake-mtaudit-postconf.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

check() { # description, then a command that must succeed
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $what"
  else failed=$((failed + 1)); echo "FAIL $what"; fi
}

# 1. whole corpus
rc=0; "$harness" "$fake" "$src" >"$tmp/all.out" 2>"$tmp/all.err" || rc=$?
n_fixtures=$(find "$src/fixtures/postfix" -mindepth 1 -maxdepth 1 -type d | wc -l)
check "corpus passes with the fake (exit $rc)" test "$rc" = 0
check "one line per fixture ($n_fixtures)" test "$(grep -cE '^(ok|FAIL) ' "$tmp/all.out")" = "$n_fixtures"
check "closing line 'N passed, 0 failed'" grep -qxE '[1-9][0-9]* passed, 0 failed' <(tail -n 1 "$tmp/all.out")
check "at least 45 fixtures" test "$n_fixtures" -ge 45

# 2. corrupted output is detected and shown as a diff
rc=0; FAKE_MTAUDIT_BREAK=1 "$harness" "$fake" "$src" '^expand-basic$' >"$tmp/broken.out" 2>&1 || rc=$?
check "corrupted output: exit 1" test "$rc" = 1
check "corrupted output: FAIL line" grep -q '^FAIL expand-basic ' "$tmp/broken.out"
check "corrupted output: unified diff names fixture" grep -q '^>> expand-basic \[-x\]' "$tmp/broken.out"
check "corrupted output: diff shows the changed line" grep -q '^+.* BROKEN$' "$tmp/broken.out"
check "corrupted output: 0 passed, 3 failed" grep -qx '0 passed, 3 failed' <(tail -n 1 "$tmp/broken.out")

# 3. a failing mtaudit is detected
printf '#!/bin/sh\necho "mtaudit: boom" >&2\nexit 3\n' >"$tmp/failing-mtaudit"; chmod +x "$tmp/failing-mtaudit"
rc=0; "$harness" "$tmp/failing-mtaudit" "$src" '^syntax-tabs$' >"$tmp/failing.out" 2>&1 || rc=$?
check "failing mtaudit: exit 1" test "$rc" = 1
check "failing mtaudit: exit status reported" grep -q 'mtaudit exited 3: mtaudit: boom' "$tmp/failing.out"

# 4./5. broken fixtures
mkdir -p "$tmp/src/fixtures/postfix/bad-fatal" "$tmp/src/fixtures/postfix/bad-no-main"
printf 'smtpd_tls_security_level may\n' >"$tmp/src/fixtures/postfix/bad-fatal/main.cf"
printf 'smtp inet n - n - - smtpd\n' >"$tmp/src/fixtures/postfix/bad-fatal/master.cf"
printf 'smtp inet n - n - - smtpd\n' >"$tmp/src/fixtures/postfix/bad-no-main/master.cf"
rc=0; "$harness" "$fake" "$tmp/src" >"$tmp/bad.out" 2>&1 || rc=$?
check "bad fixtures: exit 1" test "$rc" = 1
check "bad fixtures: postconf fatal error reported" grep -q "postconf itself rejects this fixture.*missing '=' after attribute name" "$tmp/bad.out"
check "bad fixtures: missing main.cf reported" grep -q '^missing main.cf' "$tmp/bad.out"
check "bad fixtures: 0 passed, 2 failed" grep -qx '0 passed, 2 failed' <(tail -n 1 "$tmp/bad.out")

if [ "$failed" != 0 ]; then
  echo "--- harness output of the whole-corpus run:"; tail -n 40 "$tmp/all.out"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
