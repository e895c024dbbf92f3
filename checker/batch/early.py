"""The warm worker's fork, kept apart from checker/batch/workers.py so that it happens before
anything else of reportlint is imported: the worker then starts importing the checker at once,
on the other core, while this process imports the command line (workers.py, with the tasks,
results and pickle it needs, costs 25–30 ms that the worker no longer waits for). Only os, sys
and gc here."""

from __future__ import annotations

import gc
import os
import sys

# The worker main() forked before the options were read: (pid, pipe to it, pipe from it).
EARLY: list[tuple[int, int, int]] = []
# In that worker, the processors it may run on before it kept off its parent's (see leave_parents_cpu)
_ALLOWED: list[set[int]] = []


def tune_gc() -> None:
    """For a process that checks files: collect garbage every 50,000 allocations, not 700.
    A check makes hundreds of thousands of small objects that form no cycles and die together;
    with the defaults the collector rescanned the growing heap again and again, 40–60 % of the
    time on a report of 20,000 items. Memory stays bounded: collection still runs."""
    gc.set_threshold(50_000, 20, 100)


def can_warm() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork")


def fork_worker(warm: bool = True, announce: bool = False, alone: bool = False,
                spread: bool = False) -> tuple[int, int, int]:  # fmt: skip
    """Fork a worker (checker.batch.workers.Worker's protocol): (pid, the descriptor to send it
    jobs on, the one it answers on). The child imports the worker's loop itself. ``warm``: it
    imports every stage before its first job; ``announce``: it says READY once it can take jobs;
    ``alone``: it keeps no descriptor but its pipes; ``spread``: it starts off its parent's
    processor (leave_parents_cpu)."""
    to_child, from_parent = os.pipe()
    to_parent, from_child = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # out of processes or memory: the caller goes on without this worker
        for fd in (to_child, from_parent, to_parent, from_child):
            os.close(fd)
        raise
    if pid == 0:  # the worker: never returns into the caller's code
        status = 0
        if spread:
            leave_parents_cpu()
        try:
            os.close(from_parent)
            os.close(to_parent)
            if not alone:
                # The caller's standard streams are not the worker's: a command that stops early
                # (a bad option) must not leave them open while the worker starts and finds its
                # pipe closed, or whoever reads them (pre-commit, a shell's $(…)) waits for it.
                # It answers on its pipe only; a crash shows as E011 there.
                quiet = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(quiet, fd)
                os.close(quiet)
            from checker import compiled

            compiled.install()
            from checker.batch.workers import close_all_but, worker_loop

            if alone:
                # A server forks while it holds client connections and other workers' pipes: a
                # worker that kept them open would keep those connections from closing.
                close_all_but(to_child, from_child)
            worker_loop(to_child, from_child, warm, announce)
        except BaseException:
            status = 1
        finally:
            os._exit(status)  # no atexit handlers, no flushing of the parent's buffers
    os.close(to_child)
    os.close(from_child)
    return pid, from_parent, to_parent


def leave_parents_cpu() -> None:
    """Run this forked worker on another processor than its parent's until its first job
    (restore_cpus). Linux places a forked child on its parent's processor and, when the others
    have been idle a while (a commit after a pause; a virtual machine's halted processors), moves
    it only 15–30 ms later: the worker's start-up and the command line's then share one
    processor, and a warm run after a pause took 20 ms longer than one right after another."""
    try:
        allowed = os.sched_getaffinity(0)
        with open("/proc/self/stat", "rb") as stat:
            here = int(stat.read().rsplit(b")", 1)[1].split()[36])  # field 39: the processor it runs on
        if len(allowed) > 1 and here in allowed:
            os.sched_setaffinity(0, allowed - {here})
            _ALLOWED.append(allowed)
    except (OSError, ValueError, IndexError, AttributeError):  # not Linux's /proc, or no affinity to set
        pass


def restore_cpus() -> None:
    """Every processor the worker could run on before leave_parents_cpu (once its start-up is over)."""
    while _ALLOWED:
        try:  # noqa: SIM105  (only os, sys and gc here)
            os.sched_setaffinity(0, _ALLOWED.pop())
        except OSError:
            pass


def start_early_worker() -> None:
    if can_warm():
        try:  # noqa: SIM105  (contextlib is not imported before the fork)
            EARLY.append(fork_worker(spread=True))
        except OSError:  # no process to be had (a container's pid limit): the check runs here
            pass
