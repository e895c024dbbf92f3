"""`reportlint serve` for a whole unit: the worker pool behind it (a job past its time or memory
limit costs its own worker, which is replaced; a full queue answers "busy" at once; a small
request does not wait behind a large one; workers spawned as programs where fork is not used),
per-group tokens, a trusted proxy's user and headers (believed from trusted addresses only), the
sub-path, /healthz, the access log (no file name, no token, no text), and a graceful stop."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from checker.batch.pool import Busy, Done, JobFailed, Pool, PoolSettings, resident_bytes
from checker.web.app import ServeSettings, create_app
from checker.web.auth import AuthError, load_tokens, parse_networks
from tests.helpers import REPO, report

TEXT = report().encode("utf-8")
FLAWED = REPO / "examples" / "flawed.docx"


@dataclass(frozen=True)
class Sleep:
    """Stuck where no in-process timer reaches (as C code may be): only a kill ends it."""

    seconds: float

    def run(self) -> int:
        time.sleep(self.seconds)
        return os.getpid()


@dataclass(frozen=True)
class Hog:
    megabytes: int

    def run(self) -> int:
        held = [bytearray(1 << 20) for _ in range(self.megabytes)]
        time.sleep(2)
        return len(held)


@pytest.fixture
def pool() -> Iterator[Pool]:
    made = Pool(PoolSettings(workers=2, memory_mb=500, queue=6, grace=0.5))
    made.start()
    yield made
    made.close()


def _outcome(future: object) -> object:
    try:
        return future.result(timeout=60)  # type: ignore[attr-defined]
    except JobFailed as exc:
        return exc


def test_a_stuck_job_costs_its_own_worker_only(pool: Pool) -> None:
    stuck = pool.submit([Sleep(60)], timeout=1)[0]
    time.sleep(0.2)
    started = time.monotonic()
    others = pool.submit([Sleep(0.1)] * 4, timeout=1)
    done = [_outcome(f) for f in others]
    assert all(isinstance(d, Done) for d in done)
    assert time.monotonic() - started < 1.5  # on the other worker, without waiting for the stuck one
    failed = _outcome(stuck)
    assert isinstance(failed, JobFailed) and (failed.code, failed.detail) == ("E013", "1")
    assert {d.worker for d in done if isinstance(d, Done)} == {3 - failed.worker}
    after = _outcome(pool.submit([Sleep(0)], timeout=1)[0])
    assert isinstance(after, Done) and pool.status().replaced == 1
    _until_ready(pool, 2)


def _until_ready(pool: Pool, count: int) -> None:
    deadline = time.monotonic() + 10
    while pool.status().ready < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.status().ready == count


@pytest.mark.skipif(sys.platform != "linux", reason="fork and /proc")
def test_a_forked_worker_is_charged_with_its_own_pages_only() -> None:
    # A worker forked from a large process (a test run, a server that grew) shares that process's
    # pages; its plain RSS counts them, and it was replaced after every job as "grown".
    held = bytearray(os.urandom(1 << 20) * 300)  # 300 MB of this process's own pages
    assert (resident_bytes(os.getpid()) or 0) > len(held)  # counted while they are its own
    child = os.fork()
    if child == 0:
        time.sleep(30)
        os._exit(0)
    try:
        time.sleep(0.3)
        own = resident_bytes(child)
        assert own is not None and own < 100 * (1 << 20) < len(held)
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    assert resident_bytes(child) is None  # gone


def test_a_job_over_the_memory_limit_gets_e014_and_a_new_worker(pool: Pool) -> None:
    hog, small = pool.submit([Hog(900), Sleep(0)], timeout=20)
    failed = _outcome(hog)
    assert isinstance(failed, JobFailed) and (failed.code, failed.detail) == ("E014", "500")
    assert isinstance(_outcome(small), Done)
    _until_ready(pool, 2)
    assert pool.status().replaced >= 1


def test_a_full_queue_answers_busy_with_the_number_waiting(pool: Pool) -> None:
    holding = pool.submit([Sleep(1)] * 2, timeout=5)  # both workers busy
    time.sleep(0.3)
    waiting = pool.submit([Sleep(0)] * 5, timeout=5)
    with pytest.raises(Busy) as busy:
        pool.submit([Sleep(0)] * 2, timeout=5)
    assert busy.value.waiting == 5 and str(busy.value) == "busy, 5 waiting"
    assert all(isinstance(_outcome(f), Done) for f in holding + waiting)


def test_one_file_does_not_wait_behind_a_large_request(pool: Pool) -> None:
    large = pool.submit([Sleep(0.3)] * 6, timeout=5)
    time.sleep(0.1)
    small = pool.submit([Sleep(0)], timeout=5)[0]
    small_done = _outcome(small)
    assert isinstance(small_done, Done) and small_done.waited < 0.6  # the next free worker took it
    assert sum(1 for f in large if f.done()) < 6


def test_workers_started_as_programs_check_files() -> None:
    """The path of the Windows and macOS builds (no fork): `reportlint __worker__` processes."""
    from checker.web.jobs import CheckJob

    spawned = Pool(PoolSettings(workers=1, spawn=True, grace=0.5))
    spawned.start()
    try:
        result = _outcome(spawned.submit([CheckJob("r.txt", TEXT, page=True)], timeout=60)[0])
        assert isinstance(result, Done) and result.value.result.error is None and "一、存在的问题" in result.value.article
        failed = _outcome(spawned.submit([Sleep(30)], timeout=0.5)[0])  # tests.test_serve_unit.Sleep, imported there
        assert isinstance(failed, JobFailed) and failed.code == "E013"
        again = _outcome(spawned.submit([CheckJob("r.txt", TEXT, page=True)], timeout=60)[0])
        assert isinstance(again, Done) and again.value.result.diagnostics == result.value.result.diagnostics
    finally:
        spawned.close()


def test_a_hostile_upload_is_stopped_by_the_memory_limit_and_the_page_goes_on() -> None:
    items = "".join(f"{'一二三四五六七八九'[i % 9]}是第{i}条问题，具体表现为工作不够扎实。\n" for i in range(120_000))
    hostile = ("党性分析报告\n一、存在的问题\n" + items).encode()
    app = create_app(ServeSettings(workers=2, memory_mb=300, timeout=60))
    try:
        web = TestClient(app, base_url="http://127.0.0.1")
        answer = web.post("/api/check", files=[("files", ("大.txt", hostile)), ("files", ("r.txt", TEXT))])
        errors = [f["error"]["code"] if f["error"] else None for f in answer.json()["files"]]
        assert answer.status_code == 200 and errors == ["E014", None]
        assert web.post("/api/check", files=[("files", ("r.txt", TEXT))]).status_code == 200
    finally:
        app.pool.close()


# The door -----------------------------------------------------------------------------------------


def test_tokens_file_is_validated(tmp_path: Path) -> None:
    good = tmp_path / "tokens"
    good.write_text("# 组 = 口令\n组织部 = a1b2c3d4e5f6g7h8i9\n第一支部 = z9y8x7w6v5u4t3s2r1  # 张三\n", "utf-8")
    assert load_tokens(str(good)) == {"a1b2c3d4e5f6g7h8i9": "组织部", "z9y8x7w6v5u4t3s2r1": "第一支部"}
    for bad, said in [("组织部 = short", "16"), ("组织部 a1b2c3d4e5f6g7h8i9", "GROUP = TOKEN"),
                      ("甲 = a1b2c3d4e5f6g7h8i9\n乙 = a1b2c3d4e5f6g7h8i9", "same token"),
                      ("甲 = a1b2c3d4e5f6g7h8i9\n甲 = b1b2c3d4e5f6g7h8i9", "twice"), ("# nothing", "no tokens")]:  # fmt: skip
        good.write_text(bad, "utf-8")
        with pytest.raises(AuthError, match=said):
            load_tokens(str(good))
    with pytest.raises(AuthError):
        parse_networks(["10.0.0.0/33"])


def _app(log: io.StringIO, **settings: object) -> object:
    return create_app(ServeSettings(**{"workers": 1, **settings}), log=log)  # type: ignore[arg-type]


def test_groups_tokens_the_login_form_and_the_access_log() -> None:
    log = io.StringIO()
    tokens = {"a1b2c3d4e5f6g7h8i9": "组织部", "z9y8x7w6v5u4t3s2r1": "第一支部"}
    app = _app(log, tokens=tokens)
    try:
        web = TestClient(app, base_url="http://127.0.0.1")
        files = [("files", ("机密名单.txt", TEXT))]
        assert web.post("/api/check", files=files).status_code == 401
        assert web.post("/api/check", files=files, headers={"x-reportlint-token": "wrong-token-wrong"}).status_code == 401
        assert web.post("/api/check", files=files, headers={"authorization": "Bearer z9y8x7w6v5u4t3s2r1"}).status_code == 200
        login = web.get("/", headers={"accept": "text/html"})
        assert login.status_code == 401 and 'name="token"' in login.text and 'action="login"' in login.text
        assert web.get("/healthz").status_code == 200  # open to a load balancer
        posted = web.post("/login", data={"token": "a1b2c3d4e5f6g7h8i9", "lang": "zh"}, follow_redirects=False)
        assert posted.status_code == 303 and "reportlint_token=" in posted.headers["set-cookie"]
        assert web.get("/").status_code == 200  # the cookie
        web.get("/?token=a1b2c3d4e5f6g7h8i9&lang=en")
    finally:
        app.pool.close()  # type: ignore[attr-defined]
    lines = [json.loads(line) for line in log.getvalue().splitlines()]
    assert {tuple(sorted(line)) for line in lines} == {("duration_ms", "files", "method", "route", "status", "time", "who", "workers")}
    checked = [line for line in lines if line["route"] == "/api/check" and line["status"] == 200]
    assert len(checked) == 1 and checked[0]["files"] == 1 and checked[0]["workers"] == [1] and checked[0]["who"] == "第一支部"
    assert any(line["who"] == "组织部" for line in lines)
    text = log.getvalue()
    for secret in ("机密名单", "a1b2c3d4e5f6g7h8i9", "z9y8x7w6v5u4t3s2r1", "token=", "党性分析"):
        assert secret not in text, secret


def test_a_trusted_proxy_names_the_user_an_untrusted_client_cannot() -> None:
    log = io.StringIO()
    app = _app(log, host="127.0.0.1", user_header="X-Remote-User", trusted=parse_networks(["10.0.0.2"]))
    try:
        proxy = TestClient(app, base_url="http://127.0.0.1", client=("10.0.0.2", 40000))
        stranger = TestClient(app, base_url="http://127.0.0.1", client=("10.0.0.9", 40000))
        forwarded = {"x-remote-user": "zhangsan", "x-forwarded-host": "lint.unit.example", "x-forwarded-proto": "https",
                     "origin": "https://lint.unit.example", "host": "127.0.0.1:8765"}  # fmt: skip
        files = [("files", ("r.txt", TEXT))]
        assert proxy.post("/api/check", files=files, headers=forwarded).status_code == 200
        assert stranger.post("/api/check", files=files, headers=forwarded).status_code in (401, 403)
        assert stranger.post("/api/check", files=files, headers={"x-remote-user": "zhangsan"}).status_code == 401
        # Behind the proxy the Host names the unit's site, not this loopback address: believed from the proxy only.
        assert proxy.get("/", headers={"x-remote-user": "zhangsan", "host": "lint.unit.example"}).status_code == 200
        assert stranger.get("/", headers={"host": "lint.unit.example"}).status_code == 421
        cross = {**forwarded, "origin": "https://evil.example"}
        assert proxy.post("/api/check", files=files, headers=cross).status_code == 403
    finally:
        app.pool.close()  # type: ignore[attr-defined]
    assert any(json.loads(line)["who"] == "user:zhangsan" for line in log.getvalue().splitlines())


def test_the_sub_path_whether_the_proxy_strips_it_or_not() -> None:
    app = _app(io.StringIO(), root_path="/reportlint", token="s3cret-token")
    try:
        web = TestClient(app, base_url="http://127.0.0.1")
        bare = web.get("/reportlint", follow_redirects=False)
        assert bare.status_code == 308 and bare.headers["location"] == "/reportlint/"
        landed = web.get("/reportlint/?token=s3cret-token", follow_redirects=False)
        assert landed.status_code == 303 and "Path=/reportlint/" in landed.headers["set-cookie"]
        assert web.get("/reportlint/").status_code == 200
        assert web.get("/", headers={"x-reportlint-token": "s3cret-token"}).status_code == 200  # a proxy that strips the prefix
        files = [("files", ("r.txt", TEXT))]
        assert web.post("/reportlint/api/check", files=files).status_code == 200
        spec = web.get("/reportlint/openapi.json").json()
        assert spec["servers"] == [{"url": "/reportlint"}] and "/healthz" in spec["paths"]
        assert web.get("/reportlint/healthz").json()["status"] == "ok"
    finally:
        app.pool.close()  # type: ignore[attr-defined]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_sigterm_finishes_the_request_under_way_then_exits_0(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path)}
    server = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", str(port), "--workers", "1",
                               "--access-log", str(tmp_path / "access.jsonl")], cwd=REPO, env=env,
                              stderr=subprocess.PIPE, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            health = json.loads(urllib.request.urlopen(base + "/healthz", timeout=1).read())
            break
        except OSError:
            assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
            time.sleep(0.2)
    assert health["status"] == "ok" and health["workers"] == 1
    workers = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    assert len(workers) == 1
    items = "".join(f"{'一二三四五六七八九'[i % 9]}是第{i}条问题，具体表现为工作不够扎实。\n" for i in range(8_000))
    slow = ("党性分析报告\n一、存在的问题\n" + items).encode()
    boundary = "reportlintboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\n").encode() + slow + \
        f"\r\n--{boundary}--\r\n".encode()  # fmt: skip
    answers: list[int] = []

    def post() -> None:
        request = urllib.request.Request(base + "/api/check", data=body,
                                         headers={"content-type": f"multipart/form-data; boundary={boundary}"})  # fmt: skip
        with urllib.request.urlopen(request, timeout=60) as answer:
            answers.append(answer.status)
            json.loads(answer.read())

    sender = threading.Thread(target=post)
    sender.start()
    time.sleep(0.5)  # the check is under way
    server.send_signal(signal.SIGTERM)
    sender.join(60)
    _, stderr = server.communicate(timeout=60)
    assert answers == [200], stderr
    assert server.returncode == 0, stderr
    assert "已停止 / stopped" in stderr and "Traceback" not in stderr
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
    logged = [json.loads(line) for line in (tmp_path / "access.jsonl").read_text("utf-8").splitlines()]
    assert any(line["route"] == "/api/check" and line["status"] == 200 for line in logged)


def test_a_slow_job_is_moved_aside_and_the_pool_keeps_its_workers() -> None:
    pool = Pool(PoolSettings(workers=1, grace=0.5, slow=0.5))
    pool.start()
    try:
        slow = pool.submit([Sleep(4)], timeout=10)[0]
        time.sleep(1.5)  # moved aside by now: a fresh worker has its place
        quick = [_outcome(f) for f in pool.submit([Sleep(0)] * 3, timeout=5)]
        assert all(isinstance(d, Done) and d.waited < 1 for d in quick)
        done = _outcome(slow)
        assert isinstance(done, Done) and done.worker == 1 and {d.worker for d in quick} == {2}  # type: ignore[union-attr]
        assert pool.status().busy == 0 and len(pool._aside) == 0  # the worker aside ended with its job
    finally:
        pool.close()
