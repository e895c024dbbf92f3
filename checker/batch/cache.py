"""The result cache, keyed by content and settings.

The cache (`.reportlint_cache/`, like ruff's) keys each result by the file's bytes, everything
that decides the findings (template, check-list, rule selection and severities, thresholds,
link back end, limits) and the reportlint version; a changed file, template or configuration
misses the cache, nothing else does.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import time
import zlib
from pathlib import Path
from typing import Any

import orjson  # the pack and journal: twice as fast as json on thousands of results

from checker import __version__
from checker.batch.task import FileSettings, Task
from checker.digest import RACY_NS, hexdigest, is_hexdigest
from checker.result import FileResult, Stored, plain

CACHE_DIR = ".reportlint_cache"


def settings_key(settings: FileSettings) -> str:
    """A digest of everything besides the file that decides the result. Templates and the rest
    are frozen dataclasses whose repr lists every field; the built-in rules files (templates
    that auto-detection may pick, term and word lists, the lexicon) take part as bytes."""
    from checker.snapshot import rules_digest

    template_part = "auto" if settings.template is None else canonical(settings.template)
    # The time limit decides no finding (a check past it is never stored): not part of the key.
    settings = dataclasses.replace(settings, limits=dataclasses.replace(settings.limits, timeout=0))
    rest = [getattr(settings, f.name) for f in dataclasses.fields(settings)][1:]
    text = "\0".join([__version__, rules_digest(), code_digest(), template_part, *(canonical(s) for s in rest)])
    return hexdigest(text.encode())


@functools.cache
def code_digest() -> str:
    """A digest of reportlint's own code and grammar, by each file's name, size and time: a
    checkout whose code changed (between commits, or while developing) must not be served
    results its old code found. An installed release has fixed files; this costs a millisecond."""
    from checker.paths import data_dir

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # checker/
    entries = code_entries(package)
    grammar = data_dir("grammar") / "report.lark"
    with contextlib.suppress(OSError):
        entries.append(f"grammar:{grammar.stat().st_size}:{grammar.stat().st_mtime_ns}")
    return hexdigest("\n".join(entries).encode())


def code_entries(package: str) -> list[str]:
    """`path:size:mtime` of each .py file under ``package`` (its __pycache__ left out), in
    os.walk's order: a folder's files, then its folders, each sorted. Paths are made by hand:
    os.walk and os.path.relpath cost a warm run 1 ms more over the checker's 150 files."""
    entries: list[str] = []

    def walk(folder: str, relative: str) -> None:
        with os.scandir(folder) as found:
            items = sorted((e.name, e) for e in found)
        folders = []
        for name, entry in items:
            if entry.is_dir(follow_symlinks=False):  # as os.walk: a linked folder is not entered
                if name != "__pycache__":
                    folders.append((name, entry.path))
            elif name.endswith(".py"):
                info = entry.stat()
                entries.append(f"{relative}{name}:{info.st_size}:{info.st_mtime_ns}")
        for name, path in folders:
            walk(path, f"{relative}{name}{os.sep}")

    walk(package, "")
    return entries


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


class Cache:
    """Results of earlier runs, for one folder (the working directory), in three places under
    `.reportlint_cache/<version>/`:

    - `index.json`, the pack's index: each file's size, mtime and inode with the digest of its
      bytes, so that an unchanged file is not even read again; and each result's file, settings,
      counts by severity, error, and where its findings lie in the payload file.
    - `payloads-<id>.bin` (named by the index): every result, one JSON after another. A warm run
      over 2,000 files reads these two files, not 2,000, and decodes a result's findings only
      when the output shows them (a summary or an exit status needs the counts alone).
    - `journal.jsonl`: what later runs added, a line each, appended; folded into the pack (and the
      pack pruned) when it would grow past a quarter of the pack or 256 KB (journal_room). A run
      that changed one file appends one line instead of rewriting the pack; one that checked
      hundreds folds them in.
    - `outlines/`: each result's outline (large: every item's text), read only for JSON output.
    - `signatures/`: each result's paragraph signatures when copies were looked for (D101).

    Pruned when folding: results not used for PRUNE_DAYS; those of a file whose content has since
    changed; a file's results under other settings (another --select) unused since yesterday. Two
    runs writing at once lose at most each other's new lines: misses later, never wrong results.
    """

    PRUNE_DAYS = 30

    def __init__(self, root: Path, need_outline: bool = True) -> None:
        self.root = str(root / CACHE_DIR / __version__)
        self.pack = os.path.join(self.root, "index.json")
        self.journal = os.path.join(self.root, "journal.jsonl")
        self.need_outline = need_outline
        self.hits = 0
        self.today = int(time.time() // 86400)
        self._files: dict[str, list[Any]] = {}  # absolute path → [size, mtime_ns, inode, digest, day]
        # key → [absolute path, day, result, settings]; the result a dict (this run's, the
        # journal's) or, from the pack, [offset, length, counts, error, signature] in self._payloads
        self._results: dict[str, list[Any]] = {}
        self._payloads: Any = b""  # the pack's payload file, mapped (never parsed whole)
        self._checked: set[str] = set()  # keys whose entries have been found well-formed
        self._payloads_name = ""
        self._where: dict[str, str] = {}  # path as given → absolute path
        self._folders: dict[str, str] = {}  # folder as given → absolute folder
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
                raw = orjson.loads(handle.read())
            name = raw["payloads"]
            if not isinstance(name, str) or os.sep in name or not name.startswith("payloads-"):
                raise ValueError(name)
            payloads = _mapped(os.path.join(self.root, name))  # now: a later fold may remove the file
            # The index records the payload file's length and checksum: any other is not the one
            # its offsets point into (cut short, or replaced by a concurrent run).
            if [len(payloads), zlib.crc32(payloads)] != raw["check"]:
                raise ValueError("payload file does not match the index")
            self._payloads, self._payloads_name = payloads, name
            self._pack_size = len(payloads)
            # Both tables are checked entry by entry when used (_content_digest, _usable), not here:
            # a warm run over 2,000 files spent 2.5 ms checking every file entry before its first
            # look-up, and a pack may hold more than a run reads.
            self._files = raw["files"] if isinstance(raw["files"], dict) else {}
            self._results = raw["results"] if isinstance(raw["results"], dict) else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self._files, self._results = {}, {}  # none yet, or damaged: start again
        try:
            with open(self.journal, "rb") as handle:
                journal = handle.read()
        except OSError:
            journal = b""
        self._journal_size = len(journal)
        # A line is [kind, key, *entry]: "f" a file's stat and digest, "r" a result. The lines are
        # parsed as one array (a run after a fresh checkout may have appended thousands); only
        # when one is damaged (cut short by a crash or a concurrent run) line by line.
        lines = journal.splitlines()
        try:
            records = orjson.loads(b"[" + b",".join(line for line in lines if line.strip()) + b"]")
        except ValueError:
            records = []
            for line in lines:
                try:
                    records.append(orjson.loads(line))
                except ValueError:
                    continue
        kinds = {"f": (self._files, _is_file_entry), "r": (self._results, _is_result_entry)}
        for record in records:
            if (
                not isinstance(record, list)
                or len(record) < 2
                or not isinstance(record[0], str)
                or record[0] not in kinds
            ):
                continue
            table, valid = kinds[record[0]]
            if isinstance(record[1], str) and valid(record[2:]) and (record[0] == "f" or is_hexdigest(record[1])):
                table[record[1]] = record[2:]
                if record[0] == "r":
                    self._checked.add(record[1])

    def _absolute(self, path: str) -> str:
        where = self._where.get(path)
        if where is None:
            # One abspath per folder: normalising 2,000 paths costs more than the rest of a hit.
            # On POSIX, os.path.split and join written out: they cost five times the rest (6 ms
            # of a warm run over 2,000 files).
            if os.altsep is None:
                cut = path.rfind(os.sep) + 1
                folder, name = path[:cut].rstrip(os.sep) or path[:cut], path[cut:]
            else:
                folder, name = os.path.split(path)
            base = self._folders.get(folder)
            if base is None:
                base = self._folders[folder] = os.path.abspath(folder or ".")
            if name in ("", ".", ".."):
                where = os.path.abspath(path)
            elif os.altsep is None:
                where = (base if base.endswith(os.sep) else base + os.sep) + name
            else:
                where = os.path.join(base, name)
            self._where[path] = where
        return where

    def _outline(self, key: str) -> str:
        return os.path.join(self.root, "outlines", key[:2], key + ".json")

    def _signature(self, key: str) -> str:
        return os.path.join(self.root, "signatures", key[:2], key + ".bin")

    def key(self, task: Task, settings_digest: str) -> str | None:
        """The key of ``task``'s result under these settings; None when the file is unreadable."""
        try:
            digest = hexdigest(task.data) if task.data is not None else self._content_digest(task.path)
        except OSError:
            return None  # unreadable: let the reader say why
        # The two digests side by side, 128 bits of each: a key is a name, and hashing them again
        # cost a warm run 2 ms over 2,000 files.
        return digest[:32] + settings_digest[:32]

    def lookup(self, task: Task, settings_digest: str) -> tuple[str | None, bool]:
        """(the key, whether the index names a result under it): the question a warm run asks
        of every file. An entry is checked when ``get`` reads it; one found malformed then is a
        miss, which the caller checks after the others."""
        key = self.key(task, settings_digest)
        if key is None:
            return None, False
        if not self._loaded:  # a task that brings its bytes (standard input, a .zip's member) reads no stat entry
            self._load()
        return key, key in self._results

    def _content_digest(self, path: str) -> str:
        if not self._loaded:
            self._load()
        where = self._where.get(path) or self._absolute(path)
        stat = os.stat(where)
        known = self._files.get(where)
        # Compared field by field, not as lists, and checked here rather than on loading: a warm
        # run asks this of every file. (The digest becomes a key, and a key a file name: only
        # 64 hexadecimal digits will do.)
        if (
            type(known) is list
            and len(known) == 5
            and known[0] == stat.st_size
            and known[1] == stat.st_mtime_ns
            and known[2] == stat.st_ino
            and is_hexdigest(digest := known[3])
        ):
            return digest  # type: ignore[no-any-return]
        with open(where, "rb") as handle:
            digest = hexdigest(handle.read())
        if time.time_ns() - stat.st_mtime_ns > RACY_NS and _storable(where):
            entry = [stat.st_size, stat.st_mtime_ns, stat.st_ino, digest, self.today]
            self._files[where] = entry
            self._new.append(["f", where, *entry])
        return digest

    def holds(self, key: str) -> bool:
        """Whether a result is stored under ``key`` (``get`` may still find it unusable)."""
        self._load()
        return self._usable(key) is not None

    def _usable(self, key: str) -> list[Any] | None:
        """The entry under ``key``, if it has the shape of one (a damaged or foreign one is dropped)."""
        if key in self._checked:  # this run's and the journal's are checked already
            return self._results.get(key)
        entry = self._results.get(key)
        # The key too: it names the result's outline and signature files, which a fold removes
        # (a planted index must not name a file elsewhere); and a null entry is no entry.
        if entry is not None and is_hexdigest(key) and _is_packed_entry(entry, len(self._payloads)):
            self._checked.add(key)
            return entry
        self._results.pop(key, None)
        return None

    def get(self, key: str, path: str) -> FileResult | None:
        self._load()
        entry = self._usable(key)
        if entry is None:
            return None
        try:
            stored = entry[2]
            outline = None
            if self.need_outline and (stored.get("error") if isinstance(stored, dict) else stored[3]) is None:
                with open(self._outline(key), "rb") as handle:
                    outline = orjson.loads(handle.read())
            if isinstance(stored, dict):  # this run's, or the journal's
                result = FileResult.from_cache(path, stored, outline)
                signature = stored.get("signature")
            else:  # the pack's: decoded when its findings are first asked for
                offset, length, counts, error, signature = stored
                data = memoryview(self._payloads)[offset : offset + length]
                result = FileResult.stored(path, tuple(error) if error else None, outline, Stored(data, counts))
            if signature:  # stored with it: copies were looked for under these settings
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
        where, settings = self._absolute(result.path), key[32:48]  # its settings' digest (short)
        entry = [where, self.today, result.to_cache(), settings]
        self._results[key] = entry
        self._checked.add(key)
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
            if self._pack_size and self._journal_size + len(lines) < journal_room(self._pack_size):
                with open(self.journal, "ab") as handle:
                    handle.write(lines)  # one write: lines of concurrent runs do not interleave
            else:
                self._fold()
        except OSError:
            pass  # a read-only folder: run without a cache
        self._new = []

    def _fold(self) -> None:
        for key in list(self._results):
            self._usable(key)  # a malformed entry is dropped, not written again
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
        files = {where: entry for where, entry in self._files.items() if _is_file_entry(entry) and entry[4] >= oldest}
        # The payloads first, under a new name, then the index that names them: a reader sees the
        # old pair or the new one, never an index over another run's payloads.
        pieces: list[bytes] = []
        index: dict[str, list[Any]] = {}
        offset = 0
        for key, (where, day, stored, settings) in self._results.items():
            if isinstance(stored, dict):
                data = orjson.dumps(stored)
                error, signature = stored.get("error"), bool(stored.get("signature"))
                counts = Stored.counts_of(stored)
            else:
                start, length, counts, error, signature = stored
                data = self._payloads[start : start + length]
            pieces.append(data)
            index[key] = [where, day, [offset, len(data), counts, error, signature], settings]
            offset += len(data)
        payloads = b"".join(pieces)
        name = f"payloads-{os.urandom(8).hex()}.bin"
        _write_bytes(os.path.join(self.root, name), payloads)
        _write_json(self.pack, {"files": files, "results": index, "payloads": name,
                                "check": [len(payloads), zlib.crc32(payloads)]})  # fmt: skip
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.journal)
        self._remove_other_payloads(keep=name)

    def _remove_other_payloads(self, keep: str) -> None:
        """The payload files no index names: the one this run replaced, and those of runs that
        stopped between writing their payloads and their index (an hour old: a concurrent run
        may be about to name its own)."""
        now = time.time()
        with contextlib.suppress(OSError), os.scandir(self.root) as entries:
            for entry in entries:
                if entry.name.startswith("payloads-") and entry.name != keep:
                    with contextlib.suppress(OSError):
                        if entry.name == self._payloads_name or now - entry.stat().st_mtime > 3600:
                            os.remove(entry.path)


# The journal's largest size: every run parses it whole, and whole results (not an index's
# entries), so a journal that held a cold run's 2,000 results (a changed configuration on a
# large repository: 3.4 MB) cost each warm run after it 60–90 ms. 256 KB parse in 2 ms.
JOURNAL_MAX = 256 * 1024


def journal_room(pack_size: int) -> int:
    """How large the journal may grow before the next run folds it into the pack: a quarter of
    the pack (a fold rewrites it), at least 64 KB, at most JOURNAL_MAX."""
    return min(max(pack_size // 4, 65536), JOURNAL_MAX)


def _mapped(path: str) -> Any:
    """The file's bytes, mapped read-only rather than read: a warm run reads a few of the
    thousands of results in it (the summary needs the counts the index keeps), so copying the
    whole file cost more than looking at it (1 ms of 2,000 files' 2.5 MB). The mapping outlives
    the file's removal by a later fold."""
    import mmap

    with open(path, "rb") as handle:
        try:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file cannot be mapped
            return b""


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
    """[size, mtime_ns, inode, digest (hex), day]"""
    if type(value) is not list or len(value) != 5:
        return False
    size, mtime, inode, digest, day = value
    return type(size) is int and type(mtime) is int and type(inode) is int and type(day) is int and is_hexdigest(digest)


def _is_packed_entry(value: Any, size: int) -> bool:
    """[absolute path, day, [offset, length, [errors, warnings, infos], error, signature], settings]
    within a payload file of ``size`` bytes. (Exact types, as JSON gives them, and unpacking in
    place of len(): a warm run asks this of every file.)"""
    if type(value) is not list or len(value) != 4:
        return False
    where, day, stored, settings = value
    if type(stored) is not list or len(stored) != 5:
        return False
    offset, length, counts, error, signature = stored
    if type(counts) is not list or len(counts) != 3:
        return False
    errors, warnings, infos = counts
    return (type(where) is str and type(day) is int and type(settings) is str and type(offset) is int
            and type(length) is int and offset >= 0 and length > 0 and offset + length <= size
            and type(errors) is int and type(warnings) is int and type(infos) is int and type(signature) is bool
            and (error is None or (type(error) is list and len(error) == 2 and type(error[0]) is str
                                   and type(error[1]) is str)))  # fmt: skip


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
    _write_bytes(target, orjson.dumps(payload, default=plain))  # an outline's long lists are Pieces


def _write_bytes(target: str, data: bytes) -> None:
    temporary = f"{target}.{os.getpid()}.tmp"
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.replace(temporary, target)  # atomic: a parallel run never reads half a file


