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
