"""--timeout: a file whose check runs past the limit gets E013 and the batch goes on, checked
in-process, in the --jobs pool and in the warm worker alike (a rule made slow on purpose)."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.batch.task import FileSettings, Task
from checker.batch.workers import WarmWorker, can_warm, run_tasks
from checker.checks import RULES
from checker.checks.base import Finding, Rule
from checker.read.limits import Limits
from tests.helpers import REPO

SLOW_MARK = "慢慢慢"
NORMAL = (REPO / "examples" / "clean.txt").read_bytes()
SLOW = NORMAL.replace("党性分析报告".encode(), f"党性分析报告{SLOW_MARK}".encode(), 1)


def _slow_check(report, template) -> Iterator[Finding]:  # type: ignore[no-untyped-def]
    if any(SLOW_MARK in p.text for p in report.paragraphs):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # a pass gone wrong: Python code that does not end
            pass
    return iter(())


@pytest.fixture
def slow_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = Rule("Z999", "slow-on-purpose", RULES["N101"].severity, "test", {"zh": "", "en": ""},
                {"zh": "", "en": ""}, "", "", _slow_check)  # fmt: skip
    monkeypatch.setitem(RULES, "Z999", rule)


def _tasks(count: int, slow_at: set[int], timeout: float) -> list[Task]:
    limits = Limits(timeout=timeout)
    settings = FileSettings(limits=limits)
    return [Task(f"r{i}.txt", SLOW if i in slow_at else NORMAL, settings, outline=False) for i in range(count)]


def _codes(results: list) -> list[str | None]:  # type: ignore[type-arg]
    return [r.error[0] if r.error else None for r in results]


def test_in_process(slow_rule: None) -> None:
    started = time.monotonic()
    results = run_tasks(_tasks(3, {1}, 0.5), jobs=1, cache=None)
    assert _codes(results) == [None, "E013", None]
    assert time.monotonic() - started < 20
    assert results[1].error == ("E013", "0.5")


def test_in_the_pool(slow_rule: None) -> None:
    started = time.monotonic()
    results = run_tasks(_tasks(6, {0, 4}, 0.5), jobs=2, cache=None)
    assert _codes(results) == ["E013", None, None, None, "E013", None]
    assert time.monotonic() - started < 30


@pytest.mark.skipif(not can_warm(), reason="the warm worker needs fork (Linux)")
def test_in_the_warm_worker(slow_rule: None) -> None:
    warm = WarmWorker()
    try:
        results = run_tasks(_tasks(2, {1}, 0.5), jobs=2, cache=None, warm=warm)
    finally:
        warm.stop()
    assert _codes(results) == [None, "E013"]


def test_no_limit_with_zero_and_the_signal_handler_restored(slow_rule: None) -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    results = run_tasks(_tasks(2, set(), 0), jobs=1, cache=None)
    assert _codes(results) == [None, None]
    assert signal.getsignal(signal.SIGALRM) == before
    assert dataclasses.replace(Limits(), timeout=0).timeout == 0


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(cwd)}
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_command_line_and_configuration(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(NORMAL)
    (tmp_path / "b.txt").write_bytes(NORMAL.replace(b"\n", b"\n\n"))
    quick = _cli(["a.txt", "b.txt", "--timeout", "0.000001", "--format", "json"], tmp_path)
    assert quick.returncode == 2
    assert [f["error"]["code"] for f in json.loads(quick.stdout)["files"]] == ["E013", "E013"]
    # A timed-out result is never cached: with room, the same files pass.
    assert _cli(["a.txt", "b.txt"], tmp_path).returncode == 0
    (tmp_path / "reportlint.toml").write_text("timeout = 0.000001\n", "utf-8")
    assert "E013" in _cli(["a.txt", "--no-cache"], tmp_path).stdout
    assert _cli(["a.txt", "--no-cache", "--timeout", "30"], tmp_path).returncode == 0
    (tmp_path / "reportlint.toml").write_text("timeout = -1\n", "utf-8")
    bad = _cli(["a.txt"], tmp_path)
    assert bad.returncode == 2 and "timeout" in bad.stderr


STUCK_MARK = "卡住了"


def _stuck_check(report, template) -> Iterator[Finding]:  # type: ignore[no-untyped-def]
    import re

    if any(STUCK_MARK in p.text for p in report.paragraphs):
        # Exponential backtracking inside the regular expression engine, in C: the timer's
        # signal cannot interrupt it; only killing the worker can.
        re.match(r"(x+x+)+y", "x" * 64)
    return iter(())


def test_a_worker_stuck_where_the_timer_cannot_reach_is_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    import checker.batch.workers

    rule = Rule("Z998", "stuck-on-purpose", RULES["N101"].severity, "test", {"zh": "", "en": ""},
                {"zh": "", "en": ""}, "", "", _stuck_check)  # fmt: skip
    monkeypatch.setitem(RULES, "Z998", rule)
    monkeypatch.setattr(checker.batch.workers, "GRACE", 1.0)
    stuck = NORMAL.replace("党性分析报告".encode(), f"党性分析报告{STUCK_MARK}".encode(), 1)
    tasks = _tasks(6, set(), 0.5)
    tasks[2] = Task("r2.txt", stuck, tasks[2].settings, outline=False)
    started = time.monotonic()
    results = run_tasks(tasks, jobs=2, cache=None)
    assert _codes(results) == [None, None, "E013", None, None, None]
    assert time.monotonic() - started < 30


def test_results_that_arrive_together_are_not_taken_for_a_stuck_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker sends quick results back to back; the parent must see each one, not wait on a
    pipe whose data it has already read into a buffer (that once made healthy files E013)."""
    import checker.batch.workers

    monkeypatch.setattr(checker.batch.workers, "GRACE", 0.5)
    settings = _tasks(1, set(), 0.5)[0].settings
    # Small results (an empty file's E009) sent faster than the parent reads: several to a read.
    tasks = [Task(f"e{index}.txt", b"", settings, outline=False) for index in range(64)]
    results = run_tasks(tasks, jobs=2, cache=None)
    assert _codes(results) == ["E009"] * 64
