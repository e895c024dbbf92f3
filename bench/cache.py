"""Cache and worker figures on many files: cold vs warm (one file changed) and --jobs 1 vs 2.

python bench/cache.py [--files 2000] [--repeat 3]

The files lie in two folders, a half each. Beside --jobs 2, two --jobs 1 processes check a folder
each at once: the speed-up this machine gives two processes that share nothing (its processors'
contention; a virtual machine's two processors may be one core's two threads), the ceiling of
--jobs 2, measured in the same rounds.

Each figure is the median of --repeat rounds, each round running every command once, in turn (a
machine shared with other work weighs on all of them). Runs have bytecode caching on (an installed wheel has
its .pyc files; PYTHONDONTWRITEBYTECODE, if set here, would make every run compile the checker).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import private_user_cache  # noqa: E402

# This checkout's checker, whatever the virtualenv has installed (a worktree, another branch)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPATH": str(ROOT)}


def timed(args: list[str], cwd: Path, *more: list[str]) -> float:
    """Seconds until the command (and the ``more`` commands, started at the same time) ended and
    closed its output, as a shell's $(…) or pre-commit waits. Their output is short (-q)."""
    start = time.perf_counter()
    pipe = subprocess.PIPE
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "checker", *command], cwd=cwd, env=ENV, stdout=pipe, stderr=pipe
        )
        for command in (args, *more)
    ]
    for run in runs:
        run.communicate()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ENV["XDG_CACHE_HOME"] = private_user_cache()
    sources = [ROOT / "examples" / n for n in ("clean.txt", "flawed.txt", "nested.txt", "duty-report-1.txt",
                                                "rectification-1.txt", "clean.docx", "nested.docx")]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for half in "ab":
            (work / half).mkdir()
        for i in range(args.files):
            source = sources[i % len(sources)]
            target = work / "ab"[i % 2] / f"r{i:05}{source.suffix}"
            if source.suffix == ".txt":
                target.write_text(source.read_text("utf-8") + f"\n附：编号 {i}\n", "utf-8")
            else:
                shutil.copy(source, target)
        quiet = [".", "-q", "--exit-zero"]
        cache = work / ".reportlint_cache"
        timed(
            ["b/r00001.txt", "--no-cache", "--format", "json"], work
        )  # bytecode written once, before any figure
        one, two, halves, cold, warm, unchanged = [], [], [], [], [], []
        changed = work / "a" / "r00000.txt"
        uncached = ["-q", "--exit-zero", "--no-cache", "--jobs"]
        for _ in range(args.repeat):
            one.append(timed([".", *uncached, "1"], work))
            two.append(timed([".", *uncached, "2"], work))
            halves.append(timed(["a", *uncached, "1"], work, ["b", *uncached, "1"]))
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(timed(quiet, work))
            time.sleep(2.1)  # past the racy-mtime window, as between two commits
            changed.write_text(changed.read_text("utf-8") + "补充一句。\n", "utf-8")
            warm.append(timed(quiet, work))
            unchanged.append(timed(quiet, work))
        m = statistics.median
        print(f"{args.files} files, median of {args.repeat} runs (min–max)")
        for label, runs in (("--jobs 1, no cache", one), ("--jobs 2, no cache", two),
                            ("2 × --jobs 1, a half each", halves),
                            ("cold (empty cache, jobs=CPU)", cold), ("warm (one file changed)", warm),
                            ("warm (nothing changed)", unchanged)):  # fmt: skip
            print(f"{label + ':':30} {m(runs):7.2f} s  ({min(runs):.2f}–{max(runs):.2f})")
        for label, runs in (("--jobs 2 vs --jobs 1:", two), ("ceiling (2 processes, halves):", halves)):
            speed_ups = sorted(a / b for a, b in zip(one, runs, strict=True))
            print(
                f"{label:30} {m(one) / m(runs):7.2f}x  (per run {speed_ups[0]:.2f}–{speed_ups[-1]:.2f}x, "
                f"median {m(speed_ups):.2f}x)"
            )
        print(f"--jobs 2 / ceiling:            {m(halves) / m(two):7.2f}   (goal: --jobs 2 ≥ 1.8x)")
        print(f"cold / warm, best of each:     {min(cold) / min(warm):7.1f}x  (the least disturbed runs)")
        ratios = sorted(c / w for c, w in zip(cold, warm, strict=True))
        print(
            f"cold / warm (one changed):     {m(cold) / m(warm):7.1f}x  (per run {ratios[0]:.1f}–{ratios[-1]:.1f}x; goal ≥ 50x)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
