"""Worker processes: forked, fed a few tasks at a time, each result sent back as soon as it is
done, in the order the files were given; a task past its time limit has its worker killed. The
warm worker is forked as the command starts (checker/main.py), before anything heavy is
imported."""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from checker.batch.early import EARLY, fork_worker, restore_cpus
from checker.batch.early import can_warm as can_warm
from checker.batch.early import tune_gc as tune_gc  # where the processes that check files have long found it
from checker.batch.task import Task
from checker.result import FileResult

if TYPE_CHECKING:
    from checker.batch.cache import Cache

def run_tasks(tasks: Sequence[Task], jobs: int, cache: Cache | None,
              progress: Callable[[int], None] | None = None, warm: WarmWorker | None = None,
              reap: bool = True, meanwhile: Callable[[], None] | None = None) -> list[FileResult]:  # fmt: skip
    """Results in the order of ``tasks``; cached ones are not recomputed; a few misses go to the
    ``warm`` worker when there is one. The misses are sent off first, and the cached results read
    while they are checked: on a warm run over thousands of files with one changed, that check is
    the longest part. ``meanwhile``, when given, is called once the cached results are read and
    workers are still checking (the command line imports its output then). ``reap``: see
    Worker.kill."""
    results: list[FileResult | None] = [None] * len(tasks)
    keys: list[str | None] = [None] * len(tasks)
    digests: dict[tuple[object, ...], str] = {}
    markers: dict[int, tuple[object, ...]] = {}  # by the settings object: a plan shares one among files
    todo: list[int] = []
    cached: list[int] = []
    # The first misses go to the warm worker as they are found, while the other files' keys are
    # worked out: the one changed file of a warm run is checked meanwhile.
    sent: list[Task] = []
    if cache is not None:
        from checker.batch.cache import settings_key
    for i, task in enumerate(tasks):
        if cache is not None and task.refused is None:
            # Settings objects are shared across a batch: their identities name the combination.
            marker = markers.get(id(task.settings))
            if marker is None:
                marker = markers[id(task.settings)] = task.settings.identity()
            if marker not in digests:
                digests[marker] = settings_key(task.settings)
            keys[i], held = cache.lookup(task, digests[marker])
            if held:
                cached.append(i)
                continue
        todo.append(i)
        if warm is not None and len(sent) == len(todo) - 1 < EARLY_SENDS and not warm._stopped:
            sent.append(tasks[i])
            if not warm.submit([len(sent) - 1], sent):
                sent.pop()  # gone: the dispatch below replaces it
    dispatch = _Dispatch([tasks[i] for i in todo], jobs, warm, sent=len(sent), reap=reap)
    try:
        late: list[int] = []  # in the index, but unreadable (an outline gone): checked after all
        for i in cached:
            hit = cache.get(keys[i], tasks[i].path) if cache is not None else None  # type: ignore[arg-type]
            if hit is None:
                late.append(i)
                continue
            results[i] = hit
            if progress:
                progress(1)
        if meanwhile is not None and todo and dispatch.supervisor is not None:
            meanwhile()  # other processes check the misses: this one would only wait
        runs = [(todo, dispatch.results())]
        if late:
            runs.append((late, _execute([tasks[i] for i in late], jobs)))
        for indexes, done in runs:
            for i, result in zip(indexes, done, strict=True):
                results[i] = result
                if cache is not None and keys[i]:
                    cache.put(keys[i], result)  # type: ignore[arg-type]
                if progress:
                    progress(1)
    finally:
        dispatch.stop()
    if cache is not None:
        cache.flush()
    return [r for r in results if r is not None]


class Worker:
    """A forked process that checks the tasks sent to it and sends each result back as soon as
    it is done, so that the parent knows which task each worker is on and since when: a task
    that runs past its time limit (plus GRACE, for code stuck where the in-process timer cannot
    reach it, such as a C extension) gets its worker killed, E013, and a new worker.

    Plain fork and two pipes (pickle streams frame themselves): multiprocessing alone costs tens
    of milliseconds to import. Linux only (fork is unsafe on macOS, absent on Windows)."""

    def __init__(self, warm: bool = False, announce: bool = False, alone: bool = False) -> None:
        self._adopt(*fork_worker(warm, announce, alone))

    def _adopt(self, pid: int, send_fd: int, receive_fd: int) -> None:
        self.pid = pid
        self._send = os.fdopen(send_fd, "wb")
        # Unbuffered: select() watches the descriptor, so no result may wait in a Python buffer.
        self._receive = os.fdopen(receive_fd, "rb", buffering=0)
        self._stopped = False
        self.pending: deque[int] = deque()  # indexes of the tasks sent and not yet answered
        self.since = 0.0  # when the task at the head of ``pending`` started (as far as we know)

    def send(self, jobs: Sequence[object], most: int | None = None) -> bool | None:
        """Send jobs (anything picklable with a ``run()``); False when the worker is gone; None,
        and nothing sent, when they pickle to more than ``most`` bytes."""
        try:
            data = pickle.dumps(list(jobs), protocol=pickle.HIGHEST_PROTOCOL)
            if most is not None and len(data) > most:
                return None
            self._send.write(data)
            self._send.flush()
        except (OSError, ValueError, pickle.PickleError):
            return False
        return True

    def receive(self) -> object:
        """The next thing the worker sent (a result, or its READY word); EOFError when it died."""
        try:
            return pickle.loads(_read_frame(self._receive.fileno()))
        except (OSError, ValueError, pickle.PickleError) as exc:
            raise EOFError(str(exc)) from exc

    def submit(self, indexes: Sequence[int], tasks: Sequence[Task], most: int | None = None) -> bool | None:
        """Send these tasks (see ``send``) and count them as pending."""
        sent = self.send([tasks[i] for i in indexes], most)
        if not sent:
            return sent
        if not self.pending:  # else the task it is on started when the last result came (take)
            self.since = time.monotonic()
        self.pending.extend(indexes)
        return True

    def fileno(self) -> int:
        return self._receive.fileno()

    def take(self) -> FileResult | None:
        """The next result (the worker wrote it whole before select said so), or None if it died."""
        try:
            result = self.receive()
        except EOFError:
            return None
        if isinstance(result, Raised):
            return None  # only a job outside the batch's contract raises: treat it as the worker's death
        self.pending.popleft()
        self.since = time.monotonic()
        return result  # type: ignore[return-value]

    def run(self, tasks: Sequence[Task]) -> list[FileResult] | None:
        """Every task's result, in order, or None when the worker is gone."""
        if not self.submit(range(len(tasks)), tasks):
            return None
        results = [self.take() for _ in tasks]
        return None if any(r is None for r in results) else [r for r in results if r is not None]

    def stop(self, reap: bool = True) -> None:
        self.kill(reap)
        with contextlib.suppress(OSError):
            self._receive.close()

    def kill(self, reap: bool = True) -> None:
        """Kill the worker and reap it, leaving the pipe it answers on open: a thread that reads
        it sees the end and closes it (were it closed here, its number could be reused under
        that reader's feet). Without ``reap`` it is reaped by ``reap_killed`` as the command
        leaves (checker.main.leave): a command about to end need not wait while the worker's
        memory is freed (2 ms of a warm run), and by the time it leaves the worker is gone. It
        is still reaped: a parent that waits for this process (GNU time, bench/hostile.py) counts
        the largest of the workers it reaped in its peak memory."""
        if self._stopped:
            return  # once only: after the wait, the pid may belong to another process
        self._stopped = True
        with contextlib.suppress(OSError):
            self._send.close()
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        if reap:
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
        else:
            _KILLED.append(self.pid)


# Workers killed and not yet reaped (Worker.kill(reap=False)): reap_killed waits for them.
_KILLED: list[int] = []


def reap_killed() -> None:
    """Reap the workers killed without waiting for them: the command line leaves this way."""
    while _KILLED:
        with contextlib.suppress(OSError):
            os.waitpid(_KILLED.pop(), 0)


class WarmWorker(Worker):
    """One worker forked as the command starts, importing the checker and loading the rules
    while the command line parses its options and reads the configuration and the cache
    (0.2 s of imports, on another core). One file, or the few a CI run finds changed among
    thousands, is then checked there, warm. Its writes to the user cache are atomic (a file
    renamed into place), so killing it at any moment leaves nothing half-written."""

    def __init__(self) -> None:
        super().__init__(warm=True)

    @classmethod
    def adopt(cls, pid: int, send_fd: int, receive_fd: int) -> WarmWorker:
        """The worker checker.main forked (checker.batch.early) before this module was imported."""
        worker = cls.__new__(cls)
        worker._adopt(pid, send_fd, receive_fd)
        return worker


class SpawnedWorker(Worker):
    """A worker started as a new program, `reportlint __worker__`, with the same protocol: for a
    server (whose threads make fork unsafe) where fork is not there (Windows, macOS), and
    to test that path here. It warms up on its own and says READY."""

    def __init__(self) -> None:  # not Worker's: no fork
        import subprocess

        self.process = subprocess.Popen([*own_command(), "__worker__"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, close_fds=True)  # fmt: skip
        self.pid = self.process.pid
        assert self.process.stdin is not None and self.process.stdout is not None
        self._send = self.process.stdin  # type: ignore[assignment]
        # Read by its descriptor, never through its buffer.
        self._receive = self.process.stdout  # type: ignore[assignment]
        self._stopped = False
        self.pending = deque()
        self.since = 0.0

    def kill(self, reap: bool = True) -> None:
        if self._stopped:
            return
        self._stopped = True
        with contextlib.suppress(OSError):
            self._send.close()
        with contextlib.suppress(OSError):
            self.process.kill()
        if reap:
            with contextlib.suppress(OSError):
                self.process.wait()
        else:
            _KILLED.append(self.pid)


def own_command() -> list[str]:
    """How to start this program again: the single-file build is its own interpreter."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "checker"]


READY = "ready"  # what a worker started with ``announce`` sends once it can take jobs


class Raised:
    """What a worker sends when a job raised instead of returning: the pool fails that job.
    ``memory``: it ran out of memory (the worker then exits, to be replaced)."""

    def __init__(self, kind: str, detail: str) -> None:
        self.kind = kind
        self.detail = detail


def worker_loop(receive_fd: int, send_fd: int, warm: bool, announce: bool = False) -> None:
    tune_gc()
    if warm:
        warm_up()
        # What warming made (modules, classes, rules data) lives as long as the worker: kept out of
        # the collector's scans, the first check's collections cost what later ones do (7 ms less).
        import gc

        gc.freeze()
        prime(lambda: bool(select.select([receive_fd], [], [], 0)[0]))
    with os.fdopen(receive_fd, "rb") as receive, os.fdopen(send_fd, "wb") as send:

        def reply(value: object) -> None:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            send.write(len(data).to_bytes(8, "little"))  # apart: a copy of a large answer costs its size again
            send.write(data)
            send.flush()

        if announce:
            reply(READY)
        while True:
            try:
                tasks = pickle.load(receive)
            except EOFError:
                return
            restore_cpus()  # its start-up is over (early.leave_parents_cpu)
            for task in tasks:
                try:
                    value: object = task.run()
                except MemoryError:  # say so, then leave: the heap may be a wreck
                    reply(Raised("memory", ""))
                    return
                except Exception as exc:  # a batch's Task.run catches its own; a server's job may not
                    value = Raised("error", f"{type(exc).__name__}: {exc}")
                compiled = sys.modules.get("checker.compiled")
                if compiled is not None:  # before the answer: the parent may stop this worker once it has it
                    compiled.save()  # only what was compiled for the first time (after an install)
                reply(value)


def warm_up() -> None:
    """Import every stage and load the rules, so that the first check costs what the others do."""
    try:
        from checker import checks, pipeline  # noqa: F401  (every rule registered, every stage imported)
        from checker.model import build  # noqa: F401
        from checker.parse.grammar import report_parser
        from checker.template import builtin_templates
        from checker.terms import lists

        report_parser(), builtin_templates(), lists()
    except Exception:  # a broken install shows on the file, as E011, when the task runs
        pass


# A short report of our own words, checked once by a worker with nothing else to do: the first
# check of a process pays for the readers' imports, the word dictionary, the typo data and
# the patterns compiled on first use (30 ms); a warm run whose one changed file reaches the
# worker later than that no longer waits for them.
_PRIMER = """关于本人的党性分析报告
按照支部安排，我对照党章党规，查找了自身存在的问题，现报告如下。
一、存在的主要问题
（一）理论学习不够深入。学习时间安排不足，满足于读原文，联系实际思考少。
二、问题产生的原因
（一）对理论学习重要性认识不到位，把主要精力放在日常事务上。
三、整改措施
（一）制定学习计划，每周集中学习不少于四小时，每月撰写一篇学习体会。
"""


def prime(busy: Callable[[], bool]) -> None:
    """Pay a check's first uses a step at a time while ``busy()`` says no job is waiting: a job
    that comes meanwhile waits for one step at most. The steps are short (a few ms each) and
    come in the order every report needs them: the typo data, the word dictionary, the typo
    finder's automata and patterns, what the traditional-character converter could change, the
    stages a check imports when it first runs, the substance lexicons and their automata, then a
    check of the primer for the rest, then the .docx reader (zipfile, lxml, the reader). (The primer's check costs
    5–13 ms: a warm run's changed file that came during it waited; what it paid for that every
    check needs comes first, in steps of 1–2 ms.)"""
    steps = (_load_typo_data, _load_words, _prime_typos, _prime_screen, _import_stages, _prime_substance,
             _check_primer, _import_zipfile, _import_lxml, _import_readers)  # fmt: skip
    try:
        for step in steps:
            if busy():
                return
            step()
    except Exception:  # a broken install shows on the file, as E011, when the task runs
        pass


# The .docx reader in three steps of 5–7 ms each (16 ms at once): a .txt job that comes during
# the first waits for that one alone.
def _import_zipfile() -> None:
    import zipfile  # noqa: F401


def _import_lxml() -> None:
    import lxml.etree  # noqa: F401


def _import_readers() -> None:
    from checker.read import docx  # noqa: F401


def _load_typo_data() -> None:
    from checker.typos.data import typo_data

    typo_data()


def _load_words() -> None:
    from checker.text.words import words

    words(_PRIMER)


def _prime_typos() -> None:
    from checker.typos.find import find_typos

    for line in _PRIMER.splitlines():
        find_typos(line)


def _prime_screen() -> None:
    """What the traditional-character converter could change (T103 loads the converter itself
    only for a paragraph that holds some of it)."""
    from checker.checks.terms import screen

    screen()


def _import_stages() -> None:
    """What a check of a text imports on first use: its reader, template detection, the verdict."""
    from checker import detect, verdict  # noqa: F401
    from checker.read import text  # noqa: F401


def _prime_substance() -> None:
    """The built-in substance settings (a snapshot) and the automaton of each role's lexicons."""
    from checker.checks.substance import LISTS
    from checker.substance import substance_for

    substance = substance_for(None)
    for lists in LISTS.values():
        substance.automaton_for(lists)


def _check_primer() -> None:
    from checker.pipeline import check_path

    check_path("primer.txt", data=_PRIMER.encode("utf-8"))


def close_all_but(*keep: int) -> None:
    """Close every descriptor above standard error but ``keep``."""
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, _max_fd())


def _max_fd() -> int:
    try:
        return int(os.sysconf("SC_OPEN_MAX"))
    except (ValueError, OSError):
        return 65536


def stdio_worker() -> None:
    """`reportlint __worker__`: a spawned worker (where fork cannot be used: Windows, macOS) that
    reads jobs on standard input and answers on what was standard output; anything a library
    prints goes to standard error instead, so that it cannot break the answers' frames."""
    answers = os.dup(1)
    os.dup2(2, 1)
    if sys.platform == "win32":
        import msvcrt

        for fd in (0, answers):
            msvcrt.setmode(fd, os.O_BINARY)  # type: ignore[attr-defined]
    worker_loop(0, answers, warm=True, announce=True)


def _read_frame(fd: int) -> bytearray:
    """One length-prefixed message, read straight from the descriptor: results are framed so
    that the parent never reads past one (a result left in a buffer is one select() cannot see)."""
    size = int.from_bytes(_read_exactly(fd, 8), "little")
    return _read_exactly(fd, size)


def _read_exactly(fd: int, size: int) -> bytearray:
    """``size`` bytes read into one buffer (not pieces joined: a large answer held twice)."""
    import io

    buffer = bytearray(size)
    view = memoryview(buffer)
    done = 0
    with io.FileIO(fd, "rb", closefd=False) as pipe:
        while done < size:
            got = pipe.readinto(view[done : done + (1 << 20)])
            if not got:
                raise EOFError("worker closed its pipe")
            done += got
    return buffer


GRACE = 5.0  # seconds past a task's time limit before its worker is killed
# What a busy worker may be sent at most (pickled): it waits in the worker's pipe, which holds
# 64 KB on Linux, until the worker's current tasks are done; one such batch at a time (_refill).
PIPE_ROOM = 16 * 1024
READ_EVERY = 0.010  # seconds between reads of the results at most, while more tasks wait (_Supervisor._pause)


class _Supervisor:
    """Runs ``tasks`` on ``workers`` a few at a time; results in order. A worker that answers
    nothing past the task's limit is killed (E013 for that task) and replaced; one that dies
    gives E011 for its task. The others' tasks go on. The first tasks are sent as it is made:
    the caller may do other work (read cached results) before it waits."""

    def __init__(self, tasks: Sequence[Task], workers: list[Worker], make: Callable[[], Worker], sent: int = 0) -> None:
        """``sent``: the first tasks are already with the first worker (its ``pending``)."""
        self.tasks, self.workers, self.make = tasks, workers, make
        self.queue = deque(range(sent, len(tasks)))
        self.results: list[FileResult | None] = [None] * len(tasks)
        self.chunk = max(1, min(8, len(tasks) // (len(workers) * 4)))
        self.low = self.chunk // 2  # a worker with this many tasks left gets more (_refill)
        self.started, self.done = time.monotonic(), 0  # how long a task takes, on average (_pause)
        for worker in list(workers):
            self._feed(worker)

    def _renew(self, worker: Worker) -> Worker | None:
        """A new worker in ``worker``'s place; None, and one worker fewer, when no process can
        be started (a container's pid limit)."""
        worker.stop()
        try:
            fresh = self.make()
        except OSError:
            self.workers.remove(worker)
            return None
        self.workers[self.workers.index(worker)] = fresh
        return fresh

    def _feed(self, worker: Worker | None) -> None:
        queue, tasks = self.queue, self.tasks
        # Smaller chunks as the queue runs out, down to one task: the workers finish together.
        size = min(self.chunk, -(-len(queue) // (2 * max(1, len(self.workers)))))
        indexes: list[int] = []
        busy = worker is not None and bool(worker.pending)
        while queue and len(indexes) < size:
            if busy and getattr(tasks[queue[0]], "data", None) is not None:
                break  # no bytes to a busy worker (_refill)
            indexes.append(queue.popleft())
        if not indexes:
            return
        sent = worker.submit(indexes, tasks, PIPE_ROOM if busy else None) if worker is not None else False
        if sent:
            return
        if busy:
            # Too large to wait in its pipe (None): sent when it has nothing left. Or gone with
            # tasks of its own (False): those come back when its end is read (select, then
            # _fail, E011 for the one it was on), and these go to the worker that replaces it.
            queue.extendleft(reversed(indexes))
            return
        fresh = self._renew(worker) if worker is not None else None
        if fresh is not None and fresh.submit(indexes, tasks):  # gone before it was used: one new try
            return
        for index in indexes:  # no worker can be started: check here
            self.results[index] = tasks[index].run()

    def _refill(self) -> None:
        """More tasks to each worker that has ``low`` or fewer left: it never waits for the next
        ones to come (the round trip through this process, which may be busy reading results).
        A worker still busy is sent only tasks without bytes of their own: it reads them when
        its current ones are done, so they wait in its pipe, and a write that did not fit there
        would stop this process (no results read, no time limit kept) until it did; a .zip's
        members carry their bytes, and go to a worker with nothing left, as before."""
        for worker in list(self.workers):
            if self.queue and len(worker.pending) <= self.low:
                self._feed(worker)

    def _pause(self, busy: list[Worker]) -> None:
        """Sleep while every worker has tasks queued behind the one it is on, for at most half
        the time the shortest queue will take (READ_EVERY at most): the results are then read a
        few at a time, not one by one as each comes. This process wakes a fifth as often and
        takes a worker's processor less; no worker runs out of tasks meanwhile."""
        if self.done < 2 * len(busy):
            return  # how long a task takes is not known yet
        per_task = (time.monotonic() - self.started) * len(self.workers) / self.done
        pause = min(READ_EVERY, 0.5 * per_task * (min(len(w.pending) for w in busy) - 1))
        if pause >= 0.001:
            time.sleep(pause)

    def _fail(self, worker: Worker, code: str, detail: str) -> None:
        stuck = worker.pending.popleft()
        self.results[stuck] = FileResult(path=self.tasks[stuck].path, template=None, error=(code, detail))
        self.queue.extendleft(reversed(worker.pending))
        worker.pending.clear()
        self._feed(self._renew(worker))

    def wait(self) -> list[FileResult]:
        """Every task's result, in order, once all are done."""
        tasks, workers, queue, results = self.tasks, self.workers, self.queue, self.results
        while queue or any(w.pending for w in workers):
            if not workers:  # every worker gone and none to be started: the rest is checked here
                while queue:
                    index = queue.popleft()
                    results[index] = tasks[index].run()
                break
            self._refill()
            busy = [w for w in workers if w.pending]
            if not busy:
                continue
            if queue:
                self._pause(busy)
            deadlines = {w.pid: w.since + _limit(tasks[w.pending[0]]) for w in busy}
            wait = max(0.0, min(deadlines.values()) - time.monotonic())
            ready, _, _ = select.select(busy, [], [], min(wait, 3600.0))
            while ready:
                for worker in ready:
                    index = worker.pending[0]
                    result = worker.take()
                    if result is None:
                        self._fail(worker, "E011", "worker process gone")
                    else:
                        results[index] = result
                self.done += len(ready)
                # Whatever else has come meanwhile, before the next pause.
                ready, _, _ = select.select([w for w in workers if w.pending], [], [], 0)
            now = time.monotonic()
            for worker in busy:
                if worker in workers and worker.pending and now > worker.since + _limit(tasks[worker.pending[0]]):
                    self._fail(worker, "E013", f"{tasks[worker.pending[0]].settings.limits.timeout:g}")
        return [r for r in results if r is not None]


def _supervise(tasks: Sequence[Task], workers: list[Worker], make: Callable[[], Worker]) -> list[FileResult]:
    return _Supervisor(tasks, workers, make).wait()


def _limit(task: Task) -> float:
    timeout = float(task.settings.limits.timeout)
    return timeout + GRACE if timeout > 0 else float("inf")


def take_early_worker() -> WarmWorker | None:
    """The worker main() forked before the options were read, for the run to use (or stop); None
    when there is none."""
    return WarmWorker.adopt(*EARLY.pop()) if EARLY else None


EARLY_SENDS = 3  # misses the warm worker checks alone; more, and a pool of --jobs workers does


class _Dispatch:
    """Tasks handed out at once (to the warm worker, to a new pool, or kept for this process),
    their results collected by ``results()``; ``stop()`` ends the workers (``results()`` does
    when done, and a second stop does nothing)."""

    def __init__(self, tasks: Sequence[Task], jobs: int, warm: WarmWorker | None, sent: int = 0,
                 reap: bool = True) -> None:  # fmt: skip
        """``sent``: the first tasks were sent to ``warm`` already (run_tasks, as it found them);
        ``reap``: see Worker.kill."""
        self.tasks = tasks
        self.reap = reap
        self.workers: list[Worker] = []
        self.supervisor: _Supervisor | None = None
        try:
            if warm is not None and 0 < len(tasks) <= EARLY_SENDS and not warm._stopped:
                self.workers = [warm]  # after a stuck file, what replaced it
                self.supervisor = _Supervisor(tasks, self.workers, WarmWorker, sent)
                return
            if warm is not None and not sent:
                warm.stop(reap)  # many misses: a full pool checks them; free the worker's memory now
            elif warm is not None:
                self.workers.append(warm)  # it has the first misses: one of the pool, warm already
            try:
                if jobs > 1 and len(tasks) > EARLY_SENDS and can_warm():
                    for _ in range(min(jobs, len(tasks)) - len(self.workers)):
                        self.workers.append(Worker())
            except OSError:
                pass  # fewer processes than asked for (a container's pid limit): those there are, or none
            if self.workers:
                self.supervisor = _Supervisor(tasks, self.workers, Worker, sent)
        except BaseException:
            self.stop()
            raise

    def results(self) -> Iterator[FileResult]:
        try:
            if self.supervisor is None:
                for task in self.tasks:
                    yield task.run()
            else:
                yield from self.supervisor.wait()
        finally:
            self.stop()

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop(self.reap)


def _execute(tasks: Sequence[Task], jobs: int, warm: WarmWorker | None = None) -> Iterator[FileResult]:
    yield from _Dispatch(tasks, jobs, warm).results()

