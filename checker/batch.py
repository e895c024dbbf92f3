"""Checking many files: a result cache keyed by content and settings, and worker processes
that return results in the order the files were given.

The cache (`.reportlint_cache/`, like ruff's) keys each result by the file's bytes, everything
that decides the findings (template, check-list, rule selection and severities, thresholds,
link back end, limits) and the reportlint version; a changed file, template or configuration
misses the cache, nothing else does.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import os
import pickle
import select
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson  # the pack and journal: twice as fast as json on thousands of results

from checker import __version__
from checker.result import DetectionInfo, Diagnostic, FileResult
from checker.severity import Severity

CACHE_DIR = ".reportlint_cache"


@dataclass(frozen=True, slots=True)
class Task:
    path: str
    data: bytes | None  # stdin
    # (template, checklist, links, limits, rules, lengths[, profile[, signature[, substance]]]): all
    # picklable; signature: True when copies between reports are looked for (D101, `reportlint
    # similar`); substance: the configuration's [substance] changes
    settings: tuple[Any, ...]
    outline: bool = True  # keep the outline (JSON output needs it; the others do not)

    def run(self) -> FileResult:
        result = self.check_bytes(self.data)
        if len(self.settings) > 7 and self.settings[7] and result.document is not None:
            from checker.similar.signature import signature_of  # numpy: only when copies are looked for

            document = result.document
            result.signature = signature_of((p.line, p.text) for p in document.paragraphs if not p.toc)
        return result.slim(self.outline)

    def check_bytes(self, data: bytes | None) -> FileResult:
        """The whole result (document and model kept) for this file's bytes, or for ``data`` in
        their place (a corrected copy checked again)."""
        from checker.pipeline import check_path  # only when a file is checked: a warm run needs none

        template, checklist, links, limits, rules, lengths, *rest = self.settings
        try:
            return check_path(self.path, template, data=data, checklist=checklist, links=links, limits=limits,
                              rules=rules, lengths=lengths, profile=rest[0] if rest else None,
                              substance=rest[2] if len(rest) > 2 else None)  # fmt: skip
        except Exception as exc:  # a bug must not stop the batch: report it on that file
            if os.environ.get("REPORTLINT_DEBUG"):
                import traceback

                traceback.print_exc()
            return FileResult(path=self.path, template=None, error=("E011", f"{type(exc).__name__}: {exc}"))


def _run_task(task: Task) -> FileResult:
    return task.run()


def settings_key(settings: tuple[Any, ...]) -> str:
    """A digest of everything besides the file that decides the result. Templates and the rest
    are frozen dataclasses whose repr lists every field; the built-in rules files (templates
    that auto-detection may pick, term and word lists, the lexicon) take part as bytes."""
    from checker.snapshot import rules_digest

    template = settings[0]
    template_part = "auto" if template is None else canonical(template)
    # The time limit decides no finding (a check past it is never stored): not part of the key.
    settings = (*settings[:3], dataclasses.replace(settings[3], timeout=0), *settings[4:])
    text = "\0".join([__version__, rules_digest(), code_digest(), template_part, *(canonical(s) for s in settings[1:])])
    return hashlib.sha256(text.encode()).hexdigest()


@functools.cache
def code_digest() -> str:
    """A digest of reportlint's own code and grammar, by each file's name, size and time: a
    checkout whose code changed (between commits, or while developing) must not be served
    results its old code found. An installed release has fixed files; this costs a millisecond."""
    from checker.paths import data_dir

    entries = []
    package = os.path.dirname(os.path.abspath(__file__))
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                entries.append(f"{os.path.relpath(os.path.join(folder, name), package)}:{info.st_size}:{info.st_mtime_ns}")
    grammar = data_dir("grammar") / "report.lark"
    with contextlib.suppress(OSError):
        entries.append(f"grammar:{grammar.stat().st_size}:{grammar.stat().st_mtime_ns}")
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


def canonical(value: Any) -> str:
    """A repr that is the same in every process: sets sorted (their order follows the string hash
    seed), dataclasses spelled field by field."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ", ".join(f"{f.name}={canonical(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__name__}({fields})"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(canonical(v) for v in value)) + "}"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(
                f"{canonical(k)}: {canonical(v)}"
                for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))
            )
            + "}"
        )
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(canonical(v) for v in value) + "]"
    return repr(value)


def _to_json(result: FileResult) -> dict[str, Any]:
    return {
        "template": result.template,
        "error": list(result.error) if result.error else None,
        "chars": result.chars,
        "paragraphs": result.paragraphs,
        "signature": result.signature is not None,
        "substance": result.substance,
        "detection": [result.detection.confidence, [list(r) for r in result.detection.reasons],
                      result.detection.known, list(result.detection.candidates)]
        if result.detection
        else None,
        "diagnostics": [
            [
                d.code,
                d.rule,
                d.severity.value,
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                d.args,
                d.excerpt,
                d.fix,
                d.fix_safe,
                d.edits,
            ]
            for d in result.diagnostics
        ],
    }


def _from_json(path: str, raw: dict[str, Any], outline: dict[str, Any] | None) -> FileResult:
    detection = raw.get("detection")
    return FileResult(
        path=path,
        template=raw["template"],
        error=tuple(raw["error"]) if raw["error"] else None,
        chars=raw["chars"],
        paragraphs=raw["paragraphs"],
        outline=outline,
        substance=raw.get("substance"),
        detection=DetectionInfo(detection[0], tuple(tuple(r) for r in detection[1]), detection[2],
                                tuple(detection[3])) if detection else None,
        diagnostics=[
            Diagnostic(code, rule, _SEVERITY[severity], line, column, end_line, end_column, args, excerpt, fix,
                       safe, [(e[0], e[1], e[2], e[3]) for e in edits] if edits is not None else None)
            for code, rule, severity, line, column, end_line, end_column, args, excerpt, fix, safe, edits in raw[
                "diagnostics"
            ]
        ],
    )


_SEVERITY = {s.value: s for s in Severity}  # a dict look-up, not an enum call per diagnostic


class Cache:
    """Results of earlier runs, for one folder (the working directory), in three places under
    `.reportlint_cache/<version>/`:

    - `results.json`, the pack: every result, and an index of each file's size, mtime and inode
      with the digest of its bytes, so that an unchanged file is not even read again. A warm run
      over 2,000 files reads this one file, not 2,000.
    - `journal.jsonl`: what later runs added, a line each, appended; folded into the pack (and the
      pack pruned) when it grows past a quarter of the pack. A run that changed one file appends
      one line instead of rewriting the pack.
    - `outlines/`: each result's outline (large: every item's text), read only for JSON output.
    - `signatures/`: each result's paragraph signatures when copies were looked for (D101).

    Pruned when folding: results not used for PRUNE_DAYS; those of a file whose content has since
    changed; a file's results under other settings (another --select) unused since yesterday. Two
    runs writing at once lose at most each other's new lines: misses later, never wrong results.
    """

    PRUNE_DAYS = 30
    RACY_NS = 2_000_000_000  # a file written this recently may change again within its mtime tick

    def __init__(self, root: Path, need_outline: bool = True) -> None:
        self.root = str(root / CACHE_DIR / __version__)
        self.pack = os.path.join(self.root, "results.json")
        self.journal = os.path.join(self.root, "journal.jsonl")
        self.need_outline = need_outline
        self.hits = 0
        self.today = int(time.time() // 86400)
        self._files: dict[str, list[Any]] = {}  # absolute path → [size, mtime_ns, inode, sha256, day]
        self._results: dict[str, list[Any]] = {}  # key → [absolute path, day, result, settings]
        self._settings: dict[str, str] = {}  # key → digest of its settings (short)
        self._where: dict[str, str] = {}  # path as given → absolute path
        self._used: dict[tuple[str, str], str] = {}  # (absolute path, settings) → key in this run
        self._new: list[list[Any]] = []  # journal lines this run adds
        self._loaded = False
        self._pack_size = 0
        self._journal_size = 0

    # Reading ------------------------------------------------------------------------------------

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        try:
            with open(self.pack, "rb") as handle:
                data = handle.read()
            self._pack_size = len(data)
            raw = orjson.loads(data)
            self._files = {k: v for k, v in raw["files"].items() if _is_file_entry(v)}
            self._results = {k: v for k, v in raw["results"].items() if _is_result_entry(v)}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self._files, self._results = {}, {}  # none yet, or damaged: start again
        try:
            with open(self.journal, "rb") as handle:
                lines = handle.readlines()
        except OSError:
            lines = []
        # A line is [kind, key, *entry]: "f" a file's stat and digest, "r" a result.
        kinds = {"f": (self._files, _is_file_entry), "r": (self._results, _is_result_entry)}
        for line in lines:
            self._journal_size += len(line)
            try:
                record = orjson.loads(line)
            except ValueError:
                continue  # a line cut short by a crash or a concurrent run
            if (
                not isinstance(record, list)
                or len(record) < 2
                or not isinstance(record[0], str)
                or record[0] not in kinds
            ):
                continue
            table, valid = kinds[record[0]]
            if isinstance(record[1], str) and valid(record[2:]):
                table[record[1]] = record[2:]

    def _absolute(self, path: str) -> str:
        where = self._where.get(path)
        if where is None:
            # One abspath per folder: normalising 2,000 paths costs more than the rest of a hit.
            folder, name = os.path.split(path)
            base = self._where.get(folder + os.sep)
            if base is None:
                base = self._where[folder + os.sep] = os.path.abspath(folder or ".")
            where = self._where[path] = (
                os.path.join(base, name) if name not in ("", ".", "..") else os.path.abspath(path)
            )
        return where

    def _outline(self, key: str) -> str:
        return os.path.join(self.root, "outlines", key[:2], key + ".json")

    def _signature(self, key: str) -> str:
        return os.path.join(self.root, "signatures", key[:2], key + ".bin")

    def key(self, task: Task, settings_digest: str) -> str | None:
        try:
            if task.data is not None:
                digest = hashlib.sha256(task.data).hexdigest()
            else:
                digest = self._content_digest(task.path)
        except OSError:
            return None  # unreadable: let the reader say why
        key = hashlib.sha256(bytes.fromhex(digest) + settings_digest.encode()).hexdigest()
        self._settings[key] = settings_digest[:16]
        return key

    def _content_digest(self, path: str) -> str:
        self._load()
        where = self._absolute(path)
        stat = os.stat(where)
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        known = self._files.get(where)
        if known is not None and known[:3] == signature:
            return str(known[3])
        with open(where, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        if time.time_ns() - stat.st_mtime_ns > self.RACY_NS and _storable(where):
            entry = [*signature, digest, self.today]
            self._files[where] = entry
            self._new.append(["f", where, *entry])
        return digest

    def get(self, key: str, path: str) -> FileResult | None:
        self._load()
        entry = self._results.get(key)
        if entry is None:
            return None
        try:
            outline = None
            if self.need_outline and entry[2].get("error") is None:
                with open(self._outline(key), "rb") as handle:
                    outline = orjson.loads(handle.read())
            result = _from_json(path, entry[2], outline)
            if entry[2].get("signature"):  # stored with it: copies were looked for under these settings
                from checker.similar.signature import from_bytes

                with open(self._signature(key), "rb") as handle:
                    result.signature = from_bytes(handle.read())
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None  # outline gone, or an entry of another layout: recompute
        self._used[self._absolute(path), entry[3]] = key
        self.hits += 1
        return result

    # Writing ------------------------------------------------------------------------------------

    def put(self, key: str, result: FileResult) -> None:
        if result.error is not None and result.error[0] in ("E001", "E011", "E013"):
            return  # permissions, bugs and the machine's speed may change without the bytes changing
        if not _storable(result.path):
            return
        self._load()
        if result.outline is not None:
            try:
                # Before the result itself: an entry is only ever found with its outline.
                os.makedirs(os.path.dirname(self._outline(key)), exist_ok=True)
                _write_json(self._outline(key), result.outline)
            except OSError:
                return  # a read-only folder: run without a cache
        if result.signature is not None:
            from checker.similar.signature import to_bytes

            try:
                target = self._signature(key)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                temporary = f"{target}.{os.getpid()}.tmp"
                with open(temporary, "wb") as handle:
                    handle.write(to_bytes(result.signature))
                os.replace(temporary, target)
            except OSError:
                return
        where, settings = self._absolute(result.path), self._settings.get(key, "")
        entry = [where, self.today, _to_json(result), settings]
        self._results[key] = entry
        self._used[where, settings] = key
        self._new.append(["r", key, *entry])

    def flush(self) -> None:
        """Append this run's lines to the journal, or fold everything into a new pack when the
        journal has grown (or there is no pack yet)."""
        if not self._new:
            return
        try:
            os.makedirs(self.root, exist_ok=True)
            ignore = os.path.join(os.path.dirname(self.root), ".gitignore")
            if not os.path.exists(ignore):
                with open(ignore, "w", encoding="utf-8") as handle:
                    handle.write("*\n")
            lines = b"".join(orjson.dumps(r) + b"\n" for r in self._new)
            if self._pack_size and self._journal_size + len(lines) < max(self._pack_size // 4, 65536):
                with open(self.journal, "ab") as handle:
                    handle.write(lines)  # one write: lines of concurrent runs do not interleave
            else:
                self._fold()
        except OSError:
            pass  # a read-only folder: run without a cache
        self._new = []

    def _fold(self) -> None:
        oldest = self.today - self.PRUNE_DAYS
        in_use = set(self._used.values())
        checked = {where for where, _ in self._used}
        # Dropped: results not used for long; those a newer version of the same file under the
        # same settings has replaced in this run; and a file's results under other settings
        # (another --select, an edited config) once they have gone unused since yesterday.
        stale = [
            key
            for key, (where, day, _, settings) in self._results.items()
            if key not in in_use
            and (
                day < oldest or (where, settings) in self._used or (where in checked and day < self.today - 1)
            )
        ]
        for key in stale:
            del self._results[key]
            for stored in (self._outline(key), self._signature(key)):
                with contextlib.suppress(OSError):
                    os.remove(stored)
        for key in in_use:
            self._results[key][1] = self.today
        files = {where: entry for where, entry in self._files.items() if entry[4] >= oldest}
        _write_json(self.pack, {"files": files, "results": self._results})
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.journal)


def _storable(path: str) -> bool:
    """A file name that is not UTF-8 (a lone surrogate in Python) cannot go into JSON."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# What entries must look like; anything else (a damaged or hand-edited cache) is dropped on
# reading, so that it can only ever be a miss.
def _is_file_entry(value: Any) -> bool:
    """[size, mtime_ns, inode, sha256 hex, day]"""
    return (
        isinstance(value, list)
        and len(value) == 5
        and all(type(value[i]) is int for i in (0, 1, 2, 4))
        and isinstance(value[3], str)
        and len(value[3]) == 64
        and not value[3].strip("0123456789abcdef")
    )


def _is_result_entry(value: Any) -> bool:
    """[absolute path, day, result, settings]"""
    return (
        isinstance(value, list)
        and len(value) == 4
        and isinstance(value[0], str)
        and type(value[1]) is int
        and isinstance(value[2], dict)
        and isinstance(value[3], str)
    )


def _write_json(target: str, payload: Any) -> None:
    temporary = f"{target}.{os.getpid()}.tmp"
    with open(temporary, "wb") as handle:
        handle.write(orjson.dumps(payload))
    os.replace(temporary, target)  # atomic: a parallel run never reads half a file


def run_tasks(tasks: Sequence[Task], jobs: int, cache: Cache | None,
              progress: Callable[[int], None] | None = None, warm: WarmWorker | None = None) -> list[FileResult]:  # fmt: skip
    """Results in the order of ``tasks``; cached ones are not recomputed; a few misses go to the
    ``warm`` worker when there is one."""
    results: list[FileResult | None] = [None] * len(tasks)
    keys: list[str | None] = [None] * len(tasks)
    digests: dict[tuple[Any, ...], str] = {}
    todo: list[int] = []
    for i, task in enumerate(tasks):
        if cache is not None:
            # Settings objects are shared across a batch: their identities name the combination.
            marker = tuple(s if isinstance(s, str) else id(s) for s in task.settings)
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
            from checker import checks  # noqa: F401  (every rule registered)
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
                fail(worker, "E013", f"{tasks[worker.pending[0]].settings[3].timeout:g}")
    return [r for r in results if r is not None]


def _limit(task: Task) -> float:
    timeout = float(task.settings[3].timeout)
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
