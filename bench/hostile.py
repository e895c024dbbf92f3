"""Time and peak memory of reportlint on each hostile input (built by tests/test_hostile.py's
builder), one process per file, measured with wait4; then the issue's size case, a 6 MB text
whose one paragraph is 2 M characters of repeated inline items (一是…二是…三是…,
tests/adversarial.py's inline_markers), alone and in a batch with the hostile suite.

    python bench/hostile.py [--no-suite] [--no-large]

The large text runs without a time limit (--timeout 0): its figure is the whole check's, not
the moment a limit cut it short.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import private_user_cache  # noqa: E402
from tests.adversarial import inline_markers, sized  # noqa: E402
from tests.test_hostile import build_hostile  # noqa: E402

LARGE_BYTES = 6 * 1024 * 1024


def _timed(path: Path, *extra: str) -> tuple[float, float, bytes]:
    """Seconds, peak RSS in MB and stdout of one `reportlint PATH --format json --no-cache`."""
    # GNU time waits for the child alone (a forked child's peak RSS would include ours); the
    # child's own workers count, as wait4 reports the largest of them.
    command = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "checker", str(path), "--format", "json",
               "--no-cache", *extra]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - start
    return wall, int(proc.stderr.decode().strip().splitlines()[-1]) / 1024, proc.stdout


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-suite", action="store_true", help="only the large text")
    parser.add_argument("--no-large", action="store_true", help="only the hostile suite")
    args = parser.parse_args()
    private_user_cache()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        secret = base / "secret.txt"
        secret.write_text("secret", "utf-8")
        expected = build_hostile(base / "inputs", secret)
        # The same-run baseline: a one-page report, so slow spells of the machine show as such.
        baseline = min(_timed(ROOT / "examples" / "clean.txt")[0] for _ in range(3))
        print(f"baseline (examples/clean.txt, best of 3): {baseline:.2f} s")
        if not args.no_suite:
            print(f"{'file':24} {'code':6} {'seconds':>8} {'× base':>7} {'peak RSS MB':>12}")
            for name in sorted(expected):
                wall, rss_mb, stdout = _timed(base / "inputs" / name)
                error = json.loads(stdout)["files"][0]["error"]
                print(f"{name:24} {error['code'] if error else '—':6} {wall:8.2f} {wall / baseline:7.1f} {rss_mb:12.0f}")
        if not args.no_large:
            name, data = sized(inline_markers, LARGE_BYTES)
            large = base / "inputs" / f"large-{name}"
            large.write_bytes(data)
            longest = max(len(line) for line in data.decode().splitlines())
            print(f"\n{large.name}: {len(data) / 2**20:.1f} MB, its longest paragraph {longest:,} characters")
            for label, target in (("alone", large), ("in a batch with the suite", base / "inputs")):
                wall, rss_mb, stdout = _timed(target, "--timeout", "0")
                payload = json.loads(stdout)
                entry = next(f for f in payload["files"] if f["path"].endswith(large.name))
                found = len(entry["diagnostics"])
                print(f"  {label:26} {wall:7.2f} s  peak RSS {rss_mb:6.0f} MB  (goal ≤ 300 MB)  "
                      f"{found:,} findings, {len(stdout) / 2**20:.0f} MB of JSON")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
