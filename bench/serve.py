"""`reportlint serve` under load: N concurrent uploads of generated ~4,000-字 .docx reports, each
answered by POST /api/check. Prints p50 and p95 latency, each as a ratio to one command-line
check of the same file measured in the same run (`reportlint FILE.docx --no-cache`, cold start
included: what a user would otherwise wait for).

    python bench/serve.py [--uploads 20] [--rounds 3]

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.speed import make_report  # noqa: E402
from tests.docxgen import write_report  # noqa: E402


def post(url: str, name: str, data: bytes) -> float:
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()  # fmt: skip
    request = urllib.request.Request(url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as answer:
        answer.read()
        assert answer.status == 200
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reportlint-serve-") as folder:
        rng = random.Random(5)
        files = [write_report(make_report(rng), Path(folder) / f"r{i:02}.docx") for i in range(args.uploads)]
        blobs = [(p.name, p.read_bytes()) for p in files]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", str(port)], cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        url = f"http://127.0.0.1:{port}/api/check"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.2)
            post(url, *blobs[0])  # the server's first check loads the rules, as a user's first upload would
            latencies: list[float] = []
            cli: list[float] = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "checker", str(files[0]), "--no-cache", "-q"], cwd=ROOT,
                               capture_output=True, check=False)  # fmt: skip
                cli.append(time.perf_counter() - started)
                with ThreadPoolExecutor(max_workers=args.uploads) as pool:
                    latencies.extend(pool.map(lambda blob: post(url, *blob), blobs))
        finally:
            server.terminate()
            server.wait(timeout=10)
    one = statistics.median(cli)
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    print(f"{args.uploads} concurrent uploads × {args.rounds} rounds, {len(latencies)} answers, all 200")
    print(f"one CLI check of the same file: {one * 1000:7.0f} ms (median of {args.rounds}; cold start included)")
    print(f"p50 latency:                    {p50 * 1000:7.0f} ms = {p50 / one:4.2f}x one CLI check")
    print(f"p95 latency:                    {p95 * 1000:7.0f} ms = {p95 / one:4.2f}x one CLI check")
    print(f"slowest:                        {ordered[-1] * 1000:7.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
