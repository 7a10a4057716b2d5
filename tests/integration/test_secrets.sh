#!/usr/bin/env bash
# No output of mtaudit carries private key material. The example host's key files (real keys,
# minted at test time) are read by every run; every report format, the facts and the
# configuration dump are searched for the keys in every encoding a leak could take: PEM
# armour, base64 of the DER (at every alignment), hex of the DER, and the private numbers.
# The search is shown to work first: it must find a key planted in a copy of a report.
# usage: test_secrets.sh MTAUDIT_BIN SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$src/tests/integration/lib/harness.sh"
host="$src/fixtures/example-host"
bash "$src/tests/integration/lib/make_example_certs.sh" "$host" >/dev/null || { echo "FAIL cannot mint certificates"; exit 1; }

# Patterns: 20-character windows of each encoding of each private key.
python3 - "$work/patterns" "$host"/etc/postfix/tls/*.pem <<'PY'
import base64, subprocess, sys
out = open(sys.argv[1], "w")
for path in sys.argv[2:]:
    der = subprocess.run(["openssl", "pkey", "-in", path, "-outform", "DER"], capture_output=True).stdout
    if not der:
        continue
    text = subprocess.run(["openssl", "pkey", "-in", path, "-noout", "-text"], capture_output=True, text=True).stdout
    # The private numbers as openssl prints them (priv:, privateExponent:, prime1: ...), colons removed.
    numbers, cur = [], None
    for line in text.splitlines():
        if line.strip().endswith(":") and not line.startswith(" "):
            cur = line.strip()[:-1]
        elif cur and cur not in ("publicExponent", "modulus", "pub", "ASN1 OID", "NIST CURVE") and line.startswith(" "):
            numbers.append(line.strip().replace(":", ""))
    encodings = [der.hex(), "".join(numbers)]
    for shift in range(3):  # base64 of the DER at each byte alignment
        encodings.append(base64.b64encode(der[shift:]).decode()[4:])
    # The key's own PEM block as the file holds it (the certificates beside it are public).
    block, inside = [], False
    for line in open(path):
        if line.startswith("-----BEGIN") and "PRIVATE KEY" in line:
            inside = True
        elif line.startswith("-----END") and "PRIVATE KEY" in line:
            inside = False
        elif inside:
            block.append(line.strip())
    encodings.append("".join(block))
    # An EC or RSA private key embeds its public half, which the certificates (and so the
    # facts) rightly show: windows that also occur in a public encoding are left out.
    certs = subprocess.run(["openssl", "crl2pkcs7", "-nocrl", "-certfile", path, "-outform", "DER"],
                           capture_output=True).stdout
    public = [certs.hex()] + [base64.b64encode(certs[s:]).decode() for s in range(3)]
    for enc in encodings:
        for i in range(0, max(len(enc) - 20, 1), 10):
            w = enc[i:i + 20]
            if not any(w in p for p in public):
                out.write(w + "\n")
    out.write("PRIVATE KEY\n")
PY
keys=$(grep -c 'PRIVATE KEY' "$work/patterns")
[ "$keys" -ge 2 ] && ok || bad "expected at least two private keys in the example host, found $keys"

mkdir -p "$work/out"
(cd "$src" && "$bin" check --root fixtures/example-host --postfix-version 3.7 --hostname mail \
  --ca-file fixtures/example-host/etc/postfix/tls/test-ca.pem --fail-on never \
  --junit "$work/out/r.xml" --sarif "$work/out/r.sarif" --json "$work/out/r.json" --html "$work/out/r.html" \
  --text "$work/out/r.txt" > "$work/out/stdout.txt" 2> "$work/out/stderr.txt")
(cd "$src" && "$bin" facts --root fixtures/example-host --postfix-version 3.7 --hostname mail \
  --ca-file fixtures/example-host/etc/postfix/tls/test-ca.pem > "$work/out/facts.json" 2>&1)
(cd "$src" && "$bin" config --root fixtures/example-host --postfix-version 3.7 --hostname mail -x --explain > "$work/out/config.txt" 2>&1)
(cd "$src" && "$bin" check --root fixtures/example-host --postfix-version 3.7 --hostname mail \
  --fail-on never --text - > "$work/out/explain.txt" 2>&1)
for f in r.xml r.sarif r.json r.html r.txt facts.json config.txt explain.txt; do
  [ -s "$work/out/$f" ] && ok || bad "no output in $f"
done

# The search works: a planted key is found in every encoding it is planted in.
for enc in pem der-hex; do
  cp "$work/out/r.json" "$work/planted.json"
  key=$(ls "$host"/etc/postfix/tls/*.pem | head -1)
  case $enc in
    pem) sed -n '/BEGIN/,/END/p' "$key" | sed -n 3p >> "$work/planted.json" ;;
    der-hex) openssl pkey -in "$key" -outform DER | od -An -tx1 | tr -d ' \n' | cut -c100-160 >> "$work/planted.json" ;;
  esac
  grep -qF -f "$work/patterns" "$work/planted.json" && ok || bad "the search misses a planted key ($enc)"
done

if hits=$(grep -lF -f "$work/patterns" "$work"/out/*); then
  bad "private key material in: $hits"
  grep -oF -f "$work/patterns" "$work"/out/* | head -5
else
  ok
fi
harness_finish
