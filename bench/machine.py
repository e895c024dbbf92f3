"""What this machine lets a speed figure show: how steady one processor is, and what two give.

python bench/machine.py [--rounds 12]

No reportlint here: a fixed pure-Python loop (about 10 ms on a quiet core).
- Steadiness: the loop timed after an idle pause of 0, 0.05, 0.5 and 2.1 s (bench/cache.py waits
  2.1 s before its warm run), as the median and the spread (slowest / fastest). A shared virtual
  machine's processor may run the same loop at two speeds from one moment to the next; a run of
  0.1 s (a warm check) lies wholly in one of them, a run of 5 s averages them.
- Two processors: the loop's work done by one process, then split between two forked ones at
  once, per round: the most any --jobs 2 can gain over --jobs 1 here, before its own costs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

LOOP = 400_000


def loop(n: int = LOOP) -> float:
    """Milliseconds to run a fixed pure-Python loop of ``n`` additions."""
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i
    return (time.perf_counter() - start) * 1e3


def split(n: int, parts: int) -> float:
    """Milliseconds until ``parts`` forked processes have each run the loop over n / parts."""
    start = time.perf_counter()
    children = []
    for _ in range(parts):
        pid = os.fork()
        if pid == 0:
            loop(n // parts)
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    return (time.perf_counter() - start) * 1e3


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args()
    if not hasattr(os, "fork"):
        print("needs os.fork (Linux, macOS)")
        return 0
    print(f"processors: {os.cpu_count()}; a loop of {LOOP:,} additions, {args.rounds} rounds each")
    for pause in (0.0, 0.05, 0.5, 2.1):
        times = []
        for _ in range(args.rounds):
            time.sleep(pause)
            times.append(loop())
        print(f"after {pause:4.2f} s idle: median {statistics.median(times):5.1f} ms, "
              f"{min(times):5.1f}–{max(times):5.1f} ms (slowest / fastest {max(times) / min(times):.2f})")  # fmt: skip
    big = LOOP * 50
    speed_ups = sorted(loop(big) / split(big, 2) for _ in range(args.rounds))
    print(f"two processes vs one, the same work: median {statistics.median(speed_ups):.2f}x, "
          f"per round {speed_ups[0]:.2f}–{speed_ups[-1]:.2f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
