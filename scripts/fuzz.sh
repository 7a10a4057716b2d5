#!/usr/bin/env bash
# Coverage-guided fuzzing of mtaudit's parsers with libFuzzer (tests/fuzz/README.md).
#
#   scripts/fuzz.sh smoke [SECONDS]   every target for SECONDS (default 3) from its seeds; fails on
#                                     any crash, hang, leak or broken property, and when an input
#                                     under fixtures/fuzz/*/regressions/ still fails
#   scripts/fuzz.sh full [N]          every target to at least N executions (default 1000000),
#                                     or FUZZ_MAX_TIME seconds when set, continuing after a crash (up
#                                     to FUZZ_MAX_CRASHES per target; after an uncaught exception the
#                                     target goes on with MTAUDIT_FUZZ_IGNORE_EXCEPTIONS=1 so that
#                                     one bug does not hide the others); prints executions, coverage
#                                     (cov, ft), crashes and time per target
#   scripts/fuzz.sh build             only configure and build build-fuzz/
#   scripts/fuzz.sh replay            run every file of fixtures/fuzz/<target>/ (seeds and
#                                     regressions) once through the sanitizer build
#
# Environment: FUZZ_TARGETS="spf smtp_reply" (default: all, in tests/fuzz/targets.cpp order),
# FUZZ_BUILD_JOBS (2), FUZZ_TIMEOUT (seconds per input before it counts as a hang, 10),
# FUZZ_RSS_MB (2048), FUZZ_MAX_CRASHES (5), FUZZ_MAX_TIME (full: seconds per target, unset = no limit).
#
# Everything it writes is under build-fuzz/ (git-ignored): the build, fuzz-corpus/<t>/ (the corpus
# a full run grows and the next one resumes from), fuzz-artifacts/<t>/ (crash-*, timeout-*, oom-*,
# leak-* inputs), fuzz-logs/, fuzz-seeds/ and fuzz-generated/ (seeds with private keys, minted
# here with tests/integration/lib/test_ca.sh because no private key is committed). A crashing
# input worth keeping goes to fixtures/fuzz/<t>/regressions/, where the unit tests replay it.
set -uo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
B=$SRC/build-fuzz
MODE=${1:-}
ARG=${2:-}
TIMEOUT=${FUZZ_TIMEOUT:-10}
RSS_MB=${FUZZ_RSS_MB:-2048}
MAX_CRASHES=${FUZZ_MAX_CRASHES:-5}
# A smaller quarantine and shorter allocation stacks: OpenSSL 3 allocates a lot per decode, and
# page faults on fresh quarantine memory cost more than the parsing (about 2x the speed).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:quarantine_size_mb=32:malloc_context_size=10:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

usage() {
  sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

# Line tables are all the sanitizers' and libFuzzer's stack traces need, and compile faster.
build() {
  cmake -S "$SRC" -B "$B" -DMTAUDIT_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only -DNDEBUG" >/dev/null ||
    { echo "fuzz.sh: cmake configure failed" >&2; exit 1; }
  cmake --build "$B" --target fuzz -j"${FUZZ_BUILD_JOBS:-2}" >"$B/fuzz-build.log" 2>&1 ||
    { tail -40 "$B/fuzz-build.log" >&2; echo "fuzz.sh: build failed (log: $B/fuzz-build.log)" >&2; exit 1; }
}

# name max_len, one per line, from the table in tests/fuzz/targets.cpp (the one source of truth).
target_table() {
  sed -n 's/^ *{"\([a-z0-9_]*\)", *\([0-9]*\) *\* *k_kib, *&[a-z0-9_]*},$/\1 \2/p' "$SRC/tests/fuzz/targets.cpp" |
    awk '{print $1, $2 * 1024}'
}

selected_targets() {
  local all
  all=$(target_table | awk '{print $1}')
  if [ -n "${FUZZ_TARGETS:-}" ]; then
    for t in $FUZZ_TARGETS; do
      grep -qx "$t" <<<"$all" || { echo "fuzz.sh: unknown target $t (known: $(tr "\n" " " <<<"$all"))" >&2; exit 2; }
    done
    echo "$FUZZ_TARGETS" | tr ' ' '\n' | grep -v '^$'
  else
    echo "$all"
  fi
}

max_len_of() { target_table | awk -v t="$1" '$1 == t {print $2}'; }

# Seeds that hold private keys, minted once per build directory: PEM objects of every key
# label Postfix reads (PKCS#8, traditional RSA/EC, encrypted PKCS#8 and legacy Proc-Type),
# chain files in smtpd_tls_chain_files order, and the keys' DER.
generate_seeds() {
  local g=$B/fuzz-generated
  [ -f "$g/.done" ] && return 0
  rm -rf "$g" && mkdir -p "$g/pem" "$g/chain_loader" "$g/x509_der" "$g/ca" || return 1
  (
    set -e
    # shellcheck source=tests/integration/lib/test_ca.sh
    source "$SRC/tests/integration/lib/test_ca.sh"
    cd "$g"
    tca_init "$g/ca" >/dev/null 2>&1
    tca_leaf . rsa inter rsa2048 20250101000000Z 20350101000000Z "DNS:mail.example.org, DNS:example.org" 2>/dev/null
    tca_leaf . ec inter p256 20250101000000Z 20350101000000Z "DNS:mail.example.org" 2>/dev/null
    tca_leaf . ed inter2 ed25519 20250101000000Z 20350101000000Z "DNS:*.example.org" 2>/dev/null
    tca_leaf . weak inter-sha1 rsa1024 20200101000000Z 20210101000000Z "" legacy.example.org sha1 2>/dev/null
    cat rsa.key rsa.pem ca/inter.pem >pem/chain-rsa.pem
    cat rsa.key rsa.pem ca/inter.pem ec.key ec.pem ca/inter.pem >pem/two-chains-rsa-ec.pem
    cat ed.key ed.pem ca/inter2.pem ca/inter.pem >pem/chain-ed25519-two-issuers.pem
    openssl pkey -in rsa.key -traditional >pem/rsa-traditional.pem 2>/dev/null
    openssl pkey -in ec.key -traditional >pem/ec-traditional.pem 2>/dev/null
    openssl pkey -in ec.key -aes256 -passout pass:fuzz >pem/ec-encrypted-pkcs8.pem 2>/dev/null
    openssl rsa -in weak.key -aes128 -passout pass:fuzz -traditional >pem/rsa-proc-type-encrypted.pem 2>/dev/null
    cat weak.pem weak.key >pem/cert-then-key.pem
    cat pem/rsa-traditional.pem rsa.pem >pem/traditional-key-and-cert.pem
    cp pem/chain-rsa.pem pem/two-chains-rsa-ec.pem pem/chain-ed25519-two-issuers.pem pem/cert-then-key.pem chain_loader/
    cat rsa.key ec.pem >chain_loader/key-mismatch.pem
    cat ec.key ca/inter.pem ec.pem >chain_loader/leaf-after-issuer.pem
    { cat rsa.pem ca/inter.pem; printf '\n%%%%\n'; cat rsa.key; } >chain_loader/cert-file-and-key-file.pem
    { cat ec.key; printf '\n%%%%\n'; cat ec.pem ca/inter.pem; printf '\n%%%%\n'; cat pem/ec-encrypted-pkcs8.pem ec.pem; } \
      >chain_loader/three-files-key-then-certs.pem
    openssl pkey -in rsa.key -outform DER -out x509_der/rsa-pkcs8.der
    openssl pkey -in ec.key -outform DER -out x509_der/ec-pkcs8.der
    openssl pkey -in ed.key -outform DER -out x509_der/ed25519-pkcs8.der
    openssl pkey -in rsa.key -traditional -outform DER -out x509_der/rsa-traditional.der 2>/dev/null
    openssl pkey -in ec.key -traditional -outform DER -out x509_der/ec-traditional.der 2>/dev/null
    rm -rf "$g/ca" ./*.key ./*.pem
  ) || { echo "fuzz.sh: could not generate the key seeds (openssl)" >&2; return 1; }
  touch "$g/.done"
}

# The seeds libFuzzer starts from: fixtures/fuzz/<t>/ without regressions/, and the generated ones.
seed_dirs() {
  local t=$1
  local s=$B/fuzz-seeds/$t
  rm -rf "$s" && mkdir -p "$s"
  find "$SRC/fixtures/fuzz/$t" -maxdepth 1 -type f -exec cp -t "$s/" {} + 2>/dev/null
  echo "$s"
  [ -d "$B/fuzz-generated/$t" ] && echo "$B/fuzz-generated/$t"
}

regressions_of() { find "$SRC/fixtures/fuzz/$1/regressions" -type f 2>/dev/null | sort; }

# One libFuzzer run; stats into the RUN_* variables. Arguments after the target go to libFuzzer.
RUN_EXECS=0 RUN_COV=0 RUN_FT=0 RUN_RC=0 RUN_KIND=""
run_fuzzer() {
  local t=$1 log=$2
  shift 2
  mkdir -p "$B/fuzz-artifacts/$t"
  "$B/fuzz_$t" -max_len="$(max_len_of "$t")" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" -print_final_stats=1 \
    -artifact_prefix="$B/fuzz-artifacts/$t/" "$@" >"$log" 2>&1
  RUN_RC=$?
  RUN_EXECS=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ -z "$RUN_EXECS" ]; then  # killed before the final stats: the last status line
    RUN_EXECS=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
  fi
  RUN_EXECS=${RUN_EXECS:-0}
  local status
  status=$(grep -E '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  RUN_COV=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$status")
  RUN_FT=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")
  RUN_COV=${RUN_COV:-0} RUN_FT=${RUN_FT:-0}
  RUN_KIND=""
  [ "$RUN_RC" -ne 0 ] && RUN_KIND=$(crash_kind "$log")
}

# What a failed run found, most telling first: "uncaught std::out_of_range (stol)",
# "AddressSanitizer: heap-buffer-overflow", "UBSan: runtime error: ...", "timeout", ...
crash_kind() {
  local log=$1 what
  if what=$(grep -m1 -o "terminate called after throwing an instance of '[^']*'" "$log"); then
    what=${what#*instance of }
    echo "uncaught ${what//\'/} ($(grep -m1 -A1 'terminate called' "$log" | sed -n 's/^ *what(): *//p' | cut -c1-100))"
  elif what=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|MemorySanitizer): [A-Za-z-]+( on address)?' "$log"); then
    echo "${what#ERROR: }"
  elif what=$(grep -m1 -oE 'runtime error: .{0,100}' "$log"); then
    echo "UBSan: $what"
  elif grep -q 'ERROR: libFuzzer: timeout' "$log"; then
    echo "timeout (an input ran over ${TIMEOUT} s)"
  elif grep -qE 'ERROR: libFuzzer: (out-of-memory|malloc)' "$log"; then
    echo "out of memory (over ${RSS_MB} MB or one huge allocation)"
  elif what=$(grep -m1 -oE 'ERROR: libFuzzer: [a-z-]+' "$log"); then
    echo "${what#ERROR: }"
  else
    echo "exit status $(tail -c 200 "$log" | tr '\n' ' ')"
  fi
}

new_artifact() { sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$1" | tail -1; }

# Every regression input once (a hang counts after SECONDS, default FUZZ_TIMEOUT); prints the
# failing ones. Returns the number that fail.
replay_regressions() {
  local t=$1 limit=${2:-$TIMEOUT} failed=0 f
  while IFS= read -r f; do
    [ -n "$f" ] || continue
    if ! "$B/fuzz_$t" -timeout="$limit" -rss_limit_mb="$RSS_MB" "$f" >"$B/fuzz-logs/$t.regression.log" 2>&1; then
      echo "  $t: still fails: ${f#"$SRC"/}: $(crash_kind "$B/fuzz-logs/$t.regression.log")"
      failed=$((failed + 1))
    fi
  done < <(regressions_of "$t")
  return "$failed"
}

smoke() {
  local seconds=${1:-3} failures=0 t start total_start
  total_start=$(date +%s)
  mkdir -p "$B/fuzz-logs"
  printf '%-16s %6s %9s %6s %7s  %s\n' target seconds execs cov ft result
  for t in $(selected_targets); do
    start=$(date +%s)
    replay_regressions "$t" 3  # known hangs must not eat the smoke's two minutes
    local known=$?
    rm -rf "$B/fuzz-smoke/$t" && mkdir -p "$B/fuzz-smoke/$t"
    # shellcheck disable=SC2046
    run_fuzzer "$t" "$B/fuzz-logs/$t.smoke.log" -max_total_time="$seconds" "$B/fuzz-smoke/$t" $(seed_dirs "$t")
    local result=ok
    if [ "$RUN_RC" -ne 0 ]; then
      result="CRASH: $RUN_KIND -> $(new_artifact "$B/fuzz-logs/$t.smoke.log") (log: build-fuzz/fuzz-logs/$t.smoke.log)"
      failures=$((failures + 1))
    fi
    if [ "$known" -ne 0 ]; then
      result="$result; $known regression input(s) still failing"
      failures=$((failures + 1))
    fi
    printf '%-16s %6s %9s %6s %7s  %s\n' "$t" $(($(date +%s) - start)) "$RUN_EXECS" "$RUN_COV" "$RUN_FT" "$result"
  done
  echo "smoke: $(($(date +%s) - total_start)) s, $failures target(s) failing"
  [ "$failures" -eq 0 ]
}

full() {
  local n=${1:-1000000} t
  mkdir -p "$B/fuzz-logs"
  printf '%-16s %10s %6s %7s %7s %8s %8s  %s\n' target execs cov ft crashes seconds exec/s findings
  for t in $(selected_targets); do
    local start total=0 crashes=0 runs=0 findings="" cov=0 ft=0
    start=$(date +%s)
    replay_regressions "$t" >/dev/null
    local known=$?
    [ "$known" -ne 0 ] && findings="$known known regression(s) still failing;"
    mkdir -p "$B/fuzz-corpus/$t"
    unset MTAUDIT_FUZZ_IGNORE_EXCEPTIONS
    while [ "$total" -lt "$n" ]; do
      runs=$((runs + 1))
      local log=$B/fuzz-logs/$t.full.$runs.log time_limit=()
      if [ -n "${FUZZ_MAX_TIME:-}" ]; then
        local left=$((FUZZ_MAX_TIME - ($(date +%s) - start)))
        [ "$left" -le 0 ] && { findings="$findings time limit (${FUZZ_MAX_TIME} s) reached;"; break; }
        time_limit=(-max_total_time="$left")
      fi
      # shellcheck disable=SC2046
      run_fuzzer "$t" "$log" -runs=$((n - total)) "${time_limit[@]}" "$B/fuzz-corpus/$t" $(seed_dirs "$t")
      total=$((total + RUN_EXECS))
      [ "$RUN_COV" -gt "$cov" ] && cov=$RUN_COV
      [ "$RUN_FT" -gt "$ft" ] && ft=$RUN_FT
      [ "$RUN_RC" -eq 0 ] && continue
      crashes=$((crashes + 1))
      findings="$findings $RUN_KIND -> $(new_artifact "$log");"
      if grep -qE 'terminate called after throwing|uncaught exception' "$log" && ! grep -q PropertyViolation "$log" &&
        [ -z "${MTAUDIT_FUZZ_IGNORE_EXCEPTIONS:-}" ]; then
        export MTAUDIT_FUZZ_IGNORE_EXCEPTIONS=1
        findings="$findings continued ignoring exceptions;"
      fi
      if [ "$crashes" -ge "$MAX_CRASHES" ] || [ "$RUN_EXECS" -eq 0 ]; then
        findings="$findings stopped after $crashes crash(es);"
        break
      fi
    done
    unset MTAUDIT_FUZZ_IGNORE_EXCEPTIONS
    local secs=$(($(date +%s) - start))
    printf '%-16s %10s %6s %7s %7s %8s %8s  %s\n' "$t" "$total" "$cov" "$ft" "$crashes" "$secs" \
      $((total / (secs > 0 ? secs : 1))) "${findings:-none}"
  done
}

replay() {
  local failures=0 t f
  for t in $(selected_targets); do
    local count=0 bad=0
    while IFS= read -r f; do
      count=$((count + 1))
      if ! "$B/fuzz_$t" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" "$f" >"$B/fuzz-logs/$t.replay.log" 2>&1; then
        echo "$t: FAILS on ${f#"$SRC"/}"
        cp "$B/fuzz-logs/$t.replay.log" "$B/fuzz-logs/$t.replay.$(basename "$f").log"
        bad=$((bad + 1))
      fi
    done < <(find "$SRC/fixtures/fuzz/$t" -type f | sort)
    echo "$t: $count inputs, $bad failing"
    failures=$((failures + bad))
  done
  [ "$failures" -eq 0 ]
}

case $MODE in
  smoke | full | build | replay) ;;
  *) usage ;;
esac
build
mkdir -p "$B/fuzz-logs"
[ "$MODE" = build ] && exit 0
generate_seeds || exit 1
case $MODE in
  smoke) smoke "${ARG:-3}" ;;
  full) full "${ARG:-1000000}" ;;
  replay) replay ;;
esac
