#!/usr/bin/env python3
"""Checks that each badserver.py mode misbehaves as documented (used by selfcheck.sh).

python3 badcheck.py MODE:PORT...   checks all given servers concurrently; prints one
"PASS mode" / "FAIL mode: why" line each; exits non-zero if any failed.
"""
import os
import socket
import ssl
import sys
import threading
import time

HOST = "127.0.0.1"


class Fail(Exception):
    pass


class Client:
    def __init__(self, port, timeout=5.0):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.buf = b""

    def read_for(self, seconds, limit=None):
        """Everything received within SECONDS (or until EOF / LIMIT bytes)."""
        end = time.monotonic() + seconds
        out = b""
        while time.monotonic() < end and (limit is None or len(out) < limit):
            self.sock.settimeout(max(0.01, end - time.monotonic()))
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            out += chunk
        return out

    def reply(self, timeout=5.0):
        """One SMTP reply (lines up to a final "NNN " line); raises Fail on EOF/timeout."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            lines = self.buf.split(b"\r\n")
            for i, line in enumerate(lines[:-1]):
                if len(line) >= 4 and line[3:4] == b" ":
                    text = b"\r\n".join(lines[:i + 1]).decode("latin-1")
                    self.buf = b"\r\n".join(lines[i + 1:])
                    return text
            self.sock.settimeout(max(0.01, end - time.monotonic()))
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Fail(f"EOF, got {self.buf[:80]!r}")
            self.buf += chunk
        raise Fail("timeout waiting for a reply")

    def cmd(self, line):
        self.sock.sendall(line.encode() + b"\r\n")
        return self.reply()

    def eof(self, seconds=3.0):
        self.sock.settimeout(seconds)
        try:
            return self.sock.recv(1) == b""
        except (socket.timeout, OSError):
            return False

    def starttls_then_handshake(self):
        """EHLO + STARTTLS (expects 220), then a TLS handshake; returns the exception raised."""
        self.reply()  # greeting
        if "STARTTLS" not in self.cmd("EHLO check.example.test"):
            raise Fail("STARTTLS not advertised")
        r = self.cmd("STARTTLS")
        if not r.startswith("220"):
            raise Fail(f"STARTTLS answered {r!r}")
        ctx = ssl.create_default_context()
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
        try:
            ctx.wrap_socket(self.sock, server_hostname="bad.example.test")
        except (ssl.SSLError, OSError) as exc:
            return exc
        raise Fail("TLS handshake succeeded")


def expect(cond, why):
    if not cond:
        raise Fail(why)


def check_ehlo_without_starttls(port, marker=None, starttls_code="502"):
    c = Client(port)
    expect(c.reply().startswith("220 "), "no 220 greeting")
    e = c.cmd("EHLO check.example.test")
    expect(e.startswith("250") and "STARTTLS" not in e, f"EHLO {e!r}")
    if marker:
        expect(marker in e, f"EHLO lacks {marker}")
    expect(c.cmd("STARTTLS").startswith(starttls_code), f"STARTTLS not answered {starttls_code}")


def check_no_starttls(port):
    check_ehlo_without_starttls(port)


def check_starttls_removed(port):
    check_ehlo_without_starttls(port, marker="XXXXXXXA", starttls_code="500")


def check_starttls_454(port):
    c = Client(port)
    c.reply()
    expect("STARTTLS" in c.cmd("EHLO check.example.test"), "STARTTLS not advertised")
    r = c.cmd("STARTTLS")
    expect(r.startswith("454 4.7.0 TLS not available"), f"STARTTLS answered {r!r}")


def check_421_after_greeting(port):
    c = Client(port)
    expect(c.reply().startswith("220 "), "no 220 first")
    expect(c.reply().startswith("421 4.7.0"), "no 421 after the 220")
    expect(c.eof(), "connection not closed")


def check_421_greeting(port):
    c = Client(port)
    expect(c.reply().startswith("421 4.7.0"), "greeting is not 421")
    expect(c.eof(), "connection not closed")


def check_no_greeting(port):
    c = Client(port)
    data = c.read_for(2.0)
    expect(data == b"", f"server spoke: {data[:40]!r}")


def check_garbage(port):
    data = Client(port).read_for(2.0)
    expect(len(data) >= 512 and not data.startswith(b"220"), f"{len(data)} bytes, {data[:8]!r}")


def check_slow_greeting(port):
    c = Client(port)
    start = time.monotonic()
    data = c.read_for(3.5)
    # One byte a second: about 4 bytes in 3.5 s, and certainly not a whole line.
    expect(2 <= len(data) <= 5 and b"\r\n" not in data, f"{len(data)} bytes in {time.monotonic() - start:.1f}s")


def check_endless_multiline(port):
    c = Client(port)
    c.reply()
    c.sock.sendall(b"EHLO check.example.test\r\n")
    data = c.read_for(1.5)
    lines = data.split(b"\r\n")[:-1]
    expect(len(lines) > 1000, f"only {len(lines)} lines in 1.5 s")
    expect(all(l.startswith(b"250-") for l in lines), "a line is not 250-")


def check_huge_line(port):
    data = Client(port, timeout=10).read_for(8.0, limit=(1 << 20) + 4)
    expect(len(data) >= (1 << 20) and b"\n" not in data, f"{len(data)} bytes")


def check_close_mid_handshake(port):
    exc = Client(port).starttls_then_handshake()
    expect(isinstance(exc, (ssl.SSLEOFError, ConnectionError, ssl.SSLZeroReturnError))
           or "EOF" in str(exc), f"unexpected {exc!r}")


def check_alert_instead_of_serverhello(port):
    exc = Client(port).starttls_then_handshake()
    expect("HANDSHAKE_FAILURE" in str(exc).upper(), f"unexpected {exc!r}")


def check_garbage_serverhello(port):
    exc = Client(port).starttls_then_handshake()
    expect(isinstance(exc, ssl.SSLError) and "HANDSHAKE_FAILURE" not in str(exc).upper(), f"unexpected {exc!r}")


def run(mode, port, results):
    fn = globals().get("check_" + mode.replace("-", "_"))
    try:
        if fn is None:
            raise Fail("no check for this mode")
        fn(port)
        results[mode] = "PASS " + mode
    except (Fail, OSError, ssl.SSLError) as exc:
        results[mode] = f"FAIL {mode}: {exc}"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    results, threads = {}, []
    for arg in sys.argv[1:]:
        mode, port = arg.rsplit(":", 1)
        t = threading.Thread(target=run, args=(mode, int(port), results))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    for arg in sys.argv[1:]:
        print(results[arg.rsplit(":", 1)[0]])
    return 0 if all(r.startswith("PASS") for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
