#!/usr/bin/env bash
# The unit tests that depend on file permissions, run as an unprivileged user (nobody): as root
# every file is readable and writable, so these would only ever be skipped or pass vacuously.
# Needs root to switch user; elsewhere the suite already runs unprivileged.
# usage: test_unprivileged.sh MTAUDIT_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1")
tests="$(dirname "$bin")/mtaudit_unit_tests"
if [ "$(id -u)" != 0 ]; then
  echo "not root: the unit tests already ran unprivileged"; exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
cp "$tests" "$work/unit"  # the build tree may not be reachable for nobody
filter='FilesCollector.*:AtomicFile*'
out=$(cd "$work" && TMPDIR="$work/tmp" && mkdir -m 777 "$TMPDIR" && export TMPDIR &&
      setpriv --reuid=65534 --regid=65534 --clear-groups "$work/unit" --gtest_filter="$filter" 2>&1)
rc=$?
echo "$out" | tail -5
# The test must have run, not skipped: that is the point of running it as nobody.
if [ $rc -eq 0 ] && echo "$out" | grep -q '\[       OK \] FilesCollector.PermissionDeniedIsRecognised' &&
   ! echo "$out" | grep -q 'SKIPPED'; then
  echo "1 passed, 0 failed"
else
  echo "FAIL the permission tests as nobody (exit $rc)"; exit 1
fi
