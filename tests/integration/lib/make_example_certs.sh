#!/usr/bin/env bash
# Mints the example host's certificates (fixtures/example-host is the README's demo host):
#   ROOT/etc/postfix/tls/rsa.pem, ecdsa.pem   smtpd_tls_chain_files format: key, certificate,
#                                             intermediate (mode 0640 and 0600)
#   ROOT/etc/postfix/tls/test-ca.pem          the root of the throwaway CA that signed them: the
#                                             trust anchor for mtaudit check --ca-file (the CA's
#                                             keys are discarded)
# Private keys are generated here, at build/test time, and never committed. Validity dates are
# fixed (2025-01-01 to 2035-01-01) so reports made with SOURCE_DATE_EPOCH are reproducible.
# usage: make_example_certs.sh ROOTDIR
set -euo pipefail
root=${1:?usage: make_example_certs.sh ROOTDIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test_ca.sh
source "$here/test_ca.sh"
tls="$root/etc/postfix/tls"
mkdir -p "$tls"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ca="$work/ca"
tca_init "$ca"
san="DNS:mail.example.org, DNS:example.org"
tca_leaf "$work" rsa inter rsa2048 20250101000000Z 20350101000000Z "$san"
tca_leaf "$work" ecdsa inter p384 20250101000000Z 20350101000000Z "$san"
for alg in rsa ecdsa; do
  (umask 077 && tca_chain "$tls/$alg.pem.new" "$work/$alg.key" "$work/$alg.pem" "$ca/inter.pem")
  mv "$tls/$alg.pem.new" "$tls/$alg.pem"
done
chmod 0640 "$tls/rsa.pem"  # one of the things left to find: a group-readable key
chmod 0600 "$tls/ecdsa.pem"
cp "$ca/root.pem" "$tls/test-ca.pem"
