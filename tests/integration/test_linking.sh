#!/usr/bin/env bash
# How mtaudit is linked (CMakeLists.txt, MTAUDIT_STATIC_OPENSSL). With OpenSSL linked in, the
# libcurl that the DNS source opens at run time loads the shared libssl and libcrypto beside it:
# the executable must export no OpenSSL symbol, or libcurl would bind to its copy, whose objects
# and state are not libcurl's. (A run using both copies is test_dns.sh's "every source
# together": the live probe with mtaudit's OpenSSL, the MTA-STS fetch with libcurl's.) With the
# shared OpenSSL, both libssl and libcrypto are needed libraries.
# usage: test_linking.sh MTAUDIT_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1")
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

exported_openssl() { nm -D --defined-only "$1" | awk '{print $3}' | sed 's/@.*//' | grep -E "$openssl_api"; }
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
openssl_api='^(SSL|SSL_CTX|EVP|X509|OPENSSL|OSSL|CRYPTO|BIO|ERR|PEM|ASN1|BN|RSA|EC|d2i|i2d)_'
exported=$(exported_openssl "$bin")
# The pattern finds the API where it is exported: in the shared libcrypto.
shared=$(ldconfig -p | sed -n 's/.*libcrypto.so.3 (libc6,x86-64) => //p' | head -1)
if [ -n "$shared" ] && [ "$(exported_openssl "$shared" | wc -l)" -gt 1000 ]; then ok; else
  bad "the OpenSSL symbol pattern finds no exported API in the shared libcrypto (${shared:-not found})"; fi
case "$needed" in
  *libcrypto.so*)
    mode=shared
    case "$needed" in *libssl.so*) ok ;; *) bad "libcrypto is a needed library but libssl is not: $needed" ;; esac
    ;;
  *)
    mode=static
    case "$needed" in *libssl.so*) bad "libssl is a needed library but libcrypto is not: $needed" ;; *) ok ;; esac
    if [ -z "$exported" ]; then ok; else bad "the executable exports OpenSSL symbols: $(echo "$exported" | head -5 | tr '\n' ' ')"; fi
    ;;
esac

# `mtaudit version` names the OpenSSL it runs with, as the openssl command's library says it
# (libssl-dev, which holds the static libraries, requires the very same libssl3 version).
want=$(openssl version | sed -n 's/.*(Library: \(.*\))$/\1/p')
[ -n "$want" ] || want=$(openssl version)
expect_line="$want ($([ "$mode" = static ] && echo "linked in" || echo "shared library"))"
got=$("$bin" version | sed -n 2p)
if [ "$got" = "$expect_line" ]; then ok; else bad "mtaudit version says '$got', want '$expect_line'"; fi

echo "test_linking ($mode OpenSSL): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
