"""Worker processes: forked, fed a few tasks at a time, each result sent back as soon as it is
done, in the order the files were given; a task past its time limit has its worker killed. The
warm worker is forked as the command starts (checker/main.py), before anything heavy is
imported."""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from checker.batch.task import Task
from checker.result import FileResult

if TYPE_CHECKING:
    from checker.batch.cache import Cache

def run_tasks(tasks: Sequence[Task], jobs: int, cache: Cache | None,
              progress: Callable[[int], None] | None = None, warm: WarmWorker | None = None) -> list[FileResult]:  # fmt: skip
    """Results in the order of ``tasks``; cached ones are not recomputed; a few misses go to the
    ``warm`` worker when there is one."""
    results: list[FileResult | None] = [None] * len(tasks)
    keys: list[str | None] = [None] * len(tasks)
    digests: dict[tuple[object, ...], str] = {}
    markers: dict[int, tuple[object, ...]] = {}  # by the settings object: a plan shares one among files
    todo: list[int] = []
    if cache is not None:
        from checker.batch.cache import settings_key
    for i, task in enumerate(tasks):
        if cache is not None:
            # Settings objects are shared across a batch: their identities name the combination.
            marker = markers.get(id(task.settings))
            if marker is None:
                marker = markers[id(task.settings)] = task.settings.identity()
            if marker not in digests:
                digests[marker] = settings_key(task.settings)
            keys[i] = cache.key(task, digests[marker])
            hit = cache.get(keys[i], task.path) if keys[i] else None  # type: ignore[arg-type]
            if hit is not None:
                results[i] = hit
                if progress:
                    progress(1)
                continue
        todo.append(i)
    for i, result in zip(todo, _execute([tasks[i] for i in todo], jobs, warm), strict=True):
        results[i] = result
        if cache is not None and keys[i]:
            cache.put(keys[i], result)  # type: ignore[arg-type]
        if progress:
            progress(1)
    if cache is not None:
        cache.flush()
    return [r for r in results if r is not None]


def tune_gc() -> None:
    """For a process that checks files: collect garbage every 50,000 allocations, not 700.
    A check makes hundreds of thousands of small objects that form no cycles and die together;
    with the defaults the collector rescanned the growing heap again and again, 40–60 % of the
    time on a report of 20,000 items. Memory stays bounded: collection still runs."""
    gc.set_threshold(50_000, 20, 100)


class Worker:
    """A forked process that checks the tasks sent to it and sends each result back as soon as
    it is done, so that the parent knows which task each worker is on and since when: a task
    that runs past its time limit (plus GRACE, for code stuck where the in-process timer cannot
    reach it, such as a C extension) gets its worker killed, E013, and a new worker.

    Plain fork and two pipes (pickle streams frame themselves): multiprocessing alone costs tens
    of milliseconds to import. Linux only (fork is unsafe on macOS, absent on Windows)."""

    def __init__(self, warm: bool = False) -> None:
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the worker: never returns into the caller's code
            status = 0
            try:
                os.close(from_parent)
                os.close(to_parent)
                _worker_loop(to_child, from_child, warm)
            except BaseException:
                status = 1
            finally:
                os._exit(status)  # no atexit handlers, no flushing of the parent's buffers
        os.close(to_child)
        os.close(from_child)
        self._send = os.fdopen(from_parent, "wb")
        # Unbuffered: select() watches the descriptor, so no result may wait in a Python buffer.
        self._receive = os.fdopen(to_parent, "rb", buffering=0)
        self._stopped = False
        self.pending: deque[int] = deque()  # indexes of the tasks sent and not yet answered
        self.since = 0.0  # when the task at the head of ``pending`` started (as far as we know)

    def submit(self, indexes: Sequence[int], tasks: Sequence[Task]) -> bool:
        try:
            pickle.dump([tasks[i] for i in indexes], self._send, protocol=pickle.HIGHEST_PROTOCOL)
            self._send.flush()
        except (OSError, ValueError, pickle.PickleError):
            return False
        self.pending.extend(indexes)
        self.since = time.monotonic()
        return True

    def fileno(self) -> int:
        return self._receive.fileno()

    def take(self) -> FileResult | None:
        """The next result (the worker wrote it whole before select said so), or None if it died."""
        try:
            result: FileResult = pickle.loads(_read_frame(self._receive.fileno()))
        except (EOFError, OSError, ValueError, pickle.PickleError):
            return None
        self.pending.popleft()
        self.since = time.monotonic()
        return result

    def run(self, tasks: Sequence[Task]) -> list[FileResult] | None:
        """Every task's result, in order, or None when the worker is gone."""
        if not self.submit(range(len(tasks)), tasks):
            return None
        results = [self.take() for _ in tasks]
        return None if any(r is None for r in results) else [r for r in results if r is not None]

    def stop(self) -> None:
        if self._stopped:
            return  # once only: after the wait, the pid may belong to another process
        self._stopped = True
        for stream in (self._send, self._receive):
            with contextlib.suppress(OSError):
                stream.close()
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)


class WarmWorker(Worker):
    """One worker forked as the command starts, importing the checker and loading the rules
    while the command line parses its options and reads the configuration and the cache
    (0.2 s of imports, on another core). One file, or the few a CI run finds changed among
    thousands, is then checked there, warm. Its writes to the user cache are atomic (a file
    renamed into place), so killing it at any moment leaves nothing half-written."""

    def __init__(self) -> None:
        super().__init__(warm=True)


def _worker_loop(receive_fd: int, send_fd: int, warm: bool) -> None:
    tune_gc()
    if warm:
        try:
            from checker import checks, pipeline  # noqa: F401  (every rule registered, every stage imported)
            from checker.model import build  # noqa: F401
            from checker.parse.grammar import report_parser
            from checker.template import builtin_templates
            from checker.terms import lists

            report_parser(), builtin_templates(), lists()
        except Exception:  # a broken install shows on the file, as E011, when the task runs
            pass
    with os.fdopen(receive_fd, "rb") as receive, os.fdopen(send_fd, "wb") as send:
        while True:
            try:
                tasks = pickle.load(receive)
            except EOFError:
                return
            for task in tasks:
                data = pickle.dumps(task.run(), protocol=pickle.HIGHEST_PROTOCOL)
                send.write(len(data).to_bytes(8, "little") + data)
                send.flush()


def _read_frame(fd: int) -> bytes:
    """One length-prefixed message, read straight from the descriptor: results are framed so
    that the parent never reads past one (a result left in a buffer is one select() cannot see)."""
    size = int.from_bytes(_read_exactly(fd, 8), "little")
    return _read_exactly(fd, size)


def _read_exactly(fd: int, size: int) -> bytes:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError("worker closed its pipe")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


GRACE = 5.0  # seconds past a task's time limit before its worker is killed


def _supervise(tasks: Sequence[Task], workers: list[Worker], make: Callable[[], Worker]) -> list[FileResult]:
    """Run ``tasks`` on ``workers`` a few at a time; results in order. A worker that answers
    nothing past the task's limit is killed (E013 for that task) and replaced; one that dies
    gives E011 for its task. The others' tasks go on."""
    queue = deque(range(len(tasks)))
    results: list[FileResult | None] = [None] * len(tasks)
    chunk = max(1, min(8, len(tasks) // (len(workers) * 4)))

    def renew(worker: Worker) -> Worker:
        worker.stop()
        fresh = make()
        workers[workers.index(worker)] = fresh
        return fresh

    def feed(worker: Worker) -> None:
        indexes = [queue.popleft() for _ in range(min(chunk, len(queue)))]
        if not indexes or worker.submit(indexes, tasks):
            return
        if renew(worker).submit(indexes, tasks):  # gone before it was used: one new try
            return
        for index in indexes:  # no worker can be started: check here
            results[index] = tasks[index].run()

    def fail(worker: Worker, code: str, detail: str) -> None:
        stuck = worker.pending.popleft()
        results[stuck] = FileResult(path=tasks[stuck].path, template=None, error=(code, detail))
        queue.extendleft(reversed(worker.pending))
        worker.pending.clear()
        feed(renew(worker))

    for worker in list(workers):
        feed(worker)
    while queue or any(w.pending for w in workers):
        for worker in list(workers):
            if not worker.pending:
                feed(worker)
        busy = [w for w in workers if w.pending]
        if not busy:
            continue
        deadlines = {w.pid: w.since + _limit(tasks[w.pending[0]]) for w in busy}
        wait = max(0.0, min(deadlines.values()) - time.monotonic())
        ready, _, _ = select.select(busy, [], [], min(wait, 3600.0))
        for worker in ready:
            index = worker.pending[0]
            result = worker.take()
            if result is None:
                fail(worker, "E011", "worker process gone")
            else:
                results[index] = result
        now = time.monotonic()
        for worker in busy:
            if worker in workers and worker.pending and now > worker.since + _limit(tasks[worker.pending[0]]):
                fail(worker, "E013", f"{tasks[worker.pending[0]].settings.limits.timeout:g}")
    return [r for r in results if r is not None]


def _limit(task: Task) -> float:
    timeout = float(task.settings.limits.timeout)
    return timeout + GRACE if timeout > 0 else float("inf")


_EARLY: list[WarmWorker] = []  # the worker main() forked before the options were read


def start_early_worker() -> None:
    if can_warm():
        _EARLY.append(WarmWorker())


def take_early_worker() -> WarmWorker | None:
    """The early worker, for the run to use (or stop); None when there is none."""
    return _EARLY.pop() if _EARLY else None


def can_warm() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork")


def _execute(tasks: Sequence[Task], jobs: int, warm: WarmWorker | None = None) -> Iterator[FileResult]:
    if warm is not None and 0 < len(tasks) < 4 and not warm._stopped:
        yield from _supervise(tasks, [warm], WarmWorker)
        return
    if warm is not None:
        warm.stop()  # many misses: a full pool checks them; free the worker's memory now
    if jobs <= 1 or len(tasks) < 4 or not can_warm():
        for task in tasks:
            yield task.run()
        return
    workers: list[Worker] = [Worker() for _ in range(min(jobs, len(tasks)))]
    try:
        yield from _supervise(tasks, workers, Worker)
    finally:
        for worker in workers:
            worker.stop()

