#!/usr/bin/env bash
# Differential test: `mtaudit config` must print byte-for-byte what Debian's postconf 3.7.11
# prints, for every configuration under fixtures/postfix/ (main.cf + master.cf each).
#
# usage: tests/integration/test_differential_postconf.sh MTAUDIT_BIN SOURCE_DIR [FIXTURE_REGEX]
#   MTAUDIT_BIN   the mtaudit binary (or tests/integration/lib/fake-mtaudit-postconf.sh)
#   SOURCE_DIR    repository root (fixtures are read from SOURCE_DIR/fixtures/postfix)
#   FIXTURE_REGEX optional: only fixtures whose directory name matches (Python regex)
# env: POSTCONF=/path/to/postconf (default /usr/sbin/postconf)
#
# Compares, per fixture: -x output, unexpanded output, and per master.cf service with -o
# overrides the -x output with those overrides. See lib/differential_postconf.py.
# Ends with "N passed, N failed"; exit status non-zero if anything failed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  sed -n '5,9p' "$0" >&2
  exit 2
fi
postconf=${POSTCONF:-/usr/sbin/postconf}
if ! [ -x "$postconf" ]; then
  echo "test_differential_postconf: $postconf not found (run scripts/install-deps.sh)" >&2
  exit 2
fi
if ! "$postconf" -d mail_version | grep -qx 'mail_version = 3.7.11'; then
  echo "test_differential_postconf: warning: reference postconf is not 3.7.11:" \
       "$("$postconf" -d mail_version)" >&2
fi
# Debian's interpreter directly: a python3 found first on PATH may be a slow wrapper (pyenv shim).
python=/usr/bin/python3
[ -x "$python" ] || python=python3
exec "$python" "$here/lib/differential_postconf.py" "$@"
