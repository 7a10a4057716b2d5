#!/usr/bin/env bash
# Installs what is needed, builds mtaudit and audits the bundled example host
# (fixtures/example-host: a Postfix configuration as it lies on a server's disk).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2 --target mtaudit
# The example host's certificates come from a throwaway test CA minted on the spot.
bash tests/integration/lib/make_example_certs.sh fixtures/example-host >/dev/null
echo "== mtaudit check --root fixtures/example-host (offline audit of the configuration)"
status=0
./build/mtaudit check --root fixtures/example-host --postfix-version 3.7 --hostname mail \
  --ca-file fixtures/example-host/etc/postfix/tls/test-ca.pem --json build/example-host.json --sarif build/example-host.sarif --junit build/example-host.xml || status=$?
echo
echo "== where one value comes from: mtaudit config --explain inside the submission service"
./build/mtaudit config --root fixtures/example-host --postfix-version 3.7 --explain -x \
  --service submission/inet smtpd_tls_security_level smtpd_tls_protocols smtpd_tls_mandatory_protocols
echo
echo "Reports: build/example-host.json, build/example-host.sarif, build/example-host.xml"
echo "mtaudit check exited $status (0 compliant, 1 findings, 2 bad input, 3 incomplete)"
