"""Batch runs for CI: cache, worker processes, stdin, globs, excludes, .gitignore, baselines and
suppressions where the writer works (Word comments, <!-- --> lines)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from checker.severity import Severity
from tests.helpers import REPO

EXAMPLES = REPO / "examples"


def run(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(cwd), "XDG_CACHE_HOME": str(cwd / ".cache")}
    return subprocess.run(
        [sys.executable, "-m", "checker", *args], capture_output=True, cwd=cwd, input=stdin, env=env
    )


def files_of(result: subprocess.CompletedProcess[bytes]) -> list[dict[str, object]]:
    return json.loads(result.stdout)["files"]  # type: ignore[no-any-return]


def cached_results(folder: Path) -> int:
    """Results the cache holds: the pack's and the journal's."""
    version = next((folder / ".reportlint_cache").glob("*/"))
    keys = set(json.loads((version / "index.json").read_text("utf-8"))["results"])
    journal = version / "journal.jsonl"
    if journal.exists():
        keys |= {
            json.loads(line)[1] for line in journal.read_text("utf-8").splitlines() if line.startswith('["r"')
        }
    return len(keys)


def test_cache_is_used_and_invalidated_by_file_template_and_config(tmp_path: Path) -> None:
    for name in ("clean.txt", "flawed.txt", "nested.docx"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    first = run([".", "--format", "json"], tmp_path)
    assert (tmp_path / ".reportlint_cache" / ".gitignore").read_text() == "*\n"
    assert cached_results(tmp_path) == 3
    second = run([".", "--format", "json"], tmp_path)
    assert files_of(first) == files_of(second)
    # A changed file misses and adds one result; the others hit.
    (tmp_path / "clean.txt").write_text(
        (EXAMPLES / "clean.txt").read_text("utf-8").replace("党性分析报告", "党性分析材料"), "utf-8"
    )
    changed = files_of(run([".", "--format", "json"], tmp_path))
    assert (
        cached_results(tmp_path) == 4
        and changed[1:] == files_of(first)[1:]
        and changed[0] != files_of(first)[0]
    )
    # A config or template change misses for every file.
    (tmp_path / "reportlint.toml").write_text('ignore = ["L"]\n', "utf-8")
    third = files_of(run([".", "--format", "json"], tmp_path))
    assert not any(d["code"].startswith("L") for f in third for d in f["diagnostics"])  # type: ignore[index,union-attr,attr-defined]
    assert cached_results(tmp_path) == 7
    assert files_of(run([".", "--format", "json", "--no-cache"], tmp_path)) == third


def test_jobs_give_the_same_results_in_the_same_order(tmp_path: Path) -> None:
    for i in range(12):
        shutil.copy(
            EXAMPLES / ("flawed.txt" if i % 3 else "clean.docx"),
            tmp_path / f"r{i:02}{'.txt' if i % 3 else '.docx'}",
        )
    one = run([".", "--format", "json", "--jobs", "1", "--no-cache"], tmp_path)
    two = run([".", "--format", "json", "--jobs", "2", "--no-cache"], tmp_path)
    assert files_of(one) == files_of(two) and one.returncode == two.returncode == 1


def test_stdin_globs_exclude_and_gitignore(tmp_path: Path) -> None:
    piped = run(
        ["-", "--stdin-filename", "报告.txt", "--format", "json"],
        tmp_path,
        stdin=(EXAMPLES / "flawed.txt").read_bytes(),
    )
    payload = files_of(piped)
    assert payload[0]["path"] == "报告.txt" and payload[0]["diagnostics"]
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "drafts").mkdir()
    for path in ("a/x.txt", "a/y.md", "a/drafts/z.txt", "a/skip.txt"):
        shutil.copy(EXAMPLES / "clean.txt", tmp_path / path)
    names = lambda r: sorted(Path(str(f["path"])).name for f in files_of(r))  # noqa: E731
    assert names(run(["a/*.txt", "--format", "json"], tmp_path)) == ["skip.txt", "x.txt"]
    assert names(run(["a", "--format", "json", "--exclude", "skip.*"], tmp_path)) == [
        "x.txt",
        "y.md",
        "z.txt",
    ]
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("drafts/\n*.md\n", "utf-8")
    assert names(run(["a", "--format", "json"], tmp_path)) == ["skip.txt", "x.txt"]
    assert names(run(["a", "--format", "json", "--no-ignore"], tmp_path)) == [
        "skip.txt",
        "x.txt",
        "y.md",
        "z.txt",
    ]


def test_baseline_reports_only_new_findings_and_survives_edits_elsewhere(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "flawed.txt", tmp_path / "r.txt")
    assert run([".", "--write-baseline", "base.json", "-q"], tmp_path).returncode == 1
    assert run([".", "--baseline", "base.json"], tmp_path).returncode == 0
    text = (tmp_path / "r.txt").read_text("utf-8")
    (tmp_path / "r.txt").write_text(
        text.replace("2.改进工作作风。", "2.改进工作作风。\n4.新增的一条措施。"), "utf-8"
    )
    new = files_of(run([".", "--baseline", "base.json", "--format", "json"], tmp_path))[0]["diagnostics"]
    assert {d["code"] for d in new} <= {"N101", "N102", "L103", "C204", "C101", "X101"} and any(  # type: ignore[index]
        d["excerpt"] == "4.新增的一条措施。"
        for d in new  # type: ignore[index]
    )
    assert run([".", "--baseline", "missing.json"], tmp_path).returncode == 2


def test_txt_and_md_directives_and_unused_suppression(tmp_path: Path) -> None:
    lines = (EXAMPLES / "flawed.txt").read_text("utf-8").splitlines()
    gap = lines.index(next(l for l in lines if l.startswith("3.运用")))  # noqa: E741
    lines.insert(gap, "<!-- reportlint: ignore[N101] 编号按上级模板 -->")
    lines.insert(0, "<!-- reportlint: ignore[S106] 题目另行提交 -->")
    (tmp_path / "r.txt").write_text("\n".join(lines) + "\n", "utf-8")
    codes = [d["code"] for d in files_of(run(["r.txt", "--format", "json"], tmp_path))[0]["diagnostics"]]  # type: ignore[index]
    assert "N101" not in codes and "S106" not in codes and "X101" not in codes and "N102" in codes
    (tmp_path / "r.md").write_text(
        "<!-- reportlint: ignore-file[N, S1] -->\n" + (EXAMPLES / "flawed.txt").read_text("utf-8"), "utf-8"
    )
    codes = [d["code"] for d in files_of(run(["r.md", "--format", "json"], tmp_path))[0]["diagnostics"]]  # type: ignore[index]
    assert not any(c.startswith(("N", "S1")) for c in codes) and "C101" in codes
    (tmp_path / "clean.txt").write_text(
        "<!-- reportlint: ignore[N101] 旧指令 -->\n" + (EXAMPLES / "clean.txt").read_text("utf-8"), "utf-8"
    )
    unused = files_of(run(["clean.txt", "--format", "json"], tmp_path))[0]["diagnostics"]
    assert [(d["code"], d["line"]) for d in unused] == [("X101", 1)]  # type: ignore[index]


def test_word_comment_silences_n101_on_its_paragraph_only(tmp_path: Path) -> None:
    lines = (EXAMPLES / "flawed.txt").read_text("utf-8").splitlines()
    lines.append("一、重复编号的部分")  # a second gap elsewhere: 一 after 五 is N102, and 四 → 六 below
    document = Document()
    paragraphs = [document.add_paragraph(line) for line in lines]
    target = next(p for p in paragraphs if p.text.startswith("3.运用"))
    document.add_comment(
        target.runs, text="reportlint: ignore[N101] 编号按上级模板", author="审阅人", initials="审"
    )
    path = tmp_path / "r.docx"
    document.save(str(path))
    diagnostics = files_of(run(["r.docx", "--format", "json"], tmp_path))[0]["diagnostics"]
    n101 = [d["line"] for d in diagnostics if d["code"] == "N101"]  # type: ignore[index]
    target_line = lines.index(target.text) + 1
    assert target_line not in n101 and "X101" not in [d["code"] for d in diagnostics]  # type: ignore[index]
    without = tmp_path / "plain.docx"
    plain = Document()
    for line in lines:
        plain.add_paragraph(line)
    plain.save(str(without))
    assert target_line in [
        d["line"]
        for d in files_of(run(["plain.docx", "--format", "json"], tmp_path))[0]["diagnostics"]
        if d["code"] == "N101"
    ]  # type: ignore[index]


def test_concurrent_runs_share_the_cache_without_harm(tmp_path: Path) -> None:
    work = tmp_path / "reports"
    work.mkdir()
    for i in range(12):
        (work / f"r{i:02}.txt").write_text(
            (EXAMPLES / "flawed.txt").read_text("utf-8") + f"\n附{i}\n", "utf-8"
        )
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "checker", ".", "--format", "json", "--jobs", "1"]
    runs = [subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.PIPE) for _ in range(4)]
    outputs = [run.communicate()[0] for run in runs]
    expected = files_of(run([".", "--format", "json", "--no-cache"], work))
    assert all(json.loads(out)["files"] == expected for out in outputs)
    assert files_of(run([".", "--format", "json"], work)) == expected  # what they left behind is sound


def test_clean_removes_the_folders_cache(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "clean.txt", tmp_path / "r.txt")
    run(["r.txt"], tmp_path)
    assert (tmp_path / ".reportlint_cache").is_dir() and (tmp_path / ".cache" / "reportlint").is_dir()
    assert run(["clean"], tmp_path).returncode == 0
    assert not (tmp_path / ".reportlint_cache").exists() and (tmp_path / "r.txt").exists()
    assert (tmp_path / ".cache" / "reportlint").is_dir()  # the user's snapshots stay without --user
    assert run(["clean", "--user"], tmp_path).returncode == 0  # HOME is tmp_path in these tests
    assert not (tmp_path / ".cache" / "reportlint").exists()


def test_a_huge_inputs_findings_and_outline_are_held_in_pieces_and_cross_to_the_parent_so() -> None:
    # A hostile 2 MB paragraph gives 300,000 findings and 100,000 items: they are held as
    # compressed pickled pieces from the check to the output (as objects they were most of the
    # memory of the worker and of the parent), cross to the parent as such, and read back equal.
    import pickle

    from checker.batch.task import FileSettings, Task
    from checker.result import PICKLE_PIECE, FileResult, Pieces
    from checker.severity import Severity
    from tests.adversarial import inline_markers, sized

    _, data = sized(inline_markers, 400_000)
    result = Task("many.txt", data, FileSettings()).run()
    findings, outline = result.diagnostics, result.outline
    assert isinstance(findings, Pieces) and len(findings) > 2 * PICKLE_PIECE and outline is not None
    assert len(findings.pieces) == -(-len(findings) // PICKLE_PIECE)
    whole = len(pickle.dumps(findings[:PICKLE_PIECE], protocol=pickle.HIGHEST_PROTOCOL))
    assert len(findings.pieces[0]) < whole / 4  # compressed: neighbouring findings' excerpts are windows of one line
    assert isinstance(outline["sections"][0]["items"], Pieces) and isinstance(outline["links"], Pieces)
    every = list(findings)
    assert every == sorted(every, key=lambda d: (d.line, d.column, d.code))
    assert [findings[i] for i in (0, PICKLE_PIECE - 1, PICKLE_PIECE, -1)] == [every[i] for i in (0, PICKLE_PIECE - 1, PICKLE_PIECE, -1)]
    assert findings[PICKLE_PIECE - 3 : PICKLE_PIECE + 3] == every[PICKLE_PIECE - 3 : PICKLE_PIECE + 3]
    for severity in Severity:  # counted when packed, as the findings say
        assert result.count(severity) == sum(1 for d in every if d.severity is severity)
    sent = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    assert len(sent) < len(pickle.dumps(every, protocol=pickle.HIGHEST_PROTOCOL)) / 4
    back = pickle.loads(sent)
    assert isinstance(back, FileResult) and back == result and isinstance(back.diagnostics, Pieces)
    assert json.dumps(back.outline, ensure_ascii=False, default=list) == json.dumps(outline, ensure_ascii=False, default=list)
    few = FileResult("a.txt", "party-spirit", diagnostics=every[:3], chars=5)
    assert pickle.loads(pickle.dumps(few)) == few and isinstance(few.diagnostics, list)


def test_findings_packed_a_few_at_a_time_are_those_held_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    # With pieces of 3, the findings of flawed reports and of every adversarial input go through
    # Pieces (in order as the checks found them, or held and sorted when a check finds them out of
    # order), are merged across rules and written: the same findings in the same order, the same
    # verdict, the same JSON and outline, as held whole.
    import io

    from checker import pipeline, result
    from checker.output.jsonout import render_json, write_json
    from checker.pipeline import check_path
    from checker.result import Pieces
    from tests.adversarial import GENERATORS, sized

    inputs = [(p.name, p.read_bytes()) for p in (EXAMPLES / "flawed.txt", EXAMPLES / "flawed.docx", EXAMPLES / "thin.txt")]
    inputs += [sized(generator, 6_000) for generator in GENERATORS]
    whole = [check_path(name, data=data).slim() for name, data in inputs]
    monkeypatch.setattr(result, "PICKLE_PIECE", 3)
    monkeypatch.setattr(pipeline, "PICKLE_PIECE", 3)
    packed = [check_path(name, data=data).slim() for name, data in inputs]
    assert all(isinstance(r.diagnostics, Pieces) == (len(r.diagnostics) > 3) for r in packed)
    assert sum(isinstance(r.diagnostics, Pieces) for r in packed) >= len(inputs) - 3
    for a, b in zip(whole, packed, strict=True):
        assert list(b.diagnostics) == a.diagnostics and b.substance == a.substance
        assert [b.count(s) for s in Severity] == [a.count(s) for s in Severity]
    for lang in ("zh", "en"):
        out = io.BytesIO()
        write_json(packed, lang, None, out)
        assert out.getvalue() == render_json(whole, lang).encode("utf-8") == render_json(packed, lang).encode("utf-8")


def test_a_frame_larger_than_a_pipe_read_is_read_whole() -> None:
    import threading

    from checker.batch.workers import _read_frame

    payload = os.urandom(3 * (1 << 20) + 17)
    read_end, write_end = os.pipe()

    def write() -> None:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(len(payload).to_bytes(8, "little"))
            pipe.write(payload)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert bytes(_read_frame(read_end)) == payload
    finally:
        writer.join()
        os.close(read_end)


class _Settings:
    def __init__(self) -> None:
        from checker.read.limits import Limits

        self.limits = Limits(timeout=30)


class _Job:
    """A task as the workers see it: a path, its limits, and a run() (dies when ``die``)."""

    def __init__(self, name: str, die: bool = False) -> None:
        self.path = name
        self.die = die
        self.settings = _Settings()

    def run(self) -> object:
        from checker.result import FileResult

        if self.die and os.getpid() != _PARENT:
            os._exit(3)  # the worker dies on it (as on a crash in a C extension)
        return FileResult(path=self.path, template="done")


_PARENT = os.getpid()


def test_no_process_to_be_had_leaves_the_batch_checked_here(monkeypatch: object) -> None:
    # A container's pid limit: fork refused for the pool, or for the worker that replaces a dead
    # one. The files are checked in this process; nothing raises, no worker is left behind.
    import pytest

    from checker.batch import early, workers

    if not workers.can_warm():
        pytest.skip("forked workers are Linux-only")
    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    jobs = [_Job(f"f{i}") for i in range(6)]

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    with monkeypatch.context() as patch:
        patch.setattr(early.os, "fork", refused)
        results = list(workers._execute(jobs, 2))  # type: ignore[arg-type]
    assert [r.path for r in results] == [j.path for j in jobs] and {r.template for r in results} == {"done"}

    # One worker dies on its job; no replacement can be started: the rest is checked here.
    pool = [workers.Worker()]
    real_fork = early.os.fork
    dying = [_Job("a"), _Job("b", die=True), _Job("c"), _Job("d")]
    with monkeypatch.context() as patch:
        patch.setattr(early.os, "fork", refused)
        results = workers._supervise(dying, pool, workers.Worker)  # type: ignore[arg-type]
    assert early.os.fork is real_fork
    assert [r.path for r in results] == ["a", "b", "c", "d"]
    assert results[1].error == ("E011", "worker process gone")
    assert [r.template for r in results if r.path != "b"] == ["done"] * 3
    assert pool == []  # the dead worker was stopped and not replaced


class _Fed:
    """A worker as the supervisor sees it, without a process: what it was sent, what it has left."""

    def __init__(self) -> None:
        from collections import deque

        self.pending: deque[int] = deque()
        self.sent: list[list[int]] = []

    def submit(self, indexes: list[int], tasks: object, most: int | None = None) -> bool:
        self.sent.append(list(indexes))
        self.pending.extend(indexes)
        return True


def test_a_worker_gets_more_tasks_before_it_runs_out_and_the_last_chunks_are_small() -> None:
    from checker.batch import workers

    fed = [_Fed(), _Fed()]
    supervisor = workers._Supervisor([_Job(f"f{i}") for i in range(200)], fed, workers.Worker)  # type: ignore[arg-type]
    assert supervisor.chunk == 8 and [len(w.pending) for w in fed] == [8, 8]
    turn = 0
    while supervisor.queue or any(w.pending for w in fed):
        worker = fed[turn % 2]  # results come from each worker in turn
        turn += 1
        if worker.pending:
            worker.pending.popleft()
        supervisor._refill()
        # Refilled while it still has tasks: a worker never waits for its next ones.
        assert not supervisor.queue or all(len(w.pending) > supervisor.low for w in fed)
    order = [index for worker in fed for chunk in worker.sent for index in chunk]
    assert sorted(order) == list(range(200))  # each task sent once
    last = [len(chunk) for worker in fed for chunk in worker.sent[-3:]]
    assert max(last) < supervisor.chunk and min(last) == 1  # the workers finish together


def test_results_are_read_a_few_at_a_time_only_while_every_worker_has_more_queued(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from checker.batch import workers

    fed = [_Fed(), _Fed()]
    supervisor = workers._Supervisor([_Job(f"f{i}") for i in range(200)], fed, workers.Worker)  # type: ignore[arg-type]
    pauses: list[float] = []
    monkeypatch.setattr(workers.time, "sleep", pauses.append)
    supervisor._pause(fed)  # type: ignore[arg-type]
    assert pauses == []  # no result yet: how long a task takes is not known
    supervisor.started -= 0.2
    supervisor.done = 100  # 4 ms a task on each of the two workers
    supervisor._pause(fed)  # type: ignore[arg-type]
    assert pauses == [workers.READ_EVERY]
    fed[1].pending = type(fed[1].pending)([1, 2, 3])  # three left: the pause ends before they do
    supervisor._pause(fed)  # type: ignore[arg-type]
    assert 0.003 <= pauses[-1] < 0.005  # half of two tasks of 4 ms
    fed[1].pending = type(fed[1].pending)([1])  # on its last task: its result is read as it comes
    supervisor._pause(fed)  # type: ignore[arg-type]
    assert len(pauses) == 2
    supervisor.done = 20_000  # tasks of 0.04 ms: a pause would leave the workers idle
    fed[1].pending = type(fed[1].pending)(range(12))
    supervisor._pause(fed)  # type: ignore[arg-type]
    assert len(pauses) == 2


_SUPERVISED = """
import os, signal, sys, time
from checker.batch import workers
from checker.result import FileResult

class Limits:
    timeout = 20.0
class Settings:
    limits = Limits()
class Job:
    def __init__(self, i, data):
        self.path, self.data, self.settings = f"f{i}", data, Settings()
    def run(self):
        time.sleep(0.02)
        return FileResult(path=self.path, template="t" * ANSWER)
"""


def _supervised(code: str) -> list[str]:
    """What ``code`` prints, run after _SUPERVISED in a process of its own (a hang is a failure, not a stuck suite)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", _SUPERVISED + code], capture_output=True, text=True, env=env,
                         timeout=60, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


def test_tasks_with_bytes_and_large_results_never_stop_the_batch() -> None:
    """A .zip's members carry their bytes: a batch of them sent to a busy worker would wait in its
    pipe and, past what the pipe holds, stop the command line from reading results while that
    worker waits to write its own. They go to a worker with nothing left; all are checked."""
    code = ("ANSWER = 200_000\ntasks = [Job(i, b'x' * 100_000) for i in range(40)]\n"
            "pool = [workers.Worker(), workers.Worker()]\n"
            "results = workers._Supervisor(tasks, pool, workers.Worker).wait()\n"
            "print(len(results), all(r.path == t.path for r, t in zip(results, tasks)))\n"
            "for w in pool:\n    w.stop()\n")  # fmt: skip
    assert _supervised(code) == ["40", "True"]


def test_a_worker_gone_as_it_is_sent_more_loses_none_of_its_tasks() -> None:
    """Its tasks come back to the queue: the one it was on gets E011, the others are checked."""
    code = ("ANSWER = 10\nkilled = []\n"
            "class Supervisor(workers._Supervisor):\n"
            "    def _refill(self):\n"
            "        w = self.workers[0]\n"
            "        if not killed and self.queue and 0 < len(w.pending) <= self.low:\n"
            "            os.kill(w.pid, signal.SIGKILL)\n            os.waitpid(w.pid, 0)\n"
            "            killed.append(w.pending[0])\n"
            "        super()._refill()\n"
            "tasks = [Job(i, None) for i in range(40)]\npool = [workers.Worker(), workers.Worker()]\n"
            "results = Supervisor(tasks, pool, workers.Worker).wait()\n"
            "print(len(results), [r.path for r in results] == [t.path for t in tasks],"
            " [r.path for r in results if r.error] == [f'f{killed[0]}'])\n"
            "for w in pool:\n    w.stop()\n")  # fmt: skip
    assert _supervised(code) == ["40", "True", "True"]
