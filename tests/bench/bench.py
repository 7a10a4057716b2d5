"""Runs mtaudit commands repeatedly and prints median/p90 wall time and peak RSS.

Targets (issue 2): parse and resolve a typical host's configuration in <= 5 ms wall and
<= 10 MiB peak memory.
"""
import os
import statistics
import subprocess
import sys
import time


def peak_rss_mib(argv):
    # GNU time forks the command itself, so the figure is the command's own peak
    # (a child forked from this Python process would inherit Python's high-water mark).
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024.0


def measure(argv, runs=40):
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        walls.append((time.perf_counter() - start) * 1000.0)
    walls.sort()
    return statistics.median(walls), walls[int(len(walls) * 0.9) - 1], peak_rss_mib(argv)


def main():
    binary, src = sys.argv[1], sys.argv[2]
    host = os.path.join(src, "fixtures/example-host")
    deb = os.path.join(src, "fixtures/postfix/debian12-internet-site")
    cases = [
        ("true (process start floor)", ["/bin/true"]),
        ("config -x, all parameters, example host",
         [binary, "config", "--root", host, "--postfix-version", "3.7", "-x"]),
        ("config -x, all parameters, Debian 12 stock",
         [binary, "config", "-c", deb, "--postfix-version", "3.7", "-x"]),
        ("config --service submission/inet -x (one service)",
         [binary, "config", "--root", host, "--postfix-version", "3.7", "--service",
          "submission/inet", "-x", "smtpd_tls_security_level"]),
        ("facts (all services, OpenSSL cipher expansion)",
         [binary, "facts", "--root", host, "--postfix-version", "3.7"]),
    ]
    print(f"{'case':58} {'median ms':>10} {'p90 ms':>8} {'peak MiB':>9}")
    for name, argv in cases:
        med, p90, rss = measure(argv)
        print(f"{name:58} {med:10.2f} {p90:8.2f} {rss:9.1f}")
    print("targets: config parse+resolve <= 5 ms wall, <= 10 MiB peak")


if __name__ == "__main__":
    main()
