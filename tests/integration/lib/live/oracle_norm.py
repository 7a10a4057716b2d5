#!/usr/bin/env python3
"""Normalises peer-scanner output to sorted lines "VERSION IANA_SUITE_NAME" (stdlib only).

  oracle_norm.py sslscan FILE    sslscan --xml output
  oracle_norm.py testssl FILE    testssl --jsonfile output (cipher-per-protocol section, -E)
  oracle_norm.py nmap FILE       nmap -oX output of the ssl-enum-ciphers script

VERSION is one of SSLv2 SSLv3 TLSv1.0 TLSv1.1 TLSv1.2 TLSv1.3. Suites are named by IANA; the
scanners that report OpenSSL names or code points are mapped through testssl's
cipher-mapping.txt (code point -> IANA name), which the Debian package testssl.sh ships.
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MAPPING_CANDIDATES = (
    "/etc/testssl/cipher-mapping.txt",
    "/usr/share/testssl/etc/cipher-mapping.txt",
    "/usr/share/testssl.sh/etc/cipher-mapping.txt",
)
VERSIONS = {
    "sslv2": "SSLv2", "sslv3": "SSLv3",
    "tlsv1": "TLSv1.0", "tlsv1.0": "TLSv1.0", "tlsv1.1": "TLSv1.1", "tlsv1.2": "TLSv1.2",
    "tlsv1.3": "TLSv1.3",
    # testssl ids: ssl2 ssl3 tls1 tls1_1 tls1_2 tls1_3
    "ssl2": "SSLv2", "ssl3": "SSLv3", "tls1": "TLSv1.0", "tls1_1": "TLSv1.1", "tls1_2": "TLSv1.2",
    "tls1_3": "TLSv1.3",
}


def mapping_file():
    env = os.environ.get("ORACLE_CIPHER_MAPPING")
    for path in ((env,) if env else ()) + MAPPING_CANDIDATES:
        if path and os.path.isfile(path):
            return path
    try:  # the package may move the file; ask dpkg where it put it
        out = subprocess.run(["dpkg", "-L", "testssl.sh"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.endswith("/cipher-mapping.txt"):
                return line
    except OSError:
        pass
    sys.exit("oracle_norm: cipher-mapping.txt not found (install testssl.sh)")


def load_mapping():
    """Code point ("c02c", or "0300ff" for SSLv2) -> IANA name, and OpenSSL name -> IANA."""
    by_code, by_openssl = {}, {}
    with open(mapping_file(), encoding="utf-8") as fh:
        for line in fh:
            # "      0xC0,0x2C - ECDHE-ECDSA-AES256-GCM-SHA384  TLS_ECDHE_ECDSA_WITH_... TLSv1.2 ..."
            m = re.match(r"\s*((?:0x[0-9A-Fa-f]{2},?)+)\s+-\s+(\S+)\s+(\S+)", line)
            if not m:
                continue
            code = "".join(b[2:] for b in m.group(1).split(",") if b).lower()
            by_code.setdefault(code, m.group(3))
            if m.group(2) != "-":
                by_openssl.setdefault(m.group(2), m.group(3))
    return by_code, by_openssl


def version(name):
    v = VERSIONS.get(name.strip().lower().replace(" ", ""))
    if v is None:
        sys.exit(f"oracle_norm: unknown protocol version {name!r}")
    return v


def from_sslscan(path, by_code, by_openssl):
    pairs = set()
    for c in ET.parse(path).getroot().iter("cipher"):
        if c.get("status") not in ("accepted", "preferred"):
            continue
        code = (c.get("id") or "").lower().removeprefix("0x")
        name = by_code.get(code) or by_openssl.get(c.get("cipher"), c.get("cipher"))
        pairs.add((version(c.get("sslversion")), name))
    return pairs


def from_testssl(path, by_code, by_openssl):
    pairs = set()
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if isinstance(data, dict):  # --json-pretty nests the findings
        data = [f for s in data.get("scanResult", []) for f in s.get("cipherTests", [])]
    for f in data:
        m = re.match(r"cipher-(\w+?)_x([0-9a-f]+)$", f.get("id", ""))
        if not m:
            continue
        name = by_code.get(m.group(2).zfill(4)) or f["finding"].split()[-1]
        pairs.add((version(m.group(1)), name))
    return pairs


def from_nmap(path, by_code, by_openssl):
    pairs = set()
    for script in ET.parse(path).getroot().iter("script"):
        if script.get("id") != "ssl-enum-ciphers":
            continue
        for proto in script.findall("table"):
            for ciphers in proto.findall("table[@key='ciphers']"):
                for c in ciphers.findall("table"):
                    name = c.find("elem[@key='name']")
                    if name is None:
                        continue
                    # nmap 7.93 names TLS 1.3 suites as in the drafts: TLS_AKE_WITH_AES_128_GCM_SHA256.
                    n = re.sub(r"^TLS_AKE_WITH_", "TLS_", name.text)
                    pairs.add((version(proto.get("key")), n))
    return pairs


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("sslscan", "testssl", "nmap"):
        sys.exit(__doc__)
    by_code, by_openssl = load_mapping()
    parse = {"sslscan": from_sslscan, "testssl": from_testssl, "nmap": from_nmap}[sys.argv[1]]
    # Byte order (LC_ALL=C sort), which also puts SSLv2 < SSLv3 < TLSv1.0 < ... < TLSv1.3.
    for line in sorted(f"{v} {n}" for v, n in parse(sys.argv[2], by_code, by_openssl)):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
