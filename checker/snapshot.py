"""Built data kept between runs. Loading the six built-in templates from TOML, validating them
and building the term automata costs more than checking one report; a pickle of the result
costs a millisecond. The pickles live in the user's own cache folder (private, like Lark's
grammar cache: never the working tree, where a checked-out repository could plant one, nor a
shared /tmp), named by reportlint's version and the bytes of every file under rules/, so an
edited template or list is rebuilt."""

from __future__ import annotations

import contextlib
import os
import pickle
from array import array
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from checker import __version__
from checker.digest import RACY_NS, hasher, is_hexdigest
from checker.paths import data_dir, prune_snapshots, user_cache_dir

T = TypeVar("T")


# The modules (and packages) whose classes the snapshots pickle: a changed class must not meet an
# old pickle.
_PICKLED_FROM = ("template.py", "terms.py", "checklists.py", "settings.py", "substance", "typos", "profile.py",
                 "align/lexicon.py", "snapshot.py", "text/traditional.py")  # fmt: skip


@cache
def rules_digest() -> str:
    """A digest of every built-in rules file (templates, check-lists, terms, words, lexicon) and
    of the modules that define what the snapshots hold: of their bytes, remembered in the user's
    cache folder under the files' names, sizes, times and inodes (``remembered``), so that a run
    whose rules files are as they were reads none of them (1.5 ms of both processes' start)."""
    here = os.path.dirname(os.path.abspath(__file__))
    rules = str(data_dir("rules"))
    files = [(rules, relative) for relative in _under(rules, ".toml")]
    for name in _PICKLED_FROM:
        path = os.path.join(here, name)
        # the single-file program carries compiled modules only: its version says it all
        found = _under(here, ".py", name) if os.path.isdir(path) else [name] if os.path.isfile(path) else []
        files += [(here, relative) for relative in found]
    return remembered("rules-digest", files, lambda: _bytes_digest(files))


def _bytes_digest(files: list[tuple[str, str]]) -> str:
    digest = hasher(__version__.encode())
    for base, relative in files:
        with open(os.path.join(base, relative), "rb") as handle:
            digest.update(relative.encode() + b"\0" + handle.read() + b"\0")
    return digest.hexdigest()


def remembered(note: str, files: list[tuple[str, str]], compute: Callable[[], str]) -> str:
    """``compute()``, a digest of these files' bytes, or the one remembered for them as they
    are: one line, `<digest of every file's name, size, time and inode> <digest>`, in the file
    ``note`` of the user's cache folder (another installation's files overwrite it: one read of
    them each). Trusted as git trusts its index: a file changed since has another size, time or
    change time; and nothing is remembered while a file is younger than RACY_NS, when a change
    within the same tick of its time could keep both."""
    import time

    newest = 0
    state = hasher(__version__.encode())
    for base, relative in files:
        path = os.path.join(base, relative)
        info = os.stat(path)
        # ctime as well: a copy that keeps the size and sets the time back (cp -p, rsync -t, a
        # reproducible build's fixed times) still changes it (on Windows, the creation time)
        newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
        state.update(os.fsencode(path))  # a folder's name need not be UTF-8
        state.update(f"\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}\0".encode())
    signature = state.hexdigest()
    folder = None if os.environ.get("REPORTLINT_NO_SNAPSHOT") else user_cache_dir()
    memo = None if folder is None else folder / note
    if memo is not None:
        try:
            with open(memo, "rb") as handle:
                known, _, value = handle.read().decode("ascii").partition(" ")
            if known == signature and is_hexdigest(value):
                return value
        except (OSError, UnicodeDecodeError):
            pass
    value = compute()
    if memo is not None and time.time_ns() - newest > RACY_NS:
        with contextlib.suppress(OSError):  # a read-only cache folder: the files are read each time
            _write(memo, f"{signature} {value}".encode("ascii"))
    return value


def _under(root: str, suffix: str, folder: str = "") -> list[str]:
    """The files ending in ``suffix`` under root/folder, relative to root, in pathlib's order
    (part by part): os.scandir, not Path.rglob, which cost every process's start 0.5 ms."""
    found: list[str] = []

    def walk(relative: str) -> None:
        with os.scandir(os.path.join(root, relative)) as entries:
            for entry in entries:
                inside = os.path.join(relative, entry.name) if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    walk(inside)
                elif entry.name.endswith(suffix):
                    found.append(inside)

    walk(folder)
    return sorted(found, key=lambda path: path.split(os.sep))


class MappedArray(array):  # type: ignore[type-arg]
    """An array.array of numbers that a snapshot keeps beside its pickle, not in it: loaded, it
    is a read-only memoryview (cast to the same type) of that file, mapped into memory. The
    typo finder's 3 MB bigram model then costs neither a read nor a copy (6 ms of a warm run's
    worker before its one check), and the workers of a batch share its pages. Pickled anywhere
    else (a worker's answer, a copy), it goes whole, in the pickle, as protocol 5 does it."""

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        if protocol < 5:
            return (_as_view, (self.typecode, self.tobytes()))
        return (_as_view, (self.typecode, pickle.PickleBuffer(self)))


def _as_view(typecode: Any, buffer: Any) -> Any:
    """The numbers as a memoryview of their type (read-only when the buffer is the mapped file)."""
    return memoryview(buffer).cast(typecode)


_MAGIC = b"RLSNAP02"  # then 16 bytes, the token of the .buffers file (zeros: none), then the pickle
_BUFFERS_MAGIC = b"RLBUF002"  # then the token, the number of buffers, each one's length, the buffers


def load_or_build(name: str, build: Callable[[], T]) -> T:
    """``build()``'s value, from the snapshot when one for these rules files exists. A snapshot
    is a pickle and, when the value holds MappedArrays, a `.buffers` file beside it with their
    numbers; both name one random token, so that a pair written by two runs never mixes."""
    folder = user_cache_dir()
    if folder is None or os.environ.get("REPORTLINT_NO_SNAPSHOT"):
        return build()
    target = folder / f"{name}-{rules_digest()[:20]}.pickle"
    try:
        return _load(target)  # type: ignore[no-any-return]
    except FileNotFoundError:
        pass
    except Exception:  # damaged, or pickled by an incompatible library version: rebuild
        pass
    value = build()
    try:
        prune_snapshots(folder, f"{name}-", target.stem[len(name) + 1 :])  # earlier rules files, other installs
        _save(target, value)
    except OSError:
        pass  # a read-only cache folder: build every time
    return value


def _load(target: Path) -> Any:
    with open(target, "rb") as handle:
        data = handle.read()
    if data[:8] != _MAGIC:
        raise ValueError("not a snapshot of this layout")
    token = data[8:24]
    views: list[memoryview] = []
    if token != bytes(16):
        import mmap

        with open(target.with_suffix(".buffers"), "rb") as handle:
            mapped = memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
        if bytes(mapped[:8]) != _BUFFERS_MAGIC or bytes(mapped[8:24]) != token:
            raise ValueError("the buffers of another snapshot")
        count = int.from_bytes(mapped[24:32], "little")
        offset = _aligned(32 + 8 * count)
        for i in range(count):
            length = int.from_bytes(mapped[32 + 8 * i : 40 + 8 * i], "little")
            if offset + length > len(mapped):
                raise ValueError("a buffers file cut short")
            views.append(mapped[offset : offset + length])
            offset = _aligned(offset + length)
    return pickle.loads(memoryview(data)[24:], buffers=views)


def _save(target: Path, value: Any) -> None:
    buffers: list[pickle.PickleBuffer] = []
    data = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    token = bytes(16)
    if buffers:
        token = os.urandom(16)
        raws = [bytes(b.raw()) for b in buffers]
        pieces = [_BUFFERS_MAGIC, token, len(raws).to_bytes(8, "little"), *(len(r).to_bytes(8, "little") for r in raws)]
        offset = 32 + 8 * len(raws)
        for raw in raws:
            pieces.append(bytes(_aligned(offset) - offset))  # each buffer 8-byte aligned: cast as its numbers
            pieces.append(raw)
            offset = _aligned(offset) + len(raw)
        _write(target.with_suffix(".buffers"), b"".join(pieces))  # first: the pickle names it
    _write(target, _MAGIC + token + data)


def _aligned(offset: int) -> int:
    return (offset + 7) // 8 * 8


def _write(target: Path, data: bytes) -> None:
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
        handle.write(data)
    os.replace(temporary, target)
