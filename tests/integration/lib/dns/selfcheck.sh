#!/usr/bin/env bash
# Self-check of the DNS + HTTPS test environment: mints a certificate directory in the live env's
# layout (or uses $DNS_SELFCHECK_CERTDIR), brings nsd and nginx up in a temporary directory,
# proves with libunbound (ubcheck.c, validating like mtaudit: forwarder + DS trust anchors), dig,
# curl and openssl that every domain behaves as README.md documents, tears everything down.
# A second, shorter round runs with a bare CERTDIR (no CA keys next to it): own CA, intermediate
# taken from rsa2048-chain.pem. Exit status 0 only if every check passed.
# Usage: tests/integration/lib/dns/selfcheck.sh   (root; nsd, ldnsutils, nginx-light,
#        bind9-dnsutils, curl, gcc and libunbound-dev installed: scripts/install-deps.sh)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
. "$HERE/env.sh"

W=$(mktemp -d /tmp/mtaudit-dns-selfcheck.XXXXXX)
cleanup() { dns_env_down "$W/b"; dns_env_down "$W"; rm -rf "$W"; }
trap cleanup EXIT

FAILS=0
CHECKS=0
T0=$(date +%s)
pass() { CHECKS=$((CHECKS + 1)); echo "PASS $*"; }
fail() { CHECKS=$((CHECKS + 1)); echo "FAIL $*"; FAILS=$((FAILS + 1)); }
check() {  # check DESCRIPTION COMMAND...: record the command's success
  local desc=$1
  shift
  if "$@"; then pass "$desc"; else fail "$desc"; fi
}
eq() {  # eq GOT WANT: string equality, with a diff on stderr
  [ "$1" = "$2" ] && return 0
  echo "  got:  $(printf '%s' "$1" | head -c 400 | tr '\r\n' '%|')" >&2
  echo "  want: $(printf '%s' "$2" | head -c 400 | tr '\r\n' '%|')" >&2
  return 1
}

# ---------------------------------------------------------------------------------------------
# Resolver view: every query goes through one ubcheck run (one libunbound context, like the tool)
# ---------------------------------------------------------------------------------------------

UB_OUT=$W/ubcheck.out

ub_run() {  # ub_run QUERY...: resolve everything once; answers land in $UB_OUT
  "$W/ubcheck" "$DNS_RESOLVER" "$DNS_TRUST_ANCHOR" "$@" > "$UB_OUT"
}

ub_block() {  # ub_block NAME TYPE: the status line and the record lines of one query
  awk -v q="$1 $2 " 'index($0, q) == 1 {p = 1; print; next} /^  / {if (p) print; next} {p = 0}' "$UB_OUT"
}

ub_is() {  # ub_is NAME TYPE "STATUS RCODE NDATA": the validator's verdict
  local got
  got=$(ub_block "$1" "$2" | head -n 1 | awk '{print $3, $4, $5}')
  eq "$got" "$3"
}

ub_data() {  # ub_data NAME TYPE KIND: sorted record lines of KIND (a, mx, tlsa, txt) without prefix
  ub_block "$1" "$2" | sed -n "s/^  $3\(\[[0-9]*\]\)\{0,1\}: //p" | LC_ALL=C sort
}

ub_txt_is() {  # ub_txt_is NAME "TXT1" ["TXT2"...]: exactly these TXT records (any order)
  local name=$1 want
  shift
  want=$(printf '%s\n' "$@" | LC_ALL=C sort)
  eq "$(ub_data "$name" TXT txt)" "$want"
}

ub_bogus_why() {  # ub_bogus_why NAME TYPE PATTERN
  ub_block "$1" "$2" | head -n 1 | grep -q "$3"
}

spf_terms() {  # spf_terms NAME: DNS-querying SPF terms, following include/redirect (ub answers)
  local rec t n=0 sub
  rec=$(ub_data "$1" TXT txt | grep '^v=spf1' | head -n 1)
  for t in $rec; do
    case ${t#[+?~-]} in
      include:* | redirect=*)
        sub=${t#*[:=]}
        n=$((n + 1 + $(spf_terms "$sub"))) ;;
      a | a:* | a/* | mx | mx:* | mx/* | ptr | ptr:* | exists:*) n=$((n + 1)) ;;
    esac
  done
  echo "$n"
}

dkim_is() {  # dkim_is NAME KEYFILE rsa|ed25519: the record publishes exactly KEYFILE's public key
  local p
  case $3 in
    rsa) p=$(openssl pkey -in "$2" -pubout -outform DER | base64 -w0) ;;
    ed25519)
      p=$(openssl pkey -in "$2" -pubout -outform DER | tail -c 32 | base64 -w0)
      [ "$(printf '%s' "$p" | base64 -d | wc -c)" = 32 ] || return 1 ;;
  esac
  ub_is "$1" TXT "secure NOERROR 1" && ub_txt_is "$1" "v=DKIM1; k=$3; p=$p"
}

key_bits() {  # key_bits KEYFILE BITS
  openssl pkey -in "$1" -noout -text | head -n 1 | grep -q "($2 bit"
}

not_ours() {  # not_ours HEX: a 64-digit SHA-256 that is none of the live servers' keys
  [[ $1 =~ ^[0-9a-f]{64}$ ]] && [ "$1" != "$RSA" ] && [ "$1" != "$ECDSA" ] && [ "$1" != "$INTER" ]
}

spki() { openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1; }

dig_status() {  # dig_status NAME TYPE: the rcode nsd itself answers
  dig +norec +time=2 +tries=1 -p "$DNS_PORT" @"$DNS_SERVER" "$1" "$2" | sed -n 's/.*status: \([A-Z]*\),.*/\1/p'
}

# ---------------------------------------------------------------------------------------------
# HTTPS view
# ---------------------------------------------------------------------------------------------

fetch() {  # fetch DOMAIN [MAX_TIME] [CURL_ARGS...]: "CODE CTYPE SIZE VERIFY EXIT"; body in $W/body.DOMAIN
  local d=$1 t=${2:-10} out rc=0
  shift 2 || shift $#
  out=$(curl -s -o "$W/body.$d" --max-time "$t" --cacert "$DNS_CA_FILE" \
    --resolve "mta-sts.$d:443:$DNS_HTTPS_ADDR" \
    -w '%{http_code} %{content_type} %{size_download} %{ssl_verify_result}' "$@" \
    "https://mta-sts.$d/.well-known/mta-sts.txt") || rc=$?
  echo "$out $rc"
}

fetch_is() {  # fetch_is DOMAIN "CODE CTYPE SIZE VERIFY EXIT" [MAX_TIME]: the line matches (ERE)
  local got
  got=$(fetch "$1" "${3:-10}")
  [[ $got =~ ^$2$ ]] || { eq "$got" "$2"; return 1; }
}

policy() {  # policy MODE MAX_AGE MX...: the expected policy text (CRLF)
  local mode=$1 age=$2 mx
  shift 2
  printf 'version: STSv1\r\nmode: %s\r\n' "$mode"
  for mx in "$@"; do printf 'mx: %s\r\n' "$mx"; done
  printf 'max_age: %s\r\n' "$age"
}

body_is() {  # body_is DOMAIN MODE MAX_AGE MX...: the last fetch's body is exactly that policy
  local d=$1
  shift
  cmp -s "$W/body.$d" <(policy "$@") || { eq "$(cat -A "$W/body.$d")" "$(policy "$@" | cat -A)"; return 1; }
}

body_head_is() {  # body_head_is DOMAIN MODE MAX_AGE MX...: the body starts with that policy
  local d=$1 n
  shift
  n=$(policy "$@" | wc -c)
  cmp -s -n "$n" "$W/body.$d" <(policy "$@")
}

padded_policy_is() {  # padded_policy_is DOMAIN BYTES: policy head, mx: lines, one padding: line
  local f=$W/body.$1
  body_head_is "$1" enforce 604800 "mail.$1" &&
    [ "$(wc -c < "$f")" = "$2" ] &&
    [ "$(tail -c 2 "$f" | od -An -c | tr -d ' ')" = '\r\n' ] &&
    [ "$(grep -c $'\r$' "$f")" = "$(wc -l < "$f")" ] &&
    [ "$(tr -d '\r' < "$f" | grep -Evc '^(mx: |padding: x+$)')" = 3 ] &&
    [ "$(grep -c '^padding: ' "$f")" = 1 ]
}

served_cert_has() {  # served_cert_has SNI PATTERN: subject + SAN of what nginx presents match
  local got
  got=$(timeout 10 openssl s_client -connect "$DNS_HTTPS_ADDR:443" -servername "$1" < /dev/null 2> /dev/null |
    openssl x509 -noout -subject -ext subjectAltName 2> /dev/null | tr -s ' \n' ' ')
  [[ $got =~ $2 ]] || { echo "  served: $got" >&2; return 1; }
}

# ---------------------------------------------------------------------------------------------
# Round 1: CERTDIR in the live env's layout (WORKDIR/ca next to WORKDIR/certs)
# ---------------------------------------------------------------------------------------------

if [ -n "${DNS_SELFCHECK_CERTDIR:-}" ]; then
  CERTS=$(cd "$DNS_SELFCHECK_CERTDIR" && pwd)
else
  dns_certdir_mint "$W/live" > /dev/null
  CERTS=$W/live/certs
fi
gcc -O1 -Wall -Wextra -Werror -o "$W/ubcheck" "$HERE/ubcheck.c" -lunbound

t=$(date +%s.%N)
if ! dns_env_up "$W" "$CERTS"; then
  echo "FAIL dns_env_up"
  exit 1
fi
UP_SECONDS=$(awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
pass "dns_env_up in ${UP_SECONDS}s"
# shellcheck source=/dev/null
. "$W/dns.env"

# The expected TLSA data, computed here independently of env.sh.
RSA=$(spki "$CERTS/rsa2048.pem")
ECDSA=$(spki "$CERTS/ecdsa.pem")
INTER=$(spki "$CERTS/../ca/inter.pem")
RSA_CERT=$(openssl x509 -in "$CERTS/rsa2048.pem" -outform DER | sha256sum | cut -d' ' -f1)
GOOD_TLSA=$(printf '%s\n' "2 1 1 $INTER" "3 1 1 $ECDSA" "3 1 1 $RSA" | LC_ALL=C sort)
STS_OK="v=STSv1; id=20261206T000000"
SIGNED="example bogus mismatch weak twospf loop malformed big huge redirect ctype badcert nopolicy stall nosts"
WEB="big huge redirect ctype badcert nopolicy stall"

Q=()
for d in $SIGNED unsigned; do
  Q+=("$d.test/SOA" "$d.test/MX" "$d.test/TXT" "mail.$d.test/A" "_mta-sts.$d.test/TXT"
    "mta-sts.$d.test/A" "_smtp._tls.$d.test/TXT" "_dmarc.$d.test/TXT" "_25._tcp.mail.$d.test/TLSA"
    "mail._domainkey.$d.test/TXT")
done
for i in $(seq 11); do Q+=("s$i.weak.test/TXT"); done
Q+=(_spf.example.test/TXT ed._domainkey.example.test/TXT mx2.weak.test/A
  big._domainkey.malformed.test/TXT servfail.test/SOA servfail.test/MX nosuch.example.test/A)
check "ubcheck resolves ${#Q[@]} queries" ub_run "${Q[@]}"

# --- files and trust anchors -----------------------------------------------------------------
check "dns.env: DNS_RESOLVER" eq "$DNS_RESOLVER" "127.0.0.1@25353"
check "dns.env: DNS_HTTPS_ADDR" eq "$DNS_HTTPS_ADDR" "127.0.2.1"
check "dns.env: DNS_CA_FILE is the CERTDIR's ca.pem (one CA for SMTP and HTTPS)" eq "$DNS_CA_FILE" "$CERTS/ca.pem"
check "trust anchors: one SHA-256 DS per signed zone" \
  eq "$(awk '$4 == "DS" && $6 == 13 && $7 == 2 {print $1}' "$DNS_TRUST_ANCHOR" | LC_ALL=C sort | tr '\n' ' ')" \
  "$(for d in $SIGNED; do echo "$d.test."; done | LC_ALL=C sort | tr '\n' ' ')"
check "trust anchors: nothing for unsigned.test / servfail.test" \
  bash -c "! grep -Eq '^(unsigned|servfail)\\.test' '$DNS_TRUST_ANCHOR'"
check "RRSIG validity window is fixed (2024-01-01 .. 2045-01-01)" \
  bash -c "dig +dnssec +norec -p $DNS_PORT @$DNS_SERVER example.test SOA | grep -q 'RRSIG.*SOA 13 2 3600 20450101000000 20240101000000'"
check "nsd answers over TCP too" \
  bash -c "dig +tcp +norec -p $DNS_PORT @$DNS_SERVER example.test MX | grep -q 'status: NOERROR'"

# --- 1. example.test ---------------------------------------------------------------------------
check "example.test MX secure" ub_is example.test MX "secure NOERROR 1"
check "example.test MX data" eq "$(ub_data example.test MX mx)" "10 mail.example.test."
check "mail.example.test A 127.0.0.1, secure" eq "$(ub_is mail.example.test A "secure NOERROR 1" && ub_data mail.example.test A a)" "127.0.0.1"
check "example.test TLSA secure, 3 records" ub_is _25._tcp.mail.example.test TLSA "secure NOERROR 3"
check "example.test TLSA = 3 1 1 RSA, 3 1 1 ECDSA, 2 1 1 intermediate" \
  eq "$(ub_data _25._tcp.mail.example.test TLSA tlsa)" "$GOOD_TLSA"
check "example.test _mta-sts secure" ub_is _mta-sts.example.test TXT "secure NOERROR 1"
check "example.test _mta-sts TXT" ub_txt_is _mta-sts.example.test "$STS_OK"
check "example.test _smtp._tls TXT" ub_txt_is _smtp._tls.example.test "v=TLSRPTv1; rua=mailto:tlsrpt@example.test"
check "example.test SPF" ub_txt_is example.test "v=spf1 mx include:_spf.example.test -all"
check "_spf.example.test SPF" ub_txt_is _spf.example.test "v=spf1 ip4:192.0.2.0/24 -all"
check "example.test DMARC" ub_txt_is _dmarc.example.test "v=DMARC1; p=reject; rua=mailto:dmarc@example.test"
check "example.test DKIM RSA 2048 key = DNS_DKIM_RSA_KEY" dkim_is mail._domainkey.example.test "$DNS_DKIM_RSA_KEY" rsa
check "example.test DKIM key is RSA 2048" key_bits "$DNS_DKIM_RSA_KEY" 2048
check "example.test DKIM TXT split into 255-byte strings" \
  bash -c "dig +short +tcp -p $DNS_PORT @$DNS_SERVER TXT mail._domainkey.example.test | grep -q '\" \"'"
check "example.test DKIM Ed25519 = raw 32-byte key of DNS_DKIM_ED25519_KEY" dkim_is ed._domainkey.example.test "$DNS_DKIM_ED25519_KEY" ed25519
check "nonexistent name in a signed zone: secure NXDOMAIN" ub_is nosuch.example.test A "secure NXDOMAIN 0"
check "mta-sts.example.test policy: 200 text/plain" fetch_is example.test "200 text/plain 71 0 0"
check "mta-sts.example.test policy body (CRLF)" body_is example.test enforce 604800 mail.example.test

# --- 2. unsigned.test --------------------------------------------------------------------------
check "unsigned.test MX insecure" ub_is unsigned.test MX "insecure NOERROR 1"
check "unsigned.test TLSA insecure, same data as example.test" \
  eq "$(ub_is _25._tcp.mail.unsigned.test TLSA "insecure NOERROR 3" && ub_data _25._tcp.mail.unsigned.test TLSA tlsa)" "$GOOD_TLSA"
check "unsigned.test _mta-sts insecure" ub_is _mta-sts.unsigned.test TXT "insecure NOERROR 1"
check "unsigned.test _mta-sts TXT" ub_txt_is _mta-sts.unsigned.test "$STS_OK"
check "unsigned.test TLSRPT" ub_txt_is _smtp._tls.unsigned.test "v=TLSRPTv1; rua=mailto:tlsrpt@unsigned.test"
check "unsigned.test SPF" ub_txt_is unsigned.test "v=spf1 mx -all"
check "unsigned.test DMARC" ub_txt_is _dmarc.unsigned.test "v=DMARC1; p=reject; rua=mailto:dmarc@unsigned.test"
check "unsigned.test has no RRSIG" bash -c "! dig +dnssec +norec -p $DNS_PORT @$DNS_SERVER unsigned.test MX | grep -q RRSIG"
check "mta-sts.unsigned.test policy" fetch_is unsigned.test "200 text/plain 72 0 0"

# --- 3. bogus.test -----------------------------------------------------------------------------
check "bogus.test TLSA bogus (signature fails)" ub_is _25._tcp.mail.bogus.test TLSA "bogus NOERROR 3"
check "bogus.test TLSA why_bogus names the signature" ub_bogus_why _25._tcp.mail.bogus.test TLSA "signature verification failed"
check "bogus.test MX still secure (only the TLSA RRset was altered)" ub_is bogus.test MX "secure NOERROR 1"
check "bogus.test _mta-sts secure" ub_txt_is _mta-sts.bogus.test "$STS_OK"
check "bogus.test TLSA differs from the signed data in one record" \
  eq "$(diff <(ub_data _25._tcp.mail.bogus.test TLSA tlsa) <(echo "$GOOD_TLSA") | grep -c '^[<>]')" 2
check "mta-sts.bogus.test policy" fetch_is bogus.test "200 text/plain 69 0 0"

# --- 4. mismatch.test --------------------------------------------------------------------------
check "mismatch.test TLSA secure, 2 records" ub_is _25._tcp.mail.mismatch.test TLSA "secure NOERROR 2"
check "mismatch.test TLSA: 1 0 1 of the RSA leaf certificate" \
  grep -qx "1 0 1 $RSA_CERT" <(ub_data _25._tcp.mail.mismatch.test TLSA tlsa)
check "mismatch.test TLSA: 3 1 1 of a key no server has" not_ours \
  "$(ub_data _25._tcp.mail.mismatch.test TLSA tlsa | awk '$1 == 3 && $2 == 1 && $3 == 1 {print $4}')"
check "mta-sts.mismatch.test policy" fetch_is mismatch.test "200 text/plain 72 0 0"

# --- 5. weak.test ------------------------------------------------------------------------------
check "weak.test MX: 10 mail, 20 mx2 (secure)" \
  eq "$(ub_is weak.test MX "secure NOERROR 2" && ub_data weak.test MX mx)" "$(printf '10 mail.weak.test.\n20 mx2.weak.test.')"
check "mx2.weak.test A 127.0.0.1" eq "$(ub_data mx2.weak.test A a)" "127.0.0.1"
check "weak.test has no TLSA (secure NXDOMAIN)" ub_is _25._tcp.mail.weak.test TLSA "secure NXDOMAIN 0"
check "weak.test has no _smtp._tls (secure NXDOMAIN)" ub_is _smtp._tls.weak.test TXT "secure NXDOMAIN 0"
check "weak.test _mta-sts TXT" ub_txt_is _mta-sts.weak.test "$STS_OK"
check "weak.test SPF: 11 DNS-querying terms when followed" eq "$(spf_terms weak.test)" 11
check "weak.test SPF ends in +all" bash -c "grep -A1 '^weak.test TXT ' '$UB_OUT' | tail -n 1 | grep -q ' +all$'"
check "weak.test DMARC p=none, no rua" ub_txt_is _dmarc.weak.test "v=DMARC1; p=none"
check "weak.test DKIM = DNS_DKIM_RSA1024_KEY" dkim_is mail._domainkey.weak.test "$DNS_DKIM_RSA1024_KEY" rsa
check "weak.test DKIM key is RSA 1024" key_bits "$DNS_DKIM_RSA1024_KEY" 1024
check "mta-sts.weak.test policy: 200 text/plain" fetch_is weak.test "200 text/plain 67 0 0"
check "mta-sts.weak.test policy body: testing, mail.weak.test only, 86400" body_is weak.test testing 86400 mail.weak.test

# --- 6. twospf.test ----------------------------------------------------------------------------
check "twospf.test: two SPF records" ub_txt_is twospf.test "v=spf1 mx -all" "v=spf1 a ~all"
check "twospf.test: two _mta-sts records" ub_txt_is _mta-sts.twospf.test "$STS_OK" "v=STSv1; id=20261207T000000"
check "twospf.test: two DMARC records" ub_txt_is _dmarc.twospf.test "v=DMARC1; p=reject" "v=DMARC1; p=none"
check "twospf.test MX secure" ub_is twospf.test MX "secure NOERROR 1"

# --- 7. loop.test ------------------------------------------------------------------------------
check "loop.test SPF includes itself" ub_txt_is loop.test "v=spf1 include:loop.test -all"
check "loop.test DMARC" ub_txt_is _dmarc.loop.test "v=DMARC1; p=reject; rua=mailto:d@loop.test"
check "loop.test MX secure" ub_is loop.test MX "secure NOERROR 1"
check "loop.test has no _mta-sts" ub_is _mta-sts.loop.test TXT "secure NXDOMAIN 0"

# --- 8. malformed.test -------------------------------------------------------------------------
check "malformed.test SPF unknown mechanism" ub_txt_is malformed.test "v=spf1 foo:bar -all"
check "malformed.test DMARC p=bogus" ub_txt_is _dmarc.malformed.test "v=DMARC1; p=bogus"
check "malformed.test _mta-sts id=not-alnum!" ub_txt_is _mta-sts.malformed.test "v=STSv1; id=not-alnum!"
check "malformed.test TLSRPT ftp: rua" ub_txt_is _smtp._tls.malformed.test "v=TLSRPTv1; rua=ftp://example.test/x"
check "malformed.test DKIM empty p= (revoked)" ub_txt_is mail._domainkey.malformed.test "v=DKIM1; k=rsa; p="
check "malformed.test big._domainkey: ~5000 bytes, secure" \
  bash -c "grep -A1 '^big._domainkey.malformed.test TXT secure NOERROR 1' '$UB_OUT' | tail -n 1 | grep -q '^  txt\\[4998\\]: v=DKIM1; k=rsa; p='"
check "malformed.test big._domainkey: 20 strings, truncated over UDP, whole over TCP" bash -c "
  dig +norec +ignore +notcp +bufsize=1232 -p $DNS_PORT @$DNS_SERVER TXT big._domainkey.malformed.test | grep -q 'flags: qr aa tc' &&
  [ \$(dig +short +tcp -p $DNS_PORT @$DNS_SERVER TXT big._domainkey.malformed.test | grep -o '\" \"' | wc -l) = 19 ]"
check "mta-sts.malformed.test policy" fetch_is malformed.test "200 text/plain 73 0 0"

# --- 9. servfail.test --------------------------------------------------------------------------
check "nsd answers SERVFAIL for servfail.test (zone failed to load)" eq "$(dig_status servfail.test SOA)" SERVFAIL
check "libunbound: servfail.test SERVFAIL, not bogus" ub_is servfail.test MX "insecure SERVFAIL 0"
check "nsd logged the broken zone file" grep -q 'zone servfail.test file servfail.test.zone read with' "$DNS_DIR/nsd/nsd.log"
check "nsd answers REFUSED outside its zones" eq "$(dig_status other.invalid SOA)" REFUSED

# --- 10. MTA-STS web failures --------------------------------------------------------------------
for d in $WEB; do
  check "$d.test MX secure + mta-sts A 127.0.2.1" \
    eq "$(ub_is "$d.test" MX "secure NOERROR 1" && ub_data "mta-sts.$d.test" A a)" "127.0.2.1"
  check "$d.test _mta-sts TXT valid" ub_txt_is "_mta-sts.$d.test" "$STS_OK"
done
check "big.test: 200 text/plain, 100 KiB" fetch_is big.test "200 text/plain 102400 0 0"
check "big.test: a valid policy head, then mx: lines and one padding: line, CRLF" padded_policy_is big.test 102400
check "huge.test: 200 text/plain, 10 MiB" fetch_is huge.test "200 text/plain 10485760 0 0" 60
check "huge.test: a valid policy head, then mx: lines and one padding: line, CRLF" padded_policy_is huge.test 10485760
check "redirect.test: 301" fetch_is redirect.test "301 text/html 162 0 0"
check "redirect.test: Location is mta-sts.example.test" bash -c "
  curl -s -o /dev/null --cacert '$DNS_CA_FILE' --resolve mta-sts.redirect.test:443:$DNS_HTTPS_ADDR -w '%{redirect_url}' \
    https://mta-sts.redirect.test/.well-known/mta-sts.txt | grep -qx 'https://mta-sts.example.test/.well-known/mta-sts.txt'"
check "ctype.test: 200 text/html" fetch_is ctype.test "200 text/html 69 0 0"
check "ctype.test: the body is a valid policy" body_is ctype.test enforce 604800 mail.ctype.test
check "badcert.test: curl fails certificate verification (exit 60)" fetch_is badcert.test "000  0 [1-9][0-9]* 60"
check "badcert.test: served certificate is for wrong.example.test" \
  served_cert_has mta-sts.badcert.test 'CN = wrong.example.test.*DNS:wrong.example.test'
check "example.test: served certificate covers mta-sts.example.test" \
  served_cert_has mta-sts.example.test 'DNS:mta-sts.example.test'
check "badcert.test: that certificate chains to DNS_CA_FILE (only the name is wrong)" \
  bash -c "openssl verify -CAfile '$DNS_CA_FILE' -untrusted '$DNS_DIR/certs/inter.pem' '$DNS_DIR/certs/wrong.pem' > /dev/null 2>&1 ||
           openssl verify -CAfile '$DNS_CA_FILE' -untrusted '$DNS_DIR/ca/inter.pem' '$DNS_DIR/certs/wrong.pem' > /dev/null"
check "badcert.test: with -k the policy is there" bash -c "[ \"\$(curl -sk --resolve mta-sts.badcert.test:443:$DNS_HTTPS_ADDR -o /dev/null -w '%{http_code}' https://mta-sts.badcert.test/.well-known/mta-sts.txt)\" = 200 ]"
check "nopolicy.test: 404" fetch_is nopolicy.test "404 text/html 146 0 0"
t=$(date +%s.%N)
r=$(fetch stall.test 3)
dt=$(awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
check "stall.test: 200 and headers at once, body trickles, timeout fires (exit 28) after ${dt}s" \
  eval "[[ '$r' =~ ^200\ text/plain\ [1-9]\ 0\ 28$ ]]"
check "nosts.test: no _mta-sts (secure NXDOMAIN)" ub_is _mta-sts.nosts.test TXT "secure NXDOMAIN 0"
check "nosts.test: no mta-sts host (secure NXDOMAIN)" ub_is mta-sts.nosts.test A "secure NXDOMAIN 0"
check "nosts.test: no nginx server (handshake rejected, curl exit 35)" fetch_is nosts.test "000  0 [01] 35"

# --- the nginx certificate ---------------------------------------------------------------------
check "mta-sts certificate: SAN = every mta-sts.<domain> except badcert" bash -c "
  openssl x509 -in '$DNS_DIR/certs/mta-sts.pem' -noout -ext subjectAltName | tail -n 1 | tr -d ' ' |
  tr ',' '\n' | sort > '$W/san.txt'
  for h in $DNS_STS_HOSTS; do [ \$h = mta-sts.badcert.test ] || echo DNS:\$h; done | sort | cmp -s - '$W/san.txt'"
check "mta-sts certificate issued by the CERTDIR's intermediate" bash -c \
  "openssl verify -no-CApath -CAfile '$DNS_CA_FILE' -untrusted '$CERTS/../ca/inter.pem' '$DNS_DIR/certs/mta-sts.pem' > /dev/null"

# --- down --------------------------------------------------------------------------------------
dns_env_down "$W"
check "dns_env_down: nothing listens on 25353 or 127.0.2.1:443" \
  bash -c "[ -z \"\$(ss -Hlntu '( sport = :25353 or sport = :443 )' | grep -E '127\\.0\\.(0\\.1:25353|2\\.1:443)')\" ]"
check "dns_env_down again: still fine" dns_env_down "$W"

# ---------------------------------------------------------------------------------------------
# Round 2: a bare CERTDIR (no CA keys beside it): own CA; intermediate from rsa2048-chain.pem
# ---------------------------------------------------------------------------------------------

mkdir -p "$W/b/certs"
cp "$CERTS"/rsa2048.pem "$CERTS"/ecdsa.pem "$CERTS"/ca.pem "$CERTS"/rsa2048-chain.pem "$W/b/certs/"
if dns_env_up "$W/b" "$W/b/certs"; then
  pass "dns_env_up with a bare CERTDIR"
  # shellcheck source=/dev/null
  . "$W/b/dns.env"
  check "bare CERTDIR: DNS_CA_FILE is the env's own root" eq "$DNS_CA_FILE" "$W/b/dns/ca/root.pem"
  check "bare CERTDIR: own root differs from the CERTDIR's" bash -c "! cmp -s '$DNS_CA_FILE' '$CERTS/ca.pem'"
  check "bare CERTDIR: intermediate taken from rsa2048-chain.pem" cmp -s "$DNS_INTERMEDIATE" "$CERTS/../ca/inter.pem"
  check "bare CERTDIR: ubcheck" ub_run _25._tcp.mail.example.test/TLSA _25._tcp.mail.bogus.test/TLSA
  check "bare CERTDIR: example.test TLSA secure, same data" \
    eq "$(ub_is _25._tcp.mail.example.test TLSA "secure NOERROR 3" && ub_data _25._tcp.mail.example.test TLSA tlsa)" "$GOOD_TLSA"
  check "bare CERTDIR: bogus.test TLSA bogus" ub_is _25._tcp.mail.bogus.test TLSA "bogus NOERROR 3"
  check "bare CERTDIR: policy over HTTPS with the own CA" fetch_is example.test "200 text/plain 71 0 0"
else
  fail "dns_env_up with a bare CERTDIR"
fi
dns_env_down "$W/b"

echo "selfcheck: $((CHECKS - FAILS))/$CHECKS passed, $FAILS failed, dns_env_up ${UP_SECONDS}s, $(($(date +%s) - T0))s in all"
[ "$FAILS" = 0 ]
