"""`reportlint serve` for a unit, under load, on loopback only: USERS simulated users each upload
FILES generated ~4,000-字 .docx reports at once (one request each, as a drop of five files on the
page) to `serve --workers WORKERS`. Run twice on a fresh server each time: as is, and with one
hostile upload (a ~6 MB text of 100,000 items: it takes its worker for many seconds and hundreds of
MB) sent among them. Prints the users' p50 and p95 latency, each as a ratio to one command-line
check of one of the reports measured in the same run (`reportlint FILE.docx --no-cache`, start-up
included: what a user would otherwise wait for), whether anything failed, what became of the
hostile upload, and the server's peak resident memory (alone, and with its workers).

    python bench/serve.py [--users 50] [--files 5] [--workers 2] [--hostile-mb 6]

Bounded: every request has a time limit, the run stops by itself. Figures are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.speed import make_report  # noqa: E402
from tests.docxgen import write_report  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


def post(url: str, files: list[tuple[str, bytes]]) -> tuple[int, float, dict[str, object]]:
    boundary = uuid.uuid4().hex
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                    f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n" for name, data in files)  # fmt: skip
    body += f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=600) as answer:
            payload = json.loads(answer.read())
            status = answer.status
    except urllib.error.HTTPError as exc:
        status, payload = exc.code, {}
    except OSError as exc:
        status, payload = 0, {"failure": str(exc)}
    return status, time.perf_counter() - started, payload


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


class Sampler(threading.Thread):
    """The server's resident memory, and with its workers', every 50 ms: the peaks."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.server = 0
        self.total = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            own = rss(self.pid)
            self.server = max(self.server, own)
            self.total = max(self.total, own + sum(rss(c) for c in children(self.pid)))
            time.sleep(0.05)


def hostile_text(megabytes: float) -> bytes:
    items = []
    size = 0
    i = 0
    while size < megabytes * 1024 * 1024:
        line = f"{'一二三四五六七八九'[i % 9]}是第{i}条问题，具体表现为工作不够扎实。\n"
        items.append(line)
        size += len(line.encode())
        i += 1
    return ("党性分析报告\n一、存在的问题\n" + "".join(items)).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(reports: list[tuple[str, bytes]], users: int, files: int, workers: int, hostile: bytes | None,
        home: str) -> dict[str, object]:  # fmt: skip
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", str(port), "--workers", str(workers)],
                              cwd=ROOT, env={**os.environ, "HOME": home},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if json.loads(urllib.request.urlopen(base + "/healthz", timeout=1).read())["status"] == "ok":
                    break
            except (OSError, ValueError):
                time.sleep(0.2)
        sampler = Sampler(server.pid)
        sampler.start()
        rng = random.Random(24)
        uploads = [[reports[rng.randrange(len(reports))] for _ in range(files)] for _ in range(users)]
        answers: list[tuple[int, float, dict[str, object]] | None] = [None] * users
        hostile_answer: list[tuple[int, float, dict[str, object]]] = []
        gate = threading.Barrier(users + (1 if hostile else 0))

        def user(index: int) -> None:
            gate.wait()
            answers[index] = post(base + "/api/check", uploads[index])

        def attacker() -> None:
            assert hostile is not None
            gate.wait()
            hostile_answer.append(post(base + "/api/check", [("大.txt", hostile)]))

        threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
        if hostile:
            threads.insert(0, threading.Thread(target=attacker))
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(900)
        wall = time.perf_counter() - started
        sampler.stop.set()
        sampler.join()
    finally:
        server.terminate()
        server.wait(timeout=120)
    done = [a for a in answers if a is not None]
    failed = [a for a in done if a[0] != 200] + [None] * (users - len(done))
    file_errors = [f["error"] for a in done if a[0] == 200 for f in a[2]["files"] if f["error"]]  # type: ignore[index, union-attr]
    latencies = sorted(a[1] for a in done if a[0] == 200)
    hostile_code = None
    if hostile_answer:
        status, seconds, payload = hostile_answer[0]
        error = payload["files"][0]["error"] if status == 200 else None  # type: ignore[index]
        hostile_code = (status, error["code"] if error else None, seconds)  # type: ignore[index]
    return {"latencies": latencies, "failed": len(failed), "file_errors": file_errors, "hostile": hostile_code,
            "server_rss": sampler.server, "total_rss": sampler.total, "wall": wall, "exit": server.returncode}  # fmt: skip


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--files", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hostile-mb", type=float, default=6.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reportlint-serve-") as folder:
        rng = random.Random(5)
        paths = [write_report(make_report(rng), Path(folder) / f"r{i:02}.docx") for i in range(10)]
        reports = [(p.name, p.read_bytes()) for p in paths]
        cli = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "checker", str(paths[0]), "--no-cache", "-q"], cwd=ROOT,
                           capture_output=True, check=False, env={**os.environ, "HOME": folder})  # fmt: skip
            cli.append(time.perf_counter() - started)
        one = statistics.median(cli)
        hostile = hostile_text(args.hostile_mb)
        plain = run(reports, args.users, args.files, args.workers, None, folder)
        attacked = run(reports, args.users, args.files, args.workers, hostile, folder)
    print(f"{args.users} users × {args.files} .docx reports at once, `serve --workers {args.workers}`, loopback")
    print(f"one CLI check of one report: {one * 1000:6.0f} ms (median of 3, start-up included)")
    for title, figures in (("without the hostile upload", plain), (f"with a {len(hostile) / 1e6:.1f} MB hostile upload", attacked)):
        ordered = figures["latencies"]
        assert isinstance(ordered, list)
        p50, p95 = statistics.median(ordered), percentile(ordered, 0.95)
        print(f"-- {title}: {len(ordered)} answers in {figures['wall']:.1f} s")
        print(f"   p50 {p50:6.2f} s = {p50 / one:5.1f}x one CLI check;  p95 {p95:6.2f} s = {p95 / one:5.1f}x")
        print(f"   failed requests: {figures['failed']};  files with an error: {len(figures['file_errors'])}")  # type: ignore[arg-type]
        if figures["hostile"]:
            status, code, seconds = figures["hostile"]  # type: ignore[misc]
            print(f"   hostile upload: HTTP {status}, {code}, answered after {seconds:.1f} s")
        print(f"   peak RSS: server {figures['server_rss'] / 2**20:.0f} MB; server and workers {figures['total_rss'] / 2**20:.0f} MB;"  # type: ignore[operator]
              f" server exit status {figures['exit']}")
    p95_plain = percentile(plain["latencies"], 0.95)  # type: ignore[arg-type]
    p95_attacked = percentile(attacked["latencies"], 0.95)  # type: ignore[arg-type]
    print(f"p95 with the hostile upload / without: {p95_attacked / p95_plain:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
