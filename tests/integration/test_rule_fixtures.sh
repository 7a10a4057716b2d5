#!/usr/bin/env bash
# Every section-A rule against its fixture configurations: fixtures/rules/<rule-id>/<case>/ is a
# --root layout (etc/postfix/main.cf, master.cf, lookup tables) with expected.txt holding one
# line per result of that rule, STATUS<TAB>TARGET, in report order. A case may carry
# mtimes.txt (PATH<TAB>DATE lines, PATH relative to the case): each PATH is created if missing
# and touched to DATE before mtaudit runs, for compiled-table staleness (git keeps no mtimes).
# A case whose correct result needs a collector this build lacks carries pending.txt: '#' lines
# say why, the other lines are what mtaudit gives until then; matching them passes with a
# PENDING line, matching expected.txt passes with a NOTE to delete pending.txt.
# Also checks that every rule of rules/postfix.json has a pass* and a fail* case.
# usage: test_rule_fixtures.sh MTAUDIT_BIN SOURCE_DIR [RULE-ID[/CASE]]
set -uo pipefail
bin=$1
src=$2
only=${3:-}
fixtures="$src/fixtures/rules"
helper="$src/tests/integration/lib/rule_fixtures.py"
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Time-dependent checks (certificate validity) see one fixed instant: 2027-01-01T00:00:00Z.
export SOURCE_DATE_EPOCH=1798761600
passed=0
failed=0
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

# Copy a case out of the source tree and apply its mtimes.txt; prints nothing, fails loudly.
# Certificates and keys are minted here from each case's mint.txt, so no private key is
# committed. Lines: `ca PATH` (the test root CA), `pair ALG KEYFILE CERTFILE SAN` (key and
# certificate in two files), `combined ALG FILE - SAN` (key, then certificate, in one file).
# Leaves are signed by the root, valid 2025-01-01 .. 2045-01-01; SAN like DNS:a,DNS:*.b.
. "$src/tests/integration/lib/test_ca.sh"
tca_init "$work/ca" >/dev/null 2>&1 || { echo "FAIL cannot create the test CA"; exit 1; }
mint_case() {  # mint_case CASE_DIR ROOT
  local from=$1 root=$2 kind alg first second san n=0 cn leaf
  [ -f "$from/mint.txt" ] || return 0
  while read -r kind alg first second san; do
    case "$kind" in '' | '#'*) continue ;; esac
    n=$((n + 1))
    if [ "$kind" = ca ]; then  # `ca PATH`: the path is the second word
      mkdir -p "$(dirname "$root/$alg")" && cp "$TCA_DIR/root.pem" "$root/$alg" || return 1
      continue
    fi
    mkdir -p "$(dirname "$root/$first")"
    cn=${san%%,*}
    cn=${cn#DNS:}
    leaf="$root.mint$n"
    mkdir -p "$leaf" && tca_leaf "$leaf" leaf root "$alg" 20250101000000Z 20450101000000Z "$san" "$cn" \
      >/dev/null 2>&1 || return 1
    if [ "$kind" = pair ]; then
      mkdir -p "$(dirname "$root/$second")"
      cp "$leaf/leaf.key" "$root/$first" && cp "$leaf/leaf.pem" "$root/$second" || return 1
    else
      cat "$leaf/leaf.key" "$leaf/leaf.pem" > "$root/$first" || return 1
    fi
    chmod 600 "$root/$first"
  done < "$from/mint.txt"
}

stage_case() {  # stage_case CASE_DIR ROOT
  local from=$1 root=$2 path date
  mkdir -p "$root" && cp -R "$from/." "$root/" || return 1
  mint_case "$from" "$root" || return 1
  [ -f "$from/mtimes.txt" ] || return 0
  while IFS=$'\t' read -r path date; do
    case "$path" in '' | '#'*) continue ;; esac
    mkdir -p "$(dirname "$root/$path")" && touch -d "$date" "$root/$path" || return 1
  done < "$from/mtimes.txt"
}

manifest="$work/manifest"
: > "$manifest"
cases=()
selected=0
for dir in "$fixtures"/*/*/; do
  dir=${dir%/}
  rule=$(basename "$(dirname "$dir")")
  name=$(basename "$dir")
  [ -z "$only" ] || [ "$only" = "$rule" ] || [ "$only" = "$rule/$name" ] || continue
  [ -f "$dir/expected.txt" ] || continue  # reported by the coverage check below
  selected=$((selected + 1))
  root="$work/cases/$rule/$name"
  if ! stage_case "$dir" "$root"; then
    bad "$rule/$name: could not stage the case"
    continue
  fi
  # A case that brings its own CA (etc/ssl/mtaudit-fixture-ca.pem) is verified against it.
  ca=()
  [ -f "$root/etc/ssl/mtaudit-fixture-ca.pem" ] && ca=(--ca-file "$root/etc/ssl/mtaudit-fixture-ca.pem")
  "$bin" check --root "$root" --postfix-version 3.7 --hostname mail.example.org --select "$rule" \
    "${ca[@]}" --json "$root.json" --text /dev/null --fail-on never > "$root.log" 2>&1
  rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then  # 3: incomplete (an error result), still a report
    bad "$rule/$name: mtaudit exited $rc"
    sed 's/^/    /' "$root.log" | head -20
    continue
  fi
  printf '%s\t%s\t%s\t%s\n' "$root.json" "$rule" "$root" "$root.actual" >> "$manifest"
  cases+=("$rule/$name")
done
[ "$selected" -gt 0 ] || bad "no fixture case selected under $fixtures${only:+ for $only}"

"$python" "$helper" extract "$manifest" || bad "the result extractor failed"
for c in "${cases[@]}"; do
  actual="$work/cases/$c.actual"
  pending="$fixtures/$c/pending.txt"
  if diff -u --label "$c/expected.txt" --label "$c (mtaudit)" "$fixtures/$c/expected.txt" \
      "$actual" > "$work/diff"; then
    passed=$((passed + 1))
    [ ! -f "$pending" ] || echo "NOTE $c: now gives expected.txt; delete its pending.txt"
  elif [ -f "$pending" ] && grep -v '^#' "$pending" | cmp -s - "$actual"; then
    passed=$((passed + 1))
    echo "PENDING $c: gives pending.txt, not yet expected.txt ($(grep -m1 '^#' "$pending" | cut -c3-))"
  else
    bad "$c: status/target lines differ"
    sed 's/^/    /' "$work/diff"
  fi
done

if [ -z "$only" ]; then
  problems=$("$python" "$helper" coverage "$src/rules/postfix.json" "$fixtures" 2>&1) \
    || problems="the coverage check failed: $problems"
  if [ -n "$problems" ]; then
    bad "fixture coverage:"
    echo "$problems" | sed 's/^/    /'
  else
    passed=$((passed + 1))
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
