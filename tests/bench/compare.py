"""Is a change faster? Runs the example host's check with two mtaudit binaries in turn.

    python3 tests/bench/compare.py OLD_BINARY NEW_BINARY [ROUNDS (default 500)] [HOST]

Each round runs both binaries once, in random order, so a drift of the machine's speed (a
virtual machine's neighbours: 30% within minutes here) moves both alike; the paired
difference NEW - OLD of each round is the figure to read. Below about 500 rounds a difference
of half a millisecond is noise on such a machine, and a timeline from stamps written to stderr
is no substitute: it once showed a change as 0.6 ms faster that this comparison found 0.35 ms
slower. `compare.py B B` runs one binary against itself: the spread it prints is the
machine's noise at the moment.
"""
import os
import random
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (check_argv, run_ms)


def summary(times):
    v = sorted(times)
    n = len(v)
    return f"median {statistics.median(v):6.2f} ms, trimmed mean {statistics.mean(v[n // 4:3 * n // 4]):6.2f} ms"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    old, new = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    src = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    host = sys.argv[4] if len(sys.argv) > 4 else os.path.join(src, "fixtures", "example-host")
    order = random.Random(1)  # the same order every time: comparisons repeat exactly
    # Keyed by position, not by path: `compare.py B B` shows the machine's own noise.
    binaries = (old, new)
    times = ([], [])
    for _ in range(rounds):
        pair = [0, 1]
        order.shuffle(pair)
        for which in pair:
            times[which].append(bench.run_ms(bench.check_argv(binaries[which], host)))
    diff = sorted(b - a for a, b in zip(times[0], times[1]))
    n = len(diff)
    print(f"old {old}: {summary(times[0])}")
    print(f"new {new}: {summary(times[1])}")
    print(f"new - old, per round ({rounds} rounds): median {statistics.median(diff):+.2f} ms "
          f"(quartiles {diff[n // 4]:+.2f} .. {diff[3 * n // 4]:+.2f})")


if __name__ == "__main__":
    main()
