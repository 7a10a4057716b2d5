#!/usr/bin/env bash
# Peer scanners as oracles for mtaudit's live cipher enumeration. Source it, then:
#   oracle_sslscan HOST:PORT [starttls]    sslscan (--starttls-smtp with "starttls")
#   oracle_testssl HOST:PORT [starttls]    testssl -E, cipher per protocol (--starttls smtp)
#   oracle_nmap    HOST:PORT [starttls]    nmap --script ssl-enum-ciphers
# Each prints the accepted set as LC_ALL=C-sorted lines "VERSION IANA_SUITE_NAME" on stdout and
# "oracle: <tool> took N s" on stderr. HOST must be a loopback address (the lab never scans
# anything else). Raw scanner output is kept in $ORACLE_OUT_DIR when that is set.
# Extra testssl flags (e.g. --ssl-native, --fast) can be passed in $ORACLE_TESTSSL_FLAGS; the
# default (OpenSSL plus testssl's own sockets) is the only mode that also finds suites Debian's
# OpenSSL lacks, such as 3DES.

ORACLE_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

_oracle_target() {  # _oracle_target HOST:PORT -> "HOST PORT", loopback only
  local host=${1%:*} port=${1##*:}
  case $host in
    127.*) ;;
    *) echo "oracle: refusing non-loopback target $1" >&2; return 1 ;;
  esac
  [[ $port =~ ^[0-9]+$ ]] || { echo "oracle: bad target $1 (HOST:PORT)" >&2; return 1; }
  echo "$host $port"
}

_oracle_tmp() {  # _oracle_tmp NAME: a file for raw output (kept in ORACLE_OUT_DIR if set)
  if [ -n "${ORACLE_OUT_DIR:-}" ]; then
    mkdir -p "$ORACLE_OUT_DIR" && echo "$ORACLE_OUT_DIR/$1"
  else
    mktemp "/tmp/oracle-$1.XXXXXX"
  fi
}

_oracle_finish() {  # _oracle_finish TOOL RAWFILE START_NS: normalise, report time, clean up
  local tool=$1 raw=$2 start=$3 rc=0
  python3 "$ORACLE_LIB_DIR/oracle_norm.py" "$tool" "$raw" || rc=1
  echo "oracle: $tool took $((($(date +%s%N) - start) / 1000000)) ms" >&2
  [ -n "${ORACLE_OUT_DIR:-}" ] || rm -f "$raw"
  return $rc
}

oracle_sslscan() {  # oracle_sslscan HOST:PORT [starttls]
  local t raw start
  t=$(_oracle_target "$1") || return 1
  raw=$(_oracle_tmp sslscan.xml)
  local flags=(--no-colour --xml="$raw")
  [ "${2:-}" = starttls ] && flags+=(--starttls-smtp)
  start=$(date +%s%N)
  # sslscan prints its own text report too; only the XML is used.
  sslscan "${flags[@]}" "${t% *}:${t#* }" > /dev/null 2>&1 || { echo "oracle: sslscan failed on $1" >&2; return 1; }
  _oracle_finish sslscan "$raw" "$start"
}

oracle_testssl() {  # oracle_testssl HOST:PORT [starttls]
  local t raw start
  t=$(_oracle_target "$1") || return 1
  raw=$(_oracle_tmp testssl.json)
  rm -f "$raw"  # testssl refuses to overwrite an existing JSON file
  local flags=(-E --jsonfile "$raw" --warnings batch --quiet --color 0)
  [ "${2:-}" = starttls ] && flags+=(--starttls smtp)
  # shellcheck disable=SC2206  # word splitting of extra flags is intended
  flags+=(${ORACLE_TESTSSL_FLAGS:-})
  start=$(date +%s%N)
  # testssl exits non-zero when it finds problems; the JSON file is the result.
  testssl "${flags[@]}" "${t% *}:${t#* }" > "$raw.log" 2>&1 || true
  [ -s "$raw" ] || { echo "oracle: testssl wrote no JSON for $1:" >&2; tail -n 20 "$raw.log" >&2; return 1; }
  [ -n "${ORACLE_OUT_DIR:-}" ] || rm -f "$raw.log"
  _oracle_finish testssl "$raw" "$start"
}

oracle_nmap() {  # oracle_nmap HOST:PORT [starttls]
  local t raw start data rc=0
  t=$(_oracle_target "$1") || return 1
  raw=$(_oracle_tmp nmap.xml)
  # ssl-enum-ciphers does STARTTLS only on ports nmap believes are SMTP, and TLS only on ports
  # it believes are TLS. A private data directory holding just nmap-services names the port
  # (other data files fall back to nmap's own); --servicedb would force -F, and -sV costs probes.
  data=$(mktemp -d /tmp/oracle-nmap.XXXXXX)
  printf '%s\t%s/tcp\t1.0\n' "$([ "${2:-}" = starttls ] && echo smtp || echo smtps)" "${t#* }" > "$data/nmap-services"
  start=$(date +%s%N)
  nmap -Pn -n -sT -p "${t#* }" --datadir "$data" --script ssl-enum-ciphers -oX "$raw" "${t% *}" \
    > /dev/null 2>&1 || rc=1
  rm -rf "$data"
  [ $rc = 0 ] || { echo "oracle: nmap failed on $1" >&2; return 1; }
  _oracle_finish nmap "$raw" "$start"
}
