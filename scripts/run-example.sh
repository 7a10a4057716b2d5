#!/usr/bin/env bash
# Installs what is needed, builds mtaudit and audits the bundled example host
# (fixtures/example-host: a Postfix configuration as it lies on a server's disk).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2 --target mtaudit
echo "== mtaudit config --root fixtures/example-host --explain (TLS parameters of port 25)"
./build/mtaudit config --root fixtures/example-host --postfix-version 3.7 --explain -x \
  --service smtp/inet \
  smtpd_tls_security_level smtpd_tls_protocols smtpd_tls_mandatory_protocols \
  smtpd_tls_ciphers smtpd_tls_mandatory_ciphers smtpd_tls_chain_files smtpd_tls_auth_only
echo "== the same parameters inside the submission service (master.cf -o overrides)"
./build/mtaudit config --root fixtures/example-host --postfix-version 3.7 --explain -x \
  --service submission/inet \
  smtpd_tls_security_level smtpd_tls_protocols smtpd_tls_mandatory_protocols \
  smtpd_tls_ciphers smtpd_tls_mandatory_ciphers smtpd_tls_chain_files smtpd_tls_auth_only
