#!/usr/bin/env python3
"""A scripted misbehaving SMTP server for mtaudit's live tests (stdlib only, 127.0.0.1 only).

python3 badserver.py --port P --mode MODE [--once]
Prints "ready" once listening; threaded; SIGTERM/SIGINT stop it cleanly; --once exits after the
first connection is handled.

Modes:
  no-starttls                  greets, EHLO without STARTTLS; STARTTLS gets 502
  starttls-removed             EHLO shows STARTTLS overwritten as "XXXXXXXA" (a stripping
                               middlebox); STARTTLS gets 500
  starttls-454                 STARTTLS advertised, answered 454 4.7.0 TLS not available ...
  421-after-greeting           220, then 421 4.7.0 Too many connections, close
  421-greeting                 greets with 421 4.7.0 Too many connections, close
  no-greeting                  accepts and never speaks
  garbage                      512 bytes of noise instead of a greeting, then silence
  slow-greeting                the 220 line one byte per second, then EHLO without STARTTLS
  endless-multiline            EHLO answered with 250-... lines forever
  huge-line                    greeting is "220 " + 1 MiB without CRLF, then silence
  close-mid-handshake          EHLO/STARTTLS/220, reads 5 bytes of the ClientHello, closes
  alert-instead-of-serverhello EHLO/STARTTLS/220, reads the ClientHello, sends a fatal
                               handshake_failure alert record, closes
  garbage-serverhello          EHLO/STARTTLS/220, reads the ClientHello, sends 512 bytes of noise
  unknown-version-serverhello  ... answers with a well-formed ServerHello of version 0x0305
                               (no such TLS version) and no extensions, then waits
  unknown-suite-serverhello    ... answers with a TLS 1.2 ServerHello choosing suite 0xFAFA
                               (never assigned, never offered), then waits
"""
import argparse
import os
import random
import signal
import socket
import socketserver
import sys
import threading
import time

HOST = "127.0.0.1"
BANNER = b"220 bad.example.test ESMTP badserver\r\n"
IDLE_TIMEOUT = 120  # seconds a silent client may hold a thread
MODES = (
    "no-starttls", "starttls-removed", "starttls-454", "421-after-greeting", "421-greeting",
    "no-greeting", "garbage", "slow-greeting", "endless-multiline", "huge-line",
    "close-mid-handshake", "alert-instead-of-serverhello", "garbage-serverhello",
    "unknown-version-serverhello", "unknown-suite-serverhello",
)
# EHLO keywords per mode; STARTTLS is appended where the mode offers it.
BASE_EXTENSIONS = [b"PIPELINING", b"SIZE 10240000", b"8BITMIME", b"ENHANCEDSTATUSCODES"]
NO_TLS_MODES = {"no-starttls", "starttls-removed", "slow-greeting"}
TLS_MODES = {"close-mid-handshake", "alert-instead-of-serverhello", "garbage-serverhello",
             "unknown-version-serverhello", "unknown-suite-serverhello"}
# TLS 1.0 record: alert, fatal (2), handshake_failure (40).
ALERT_HANDSHAKE_FAILURE = bytes([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28])


def noise(size):
    """Bytes that look random but are the same in every run: the first is 0x17 (an application
    data record type, not a digit, high bit clear) so that no run can start by chance with a
    handshake or alert record (0x16, 0x15), an SSLv2 header or an SMTP reply code; purely random
    bytes did so in about one run in a hundred and changed the error the client reports."""
    return b"\x17" + random.Random(0x5EED).randbytes(size - 1)


class Stop(Exception):
    """Ends a session quietly."""


class Session:
    def __init__(self, sock, mode, stopping):
        self.sock = sock
        self.mode = mode
        self.stopping = stopping
        self.buf = b""

    # -- I/O ---------------------------------------------------------------------------------
    def send(self, data):
        self.sock.sendall(data)

    def readline(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise Stop()
            self.buf += chunk
            if len(self.buf) > 65536:
                raise Stop()
        line, self.buf = self.buf.split(b"\n", 1)
        return line.rstrip(b"\r")

    def recv_exact(self, n):
        data = self.buf[:n]
        self.buf = self.buf[n:]
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise Stop()
            data += chunk
        return data

    def hold(self):
        """Keeps the connection open and silent until the client leaves or we stop."""
        while not self.stopping.is_set():
            try:
                if not self.sock.recv(4096):
                    return
            except socket.timeout:
                return

    # -- SMTP --------------------------------------------------------------------------------
    def ehlo_reply(self, name):
        exts = list(BASE_EXTENSIONS)
        if self.mode == "starttls-removed":
            exts.insert(1, b"XXXXXXXA")
        elif self.mode not in NO_TLS_MODES:
            exts.insert(1, b"STARTTLS")
        lines = [b"bad.example.test Hello " + name] + exts
        out = b"".join(b"250-" + l + b"\r\n" for l in lines[:-1])
        return out + b"250 " + lines[-1] + b"\r\n"

    def endless_multiline(self):
        n = 0
        while not self.stopping.is_set():
            self.send(b"".join(b"250-X-ENDLESS-%d\r\n" % (n + i) for i in range(100)))
            n += 100
            time.sleep(0.01)  # keeps CPU use low; still ~10000 lines a second

    def starttls(self):
        if self.mode == "starttls-removed":
            self.send(b"500 5.5.1 Error: command not recognized\r\n")
            return
        if self.mode not in TLS_MODES and self.mode != "starttls-454":
            self.send(b"502 5.5.1 Error: command not implemented\r\n")
            return
        if self.mode == "starttls-454":
            self.send(b"454 4.7.0 TLS not available due to local problem\r\n")
            return
        self.send(b"220 2.0.0 Ready to start TLS\r\n")
        if self.mode == "close-mid-handshake":
            self.recv_exact(5)
            raise Stop()
        header = self.recv_exact(5)  # the ClientHello record: read it whole before answering
        self.recv_exact(int.from_bytes(header[3:5], "big"))
        if self.mode == "alert-instead-of-serverhello":
            self.send(ALERT_HANDSHAKE_FAILURE)
        elif self.mode == "garbage-serverhello":
            self.send(noise(512))
            self.hold()
        elif self.mode in ("unknown-version-serverhello", "unknown-suite-serverhello"):
            version = 0x0305 if self.mode == "unknown-version-serverhello" else 0x0303
            self.send(server_hello(version, 0x1301 if version == 0x0305 else 0xFAFA))
            self.hold()
        raise Stop()

    def command_loop(self):
        while True:
            line = self.readline()
            verb = line.split(b" ", 1)[0].upper()
            if verb in (b"EHLO", b"HELO"):
                if self.mode == "endless-multiline" and verb == b"EHLO":
                    self.endless_multiline()
                    raise Stop()
                name = line.split(b" ", 1)[1] if b" " in line else b"unknown"
                self.send(self.ehlo_reply(name) if verb == b"EHLO" else b"250 bad.example.test\r\n")
            elif verb == b"STARTTLS":
                self.starttls()
            elif verb == b"QUIT":
                self.send(b"221 2.0.0 Bye\r\n")
                raise Stop()
            elif verb in (b"NOOP", b"RSET"):
                self.send(b"250 2.0.0 Ok\r\n")
            else:
                self.send(b"502 5.5.2 Error: command not recognized\r\n")

    def greet(self):
        m = self.mode
        if m == "421-greeting":
            self.send(b"421 4.7.0 bad.example.test Too many connections\r\n")
            raise Stop()
        if m == "no-greeting":
            self.hold()
            raise Stop()
        if m == "garbage":
            self.send(noise(512))
            self.hold()
            raise Stop()
        if m == "huge-line":
            self.send(b"220 " + b"x" * (1 << 20))
            self.hold()
            raise Stop()
        if m == "slow-greeting":
            for i in range(len(BANNER)):
                if self.stopping.is_set():
                    raise Stop()
                self.send(BANNER[i:i + 1])
                time.sleep(1)
            return
        self.send(BANNER)
        if m == "421-after-greeting":
            self.send(b"421 4.7.0 bad.example.test Too many connections\r\n")
            raise Stop()

    def run(self):
        try:
            self.greet()
            self.command_loop()
        except (Stop, OSError):
            pass


def server_hello(version, suite):
    """A well-formed ServerHello record (no extensions) with the given version and suite."""
    body = version.to_bytes(2, "big") + os.urandom(32) + b"\x00" + suite.to_bytes(2, "big") + b"\x00"
    handshake = b"\x02" + len(body).to_bytes(3, "big") + body
    return b"\x16\x03\x03" + len(handshake).to_bytes(2, "big") + handshake


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(IDLE_TIMEOUT)
        Session(self.request, self.server.mode, self.server.stopping).run()
        if self.server.once:
            self.server.stopping.set()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True  # a stuck client thread never delays exit
    allow_reuse_address = True
    request_queue_size = 128


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--mode", choices=MODES, required=True)
    p.add_argument("--once", action="store_true", help="exit after the first connection")
    args = p.parse_args()
    server = Server((HOST, args.port), Handler)
    server.mode, server.once, server.stopping = args.mode, args.once, threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: server.stopping.set())
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    print("ready", flush=True)
    while not server.stopping.wait(0.2):
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
