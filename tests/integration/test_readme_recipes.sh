#!/usr/bin/env bash
# The README's CI recipes, run as written: every `mtaudit check` line of its "In CI" section,
# in a repository that holds the rendered configuration (postfix/main.cf, postfix/master.cf)
# but none of the certificates it names, as in CI. Such a run must never report an error or a
# certificate failure (those files live on the server), and must write the reports it names.
# usage: test_readme_recipes.sh MTAUDIT_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1")
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

mkdir -p "$work/repo/postfix" "$work/bin"
cp "$src/fixtures/example-host/etc/postfix/main.cf" "$src/fixtures/example-host/etc/postfix/master.cf" "$work/repo/postfix/"
ln -s "$bin" "$work/bin/mtaudit"
# The recipes are the lines of the section that start with "run:" or "- " and call mtaudit check.
mapfile -t recipes < <(sed -n '/^### In CI/,/^### /p' "$src/README.md" |
  sed -n 's/^ *\(run: \|- \)\(mtaudit check .*\)$/\2/p')
[ ${#recipes[@]} -ge 3 ] && ok || bad "expected at least 3 recipes in the README, found ${#recipes[@]}"
for cmd in "${recipes[@]}"; do
  [[ $cmd == *"--sources config"* ]] && ok || bad "recipe without --sources config: $cmd"
  (cd "$work/repo" && PATH="$work/bin:$PATH" bash -c "$cmd --json recipe.json" >out.txt 2>err.txt)
  rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] && ok || { bad "exit $rc: $cmd"; head -5 "$work/repo/err.txt"; }
  python3 - "$work/repo/recipe.json" "$cmd" <<'PY' && ok || bad "results: $cmd"
import json, sys
results = json.load(open(sys.argv[1]))["results"]
problems = [r for r in results if r["status"] == "error" or (r["rule"].startswith("cert-") and r["status"] != "skip")]
for r in problems:
    print("   ", r["rule"], r["status"], r["message"])
skips = [r for r in results if r["rule"].startswith("cert-")]
if not skips or any(r["message"] != "files: not collected (--sources)" for r in skips):
    print("    certificate rules must skip with 'not collected (--sources)'")
    sys.exit(1)
sys.exit(1 if problems else 0)
PY
  for report in $(grep -o -- '--\(sarif\|junit\) [^ ]*' <<<"$cmd" | cut -d' ' -f2); do
    [ -s "$work/repo/$report" ] && ok || bad "$report not written by: $cmd"
  done
done
# Without --sources the same directory is audited as strictly as before: the missing
# certificates are a critical failure.
(cd "$work/repo" && "$bin" check --config-dir postfix/ --json strict.json >/dev/null 2>&1)
python3 -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1]))["results"] if x["rule"]=="cert-readable"]; sys.exit(0 if r and all(x["status"]=="fail" for x in r) else 1)' \
  "$work/repo/strict.json" && ok || bad "--config-dir alone must still fail cert-readable"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
