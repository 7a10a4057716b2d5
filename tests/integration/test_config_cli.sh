#!/usr/bin/env bash
# `mtaudit config` on bad input: one clear message per problem with file:line, exit 2,
# never a crash. And the happy paths the README shows.
# usage: test_config_cli.sh MTAUDIT_BIN SOURCE_DIR
set -uo pipefail
bin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# expect NAME STATUS STDERR_SUBSTRING -- ARGS...
expect() {
  local name=$1 status=$2 needle=$3
  shift 4
  local out err rc
  out=$("$bin" "$@" 2>"$work/err")
  rc=$?
  err=$(cat "$work/err")
  if [ "$rc" -eq "$status" ] && [[ "$err$out" == *"$needle"* ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $name: exit $rc (want $status), output:"
    echo "$out" | head -5
    echo "$err" | head -5
    echo "  wanted: $needle"
  fi
}

mk() {  # mk DIR MAIN_CF MASTER_CF
  mkdir -p "$work/$1"
  printf '%b' "$2" > "$work/$1/main.cf"
  printf '%b' "$3" > "$work/$1/master.cf"
}

mk good 'compatibility_level = 3.7\nsmtpd_tls_security_level = may\n' \
  'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n'
expect plain 0 "smtpd_tls_security_level = may" -- config -c "$work/good" smtpd_tls_security_level
expect service 0 "smtpd_tls_security_level = encrypt" -- config -c "$work/good" --service submission smtpd_tls_security_level
expect explain-main 0 "smtpd_tls_security_level = may	# $work/good/main.cf:2" -- \
  config -c "$work/good" --explain smtpd_tls_security_level
expect explain-o 0 "smtpd_tls_security_level = encrypt	# $work/good/master.cf:3 -o" -- \
  config -c "$work/good" --service submission/inet --explain smtpd_tls_security_level
expect explain-default 0 "smtpd_tls_loglevel = 0	# default (Postfix 3.7, compatibility_level 3.7)" -- \
  config -c "$work/good" --postfix-version 3.7 --explain smtpd_tls_loglevel
expect version-3.4 0 "smtpd_tls_protocols = !SSLv2, !SSLv3" -- \
  config -c "$work/good" --postfix-version 3.4 smtpd_tls_protocols
expect root 0 "smtpd_tls_security_level = encrypt" -- \
  config --root "$src/fixtures/example-host" --service submission/inet -x smtpd_tls_security_level

expect unknown-param 2 "mtaudit: no_such_parameter: unknown parameter" -- config -c "$work/good" no_such_parameter
expect unknown-service 2 "$work/good/master.cf: no service \"nosuch\" in master.cf" -- \
  config -c "$work/good" --service nosuch smtpd_tls_security_level
expect no-dir 2 "$work/missing: not a directory" -- config -c "$work/missing"
mkdir -p "$work/empty"
expect no-main 2 "$work/empty/main.cf: cannot read file: No such file or directory" -- config -c "$work/empty"
mk dirmain '' 'smtp inet n - y - - smtpd\n'
rm "$work/dirmain/main.cf"; mkdir "$work/dirmain/main.cf"
expect main-is-dir 2 "$work/dirmain/main.cf: cannot read file: not a regular file" -- config -c "$work/dirmain"
mk noeq 'a = 1\nthis line has no equals\nb = 2\nalso_bad\n' ''
expect no-equals-1 2 "$work/noeq/main.cf:2: missing '=' after attribute name" -- config -c "$work/noeq"
expect no-equals-2 2 "$work/noeq/main.cf:4: missing '=' after attribute name" -- config -c "$work/noeq"
mk brace 'a = 1\n' 'smtp inet n - y - - smtpd\n  -o { smtpd_tls_security_level = may\n'
expect unterminated-brace 2 "$work/brace/master.cf:1: missing '}' in \"{ smtpd_tls_security_level = may\"" -- \
  config -c "$work/brace"
mk fields 'a = 1\n' 'smtp inet n -\n'
expect few-fields 2 "$work/fields/master.cf:1: expected at least 8 fields" -- config -c "$work/fields"
mk macro 'a = ${b\nzz = $a\n' ''
expect bad-macro 2 "$work/macro/main.cf:1: a: truncated macro reference: \"\${b\"" -- config -c "$work/macro" -x a
expect bad-version 2 "invalid Postfix version \"3.x\"" -- config -c "$work/good" --postfix-version 3.x
expect old-version 2 "no built-in defaults for Postfix 2.11" -- config -c "$work/good" --postfix-version 2.11
expect both-sources 2 "give only one of --config-dir DIR and --root DIR" -- config -c "$work/good" --root "$work/good"
# No master.cf: a warning as postconf gives, the main.cf answer, and main.cf's own errors.
mkdir -p "$work/nomaster"
printf 'smtpd_tls_security_level = may\n' > "$work/nomaster/main.cf"
expect no-master-answers 0 "smtpd_tls_security_level = may" -- config -c "$work/nomaster" smtpd_tls_security_level
expect no-master-warns 0 "$work/nomaster/master.cf: cannot read file: No such file or directory (no master.cf services" -- \
  config -c "$work/nomaster" smtpd_tls_security_level
printf 'a = 1\nthis line has no equals\n' > "$work/nomaster/main.cf"
expect no-master-main-errors 2 "$work/nomaster/main.cf:2: missing '=' after attribute name" -- config -c "$work/nomaster"
expect no-master-main-errors-warn 2 "$work/nomaster/master.cf: cannot read file" -- config -c "$work/nomaster"
# The version is probed only for the local host: a --config-dir run says it assumed one.
expect no-probe-config-dir 0 "notice: Postfix version not given (--postfix-version): assuming 3.7 defaults" -- \
  config -c "$work/good" smtpd_tls_security_level
# Help: every command answers -h and --help with its option table; the man page is current.
for c in check config facts rules version; do
  expect "help-$c" 0 "usage: mtaudit $c" -- $c --help
  expect "help-short-$c" 0 "usage: mtaudit $c" -- $c -h
done
for opt in --now --ca-file --waive --postfix-version --sources --config-dir --service --explain; do
  expect "usage-lists$opt" 0 "$opt" -- --help
done
if "$bin" help --man | cmp -s - "$src/docs/mtaudit.1"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); echo "FAIL man-page: docs/mtaudit.1 differs from 'mtaudit help --man' (regenerate it)"
fi
expect bad-option 2 "unrecognised option '--bogus'" -- config --bogus
expect no-command 2 "usage: mtaudit COMMAND" --

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
