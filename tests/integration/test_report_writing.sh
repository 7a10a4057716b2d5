#!/usr/bin/env bash
# Reports are written to a temporary file and renamed: on a full disk or an unwritable target
# the previous report stays as it was, no temporary file is left behind, and the exit status
# and message say why. The full disk is a 64 KiB tmpfs (needs root to mount; skipped otherwise).
# usage: test_report_writing.sh MTAUDIT_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
full=$work/full
mkdir -p "$full"
trap 'mountpoint -q "$full" && umount "$full"; rm -rf "$work"' EXIT
. "$src/tests/integration/lib/harness.sh"
bash "$src/tests/integration/lib/make_example_certs.sh" "$src/fixtures/example-host" >/dev/null
check=("$bin" check --root "$src/fixtures/example-host" --postfix-version 3.7 --hostname mail --fail-on never)

# An unwritable target directory: the old report stays, exit 2, the message names the file.
mkdir -p "$work/ro"
echo old > "$work/ro/r.json"
chmod 555 "$work/ro"
cp "$bin" "$work/mtaudit"
chmod 755 "$work"
(cd "$work" && setpriv --reuid=65534 --regid=65534 --clear-groups "$work/mtaudit" check \
  --root "$src/fixtures/example-host" --postfix-version 3.7 --hostname mail --fail-on never \
  --json "$work/ro/r.json" --text /dev/null >/dev/null 2>"$work/ro.err")
rc=$?
if [ $rc -eq 2 ] && [ "$(cat "$work/ro/r.json")" = old ] && grep -q "$work/ro/r.json" "$work/ro.err" &&
   [ "$(ls -A "$work/ro")" = r.json ]; then ok; else bad "unwritable: exit $rc, $(head -2 "$work/ro.err")"; fi

# A full disk: the JSON report (well over 64 KiB) cannot be written; the old one stays.
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs "$full" 2>/dev/null; then
  echo old > "$full/r.json"
  "${check[@]}" --json "$full/r.json" --text "$work/r.txt" >/dev/null 2>"$work/full.err"
  rc=$?
  if [ $rc -eq 2 ] && [ "$(cat "$full/r.json")" = old ] && grep -q 'No space left on device' "$work/full.err" &&
     [ "$(ls -A "$full")" = r.json ]; then ok; else bad "full disk: exit $rc, $(head -2 "$work/full.err"), $(ls -A "$full")"; fi
else
  echo "not root or no tmpfs: the full-disk case is skipped"
fi
harness_finish
