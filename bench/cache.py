"""Cache and worker figures on many files: cold vs warm (one file changed) and --jobs 1 vs 2.

python bench/cache.py [--files 2000]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    args = parser.parse_args()
    sources = [ROOT / "examples" / n for n in ("clean.txt", "flawed.txt", "nested.txt", "duty-report-1.txt",
                                                "rectification-1.txt", "clean.docx", "nested.docx")]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for i in range(args.files):
            source = sources[i % len(sources)]
            target = work / f"r{i:05}{source.suffix}"
            if source.suffix == ".txt":
                target.write_text(source.read_text("utf-8") + f"\n附：编号 {i}\n", "utf-8")
            else:
                shutil.copy(source, target)
        quiet = [".", "-q", "--exit-zero"]
        one = timed([*quiet, "--no-cache", "--jobs", "1"], work)
        two = timed([*quiet, "--no-cache", "--jobs", "2"], work)
        cold = timed(quiet, work)
        changed = work / "r00000.txt"
        changed.write_text(changed.read_text("utf-8") + "补充一句。\n", "utf-8")
        warm = timed(quiet, work)
        print(f"{args.files} files")
        print(f"--jobs 1, no cache:           {one:7.2f} s")
        print(f"--jobs 2, no cache:           {two:7.2f} s  ({one / two:.2f}x)")
        print(f"cold (empty cache, jobs=CPU):  {cold:7.2f} s")
        print(f"warm (one file changed):       {warm:7.2f} s  ({cold / warm:.1f}x faster; goal ≥ 20x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
