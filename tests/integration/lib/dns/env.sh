#!/usr/bin/env bash
# DNS + HTTPS test environment: an authoritative nsd with DNSSEC-signed (and deliberately broken)
# .test zones, and nginx serving MTA-STS policies (good and bad) on 127.0.2.1:443. Source it, then:
#   dns_env_up WORKDIR CERTDIR   zones, keys, trust anchors, policies and certificates under
#                                WORKDIR/dns; writes WORKDIR/dns.env; returns once nsd and nginx
#                                answer. CERTDIR is the live env's WORKDIR/certs (live/env.sh) or
#                                one made by dns_certdir_mint; TLSA records are computed from it.
#   dns_env_down WORKDIR         stops the nsd and nginx started under WORKDIR (idempotent, never
#                                fails, trap-safe)
#   dns_certdir_mint WORKDIR     a CERTDIR in the live env's layout without the live env:
#                                WORKDIR/ca (test CA) + WORKDIR/certs (rsa2048, ecdsa, rsa1024, ca.pem)
# Every private key (DNSSEC, DKIM, TLS) is minted at run time under WORKDIR; nothing secret lives
# in the repository. Signatures and certificates have fixed validity windows (2024-2045 / 2044), so
# results do not depend on the day. Functions return non-zero on failure (they never exit).
# Domains and what each one exercises: README.md next to this file.

DNS_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../test_ca.sh
. "$DNS_LIB_DIR/../test_ca.sh"

DNS_LIB_ADDR=127.0.0.1
DNS_LIB_PORT=25353
DNS_LIB_HTTPS_ADDR=127.0.2.1
DNS_LIB_MX_ADDR=127.0.0.1
DNS_LIB_WAIT_SECONDS=${DNS_LIB_WAIT_SECONDS:-15}
# RRSIG validity (ldns-signzone -i / -e) and the serial every zone carries.
DNS_LIB_SIG_INCEPTION=20240101000000
DNS_LIB_SIG_EXPIRATION=20450101000000
DNS_LIB_SERIAL=2026120601
DNS_LIB_STS_ID=20261206T000000

# Zones by kind. Signed zones get a DS in the trust-anchor file; unsigned.test has none;
# servfail.test is configured in nsd with a zone file nsd cannot parse.
DNS_LIB_SIGNED_ZONES="example.test bogus.test mismatch.test weak.test twospf.test loop.test
  malformed.test big.test huge.test redirect.test ctype.test badcert.test nopolicy.test stall.test
  nosts.test"
DNS_LIB_UNSIGNED_ZONES="unsigned.test"
DNS_LIB_BROKEN_ZONES="servfail.test"
# Domains with an _mta-sts TXT record, an mta-sts.<domain> A record and an nginx server block.
DNS_LIB_STS_DOMAINS="example.test unsigned.test bogus.test mismatch.test weak.test twospf.test
  malformed.test big.test huge.test redirect.test ctype.test badcert.test nopolicy.test stall.test"

_dns_log() { echo "dns-env: $*" >&2; }
_dns_phase() {  # with DNS_ENV_TIMING=1: seconds since dns_env_up began, per phase, on stderr
  [ "${DNS_ENV_TIMING:-0}" = 1 ] && _dns_log "$(printf '%6.2fs' "$(awk -v a="$_DNS_T0" -v b="$EPOCHREALTIME" 'BEGIN {print b - a}')") $*"
  return 0
}

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------

_dns_spki_sha256() {  # _dns_spki_sha256 CERT.pem: TLSA selector 1 / matching type 1 data
  openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1
}

_dns_cert_sha256() {  # _dns_cert_sha256 CERT.pem: TLSA selector 0 / matching type 1 data
  openssl x509 -in "$1" -outform DER | sha256sum | cut -d' ' -f1
}

_dns_tlsa_data() {  # _dns_tlsa_data CERTDIR INTERMEDIATE: TLSA digests as shell assignments
  local v
  v=$(_dns_spki_sha256 "$1/rsa2048.pem") && echo "_DNS_TLSA_RSA=$v" &&
    v=$(_dns_spki_sha256 "$1/ecdsa.pem") && echo "_DNS_TLSA_ECDSA=$v" &&
    v=$(_dns_spki_sha256 "$2") && echo "_DNS_TLSA_INTER=$v" &&
    v=$(_dns_cert_sha256 "$1/rsa2048.pem") && echo "_DNS_TLSA_RSA_CERT=$v"
}

_dns_txt() {  # _dns_txt OWNER VALUE: a TXT record, VALUE cut into quoted <=255-byte strings
  # (VALUE holds no " or \). Builtins only: zone generation stays free of forks.
  local v=$2 parts=()
  while [ ${#v} -gt 255 ]; do
    parts+=("\"${v:0:255}\"")
    v=${v:255}
  done
  parts+=("\"$v\"")
  if [ ${#parts[@]} = 1 ]; then
    printf '%s IN TXT %s\n' "$1" "${parts[0]}"
  else
    # Multi-line form: ldns and nsd read it, and no line gets longer than one string.
    printf '%s IN TXT (\n' "$1"
    printf '  %s\n' "${parts[@]}"
    printf '  )\n'
  fi
}

_dns_alive() {  # _dns_alive PID: running and not a zombie (builtins only)
  # The state follows the command name in parentheses, which may hold spaces ("nsd: main").
  local stat
  read -r stat 2> /dev/null < "/proc/$1/stat" || return 1
  stat=${stat##*) }
  [ -n "$stat" ] && [ "${stat%% *}" != Z ]
}

_dns_drill() {  # _dns_drill ARGS...: drill against the test nsd (TCP with -t)
  drill -p "$DNS_LIB_PORT" "$@" @"$DNS_LIB_ADDR" 2> /dev/null
}

# ---------------------------------------------------------------------------------------------
# Certificates and keys
# ---------------------------------------------------------------------------------------------

dns_certdir_mint() {  # dns_certdir_mint WORKDIR: WORKDIR/ca + WORKDIR/certs like live_env_up makes
  local w=${1:?dns_certdir_mint WORKDIR} c k
  c=$w/certs
  mkdir -p "$c"
  local start=20240101000000Z end=20440101000000Z san="DNS:mail.example.test,DNS:mx.example.test"
  tca_init "$w/ca" || return 1
  tca_leaf "$c" rsa2048 inter rsa2048 $start $end "$san" mail.example.test &&
    tca_leaf "$c" ecdsa inter p256 $start $end "$san" mail.example.test &&
    tca_leaf "$c" rsa1024 inter rsa1024 $start $end "$san" mail.example.test || return 1
  for k in rsa2048 ecdsa rsa1024; do
    tca_chain "$c/$k-chain.pem" "$c/$k.key" "$c/$k.pem" "$w/ca/inter.pem"
    chmod 600 "$c/$k-chain.pem"
  done
  cat "$w/ca/root.pem" > "$c/ca.pem"
}

_dns_find_intermediate() {  # _dns_find_intermediate CERTDIR OUT: the CA that issued rsa2048.pem
  # live_env_up keeps the intermediate in WORKDIR/ca/inter.pem (= CERTDIR/../ca/inter.pem); it is
  # also the last certificate of CERTDIR/rsa2048-chain.pem (key, leaf, intermediate).
  local c=$1 out=$2 f
  for f in "$c/inter.pem" "$c/../ca/inter.pem"; do
    [ -f "$f" ] && { cp "$f" "$out"; break; }
  done
  if [ ! -s "$out" ] && [ -f "$c/rsa2048-chain.pem" ]; then
    awk '/-----BEGIN CERTIFICATE-----/ {buf = ""} {buf = buf $0 "\n"}
         /-----END CERTIFICATE-----/ {last = buf} END {printf "%s", last}' "$c/rsa2048-chain.pem" > "$out"
  fi
  [ -s "$out" ] || { _dns_log "no intermediate CA in $c (inter.pem, ../ca/inter.pem, rsa2048-chain.pem)"; return 1; }
  openssl verify -no_check_time -no-CApath -CAfile "$c/ca.pem" -untrusted "$out" "$c/rsa2048.pem" > /dev/null 2>&1 ||
    { _dns_log "$out did not issue $c/rsa2048.pem under $c/ca.pem"; return 1; }
}

_dns_https_certs() {  # _dns_https_certs DNSDIR CERTDIR: nginx certificates; prints the CA root file
  local d=$1 c=$2 ca=$1/ca live=$2/../ca san="" dom saved_tca=${TCA_DIR:-}
  mkdir -p "$d/certs"
  if [ -f "$live/inter.key" ] && [ -f "$live/inter.pem" ] && [ -f "$live/root.pem" ]; then
    # The live env's CA signs too (one --ca-file for SMTP and HTTPS). Sign from a private copy so
    # the live CA's database is not touched; serials start at 5000, away from the live ones.
    mkdir -p "$ca/newcerts"
    cp "$live/root.pem" "$live/inter.pem" "$live/inter.key" "$ca/"
    _tca_config "$ca"
    : > "$ca/index.txt"
    echo 5000 > "$ca/serial"
    TCA_DIR=$ca
  else
    tca_init "$ca" > /dev/null || return 1
  fi
  for dom in $DNS_LIB_STS_DOMAINS; do
    [ "$dom" = badcert.test ] && continue
    san+="${san:+,}DNS:mta-sts.$dom"
  done
  local start=20240101000000Z end=20440101000000Z ok=0
  tca_leaf "$d/certs" mta-sts inter p256 $start $end "$san" mta-sts.example.test &&
    tca_leaf "$d/certs" wrong inter p256 $start $end "DNS:wrong.example.test" wrong.example.test &&
    ok=1
  TCA_DIR=$saved_tca
  [ $ok = 1 ] || return 1
  # nginx wants the leaf followed by the intermediate in ssl_certificate.
  cat "$d/certs/mta-sts.pem" "$ca/inter.pem" > "$d/certs/mta-sts-fullchain.pem"
  cat "$d/certs/wrong.pem" "$ca/inter.pem" > "$d/certs/wrong-fullchain.pem"
  if [ -f "$c/ca.pem" ] && cmp -s "$c/ca.pem" "$ca/root.pem"; then
    echo "$c/ca.pem"
  else
    echo "$ca/root.pem"
  fi
}

_dns_dkim_keys() {  # _dns_dkim_keys KEYDIR: DKIM keys (RSA 2048, Ed25519, RSA 1024 for weak.test)
  local k=$1
  tca_key "$k/dkim-rsa2048.key" rsa2048 &&
    tca_key "$k/dkim-ed25519.key" ed25519 &&
    tca_key "$k/dkim-rsa1024.key" rsa1024 &&
    tca_key "$k/tlsa-unused.key" p256
}

_dns_dkim_p() {  # _dns_dkim_p KEY rsa|ed25519: the p= value (base64 SPKI / raw Ed25519 key)
  case $2 in
    rsa) openssl pkey -in "$1" -pubout -outform DER | base64 -w0 ;;
    ed25519) openssl pkey -in "$1" -pubout -outform DER | tail -c 32 | base64 -w0 ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Zones
# ---------------------------------------------------------------------------------------------

_dns_soa() {  # _dns_soa DOMAIN: origin, SOA, NS and the name server's address
  cat <<EOF
\$ORIGIN $1.
\$TTL 3600
@ IN SOA ns.$1. hostmaster.$1. $DNS_LIB_SERIAL 3600 900 1209600 300
@ IN NS ns.$1.
ns IN A $DNS_LIB_ADDR
EOF
}

_dns_zone_head() {  # _dns_zone_head DOMAIN: SOA, NS, MX mail.DOMAIN and its address
  _dns_soa "$1"
  cat <<EOF
@ IN MX 10 mail.$1.
mail IN A $DNS_LIB_MX_ADDR
EOF
}

_dns_zone_sts() {  # _dns_zone_sts DOMAIN: a valid _mta-sts TXT and the policy host
  _dns_txt _mta-sts "v=STSv1; id=$DNS_LIB_STS_ID"
  echo "mta-sts IN A $DNS_LIB_HTTPS_ADDR"
}

_dns_zone_tlsa_good() {  # TLSA set matching the live servers: both leaves + the intermediate
  echo "_25._tcp.mail IN TLSA 3 1 1 $_DNS_TLSA_RSA"
  echo "_25._tcp.mail IN TLSA 3 1 1 $_DNS_TLSA_ECDSA"
  echo "_25._tcp.mail IN TLSA 2 1 1 $_DNS_TLSA_INTER"
}

_dns_zone_body() {  # _dns_zone_body DOMAIN: every record after the head
  local dom=$1 i inc=""
  case $dom in
    example.test)
      _dns_zone_tlsa_good
      _dns_zone_sts "$dom"
      _dns_txt _smtp._tls "v=TLSRPTv1; rua=mailto:tlsrpt@example.test"
      _dns_txt @ "v=spf1 mx include:_spf.example.test -all"
      _dns_txt _spf "v=spf1 ip4:192.0.2.0/24 -all"
      _dns_txt mail._domainkey "v=DKIM1; k=rsa; p=$_DNS_DKIM_RSA"
      _dns_txt ed._domainkey "v=DKIM1; k=ed25519; p=$_DNS_DKIM_ED"
      _dns_txt _dmarc "v=DMARC1; p=reject; rua=mailto:dmarc@example.test"
      ;;
    unsigned.test | bogus.test)
      _dns_zone_tlsa_good
      _dns_zone_sts "$dom"
      _dns_txt _smtp._tls "v=TLSRPTv1; rua=mailto:tlsrpt@$dom"
      _dns_txt @ "v=spf1 mx -all"
      _dns_txt mail._domainkey "v=DKIM1; k=rsa; p=$_DNS_DKIM_RSA"
      _dns_txt _dmarc "v=DMARC1; p=reject; rua=mailto:dmarc@$dom"
      ;;
    mismatch.test)
      # 3 1 1 of a key no server has; 1 0 1 (PKIX-EE, unusable for SMTP per RFC 7672 3.1.3)
      # of the RSA leaf the servers do present.
      echo "_25._tcp.mail IN TLSA 3 1 1 $_DNS_TLSA_UNUSED"
      echo "_25._tcp.mail IN TLSA 1 0 1 $_DNS_TLSA_RSA_CERT"
      _dns_zone_sts "$dom"
      _dns_txt _smtp._tls "v=TLSRPTv1; rua=mailto:tlsrpt@$dom"
      _dns_txt @ "v=spf1 mx -all"
      _dns_txt _dmarc "v=DMARC1; p=reject; rua=mailto:dmarc@$dom"
      ;;
    weak.test)
      echo "@ IN MX 20 mx2.weak.test."
      echo "mx2 IN A $DNS_LIB_MX_ADDR"
      _dns_zone_sts "$dom"
      # 11 includes, each one DNS lookup: over RFC 7208's limit of 10; +all at the end.
      for ((i = 1; i <= 11; i++)); do
        inc+="include:s$i.weak.test "
        _dns_txt s$i "v=spf1 -all"
      done
      _dns_txt @ "v=spf1 $inc+all"
      _dns_txt _dmarc "v=DMARC1; p=none"
      _dns_txt mail._domainkey "v=DKIM1; k=rsa; p=$_DNS_DKIM_RSA1024"
      ;;
    twospf.test)
      _dns_zone_sts "$dom"
      _dns_txt _mta-sts "v=STSv1; id=20261207T000000"
      _dns_txt @ "v=spf1 mx -all"
      _dns_txt @ "v=spf1 a ~all"
      _dns_txt _dmarc "v=DMARC1; p=reject"
      _dns_txt _dmarc "v=DMARC1; p=none"
      ;;
    loop.test)
      _dns_txt @ "v=spf1 include:loop.test -all"
      _dns_txt _dmarc "v=DMARC1; p=reject; rua=mailto:d@loop.test"
      ;;
    malformed.test)
      _dns_txt _mta-sts "v=STSv1; id=not-alnum!"
      echo "mta-sts IN A $DNS_LIB_HTTPS_ADDR"
      _dns_txt _smtp._tls "v=TLSRPTv1; rua=ftp://example.test/x"
      _dns_txt @ "v=spf1 foo:bar -all"
      _dns_txt _dmarc "v=DMARC1; p=bogus"
      _dns_txt mail._domainkey "v=DKIM1; k=rsa; p="
      _dns_txt big._domainkey "v=DKIM1; k=rsa; p=$_DNS_BIG_P"
      ;;
    big.test | huge.test | redirect.test | ctype.test | badcert.test | nopolicy.test | stall.test)
      _dns_zone_sts "$dom"
      ;;
    nosts.test) ;;
    *) _dns_log "no zone content for $dom"; return 1 ;;
  esac
}

_dns_zone_keys() {  # _dns_zone_keys KEYDIR: a DNSSEC key per signed zone; KEYDIR/DOMAIN.keyname
  # One ECDSA P-256 key with the SEP flag (257) per zone signs everything (a combined signing
  # key). ldns-keygen writes K<zone>+013+<tag>.{key,private,ds}; the DS used is ldns-key2ds's.
  local k=$1 dom base
  for dom in $DNS_LIB_SIGNED_ZONES; do
    base=$(cd "$k" && ldns-keygen -k -a ECDSAP256SHA256 "$dom") || return 1
    rm -f "$k/$base.ds"
    echo "$base" > "$k/$dom.keyname"
  done
}

_dns_sign_zone() {  # _dns_sign_zone ZONEDIR KEYDIR DOMAIN: DOMAIN.zone -> DOMAIN.zone.signed + .ds
  local z=$1 k=$2 dom=$3 base
  read -r base < "$k/$dom.keyname" || return 1
  ldns-signzone -e "$DNS_LIB_SIG_EXPIRATION" -i "$DNS_LIB_SIG_INCEPTION" -o "$dom" \
    -f "$z/$dom.zone.signed" "$z/$dom.zone" "$k/$base" || return 1
  ldns-key2ds -n -2 "$k/$base.key" > "$z/$dom.ds" || return 1
  if [ "$dom" = bogus.test ]; then
    # Tamper after signing: the last hex digit of the first TLSA record flips, so its RRSIG
    # no longer verifies and the TLSA RRset is bogus (everything else in the zone is fine).
    awk '!done && $4 == "TLSA" && $1 == "_25._tcp.mail.bogus.test." {
           c = substr($NF, length($NF), 1); $NF = substr($NF, 1, length($NF) - 1) (c == "0" ? "1" : "0")
           done = 1 } {print}' "$z/$dom.zone.signed" > "$z/$dom.zone.signed.tmp" &&
      mv "$z/$dom.zone.signed.tmp" "$z/$dom.zone.signed"
  fi
}

_dns_broken_zone() {  # _dns_broken_zone DOMAIN: a zone file nsd refuses to load
  _dns_soa "$1"
  cat <<EOF
; Deliberately broken (dns/env.sh): an MX without its exchange and an A with a bad address,
; so nsd fails to load the zone and answers SERVFAIL for it.
@ IN MX 10
mail IN A 127.0.0.256
EOF
}

_dns_zones() {  # _dns_zones DNSDIR: zone files, signed zones, the trust-anchor file
  local d=$1 z=$1/zones k=$1/keys dom pids=() p rc=0
  mkdir -p "$z" "$k"
  for dom in $DNS_LIB_SIGNED_ZONES $DNS_LIB_UNSIGNED_ZONES; do
    { _dns_zone_head "$dom" && _dns_zone_body "$dom"; } > "$z/$dom.zone" || return 1
  done
  for dom in $DNS_LIB_BROKEN_ZONES; do
    _dns_broken_zone "$dom" > "$z/$dom.zone"
  done
  for dom in $DNS_LIB_SIGNED_ZONES; do
    _dns_sign_zone "$z" "$k" "$dom" > "$z/$dom.sign.log" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  if [ $rc != 0 ]; then
    _dns_log "zone signing failed:"
    cat "$z"/*.sign.log >&2
    return 1
  fi
  for dom in $DNS_LIB_SIGNED_ZONES; do cat "$z/$dom.ds"; done > "$d/trust-anchors.ds"
}

# ---------------------------------------------------------------------------------------------
# MTA-STS policies and nginx
# ---------------------------------------------------------------------------------------------

_dns_policy() {  # _dns_policy MODE MAX_AGE MX...: an RFC 8461 policy with CRLF line ends
  local mode=$1 age=$2 mx
  shift 2
  printf 'version: STSv1\r\nmode: %s\r\n' "$mode"
  for mx in "$@"; do printf 'mx: %s\r\n' "$mx"; done
  printf 'max_age: %s\r\n' "$age"
}

_dns_policy_padded() {  # _dns_policy_padded DOMAIN BYTES: a valid policy padded to BYTES
  # Filler: "mx:" patterns no host matches ("comment-like"), then one "padding: xxx" extension
  # line (RFC 8461 sts-policy-extension, ignored by parsers) that makes the size exact. CRLF.
  _dns_policy enforce 604800 "mail.$1" | awk -v size="$2" -v dom="$1" '
    {printf "%s\n", $0; n += length($0) + 1}
    END {
      line = "mx: unused-padding-host-0123456789." dom "\r\n"
      while (size - n - length(line) >= 12) {printf "%s", line; n += length(line)}
      pad = ""
      while (length(pad) < size - n - 11) pad = pad "x"
      printf "padding: %s\r\n", pad
    }'
}

_dns_www() {  # _dns_www DNSDIR: WWW/<domain>/.well-known/mta-sts.txt for every policy domain
  local www=$1/www dom f
  for dom in $DNS_LIB_STS_DOMAINS; do
    f=$www/$dom/.well-known/mta-sts.txt
    mkdir -p "${f%/*}"
    case $dom in
      weak.test) _dns_policy testing 86400 mail.weak.test > "$f" ;;
      big.test) _dns_policy_padded "$dom" 102400 > "$f" ;;
      huge.test) _dns_policy_padded "$dom" 10485760 > "$f" ;;
      nopolicy.test | redirect.test) rm -f "$f" ;;
      *) _dns_policy enforce 604800 "mail.$dom" > "$f" ;;
    esac
  done
}

_dns_nginx_server() {  # _dns_nginx_server DNSDIR DOMAIN: the server block for mta-sts.DOMAIN
  local d=$1 dom=$2 loc cert=$1/certs/mta-sts
  case $dom in
    redirect.test) loc="return 301 https://mta-sts.example.test/.well-known/mta-sts.txt;" ;;
    ctype.test) loc="types { } default_type text/html;" ;;
    nopolicy.test) loc="return 404;" ;;
    stall.test) loc=$(_dns_nginx_stall) ;;
    *) loc="" ;;
  esac
  [ "$dom" = badcert.test ] && cert=$d/certs/wrong
  cat <<EOF
  server {
    listen $DNS_LIB_HTTPS_ADDR:443 ssl;
    server_name mta-sts.$dom;
    ssl_certificate $cert-fullchain.pem;
    ssl_certificate_key $cert.key;
    root $d/www/$dom;
    location = /.well-known/mta-sts.txt { $loc }
    location / { return 404; }
  }
EOF
}

DNS_LIB_ECHO_MODULE=/usr/lib/nginx/modules/ngx_http_echo_module.so  # libnginx-mod-http-echo

_dns_nginx_stall() {  # the stall.test location: status and headers at once, then a trickle
  if [ -f "$DNS_LIB_ECHO_MODULE" ]; then
    # echo module (a dependency of Debian's nginx-light): 200 + headers immediately (chunked, no
    # Content-Length), then the valid policy one byte every 2 s (~2.5 min in all), so only an
    # overall fetch timeout fires, not an idle/low-speed one.
    local body ch i out="default_type text/plain; echo_flush;"
    body=$(_dns_policy enforce 604800 mail.stall.test; echo .)
    body=${body%.}
    for ((i = 0; i < ${#body}; i++)); do
      ch=${body:i:1}
      case $ch in
        $'\r') ch='\r' ;;
        $'\n') ch='\n' ;;
        '"' | \\) ch="\\$ch" ;;
      esac
      out+=" echo -n \"$ch\"; echo_flush; echo_sleep 2;"
    done
    printf '%s' "$out"
  else
    # Fallback: 1 byte per second from the first byte on (headers trickle too).
    printf '%s' "limit_rate 1; limit_rate_after 0;"
  fi
}

_dns_nginx_conf() {  # _dns_nginx_conf DNSDIR
  local d=$1 n=$1/nginx dom
  cat <<EOF
# Generated by tests/integration/lib/dns/env.sh: MTA-STS policy hosts on $DNS_LIB_HTTPS_ADDR:443.
$([ -f "$DNS_LIB_ECHO_MODULE" ] && echo "load_module $DNS_LIB_ECHO_MODULE;")
user root;
worker_processes 1;
daemon on;
pid $n/nginx.pid;
lock_file $n/nginx.lock;
error_log $n/error.log notice;
events { worker_connections 256; }
http {
  access_log $n/access.log;
  client_body_temp_path $n/tmp/body;
  proxy_temp_path $n/tmp/proxy;
  fastcgi_temp_path $n/tmp/fastcgi;
  uwsgi_temp_path $n/tmp/uwsgi;
  scgi_temp_path $n/tmp/scgi;
  types { text/plain txt; }
  default_type application/octet-stream;
  server_tokens off;
  keepalive_timeout 5;
  ssl_protocols TLSv1.2 TLSv1.3;
  # Unknown or missing SNI: no handshake at all (no nginx server for, e.g., nosts.test).
  server {
    listen $DNS_LIB_HTTPS_ADDR:443 ssl default_server;
    ssl_reject_handshake on;
  }
EOF
  for dom in $DNS_LIB_STS_DOMAINS; do _dns_nginx_server "$d" "$dom"; done
  echo "}"
}

# ---------------------------------------------------------------------------------------------
# nsd
# ---------------------------------------------------------------------------------------------

_dns_nsd_conf() {  # _dns_nsd_conf DNSDIR
  local d=$1 n=$1/nsd dom
  cat <<EOF
# Generated by tests/integration/lib/dns/env.sh: the authoritative server for the test zones.
server:
  ip-address: $DNS_LIB_ADDR@$DNS_LIB_PORT
  port: $DNS_LIB_PORT
  do-ip4: yes
  do-ip6: no
  username: ""
  chroot: ""
  server-count: 1
  zonesdir: "$d/zones"
  database: ""
  zonelistfile: "$n/zone.list"
  xfrdfile: "$n/xfrd.state"
  xfrdir: "$n/xfr"
  pidfile: "$n/nsd.pid"
  logfile: "$n/nsd.log"
  verbosity: 1
  hide-version: yes
  zonefiles-write: 0
remote-control:
  control-enable: no
EOF
  for dom in $DNS_LIB_SIGNED_ZONES; do
    printf 'zone:\n  name: "%s"\n  zonefile: "%s.zone.signed"\n' "$dom" "$dom"
  done
  for dom in $DNS_LIB_UNSIGNED_ZONES $DNS_LIB_BROKEN_ZONES; do
    printf 'zone:\n  name: "%s"\n  zonefile: "%s.zone"\n' "$dom" "$dom"
  done
}

_dns_port_busy() {  # _dns_port_busy: something else already listens on our DNS or HTTPS socket
  local out
  out=$(ss -Hlntu "( sport = :$DNS_LIB_PORT )" 2> /dev/null)
  [ -n "$out" ] && { _dns_log "port $DNS_LIB_PORT is already in use (another DNS env?): $out"; return 0; }
  out=$(ss -Hlnt "( sport = :443 )" 2> /dev/null | awk -v a="$DNS_LIB_HTTPS_ADDR" '$4 ~ "^(" a "|0\\.0\\.0\\.0|\\*|\\[::\\]):443$"')
  [ -n "$out" ] && { _dns_log "$DNS_LIB_HTTPS_ADDR:443 is already in use: $out"; return 0; }
  return 1
}

_dns_wait_nsd() {  # _dns_wait_nsd DEADLINE: the signed SOA of example.test over UDP and TCP
  local deadline=$1
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if _dns_drill -D example.test SOA | grep -q 'rcode: NOERROR' &&
      _dns_drill -t example.test SOA | grep -q 'rcode: NOERROR'; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

_dns_wait_nginx() {  # _dns_wait_nginx DEADLINE: the example.test policy over HTTPS
  local deadline=$1 ca=$2
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if curl -sf -o /dev/null --max-time 2 --cacert "$ca" \
      --resolve "mta-sts.example.test:443:$DNS_LIB_HTTPS_ADDR" \
      https://mta-sts.example.test/.well-known/mta-sts.txt; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# ---------------------------------------------------------------------------------------------
# Up / down
# ---------------------------------------------------------------------------------------------

dns_env_up() {  # dns_env_up WORKDIR CERTDIR: on failure, whatever did start is stopped again
  local w=${1:?dns_env_up WORKDIR CERTDIR} c=${2:?dns_env_up WORKDIR CERTDIR}
  mkdir -p "$w" && w=$(cd "$w" && pwd) || return 1
  c=$(cd "$c" 2> /dev/null && pwd) || { _dns_log "no certificate directory $2"; return 1; }
  _dns_env_up "$w" "$c" && return 0
  _dns_log "dns_env_up failed; stopping what was started (files stay in $w/dns)"
  dns_env_down "$w"
  return 1
}

_dns_env_up() {  # _dns_env_up ABSOLUTE_WORKDIR ABSOLUTE_CERTDIR
  local w=$1 c=$2 d=$1/dns f
  _DNS_T0=$EPOCHREALTIME
  for f in rsa2048.pem ecdsa.pem ca.pem; do
    [ -f "$c/$f" ] || { _dns_log "$c/$f is missing (live_env_up or dns_certdir_mint make it)"; return 1; }
  done
  dns_env_down "$w"
  _dns_port_busy && return 1
  _dns_phase "previous env stopped"
  rm -rf "$d"
  mkdir -p "$d/keys" "$d/certs" "$d/nsd/xfr" "$d/nginx/tmp" && chmod 700 "$d/keys"

  # Keys and certificates first (DKIM and TLS keys in the background while TLSA data is hashed).
  # Independent work side by side: DNSSEC keys, DKIM keys, TLSA digests and the policy files in
  # the background, the nginx certificates in the foreground.
  _dns_zone_keys "$d/keys" > "$d/zone-keys.log" 2>&1 &
  local zpid=$!
  _dns_dkim_keys "$d/keys" > "$d/keys.log" 2>&1 &
  local kpid=$!
  _dns_www "$d" > "$d/www.log" 2>&1 &
  local wpid=$!
  _dns_find_intermediate "$c" "$d/certs/inter.pem" || return 1
  _dns_tlsa_data "$c" "$d/certs/inter.pem" > "$d/tlsa.sh" 2> "$d/tlsa.log" &
  local tpid=$!
  local ca_file deadline=$(($(date +%s) + DNS_LIB_WAIT_SECONDS))
  ca_file=$(_dns_https_certs "$d" "$c") || { _dns_log "nginx certificates failed"; return 1; }
  _dns_phase "nginx certificates"
  # nginx needs no zone: it starts while the zones are made and signed. Both daemons fork into
  # the background and write their pidfiles, which dns_env_down reads.
  wait "$wpid" || { _dns_log "policy files failed"; cat "$d/www.log" >&2; return 1; }
  _dns_phase "policies"
  _dns_nginx_conf "$d" > "$d/nginx/nginx.conf"
  if ! nginx -c "$d/nginx/nginx.conf" -p "$d/nginx" -e "$d/nginx/error.log" > "$d/nginx/start.log" 2>&1; then
    _dns_log "nginx failed to start:"
    cat "$d/nginx/start.log" "$d/nginx/error.log" >&2 2> /dev/null
    return 1
  fi
  _dns_phase "nginx started"

  wait "$kpid" || { _dns_log "key generation failed"; cat "$d/keys.log" >&2; return 1; }
  wait "$tpid" || { _dns_log "TLSA data failed"; cat "$d/tlsa.log" >&2; return 1; }
  wait "$zpid" || { _dns_log "DNSSEC key generation failed"; cat "$d/zone-keys.log" >&2; return 1; }
  # shellcheck source=/dev/null
  . "$d/tlsa.sh"
  _dns_phase "DNSSEC and DKIM keys, TLSA data"
  _DNS_TLSA_UNUSED=$(openssl pkey -in "$d/keys/tlsa-unused.key" -pubout -outform DER | sha256sum | cut -d' ' -f1)
  _DNS_DKIM_RSA=$(_dns_dkim_p "$d/keys/dkim-rsa2048.key" rsa)
  _DNS_DKIM_ED=$(_dns_dkim_p "$d/keys/dkim-ed25519.key" ed25519)
  _DNS_DKIM_RSA1024=$(_dns_dkim_p "$d/keys/dkim-rsa1024.key" rsa)
  # ~5000 bytes of TXT for "oversized": base64 of fixed bytes (it only has to be long).
  _DNS_BIG_P=$(head -c 3735 /dev/zero | tr '\0' 'k' | base64 -w0)
  _dns_zones "$d" || return 1
  _dns_phase "zones signed"
  _dns_nsd_conf "$d" > "$d/nsd/nsd.conf"
  if ! nsd -c "$d/nsd/nsd.conf" > "$d/nsd/start.log" 2>&1; then
    _dns_log "nsd failed to start:"
    cat "$d/nsd/start.log" "$d/nsd/nsd.log" >&2 2> /dev/null
    return 1
  fi
  _dns_wait_nginx "$deadline" "$ca_file" ||
    { _dns_log "nginx did not serve the example.test policy"; tail -n 30 "$d/nginx/error.log" >&2; return 1; }
  _dns_phase "nginx answers"
  _dns_wait_nsd "$deadline" ||
    { _dns_log "nsd did not answer on $DNS_LIB_ADDR@$DNS_LIB_PORT"; tail -n 30 "$d/nsd/nsd.log" >&2; return 1; }
  _dns_phase "nsd answers"

  local sts_hosts="" dom
  for dom in $DNS_LIB_STS_DOMAINS; do sts_hosts+="${sts_hosts:+ }mta-sts.$dom"; done
  {
    echo "# Written by tests/integration/lib/dns/env.sh (dns_env_up); see its README.md."
    echo "DNS_RESOLVER=$DNS_LIB_ADDR@$DNS_LIB_PORT"
    echo "DNS_SERVER=$DNS_LIB_ADDR"
    echo "DNS_PORT=$DNS_LIB_PORT"
    echo "DNS_TRUST_ANCHOR=$d/trust-anchors.ds"
    echo "DNS_CA_FILE=$ca_file"
    echo "DNS_HTTPS_ADDR=$DNS_LIB_HTTPS_ADDR"
    echo "DNS_HTTPS_PORT=443"
    echo "DNS_MX_ADDR=$DNS_LIB_MX_ADDR"
    echo "DNS_DIR=$d"
    # shellcheck disable=SC2086,SC2116 # one line: the list is written over several lines above
    echo "DNS_SIGNED_ZONES='$(echo $DNS_LIB_SIGNED_ZONES)'"
    echo "DNS_UNSIGNED_ZONES='$DNS_LIB_UNSIGNED_ZONES'"
    echo "DNS_BROKEN_ZONES='$DNS_LIB_BROKEN_ZONES'"
    echo "DNS_STS_HOSTS='$sts_hosts'"
    echo "DNS_INTERMEDIATE=$d/certs/inter.pem"
    echo "DNS_TLSA_RSA=$_DNS_TLSA_RSA"
    echo "DNS_TLSA_ECDSA=$_DNS_TLSA_ECDSA"
    echo "DNS_TLSA_INTER=$_DNS_TLSA_INTER"
    echo "DNS_TLSA_UNUSED=$_DNS_TLSA_UNUSED"
    echo "DNS_TLSA_RSA_CERT=$_DNS_TLSA_RSA_CERT"
    echo "DNS_DKIM_RSA_KEY=$d/keys/dkim-rsa2048.key"
    echo "DNS_DKIM_ED25519_KEY=$d/keys/dkim-ed25519.key"
    echo "DNS_DKIM_RSA1024_KEY=$d/keys/dkim-rsa1024.key"
    echo "DNS_NSD_PIDFILE=$d/nsd/nsd.pid"
    echo "DNS_NGINX_PIDFILE=$d/nginx/nginx.pid"
  } > "$w/dns.env"
}

_dns_tree() {  # _dns_tree PID: PID and all its descendants
  local k
  echo "$1"
  for k in $(ps -o pid= --ppid "$1" 2> /dev/null); do _dns_tree "$k"; done
}

_dns_stop() {  # _dns_stop PIDFILE SIGNAL: SIGNAL to the process tree, up to 3 s, then SIGKILL
  local pidfile=$1 sig=$2 pid pids i k
  pid=$(tr -dc '0-9' 2> /dev/null < "$pidfile") || pid=""  # (no pidfile: nothing to stop)
  rm -f "$pidfile"
  [ -n "$pid" ] && _dns_alive "$pid" || return 0
  pids=$(_dns_tree "$pid")
  # shellcheck disable=SC2086
  kill -"$sig" $pids 2> /dev/null || true
  for i in $(seq 30); do
    for k in $pids; do _dns_alive "$k" && break; k=; done
    [ -z "$k" ] && return 0
    sleep 0.1
  done
  for k in $pids; do
    if _dns_alive "$k"; then kill -9 "$k" 2> /dev/null || true; fi
  done
  return 0
}

dns_env_down() {  # dns_env_down WORKDIR: never fails, so it can sit in an EXIT trap
  local w=${1:-}
  [ -n "$w" ] && [ -d "$w/dns" ] || return 0
  # SIGTERM to every process of each tree (nsd: xfrd, main, server; nginx: master, worker); both
  # are gone within ~0.2 s. Exited daemons can stay zombies for a while, as their parent is
  # init (they were daemonized); _dns_alive counts those as gone.
  _dns_stop "$w/dns/nginx/nginx.pid" TERM &
  local p=$!
  _dns_stop "$w/dns/nsd/nsd.pid" TERM
  wait "$p" 2> /dev/null || true
  return 0
}
