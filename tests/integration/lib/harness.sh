# Shared by the integration test scripts: counters, ok/bad, and the summary line CTest reads.
# Source it, then call ok / bad "what went wrong", and end with harness_finish.
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
harness_finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# True when BIN was built with AddressSanitizer (build-fuzz/, the sanitizer run of
# scripts/test.sh): its shadow memory and quarantine make peak-RSS bounds meaningless there, so
# memory is judged on the plain build only.
binary_is_sanitized() { grep -qa '__asan_init' "$1"; }
