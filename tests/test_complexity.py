"""Bounded cost: each adversarial generator checked (and rendered as text, JSON and HTML) at
about 1 MB within ten times what a linear pass needs here. That need is measured in the same
run, on the same generator at 64 KB, scaled by 16: a quadratic pass takes 16 times longer
still and fails by far, machine noise does not. Each measurement runs in a forked process that
is killed at its bound (a pattern stuck in the regular expression engine cannot be interrupted
otherwise); 64 KB may take at most SMALL_CAP seconds and 1 MB at most LARGE_CAP, ten times what
the slowest generator takes here.
bench/complexity.py prints the ratios."""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable

import pytest

from checker.batch.workers import can_warm, tune_gc
from checker.output.formats import render
from checker.pipeline import check_path
from checker.read.limits import Limits
from tests.adversarial import GENERATORS, sized

pytestmark = pytest.mark.skipif(not can_warm(), reason="measured in forked processes (Linux)")
SMALL, LARGE = 64 * 1024, 1024 * 1024
NO_LIMIT = Limits(timeout=0)  # the test keeps time itself
FLOOR = 3.0  # seconds: no bound tighter than this, whatever the small input took
SMALL_CAP = 15.0  # seconds for 64 KB: the slowest generator takes under 0.8 s here
LARGE_CAP = 120.0  # seconds for 1 MB, whatever the small input took: the slowest takes ~12 s here


def _check_and_render(name: str, data: bytes) -> float:
    started = time.perf_counter()
    result = check_path(name, data=data, limits=NO_LIMIT)
    assert result.error is None, result.error
    for kind in ("text", "json", "html"):
        render(kind, [result], "zh")
    return time.perf_counter() - started


def _timed(name: str, data: bytes, runs: int, bound: float) -> float | None:
    """The best of ``runs`` checks in a forked process, or None when it was killed at ``bound``."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            tune_gc()
            best = min(_check_and_render(name, data) for _ in range(runs))
            os.write(write_end, pickle.dumps(best))
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], bound)
        if not ready:
            return None
        answer = os.read(read_end, 1024)
        return float(pickle.loads(answer)) if answer else None
    finally:
        os.close(read_end)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


@pytest.mark.parametrize("generator", GENERATORS, ids=lambda g: g.__name__)
def test_about_one_megabyte_in_linear_time(generator: Callable[[int], tuple[str, bytes]]) -> None:
    check_path("warm.txt", data="党性分析报告\n".encode())  # imports and rules loaded before the forks
    small_name, small = sized(generator, SMALL)
    large_name, large = sized(generator, LARGE)
    small_time = _timed(small_name, small, 2, SMALL_CAP)
    if small_time is None:
        pytest.fail(f"{generator.__name__}: over {SMALL_CAP} s at {len(small) // 1024} KB already: super-linear")
    needed = small_time * len(large) / len(small)
    bound = min(max(10 * needed, FLOOR), LARGE_CAP)
    took = _timed(large_name, large, 1, bound)
    if took is None:
        pytest.fail(f"{generator.__name__}: over {bound:.1f} s at {len(large) // 1024} KB "
                    f"(a linear pass needs ~{needed:.1f} s): super-linear")  # fmt: skip
    assert took < bound
