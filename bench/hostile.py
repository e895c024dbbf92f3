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


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        secret = base / "secret.txt"
        secret.write_text("secret", "utf-8")
        expected = build_hostile(base / "inputs", secret)
        print(f"{'file':24} {'code':6} {'seconds':>8} {'peak RSS MB':>12}")
        for name in sorted(expected):
            # GNU time waits for the child alone (a forked child's peak RSS would include ours).
            start = time.perf_counter()
            command = [
                "/usr/bin/time",
                "-f",
                "%M",
                sys.executable,
                "-m",
                "checker",
                str(base / "inputs" / name),
                "--format",
                "json",
                "--no-cache",  # measure the work, not the cache
            ]
            proc = subprocess.run(command, capture_output=True, cwd=ROOT, check=False)
            wall = time.perf_counter() - start
            rss_kb = int(proc.stderr.decode().strip().splitlines()[-1])
            error = json.loads(proc.stdout)["files"][0]["error"]
            print(f"{name:24} {error['code'] if error else '—':6} {wall:8.2f} {rss_kb / 1024:12.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
