#!/usr/bin/env bash
# Certificates, keys and DH parameters on disk, end to end: a throwaway CA (lib/test_ca.sh)
# mints every fixture at test time (no committed private keys), each scenario is a --root
# tree with its own main.cf, and `mtaudit check` must give exactly the expected statuses.
# Bad input must give fail or error naming the file and the reason, never pass or a crash;
# no report format may contain private key material.
# usage: test_certificates.sh MTAUDIT_BIN SOURCE_DIR
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
work=$(mktemp -d)
if [ -n "${MTAUDIT_KEEP_WORK:-}" ]; then echo "work directory: $work"; else trap 'rm -rf "$work"' EXIT; fi
chmod 755 "$work"  # the unreadable-key case runs mtaudit as nobody
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
# shellcheck source=lib/test_ca.sh
source "$src/tests/integration/lib/test_ca.sh"

now=2030-06-01T00:00:00Z  # every scenario is judged at this instant
valid=(20300101000000Z 20310101000000Z)
san="DNS:mail.example.org, DNS:example.org"
cert_rules=(cert-readable cert-chain-complete cert-hostname cert-validity cert-key-strength cert-signature
  cert-key-permissions cert-dual-rotation postfix-dual-certificates postfix-dh-params postfix-sni-maps)
selected=("${cert_rules[@]}")  # what run() selects

ca="$work/ca"
mkdir -p "$ca" "$work/keys"
tca_init "$ca" || { echo "cannot create the test CA"; echo "0 passed, 1 failed"; exit 1; }
keys="$work/keys"
trust=(--ca-file "$ca/root.pem")  # what run() trusts

# host NAME MAIN.CF-LINES...: a --root tree with main.cf, master.cf (one public smtpd) and tls/.
host() {
  local name=$1
  shift
  local dir="$work/$name"
  mkdir -p "$dir/etc/postfix/tls"
  {
    echo "compatibility_level = 3.7"
    echo "myhostname = mail.example.org"
    echo "smtpd_tls_security_level = may"
    printf '%s\n' "$@"
  } > "$dir/etc/postfix/main.cf"
  echo "smtp      inet  n       -       y       -       -       smtpd" > "$dir/etc/postfix/master.cf"
  chmod -R a+rX "$dir"
}

# chain HOST FILE KEY CERT...: a chain file (key first) under HOST's tls/, mode 0600.
chain() {
  local file="$work/$1/etc/postfix/tls/$2"
  shift 2
  cat "$@" > "$file"
  chmod 600 "$file"
}

# leaf NAME ISSUER ALG START END [SAN] [CN] [MD]: keys/NAME.key + keys/NAME.pem
leaf() {
  tca_leaf "$keys" "$1" "$2" "$3" "$4" "$5" "${6-$san}" "${7:-mail.example.org}" "${8:-sha256}"
}

# run HOST [extra options]: the selected results as "rule status target" lines; the JSON report
# stays in $work/HOST.json.
run() {
  local name=$1
  shift
  local sel=()
  for r in "${selected[@]}"; do sel+=(--select "$r"); done
  (cd "$work" && "$bin" check --root "$name" --postfix-version 3.7 --hostname mail --now "$now" \
    "${trust[@]}" "${sel[@]}" --json "$work/$name.json" --text /dev/null "$@" 2>"$work/$name.err")
  echo "rc=$?" > "$work/$name.rc"
  python3 - "$work/$name.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["rule"], r["status"], r["target"])
PY
}

# expect HOST "LINES" [extra options]: the results must be exactly LINES (order as reported).
expect() {
  local name=$1 want=$2
  shift 2
  local got
  got=$(run "$name" "$@")
  if [ "$got" = "$want" ]; then ok; else
    bad "$name: results differ"
    diff <(echo "$want") <(echo "$got") | sed 's/^/    /'
    cat "$work/$name.err"
  fi
}

# message HOST RULE TEXT: the message of RULE's (first) result contains TEXT.
message() {
  local msg
  msg=$(python3 - "$work/$1.json" "$2" <<'PY'
import json, sys
print(next((r["message"] for r in json.load(open(sys.argv[1]))["results"] if r["rule"] == sys.argv[2]), ""))
PY
)
  if [[ $msg == *"$3"* ]]; then ok; else bad "$1: $2 message '$msg' lacks '$3'"; fi
}

# single RULE:STATUS...: the results of a host with one certificate (tls/c.pem, service smtp/inet):
# every cert rule passes except those given.
single() {
  local -A want=([cert-readable]=pass [cert-chain-complete]=pass [cert-hostname]=pass [cert-validity]=pass
    [cert-key-strength]=pass [cert-signature]=pass [cert-key-permissions]=pass
    [cert-dual-rotation]=skip [postfix-dual-certificates]=fail)
  for kv in "$@"; do want[${kv%%:*}]=${kv#*:}; done
  local lines="" r
  for r in cert-chain-complete cert-dual-rotation cert-hostname cert-key-permissions cert-key-strength \
    cert-readable cert-signature cert-validity; do
    if [ "$r" = cert-dual-rotation ]; then
      lines+="cert-dual-rotation ${want[cert-dual-rotation]} smtp/inet"$'\n'
    else
      lines+="$r ${want[$r]} /etc/postfix/tls/c.pem"$'\n'
    fi
  done
  lines+="postfix-dh-params pass main.cf"$'\n'
  lines+="postfix-dual-certificates ${want[postfix-dual-certificates]} smtp/inet"$'\n'
  lines+="postfix-sni-maps skip main.cf"
  echo "$lines"
}

one_cert_host() {  # one_cert_host HOST: main.cf naming tls/c.pem as its only chain file
  host "$1" "smtpd_tls_chain_files = /etc/postfix/tls/c.pem"
}

# --- valid RSA + ECDSA pair with intermediates -------------------------------------------------
leaf rsa inter rsa2048 "${valid[@]}"
leaf ecdsa inter p384 "${valid[@]}"
host good "smtpd_tls_chain_files = /etc/postfix/tls/ecdsa.pem, /etc/postfix/tls/rsa.pem"
chain good ecdsa.pem "$keys/ecdsa.key" "$keys/ecdsa.pem" "$ca/inter.pem"
chain good rsa.pem "$keys/rsa.key" "$keys/rsa.pem" "$ca/inter.pem"
expect good "cert-chain-complete pass /etc/postfix/tls/ecdsa.pem
cert-chain-complete pass /etc/postfix/tls/rsa.pem
cert-dual-rotation pass smtp/inet
cert-hostname pass /etc/postfix/tls/ecdsa.pem
cert-hostname pass /etc/postfix/tls/rsa.pem
cert-key-permissions pass /etc/postfix/tls/ecdsa.pem
cert-key-permissions pass /etc/postfix/tls/rsa.pem
cert-key-strength pass /etc/postfix/tls/ecdsa.pem
cert-key-strength pass /etc/postfix/tls/rsa.pem
cert-readable pass /etc/postfix/tls/ecdsa.pem
cert-readable pass /etc/postfix/tls/rsa.pem
cert-signature pass /etc/postfix/tls/ecdsa.pem
cert-signature pass /etc/postfix/tls/rsa.pem
cert-validity pass /etc/postfix/tls/ecdsa.pem
cert-validity pass /etc/postfix/tls/rsa.pem
postfix-dh-params pass main.cf
postfix-dual-certificates pass smtp/inet
postfix-sni-maps skip main.cf"
grep -q "rc=0" "$work/good.rc" && ok || bad "good: exit $(cat "$work/good.rc"), want 0"
message good cert-validity "valid until 2031-01-01T00:00:00Z (214 days left)"

# The same pair in legacy parameters (cert and key in separate files).
host legacy "smtpd_tls_cert_file = /etc/postfix/tls/rsa.crt" "smtpd_tls_key_file = /etc/postfix/tls/rsa.key" \
  "smtpd_tls_eccert_file = /etc/postfix/tls/ecdsa.crt" "smtpd_tls_eckey_file = /etc/postfix/tls/ecdsa.key"
chain legacy rsa.crt "$keys/rsa.pem" "$ca/inter.pem"
chain legacy rsa.key "$keys/rsa.key"
chain legacy ecdsa.crt "$keys/ecdsa.pem" "$ca/inter.pem"
chain legacy ecdsa.key "$keys/ecdsa.key"
got=$(run legacy)
[ "$(grep -c ' pass ' <<<"$got")" = 17 ] && ok || bad "legacy pair: not all pass: $got"
grep -q "cert-readable pass /etc/postfix/tls/rsa.crt" <<<"$got" && ok || bad "legacy pair: rsa.crt not checked"

# Without --ca-file the test CA is unknown to the system store.
trust=()
got=$(run good)
trust=(--ca-file "$ca/root.pem")
grep -q "cert-chain-complete fail /etc/postfix/tls/rsa.pem" <<<"$got" && ok || bad "system store trusted the test CA"

# Dual certificates whose expiry dates drift apart (59 days).
leaf ecdsa-late inter p256 20300101000000Z 20310301000000Z
host skew "smtpd_tls_chain_files = /etc/postfix/tls/ecdsa.pem, /etc/postfix/tls/rsa.pem"
chain skew ecdsa.pem "$keys/ecdsa-late.key" "$keys/ecdsa-late.pem" "$ca/inter.pem"
chain skew rsa.pem "$keys/rsa.key" "$keys/rsa.pem" "$ca/inter.pem"
got=$(run skew)
grep -q "cert-dual-rotation fail smtp/inet" <<<"$got" && ok || bad "skew: $got"
message skew cert-dual-rotation "expire 59 days apart"

# --- one certificate per scenario -------------------------------------------------------------
scenario() {  # scenario HOST "KEY CERT..." RULE:STATUS...
  local name=$1 files=$2
  shift 2
  one_cert_host "$name"
  # shellcheck disable=SC2086
  chain "$name" c.pem $files
  expect "$name" "$(single "$@")"
}

leaf nochain inter p256 "${valid[@]}"
scenario missing-intermediate "$keys/nochain.key $keys/nochain.pem" cert-chain-complete:fail
message missing-intermediate cert-chain-complete "an intermediate certificate is missing"

leaf expired inter p256 20290101000000Z 20300101000000Z
scenario expired "$keys/expired.key $keys/expired.pem $ca/inter.pem" cert-validity:fail
message expired cert-validity ": expired;"

leaf soon inter p256 20290611000000Z 20300611000000Z
scenario expiring "$keys/soon.key $keys/soon.pem $ca/inter.pem" cert-validity:fail
message expiring cert-validity "expires in 10 days"
expect expiring "$(single)" --set cert-validity.min_days=10

leaf future inter p256 20300701000000Z 20310701000000Z
scenario not-yet-valid "$keys/future.key $keys/future.pem $ca/inter.pem" cert-validity:fail
message not-yet-valid cert-validity "not valid yet"

leaf rsa1024 inter rsa1024 "${valid[@]}"
scenario rsa-1024 "$keys/rsa1024.key $keys/rsa1024.pem $ca/inter.pem" cert-key-strength:fail
message rsa-1024 cert-key-strength "rsa, 1024 bits"

leaf p256 inter p256 "${valid[@]}"
scenario p-256 "$keys/p256.key $keys/p256.pem $ca/inter.pem"
leaf p384 inter p384 "${valid[@]}"
scenario p-384 "$keys/p384.key $keys/p384.pem $ca/inter.pem"
leaf p521 inter p521 "${valid[@]}"
scenario p-521 "$keys/p521.key $keys/p521.pem $ca/inter.pem" cert-key-strength:fail
message p-521 cert-key-strength "ec, 521 bits"

leaf viasha1 inter-sha1 p256 "${valid[@]}"
scenario sha1-intermediate "$keys/viasha1.key $keys/viasha1.pem $ca/inter-sha1.pem" cert-signature:fail
message sha1-intermediate cert-signature "the weak digest sha1"

scenario wrong-key "$keys/p384.key $keys/p256.pem $ca/inter.pem" cert-readable:fail
message wrong-key cert-readable "does not belong to the certificate"

leaf other inter p256 "${valid[@]}" "DNS:other.example.net"
scenario san-mismatch "$keys/other.key $keys/other.pem $ca/inter.pem" cert-hostname:fail
message san-mismatch cert-hostname "does not cover [mail.example.org]"

leaf cnonly inter p256 "${valid[@]}" ""
scenario cn-only "$keys/cnonly.key $keys/cnonly.pem $ca/inter.pem" cert-hostname:fail
message cn-only cert-hostname "no DNS names"

# Key permissions: world-readable, and owned by another user.
one_cert_host world-readable
chain world-readable c.pem "$keys/p256.key" "$keys/p256.pem" "$ca/inter.pem"
chmod 644 "$work/world-readable/etc/postfix/tls/c.pem"
expect world-readable "$(single cert-key-permissions:fail)"
message world-readable cert-key-permissions "every user on the host can read"
one_cert_host foreign-owner
chain foreign-owner c.pem "$keys/p256.key" "$keys/p256.pem" "$ca/inter.pem"
chown 65534 "$work/foreign-owner/etc/postfix/tls/c.pem"
expect foreign-owner "$(single cert-key-permissions:fail)"
message foreign-owner cert-key-permissions "not owned by root"

# --- bad input: fail or error naming the file and the reason, never pass ------------------------
bad_input() {  # bad_input HOST REASON [RULE:STATUS...]: cert-readable fails, the rules reading the leaf error
  local name=$1 reason=$2
  shift 2
  expect "$name" "$(single cert-readable:fail cert-chain-complete:error cert-hostname:error cert-validity:error \
    cert-key-strength:error cert-signature:error cert-dual-rotation:error postfix-dual-certificates:error "$@")"
  message "$name" cert-readable "/etc/postfix/tls/c.pem"
  message "$name" cert-readable "$reason"
  message "$name" cert-validity "$reason"
  # The configured file cannot be read: an error naming it, never "key_types=[]".
  message "$name" postfix-dual-certificates "could not collect: "
  message "$name" postfix-dual-certificates "$reason"
}
one_cert_host missing-file
bad_input missing-file "No such file or directory" cert-key-permissions:error
message missing-file cert-key-permissions "No such file or directory"

one_cert_host zero-bytes
: > "$work/zero-bytes/etc/postfix/tls/c.pem"
chmod 600 "$work/zero-bytes/etc/postfix/tls/c.pem"
bad_input zero-bytes "is empty (0 bytes)"

one_cert_host garbage
printf -- '-----BEGIN CERTIFICATE-----\nthis is not base64 at all!\n-----END CERTIFICATE-----\n' \
  > "$work/garbage/etc/postfix/tls/c.pem"
chmod 600 "$work/garbage/etc/postfix/tls/c.pem"
bad_input garbage "PEM object 1 is malformed"

one_cert_host not-pem
echo "hello, I am not a certificate" > "$work/not-pem/etc/postfix/tls/c.pem"
chmod 600 "$work/not-pem/etc/postfix/tls/c.pem"
bad_input not-pem "holds no PEM data"

one_cert_host der
openssl x509 -in "$keys/p256.pem" -outform DER -out "$work/der/etc/postfix/tls/c.pem"
chmod 600 "$work/der/etc/postfix/tls/c.pem"
bad_input der "holds a DER (binary) certificate, not PEM"

# An encrypted key: Postfix cannot use it; no pass phrase is asked for (stdin is closed).
openssl pkey -in "$keys/p256.key" -aes256 -passout pass:secret -out "$keys/p256-enc.key"
one_cert_host encrypted-key
chain encrypted-key c.pem "$keys/p256-enc.key" "$keys/p256.pem" "$ca/inter.pem"
expect encrypted-key "$(single cert-readable:fail)" </dev/null
message encrypted-key cert-readable "is encrypted"

# Certificates before the key (legacy habit in a chain file), and the leaf after its issuer.
one_cert_host cert-first
chain cert-first c.pem "$keys/p256.pem" "$ca/inter.pem" "$keys/p256.key"
expect cert-first "$(single cert-readable:fail)"
message cert-first cert-readable "comes before its private key"

one_cert_host issuer-first
chain issuer-first c.pem "$keys/p256.key" "$ca/inter.pem" "$keys/p256.pem"
expect issuer-first "$(single cert-readable:fail cert-chain-complete:fail cert-hostname:fail)"
message issuer-first cert-readable "the server certificate must come first"

leaf deep inter2 p256 "${valid[@]}"
one_cert_host chain-order
chain chain-order c.pem "$keys/deep.key" "$keys/deep.pem" "$ca/inter.pem" "$ca/inter2.pem"
expect chain-order "$(single cert-chain-complete:fail)"
message chain-order cert-chain-complete "not in order from the leaf up"
one_cert_host chain-order-ok
chain chain-order-ok c.pem "$keys/deep.key" "$keys/deep.pem" "$ca/inter2.pem" "$ca/inter.pem"
expect chain-order-ok "$(single)"

# A key the checker may not read: error (not pass, not fail) for the rules that need it.
one_cert_host unreadable
chain unreadable c.pem "$keys/p256.key" "$keys/p256.pem" "$ca/inter.pem"
as_nobody=()
if command -v setpriv >/dev/null; then
  as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
elif command -v runuser >/dev/null; then
  as_nobody=(runuser -u nobody --)
fi
if [ "$(id -u)" = 0 ] && [ ${#as_nobody[@]} -gt 0 ]; then
  chmod a+r "$ca/root.pem"
  mkdir -m 777 "$work/nobody"
  cp "$bin" "$work/nobody/mtaudit"  # the build tree may not be reachable for nobody
  sel=()
  for r in "${cert_rules[@]}"; do sel+=(--select "$r"); done
  (cd "$work" && "${as_nobody[@]}" "$work/nobody/mtaudit" check --root unreadable --postfix-version 3.7 --hostname mail --now "$now" \
    --ca-file "$ca/root.pem" "${sel[@]}" --json nobody/r.json --text nobody/r.txt)
  cp "$work/nobody/r.json" "$work/unreadable.json"
  got=$(python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]: print(r["rule"], r["status"], r["target"])' "$work/unreadable.json")
  as_root=$(single cert-readable:error cert-chain-complete:error cert-hostname:error cert-validity:error \
    cert-key-strength:error cert-signature:error cert-dual-rotation:error postfix-dual-certificates:error)
  [ "$got" = "$as_root" ] && ok || { bad "unreadable key as nobody"; diff <(echo "$as_root") <(echo "$got"); }
  message unreadable cert-readable "Permission denied"
  message unreadable cert-readable "run mtaudit as root"
else
  echo "SKIP unreadable key: needs root and setpriv or runuser"
fi

# --- DH parameters -----------------------------------------------------------------------------
dh_case() {  # dh_case HOST STATUS OPENSSL-ARGS... (the word OUT stands for the output file)
  local name=$1 status=$2 args=() a
  shift 2
  host "$name" "smtpd_tls_dh1024_param_file = /etc/postfix/dh.pem"
  for a in "$@"; do args+=("${a/#OUT/$work/$name/etc/postfix/dh.pem}"); done
  openssl "${args[@]}" 2>/dev/null || bad "$name: openssl ${args[*]} failed"
  expect "$name" "postfix-dh-params $status main.cf"
}
selected=(postfix-dh-params)
dh_case dh-1024 fail genpkey -genparam -algorithm DH -pkeyopt dh_paramgen_prime_len:1024 -out OUT
message dh-1024 postfix-dh-params "/etc/postfix/dh.pem: the DH prime has 1024 bits"
dh_case dh-2048 pass genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 -out OUT
dh_case dh-4096 pass genpkey -genparam -algorithm DH -pkeyopt group:ffdhe4096 -out OUT
# X9.42 parameters (dhparam -dsaparam): Postfix with OpenSSL 3 cannot load them.
dh_case dh-x942 fail dhparam -dsaparam -out OUT 2048
message dh-x942 postfix-dh-params "cannot be loaded by Postfix with OpenSSL 3"
host dh-missing "smtpd_tls_dh1024_param_file = /etc/postfix/dh.pem"
expect dh-missing "postfix-dh-params fail main.cf"
message dh-missing postfix-dh-params "No such file or directory"
selected=("${cert_rules[@]}")

# --- SNI: the certificates a tls_server_sni_maps table names -------------------------------------
leaf sni inter p256 "${valid[@]}" "DNS:mail.example.net"
host sni "smtpd_tls_chain_files = /etc/postfix/tls/c.pem" "tls_server_sni_maps = texthash:/etc/postfix/sni"
chain sni c.pem "$keys/p256.key" "$keys/p256.pem" "$ca/inter.pem"
chain sni sni.pem "$keys/sni.key" "$keys/sni.pem" "$ca/inter.pem"
printf 'mail.example.net /etc/postfix/tls/sni.pem\nmail.example.com /etc/postfix/tls/sni.pem\n' > "$work/sni/etc/postfix/sni"
got=$(run sni)
grep -q "postfix-sni-maps fail texthash:/etc/postfix/sni" <<<"$got" && ok || bad "sni: $got"
grep -q "cert-hostname fail /etc/postfix/tls/sni.pem" <<<"$got" && ok || bad "sni hostname: $got"
message sni postfix-sni-maps "/etc/postfix/tls/sni.pem: does not cover [mail.example.com]"
printf 'mail.example.net /etc/postfix/tls/sni.pem\n' > "$work/sni/etc/postfix/sni"
got=$(run sni)
grep -q "postfix-sni-maps pass texthash:/etc/postfix/sni" <<<"$got" && ok || bad "sni (good): $got"

# --- no key material in any output ---------------------------------------------------------------
(cd "$work" && "$bin" check --root good --postfix-version 3.7 --hostname mail --now "$now" --ca-file "$ca/root.pem" \
  --junit out.xml --sarif out.sarif --json out.json --html out.html --text out.txt > out.stdout 2> out.stderr)
(cd "$work" && "$bin" check --root good --postfix-version 3.7 --hostname mail --now "$now" --color always \
  > out.color 2>&1)
grep -q "cert-readable" "$work/out.json" && ok || bad "full run has no certificate results"
leaks=0
for key in "$keys/rsa.key" "$keys/ecdsa.key"; do
  while read -r line; do
    case $line in -----*|"") continue ;; esac
    for out in "$work"/out.*; do
      if grep -qF -- "${line:0:40}" "$out"; then leaks=$((leaks + 1)); echo "key material of $key in $out"; fi
    done
  done < "$key"
done
[ "$leaks" = 0 ] && ok || bad "private key material in reports"
! grep -l "PRIVATE KEY" "$work"/out.* && ok || bad "'PRIVATE KEY' appears in a report"
validate="$src/tests/integration/lib/validate_reports.sh"
"$validate" --junit "$work/out.xml" --sarif-github "$work/out.sarif" --json "$work/out.json"
case $? in 0|77) ok ;; *) bad "reports with certificate results do not validate" ;; esac

# Bad options: exit 2 with the reason.
(cd "$work" && "$bin" check --root good --postfix-version 3.7 --now yesterday --text /dev/null 2>"$work/err")
[ $? = 2 ] && grep -q -- "--now: 'yesterday' is not an ISO 8601 timestamp" "$work/err" && ok || bad "bad --now"
(cd "$work" && "$bin" check --root good --postfix-version 3.7 --ca-file "$work/nope.pem" --text /dev/null 2>"$work/err")
[ $? = 2 ] && grep -q "nope.pem: cannot read" "$work/err" && ok || bad "missing --ca-file"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
