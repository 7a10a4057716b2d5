#!/usr/bin/env bash
# FOR DEVELOPING AND SELF-TESTING THE DIFFERENTIAL HARNESS ONLY -- this is NOT mtaudit.
# It imitates `mtaudit config` by calling the real postconf, so the harness
# (test_differential_postconf.sh) can be exercised before/without the real binary:
#   config --config-dir DIR [--service NAME/TYPE] [-x] PARAM...
#     -> postconf -c DIR [-o N=V ...] [-x] PARAM...
# Unknown parameters make it exit 2, as mtaudit does (postconf only warns).
# FAKE_MTAUDIT_BREAK=1 corrupts the last output line (harness negative self-test).
set -euo pipefail
lib=$(cd "$(dirname "$0")" && pwd)
postconf=${POSTCONF:-/usr/sbin/postconf}
python=/usr/bin/python3
[ -x "$python" ] || python=python3

[ "${1:-}" = config ] || { echo "fake-mtaudit: only 'config' is implemented" >&2; exit 2; }
shift
dir='' service='' expand=()
while [ $# -gt 0 ]; do
  case $1 in
    --config-dir) dir=$2; shift 2 ;;
    --service) service=$2; shift 2 ;;
    -x) expand=(-x); shift ;;
    --) shift; break ;;
    -*) echo "fake-mtaudit: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ -n "$dir" ] || { echo "fake-mtaudit: --config-dir is required" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
overrides=()
if [ -n "$service" ]; then
  "$python" "$lib/postconf_master.py" overrides "$dir" "$service" >"$tmp/o"
  while IFS= read -r -d '' item; do
    overrides+=(-o "$item")
  done <"$tmp/o"
fi

err=$tmp/err
rc=0
"$postconf" -c "$dir" "${overrides[@]}" "${expand[@]}" "$@" >"$tmp/out" 2>"$err" || rc=$?
if [ "$rc" != 0 ]; then
  sed 's|^[^:]*postconf:|fake-mtaudit:|' "$err" >&2
  exit "$rc"
fi
if grep -q 'unknown parameter' "$err"; then
  grep 'unknown parameter' "$err" | sed 's|^[^:]*postconf:|fake-mtaudit:|' >&2
  exit 2
fi
if [ "${FAKE_MTAUDIT_BREAK:-0}" = 1 ]; then
  sed -i '$ s/$/ BROKEN/' "$tmp/out"
fi
cat "$tmp/out"
