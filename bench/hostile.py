"""Time and peak memory of reportlint on each hostile input (built by tests/test_hostile.py's
builder), one process per file, measured with wait4.

    python bench/hostile.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_hostile import build_hostile  # noqa: E402


def _timed(path: Path) -> tuple[float, float, bytes]:
    """Seconds, peak RSS in MB and stdout of one `reportlint PATH --format json --no-cache`."""
    # GNU time waits for the child alone (a forked child's peak RSS would include ours).
    command = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "checker", str(path), "--format", "json",
               "--no-cache"]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - start
    return wall, int(proc.stderr.decode().strip().splitlines()[-1]) / 1024, proc.stdout


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        secret = base / "secret.txt"
        secret.write_text("secret", "utf-8")
        expected = build_hostile(base / "inputs", secret)
        # The same-run baseline: a one-page report, so slow spells of the machine show as such.
        baseline = min(_timed(ROOT / "examples" / "clean.txt")[0] for _ in range(3))
        print(f"baseline (examples/clean.txt, best of 3): {baseline:.2f} s")
        print(f"{'file':24} {'code':6} {'seconds':>8} {'× base':>7} {'peak RSS MB':>12}")
        for name in sorted(expected):
            wall, rss_mb, stdout = _timed(base / "inputs" / name)
            error = json.loads(stdout)["files"][0]["error"]
            print(
                f"{name:24} {error['code'] if error else '—':6} {wall:8.2f} {wall / baseline:7.1f} {rss_mb:12.0f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
