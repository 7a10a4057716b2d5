#!/usr/bin/env bash
# Installs every Debian 12 package mtaudit needs to build and test.
# Idempotent and quick when everything is present: apt is only called for missing packages.
set -euo pipefail

PKGS=(
  build-essential cmake pkg-config
  libboost-program-options1.81-dev libboost-json1.81-dev
  libssl-dev openssl libpugixml-dev libgtest-dev googletest
  libunbound-dev libcurl4-openssl-dev libre2-dev
  postfix libxml2-utils python3 python3-jsonschema time
  gnutls-bin sslscan testssl.sh nmap libsasl2-modules iproute2
  nsd ldnsutils nginx-light dns-root-data bind9-dnsutils curl procps
  # the sanitizer and fuzzing build: clang, its runtimes (libFuzzer, ASan, UBSan), llvm-symbolizer
  clang libclang-rt-14-dev llvm
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Postfix's maintainer scripts ask questions and try to start the daemon; preseed
# "No configuration" and forbid service starts during the install (tests start their own).
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f "$policy"' EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
