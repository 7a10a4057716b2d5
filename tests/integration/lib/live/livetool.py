#!/usr/bin/env python3
"""Small helpers for env.sh that bash cannot do well (stdlib only, loopback only).

  livetool.py banner HOST PORT [--tls] [--timeout S]
      Connects, optionally does implicit TLS (no verification, any version/key size), and
      succeeds when the server's greeting ends with a final "220 " line. Prints the greeting.
  livetool.py ehlo HOST PORT [--starttls] [--timeout S]
      Prints the EHLO reply in plain text, or after STARTTLS (same lax TLS client).
  livetool.py burst HOST PORT N [--timeout S]
      Opens N connections at once and counts the final greeting codes ("220 29", "421 7").
  livetool.py forward LISTEN_PORT NETNS_PID INNER_PORT [--log FILE]
      Listens on 127.0.0.1:LISTEN_PORT in the current network namespace, then joins the network
      namespace of NETNS_PID and relays every connection to 127.0.0.1:INNER_PORT there.
      Used for servers (gnutls-serv) that cannot bind to one address: they run in a private
      namespace and only this relay is reachable, on loopback. Prints "ready" when listening.
"""
import argparse
import ctypes
import os
import signal
import socket
import ssl
import sys
import threading
import time
import warnings

LOOPBACK = "127.0.0.1"
CLONE_NEWNET = 0x40000000


def read_greeting(sock, deadline):
    """Reads SMTP reply lines until a final line (code + space); returns the text."""
    buf = b""
    while time.monotonic() < deadline:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            chunk = sock.recv(4096)
        except socket.timeout:
            break
        if not chunk:
            break
        buf += chunk
        lines = buf.split(b"\r\n")
        for line in lines[:-1]:
            if len(line) >= 4 and line[3:4] == b" ":
                return buf.decode("latin-1")
    return buf.decode("latin-1")


def weak_client_context():
    """A client that accepts anything the lab serves: TLS 1.0+, 1024-bit keys, no verification."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with warnings.catch_warnings():  # TLSv1 is deprecated in Python; the lab needs it anyway
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.minimum_version = ssl.TLSVersion.TLSv1
    ctx.set_ciphers("ALL:@SECLEVEL=0")
    return ctx


def cmd_banner(args):
    deadline = time.monotonic() + args.timeout
    try:
        sock = socket.create_connection((args.host, args.port), timeout=args.timeout)
        if args.tls:
            sock = weak_client_context().wrap_socket(sock)
        text = read_greeting(sock, deadline)
        sock.close()
    except (OSError, ssl.SSLError) as exc:
        print(f"banner: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    final = [l for l in text.split("\r\n") if len(l) >= 4 and l[3] == " "]
    return 0 if final and final[-1].startswith("220 ") else 1


def smtp_reply(sock, deadline):
    """One complete (possibly multi-line) SMTP reply."""
    return read_greeting(sock, deadline)


def cmd_ehlo(args):
    """Prints the EHLO reply, in plain text or (--starttls) after STARTTLS, for AUTH checks."""
    deadline = time.monotonic() + args.timeout
    try:
        sock = socket.create_connection((args.host, args.port), timeout=args.timeout)
        smtp_reply(sock, deadline)
        sock.sendall(b"EHLO selfcheck.example.test\r\n")
        reply = smtp_reply(sock, deadline)
        if args.starttls:
            sock.sendall(b"STARTTLS\r\n")
            if not smtp_reply(sock, deadline).startswith("220"):
                print("ehlo: STARTTLS refused", file=sys.stderr)
                return 1
            sock = weak_client_context().wrap_socket(sock)
            sock.sendall(b"EHLO selfcheck.example.test\r\n")
            reply = smtp_reply(sock, deadline)
        sock.sendall(b"QUIT\r\n")
        sock.close()
    except (OSError, ssl.SSLError) as exc:
        print(f"ehlo: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(reply)
    return 0 if reply.startswith("250") else 1


def cmd_burst(args):
    """Opens N connections at once; prints how many greetings ended in each reply code."""
    counts, lock = {}, threading.Lock()

    def one():
        try:
            sock = socket.create_connection((args.host, args.port), timeout=args.timeout)
            text = read_greeting(sock, time.monotonic() + args.timeout)
            sock.close()
            final = [l for l in text.split("\r\n") if len(l) >= 4 and l[3] == " "]
            code = final[-1][:3] if final else "none"
        except OSError as exc:
            code = type(exc).__name__
        with lock:
            counts[code] = counts.get(code, 0) + 1

    threads = [threading.Thread(target=one) for _ in range(args.count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for code in sorted(counts):
        print(code, counts[code])
    return 0


def join_netns(pid):
    """setns(2) via libc: Python 3.11 has no os.setns. Threads started later inherit it."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(f"/proc/{pid}/ns/net", os.O_RDONLY)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"setns: {os.strerror(err)}")
    os.close(fd)


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        # Propagate the half-close so TLS close_notify / EOF semantics survive the relay.
        for s, how in ((dst, socket.SHUT_WR), (src, socket.SHUT_RD)):
            try:
                s.shutdown(how)
            except OSError:
                pass


def relay(client, inner_port, log, lock):
    try:
        upstream = socket.create_connection((LOOPBACK, inner_port), timeout=10)
        upstream.settimeout(None)
    except OSError:
        client.close()
        return
    with lock:
        log.write(f"connect from {client.getpeername()[0]}:{client.getpeername()[1]}\n")
        log.flush()
    t = threading.Thread(target=pump, args=(upstream, client), daemon=True)
    t.start()
    pump(client, upstream)
    t.join()
    client.close()
    upstream.close()


def cmd_forward(args):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((LOOPBACK, args.listen_port))
    listener.listen(128)
    join_netns(args.netns_pid)  # the listener stays in the namespace it was created in
    log = open(args.log, "a") if args.log else open(os.devnull, "w")
    lock = threading.Lock()
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    print("ready", flush=True)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=relay, args=(client, args.inner_port, log, lock), daemon=True).start()


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("banner")
    b.add_argument("host")
    b.add_argument("port", type=int)
    b.add_argument("--tls", action="store_true")
    b.add_argument("--timeout", type=float, default=5.0)
    e = sub.add_parser("ehlo")
    e.add_argument("host")
    e.add_argument("port", type=int)
    e.add_argument("--starttls", action="store_true")
    e.add_argument("--timeout", type=float, default=10.0)
    r = sub.add_parser("burst")
    r.add_argument("host")
    r.add_argument("port", type=int)
    r.add_argument("count", type=int)
    r.add_argument("--timeout", type=float, default=15.0)
    f = sub.add_parser("forward")
    f.add_argument("listen_port", type=int)
    f.add_argument("netns_pid", type=int)
    f.add_argument("inner_port", type=int)
    f.add_argument("--log")
    args = p.parse_args()
    if args.cmd == "forward":
        return cmd_forward(args)
    if not args.host.startswith("127."):
        print(f"{args.cmd}: loopback only", file=sys.stderr)
        return 2
    return {"banner": cmd_banner, "ehlo": cmd_ehlo, "burst": cmd_burst}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
