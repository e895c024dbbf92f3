"""Worker processes that live as long as a server (`reportlint serve`): the batches' supervised
workers (checker/batch/workers.py), kept warm between requests and fed one job at a time, so
that a hostile upload holds one worker and nobody else's checks.

- A job past its time limit (plus a grace, for code the in-process timer cannot reach) has its
  worker killed and replaced: E013. A worker whose memory passes its limit is killed and
  replaced: E014. A worker that dies: E011. Each is the job's failure, never the server's.
- Jobs wait in a bounded queue; past the bound, a request is refused at once (Busy, with the
  number of files waiting), not left to time out.
- The next job comes from the request expected to finish first: its arrival plus the time its
  remaining files need. Requests of the same size go in arrival order; one file dropped on the
  page does not wait behind an organiser's zip of two hundred.
- A job still running after a few seconds (3 s, or five times a usual job) is moved aside: its
  worker leaves the pool, runs on at a lower CPU priority until the job ends or its limits stop
  it, and a fresh worker takes its place. So a hostile upload holds its own worker, not one of
  the N that everyone else's checks share (at most N are aside at once; past that a slow job
  keeps its place).

Workers are forked from the warm server on Linux (before the first request: rules loaded once,
pages shared) with every descriptor but their pipes closed; elsewhere (and with ``spawn``) they
are started as `reportlint __worker__`. Results come back on a reader thread per worker, so the
supervisor needs no select() on pipes (which Windows lacks)."""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import sys
import threading
import time
import warnings
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Protocol

from checker.batch.workers import READY, Raised, SpawnedWorker, Worker, can_warm, warm_up

MB = 1024 * 1024


class Job(Protocol):
    def run(self) -> Any: ...


class Busy(Exception):
    """The queue is full (``waiting`` files ahead), or the pool is stopping (``waiting`` < 0)."""

    def __init__(self, waiting: int) -> None:
        super().__init__(f"busy, {waiting} waiting" if waiting >= 0 else "stopping")
        self.waiting = waiting


class JobFailed(Exception):
    """A job the pool could not finish: E013 (time), E014 (memory), E011 (the worker died or the
    job raised). ``worker``: the worker's number."""

    def __init__(self, code: str, detail: str, worker: int) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.worker = worker


@dataclass(frozen=True, slots=True)
class Done:
    """A finished job: its value, the worker (1…N) that ran it, the seconds it waited and ran."""

    value: Any
    worker: int
    waited: float
    ran: float


@dataclass(frozen=True, slots=True)
class PoolSettings:
    """The pool's size and limits (`reportlint serve`'s options)."""

    workers: int = 0  # 0: one per CPU
    memory_mb: float = 1536.0  # a worker's resident memory at most (0: no limit)
    queue: int = 500  # jobs waiting at most; past it, Busy
    grace: float = 2.0  # seconds past a job's time limit before its worker is killed
    spawn: bool = False  # start workers as programs even where fork is there
    slow: float = 3.0  # seconds after which a job is moved aside with its worker (at least: five usual jobs)

    @property
    def size(self) -> int:
        return self.workers or os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class PoolStatus:
    """How many workers there are, ready and busy, and how many jobs wait."""

    workers: int
    ready: int
    busy: int
    waiting: int
    replaced: int  # workers replaced since the start (killed over time or memory, or died)


@dataclass(slots=True)
class _Entry:
    """A job waiting for a worker, with its time limit and the future its request waits on."""

    job: Job
    timeout: float  # seconds; 0: none
    future: Future[Done]
    request: int
    enqueued: float = field(default_factory=time.monotonic)


@dataclass(slots=True)
class _Request:
    """One request's jobs still waiting, and when it came."""

    arrival: float
    entries: deque[_Entry]


@dataclass(slots=True)
class _Slot:
    """A place in the pool: its worker, and the job that worker is on."""

    number: int
    worker: Worker | None = None
    aside: bool = False  # moved out of the pool with its slow job: it ends with that job
    ready: bool = False
    entry: _Entry | None = None
    started: float = 0.0
    retry: float = 0.0  # when to try again to start a worker that could not be started


class Pool:
    POLL = 0.1  # seconds between looks at busy workers' memory
    NICE = 10  # how much lower the CPU priority of a worker moved aside is

    def __init__(self, settings: PoolSettings) -> None:
        self.settings = settings
        self.spawn = settings.spawn or not can_warm()
        self._slots = [_Slot(n) for n in range(1, settings.size + 1)]  # the pool: N workers
        self._aside: list[_Slot] = []  # workers moved out of it with their slow jobs
        self._numbers = itertools.count(settings.size + 1)  # a worker started later gets the next number
        self._requests: dict[int, _Request] = {}
        self._waiting = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._inbox: queue.Queue[tuple[str, int, Any, Any]] = queue.Queue()
        self._closing = False
        self._deadline = float("inf")  # when closing: when to give up on what is left
        self._replaced = 0
        self._estimate = 0.2  # seconds a job takes (moving average): weighs a request's remaining files
        self._thread: threading.Thread | None = None

    # The server's side -------------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self._thread is not None

    @property
    def closing(self) -> bool:
        return self._closing

    def start(self) -> None:
        """Start the workers (after warming this process up, when they are forked from it)."""
        if not self.spawn:
            warm_up()  # before the fork: every worker starts warm and shares these pages
        for slot in self._slots:
            self._start(slot)
        self._thread = threading.Thread(target=self._loop, name="reportlint-pool", daemon=True)
        self._thread.start()

    def submit(self, jobs: list[Job], timeout: float) -> list[Future[Done]]:
        """Queue one request's jobs; Busy when they do not fit."""
        futures: list[Future[Done]] = [Future() for _ in jobs]
        with self._lock:
            if self._closing:
                raise Busy(-1)
            if self._waiting + len(jobs) > self.settings.queue:
                raise Busy(self._waiting)
            request = next(self._ids)
            entries = deque(_Entry(job, timeout, future, request) for job, future in zip(jobs, futures, strict=True))
            self._requests[request] = _Request(time.monotonic(), entries)
            self._waiting += len(jobs)
        self._inbox.put(("wake", 0, None, None))
        return futures

    def status(self) -> PoolStatus:
        slots = list(self._slots)
        busy = sum(1 for s in slots if s.entry is not None) + len(self._aside)
        return PoolStatus(len(slots), sum(1 for s in slots if s.ready), busy, self._waiting, self._replaced)

    def close(self, wait: float = 0.0) -> None:
        """Take no more jobs; finish those taken within ``wait`` seconds; stop every worker."""
        with self._lock:
            self._closing = True
            self._deadline = time.monotonic() + wait
        self._inbox.put(("wake", 0, None, None))
        if self._thread is not None:
            self._thread.join()

    # The supervisor's thread -------------------------------------------------------------------

    def _loop(self) -> None:
        try:
            while True:
                now = time.monotonic()
                if self._closing and (now >= self._deadline or (not self._waiting and not self._busy())):
                    break
                self._dispatch()
                try:
                    event = self._inbox.get(timeout=self._wait())
                    self._handle(*event)
                    while True:
                        self._handle(*self._inbox.get_nowait())
                except queue.Empty:
                    pass
                self._check()
        finally:
            self._shut_down()

    def _busy(self) -> bool:
        return bool(self._aside) or any(slot.entry is not None for slot in self._slots)

    def _find(self, number: int) -> _Slot | None:
        for slot in (*self._slots, *self._aside):
            if slot.number == number:
                return slot
        return None

    def _slow(self) -> float:
        return max(self.settings.slow, 5 * self._estimate)

    def _wait(self) -> float:
        """How long the supervisor may sleep: until the next deadline, or the next look at memory."""
        now = time.monotonic()
        wait = 1.0
        for slot in (*self._slots, *self._aside):
            if slot.entry is not None:
                if self.settings.memory_mb:
                    wait = min(wait, self.POLL)
                if slot.entry.timeout:
                    wait = min(wait, slot.started + slot.entry.timeout + self.settings.grace - now)
                if not slot.aside:
                    wait = min(wait, slot.started + self._slow() - now)
            elif slot.worker is None:
                wait = min(wait, slot.retry - now)
        if self._closing:
            wait = min(wait, self._deadline - now)
        return max(0.0, wait)

    def _dispatch(self) -> None:
        for slot in self._slots:
            if slot.worker is None and time.monotonic() >= slot.retry:
                self._start(slot)
            while slot.ready and slot.entry is None:
                entry = self._next()
                if entry is None:
                    break
                if not entry.future.set_running_or_notify_cancel():
                    continue  # its request went away while it waited
                slot.entry, slot.started = entry, time.monotonic()
                assert slot.worker is not None
                if not slot.worker.send([entry.job]):
                    self._fail(slot, "E011", "worker process gone")

    def _next(self) -> _Entry | None:
        with self._lock:
            if not self._requests:
                return None
            estimate = self._estimate
            number, request = min(self._requests.items(),
                                  key=lambda item: item[1].arrival + len(item[1].entries) * estimate)  # fmt: skip
            entry = request.entries.popleft()
            if not request.entries:
                del self._requests[number]
            self._waiting -= 1
            return entry

    def _handle(self, kind: str, number: int, worker: Any, value: Any) -> None:
        if kind == "wake":
            return
        slot = self._find(number)
        if slot is None or slot.worker is not worker:
            return  # from a worker already replaced
        if kind == "gone":
            self._fail(slot, "E011", "worker process gone")
            return
        if value == READY:
            slot.ready = True
            return
        entry = slot.entry
        if entry is None:
            return
        if isinstance(value, Raised):
            if value.kind == "memory":
                self._fail(slot, "E014", f"{self.settings.memory_mb:g}")
            else:
                slot.entry = None
                if slot.aside:
                    self._replace(slot)
                entry.future.set_exception(JobFailed("E011", value.detail, slot.number))
            return
        slot.entry = None
        ran = time.monotonic() - slot.started
        self._estimate = 0.8 * self._estimate + 0.2 * min(ran, self.settings.slow)
        limit = self.settings.memory_mb * MB
        rss = resident_bytes(slot.worker.pid) if limit and slot.worker is not None else None
        if slot.aside or (rss is not None and rss > limit / 2):
            self._replace(slot)  # a heap grown by a large file goes back to the system
        entry.future.set_result(Done(value, slot.number, slot.started - entry.enqueued, ran))

    def _check(self) -> None:
        """Kill a worker past its job's time limit (E013) or its memory limit (E014); move a slow
        job aside with its worker."""
        now = time.monotonic()
        limit = self.settings.memory_mb * MB
        for slot in (*self._slots, *self._aside):
            entry = slot.entry
            if entry is None or slot.worker is None:
                continue
            if entry.timeout and now > slot.started + entry.timeout + self.settings.grace:
                self._fail(slot, "E013", f"{entry.timeout:g}")
            elif limit and (resident_bytes(slot.worker.pid) or 0) > limit:
                self._fail(slot, "E014", f"{self.settings.memory_mb:g}")
            elif not slot.aside and now > slot.started + self._slow() and len(self._aside) < len(self._slots):
                self._move_aside(slot)

    def _move_aside(self, slot: _Slot) -> None:
        assert slot.worker is not None
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, slot.worker.pid, self.NICE)
        slot.aside = True
        self._aside.append(slot)
        fresh = _Slot(next(self._numbers))
        self._slots[self._slots.index(slot)] = fresh
        self._start(fresh)

    def _fail(self, slot: _Slot, code: str, detail: str) -> None:
        entry, slot.entry = slot.entry, None
        self._replace(slot)  # first: by the time the job's owner hears of it, its worker is gone
        if entry is not None:
            entry.future.set_exception(JobFailed(code, detail, slot.number))

    def _replace(self, slot: _Slot) -> None:
        if slot.worker is not None:
            slot.worker.kill()
            self._replaced += 1
        slot.worker, slot.ready = None, False
        if slot.aside:
            self._aside.remove(slot)  # its place in the pool was taken when it was moved aside
        elif not self._closing:
            self._start(slot)

    def _start(self, slot: _Slot) -> None:
        try:
            if self.spawn:
                worker: Worker = SpawnedWorker()
            else:
                with warnings.catch_warnings():  # Python 3.12 warns of fork in a threaded process: see close_all_but
                    warnings.simplefilter("ignore", DeprecationWarning)
                    worker = Worker(announce=True, alone=True)
        except OSError as exc:  # out of processes or memory: try again in a second
            print(f"reportlint serve: 无法启动工作进程 / cannot start a worker: {exc}", file=sys.stderr)
            slot.worker, slot.ready, slot.retry = None, False, time.monotonic() + 1.0
            return
        slot.worker, slot.ready = worker, False
        threading.Thread(target=self._read, args=(slot.number, worker), name=f"reportlint-worker-{slot.number}",
                         daemon=True).start()  # fmt: skip

    def _read(self, number: int, worker: Worker) -> None:
        """A worker's answers, into the supervisor's inbox, until it ends; then its pipe is closed."""
        try:
            while True:
                try:
                    value = worker.receive()
                except EOFError:
                    self._inbox.put(("gone", number, worker, None))
                    return
                self._inbox.put(("answer", number, worker, value))
        finally:
            with contextlib.suppress(OSError):
                worker._receive.close()

    def _shut_down(self) -> None:
        with self._lock:
            self._closing = True
            left = [entry for request in self._requests.values() for entry in request.entries]
            self._requests.clear()
            self._waiting = 0
        for entry in left:
            if entry.future.set_running_or_notify_cancel():
                entry.future.set_exception(JobFailed("E011", "server stopping", 0))
        for slot in (*self._slots, *self._aside):
            if slot.entry is not None:
                slot.entry.future.set_exception(JobFailed("E011", "server stopping", slot.number))
                slot.entry = None
            if slot.worker is not None:
                slot.worker.kill()
                slot.worker, slot.ready = None, False


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes(pid: int) -> int | None:
    """A process's own resident memory: on Linux its private pages (/proc/PID/smaps_rollup), so
    that a forked worker is not charged with the pages it still shares with the process it was
    forked from (its plain RSS counts them: a worker forked from a large process would look large
    and be replaced after every job); its RSS elsewhere (psutil). None when unknown."""
    if sys.platform == "linux":
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                private = sum(int(line.split()[1]) for line in handle if line.startswith(b"Private_"))
            return private * 1024
        except FileNotFoundError:
            if not os.path.exists(f"/proc/{pid}"):
                return None
        except (OSError, ValueError, IndexError):
            return None
        try:  # a kernel before 4.14 has no smaps_rollup
            with open(f"/proc/{pid}/statm", "rb") as handle:
                return int(handle.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            return None
    try:
        import psutil

        return int(psutil.Process(pid).memory_info().rss)
    except Exception:
        return None
    try:
        import psutil

        return int(psutil.Process(pid).memory_info().rss)
    except Exception:
        return None
