"""The warm worker (checker/batch/): a forked process that imports the checker while the cache
is read, then checks the few files that missed; gone, it costs nothing but an in-process check."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker import paths, snapshot
from checker.batch.cache import Cache
from checker.batch.task import FileSettings, Task
from checker.batch.workers import WarmWorker, can_warm, run_tasks
from checker.read.limits import Limits
from tests.helpers import REPO

pytestmark = pytest.mark.skipif(not can_warm(), reason="the warm worker forks: Linux only")
EXAMPLES = REPO / "examples"
SETTINGS = FileSettings(limits=Limits())


def tasks_for(folder: Path, count: int) -> list[Task]:
    made = []
    for i in range(count):
        path = folder / f"r{i}.txt"
        path.write_text((EXAMPLES / "flawed.txt").read_text("utf-8") + f"\n附：{i}\n", "utf-8")
        made.append(Task(str(path), None, SETTINGS))
    return made


def refuse(self: Task) -> object:
    raise AssertionError("checked in the calling process")


def test_misses_are_checked_in_the_worker_with_the_same_results(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    tasks = tasks_for(tmp_path, 2)
    expected = [task.run() for task in tasks]
    warm = WarmWorker()  # forked now: it keeps the real Task.run
    monkeypatch.setattr(Task, "run", refuse)
    try:
        results = run_tasks(tasks, 2, Cache(tmp_path), warm=warm)
    finally:
        warm.stop()
    assert [(r.path, r.diagnostics, r.outline) for r in results] == [
        (r.path, r.diagnostics, r.outline) for r in expected
    ]
    with pytest.raises(ChildProcessError):
        os.waitpid(warm.pid, os.WNOHANG)  # stopped and reaped: no zombie left


def test_meanwhile_is_done_while_a_worker_checks_and_only_then(tmp_path: Path) -> None:
    """The command line's work for while it waits (importing its output) is done once the cached
    results are read and a worker checks the misses; not when nothing is left to check, nor
    when this process checks them itself."""
    tasks = tasks_for(tmp_path, 3)
    calls: list[int] = []
    warm = WarmWorker()
    try:
        run_tasks(tasks, 2, Cache(tmp_path), warm=warm, meanwhile=lambda: calls.append(1))
    finally:
        warm.stop()
    assert calls == [1]
    run_tasks(tasks, 2, Cache(tmp_path), meanwhile=lambda: calls.append(2))  # every result cached
    (tmp_path / "more").mkdir()
    run_tasks(tasks_for(tmp_path / "more", 1), 1, None, meanwhile=lambda: calls.append(3))  # checked here
    assert calls == [1]


def test_a_command_that_ends_reaps_its_killed_workers_as_it_leaves(tmp_path: Path) -> None:
    """reap=False (the command line, which exits next): the worker is killed, not waited for
    while its memory is freed; reap_killed (as the command leaves) reaps it, so that whoever
    waits for the command counts the worker's peak memory."""
    tasks = tasks_for(tmp_path, 1)
    warm = WarmWorker()
    results = run_tasks(tasks, 2, Cache(tmp_path), warm=warm, reap=False)
    assert results[0].error is None
    warm.stop(reap=False)
    deadline = time.monotonic() + 10
    while "zombie" not in Path(f"/proc/{warm.pid}/status").read_text().lower():  # killed, not reaped
        assert time.monotonic() < deadline
        time.sleep(0.01)
    from checker.batch.workers import reap_killed

    reap_killed()
    with pytest.raises(ChildProcessError):
        os.waitpid(warm.pid, os.WNOHANG)  # reaped


def test_a_dead_worker_means_an_in_process_check(tmp_path: Path) -> None:
    tasks = tasks_for(tmp_path, 1)
    warm = WarmWorker()
    warm.stop()  # killed before it is used
    results = run_tasks(tasks, 2, None, warm=warm)
    assert results[0].diagnostics == tasks[0].run().diagnostics


def test_cache_files_are_written_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker may be killed at any moment: what it writes to the user cache is renamed into
    place, so no half-written snapshot or grammar remains."""
    from checker.parse import grammar

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    paths.user_cache_dir.cache_clear()
    grammar.lark_parser.cache_clear()
    try:
        assert snapshot.load_or_build("probe", lambda: 42) == 42
        grammar.lark_parser()  # the fallback when the stand-alone parser is stale
        names = sorted(p.name for p in (tmp_path / "reportlint").iterdir())
        assert any(n.startswith("probe-") for n in names) and any(n.startswith("grammar-") for n in names)
        assert not [n for n in names if n.endswith(".tmp")]
        assert snapshot.load_or_build("probe", lambda: 43) == 42  # read back, not rebuilt
    finally:
        paths.user_cache_dir.cache_clear()
        grammar.lark_parser.cache_clear()


def test_a_worker_killed_from_outside_means_an_in_process_check(tmp_path: Path) -> None:
    import signal

    tasks = tasks_for(tmp_path, 1)
    warm = WarmWorker()
    os.kill(warm.pid, signal.SIGKILL)
    os.waitpid(warm.pid, 0)
    try:
        results = run_tasks(tasks, 2, None, warm=warm)
    finally:
        warm.stop()
    assert results[0].diagnostics == tasks[0].run().diagnostics


def test_many_misses_go_to_a_full_pool_and_the_worker_is_stopped(tmp_path: Path) -> None:
    tasks = tasks_for(tmp_path, 5)
    warm = WarmWorker()
    results = run_tasks(tasks, 2, None, warm=warm)
    assert warm._stopped and len(results) == 5
    assert [r.diagnostics for r in results] == [t.run().diagnostics for t in tasks]
    warm.stop()  # a second stop does nothing (the pid may be reused by then)


def test_the_early_worker_is_forked_before_the_checker_is_imported(tmp_path: Path) -> None:
    """`reportlint FILE` forks its worker first thing: the modules the command line imports
    afterwards (the batch, the tasks, typer) are not waited for by the worker, which imports
    the checker on the other core meanwhile. The run then checks the file in that worker."""
    import json

    code = ("import os, sys\nreal = os.fork\ndef fork():\n    print(sorted(m for m in sys.modules if m.startswith('checker')),"
            " file=sys.stderr, flush=True)\n    return real()\nos.fork = fork\nfrom checker.main import main\nmain()")  # fmt: skip
    run, alone = _with_fork_patched(tmp_path, code)
    at_fork = json.loads(run.stderr.splitlines()[0].replace("'", '"'))
    assert at_fork == ["checker", "checker.batch", "checker.batch.early", "checker.main"], at_fork
    assert run.returncode == alone.returncode == 1 and json.loads(run.stdout) == json.loads(alone.stdout)


def _with_fork_patched(tmp_path: Path, code: str) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """`reportlint a.txt --format json` (examples/flawed.txt) run by ``code``, which patches os.fork
    and calls checker.main, and the same check with no worker at all."""
    (tmp_path / "a.txt").write_text((EXAMPLES / "flawed.txt").read_text("utf-8"), "utf-8")
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-c", code, "a.txt", "--no-cache", "--format", "json"], cwd=tmp_path, env=env,
                         capture_output=True, text=True)  # fmt: skip
    alone = subprocess.run([sys.executable, "-m", "checker", "a.txt", "--no-cache", "--format", "json"], cwd=tmp_path,
                           env=env | {"REPORTLINT_NO_WORKER": "1"}, capture_output=True, text=True)  # fmt: skip
    return run, alone


def test_a_fork_refused_leaves_no_pipe_open_and_the_check_runs_here(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Out of processes (a container's pid limit, EAGAIN): the worker's pipes are closed again and
    `reportlint FILE` checks the file in its own process, as with REPORTLINT_NO_WORKER, instead of
    stopping with a traceback."""
    import errno
    import json

    from checker.batch import early

    def refused() -> int:
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    before = sorted(os.listdir("/proc/self/fd"))
    with pytest.raises(OSError):
        early.fork_worker()
    assert sorted(os.listdir("/proc/self/fd")) == before
    early.start_early_worker()
    assert early.EARLY == []

    code = ("import errno, os\ndef fork():\n    raise BlockingIOError(errno.EAGAIN, 'no')\nos.fork = fork\n"
            "from checker.main import main\nmain()")  # fmt: skip
    run, alone = _with_fork_patched(tmp_path, code)
    assert run.returncode == alone.returncode == 1, run.stderr
    assert json.loads(run.stdout) == json.loads(alone.stdout)


@pytest.mark.skipif(not can_warm(), reason="forked workers are Linux-only")
def test_a_worker_never_holds_the_callers_standard_streams() -> None:
    # `reportlint --bad-option FILE | …` stops at once; a worker holding the caller's stdout and
    # stderr kept whoever reads them waiting until it had started and found its pipe closed.
    import time

    from checker.batch.early import fork_worker

    pid, send, receive = fork_worker(warm=False)
    try:
        streams: list[str] = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            streams = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in (0, 1, 2)]
            if streams == [os.devnull] * 3:
                break
            time.sleep(0.01)
        assert streams == [os.devnull] * 3
    finally:
        os.close(send)
        os.close(receive)
        os.waitpid(pid, 0)


def test_priming_stops_as_soon_as_a_job_waits() -> None:
    """A warm worker with nothing to do pays a check's first uses a step at a time; a job that
    arrives waits for one step at most."""
    from checker.batch.workers import prime

    asked: list[bool] = []

    def busy() -> bool:
        asked.append(True)
        return len(asked) > 1  # a job arrives during the first step

    prime(busy)
    assert len(asked) == 2  # asked before the first step, and stopped before the second


def test_each_priming_step_is_short_and_all_leave_a_check_primed() -> None:
    """The steps come in the order a report needs them, each paying one part of a first check;
    taken together they leave nothing of the primer's check to pay again (no automaton, pattern
    or dictionary is built by a later check of the same text)."""
    import sys

    from checker.batch import workers
    from checker.checks.substance import LISTS
    from checker.substance import substance_for

    substance_for(None).built.clear()  # built again by the priming, whatever ran before in this process
    asked: list[bool] = []
    workers.prime(lambda: bool(asked.append(True)))
    assert len(asked) == 10  # asked before each of the ten steps: none failed, none was skipped
    from checker.checks.terms import screen
    from checker.typos.find import _particle_site

    assert screen.cache_info().currsize == 1 and _particle_site.cache_info().currsize == 1
    assert all(lists in substance_for(None).built for lists in LISTS.values())
    assert {"checker.detect", "checker.verdict", "checker.read.text", "checker.read.docx", "lxml.etree"} <= set(sys.modules)


def test_the_primer_is_a_report_the_whole_pipeline_checks() -> None:
    """The primer exercises what a real check uses (template detection, sections, links, the
    language rules), so its first uses are the ones a real report would pay."""
    from checker.batch.workers import _PRIMER
    from checker.pipeline import check_path

    result = check_path("primer.txt", data=_PRIMER.encode("utf-8"))
    assert result.error is None and result.template == "party-spirit"
    assert result.alignment is not None and result.alignment.links


def test_whoever_waits_for_a_check_counts_its_workers_memory(tmp_path: Path) -> None:
    """The command line reaps its killed workers before it exits: a parent that waits for it
    (GNU time in bench/hostile.py, a CI runner) sees the worker's peak memory in the command's,
    as when the check runs in the command's own process."""
    probe = ("import resource, subprocess, sys\n"
             "subprocess.run([sys.executable, '-m', 'checker', sys.argv[1], '--no-cache', '-q', '--exit-zero'], check=True)\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")  # fmt: skip
    target = str(REPO / "examples" / "flawed.docx")
    env = os.environ | {"XDG_CACHE_HOME": str(tmp_path)}
    peaks = {}
    for label, extra in (("worker", {}), ("in-process", {"REPORTLINT_NO_WORKER": "1"})):
        run = subprocess.run([sys.executable, "-c", probe, target], capture_output=True, text=True, cwd=REPO,
                             env=env | extra, check=True)  # fmt: skip
        peaks[label] = int(run.stdout.split()[-1])
    assert peaks["worker"] >= 0.8 * peaks["in-process"], peaks


def _allowed_cpus(pid: int) -> set[int]:
    """The processors /proc says ``pid`` may run on (Cpus_allowed_list: "0-3,6")."""
    with open(f"/proc/{pid}/status", encoding="utf-8") as status:
        line = next(line for line in status if line.startswith("Cpus_allowed_list:"))
    cpus: set[int] = set()
    for part in line.split(":", 1)[1].strip().split(","):
        low, _, high = part.partition("-")
        cpus.update(range(int(low), int(high or low) + 1))
    return cpus


@pytest.mark.skipif(not can_warm() or len(os.sched_getaffinity(0)) < 2, reason="needs fork and two processors")
def test_the_early_worker_starts_off_its_parents_processor_until_its_first_job() -> None:
    """Linux puts a forked child on its parent's processor and moves it late when the others have
    been idle: the early worker keeps off that one processor while it starts, then takes a job
    with every processor it had."""
    from checker.batch.early import fork_worker
    from checker.batch.workers import Worker

    everything = os.sched_getaffinity(0)
    worker = Worker.__new__(Worker)
    worker._adopt(*fork_worker(warm=False, spread=True))
    try:
        deadline = time.monotonic() + 5
        while (start := _allowed_cpus(worker.pid)) == everything and time.monotonic() < deadline:
            time.sleep(0.005)
        assert len(start) == len(everything) - 1 and start < everything
        task = Task("a.txt", "党性分析报告\n一、存在的主要问题\n".encode(), FileSettings())
        assert worker.submit([0], [task])
        result = worker.take()
        assert result is not None and result.error is None
        assert _allowed_cpus(worker.pid) == everything
    finally:
        worker.stop()


def test_neither_process_of_a_warm_run_loads_openssl(tmp_path: Path) -> None:
    """Loading OpenSSL (hashlib) costs a process 2 ms of its start: the caches' and snapshots'
    digests come from CPython's own BLAKE2 (checker/digest.py), in the command line reading the
    cache and in the worker checking the changed file alike."""
    import hashlib

    from checker.digest import hexdigest

    assert hexdigest(b"abc") == hashlib.blake2b(b"abc", digest_size=32).hexdigest()  # hashlib's own function
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text((EXAMPLES / "flawed.txt").read_text("utf-8"), "utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command_line = ("import os, sys\nleave = os._exit\n"
                    "def report(code):\n    print('_hashlib' in sys.modules, flush=True)\n    leave(code)\n"
                    "os._exit = report\nsys.argv = ['reportlint', '.', '-q', '--exit-zero']\n"
                    "from checker.main import main\nmain()\n")  # fmt: skip
    worker = ("import sys\nfrom checker.batch.workers import prime, warm_up\nwarm_up()\nprime(lambda: False)\n"
              "from checker.pipeline import check_path\ncheck_path('b.txt', data=open('b.txt', 'rb').read())\n"
              "print('_hashlib' in sys.modules)\n")  # fmt: skip
    seen = []
    for code in (command_line, command_line, worker):  # the second run finds the cache and snapshots
        (tmp_path / "b.txt").write_text((tmp_path / "b.txt").read_text("utf-8") + "补充一句。\n", "utf-8")
        run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
        seen.append(run.stdout.split()[-1] if run.stdout.split() else run.stderr)
    assert seen[1:] == ["False", "False"]


def test_every_dataclass_has_a_docstring() -> None:
    """dataclasses gives a class without a docstring one made by inspect.signature as the class
    is created: 0.6 ms each, in every process that imports it (the generated parser's TextSlice
    included: checker/parse/generate.py keeps one for it)."""
    import dataclasses
    import importlib
    import inspect
    import pkgutil

    import checker

    for found in pkgutil.walk_packages(checker.__path__, "checker."):
        if not found.name.endswith("__main__"):
            importlib.import_module(found.name)
    undocumented = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("checker."):
            continue
        for value in vars(module).values():
            made = inspect.isclass(value) and dataclasses.is_dataclass(value) and value.__module__ == name
            if made and (value.__doc__ or "").startswith(f"{value.__name__}("):  # the one dataclasses made
                undocumented.append(f"{name}.{value.__qualname__}")
    assert undocumented == []
