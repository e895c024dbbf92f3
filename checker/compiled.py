"""Start-up's compiled code kept between runs, as Python keeps a module's bytecode in .pyc files.

Importing the checker makes about 80 dataclasses and 100 regular expressions. On Python 3.11
both are compiled from text at every start, and their compilers are written in Python: each
dataclass execs the source of its ``__init__``, ``__eq__``, ``__repr__``, ``__hash__`` … one
function at a time (40 ms in all), and each pattern is parsed and turned into the regex engine's
code by re's compiler (25 ms; a class such as [一-鿿] is expanded character by character). That
is a third of a one-file check's start. Both results are plain data: a code object, and the list
of integers the C engine takes. So the command line keeps them in one marshal file in the user's
cache, named by the exact Python build, and a later start only executes them.

Nothing else changes: a dataclass's methods come from the same source text (the cache is keyed
by it), and a pattern from the same engine code (keyed by the pattern and its flags). Only the
command line's processes use the cache (``install`` in checker/main.py and in the forked worker);
the library and the tests compile as Python does. On a Python whose compilers differ from these,
``install`` does nothing."""

from __future__ import annotations

import builtins
import contextlib
import marshal
import os
import sys
from typing import Any

MAX_ENTRIES = 4096  # of each kind: patterns built from a configuration's words can be many
# The file's layout, part of its name: a release that keeps its entries otherwise writes another
# file, never one an older release (sharing the user cache: a pre-commit environment beside a
# virtualenv) would read and misunderstand. 3: an index of the entries by a hash of their keys,
# then each entry marshalled on its own with its key; the file is mapped, not read.
LAYOUT = 3
_MAGIC = b"RLCODE03"  # then the index's length (8 bytes, little-endian), the index, the entries
TABLES = ("functions", "patterns")

# "file"; "map", the mapped entries; "index", each table's {hash: (offset, length)}; "functions"
# and "patterns", the entries this process used or made; "new" once installed
_state: dict[str, Any] = {}


def install() -> None:
    """Use and fill the cache in this process, from now on (call it before the checker is imported)."""
    if _state or sys.implementation.name != "cpython" or not (3, 11) <= sys.version_info[:2] <= (3, 12):
        return  # 3.13 compiles a dataclass in one exec; re's compiler module is re._compiler from 3.11
    import dataclasses
    import re

    compiler = getattr(re, "_compiler", None)
    if compiler is None or not all(hasattr(compiler, name) for name in ("compile", "_code", "_parser", "_sre")):
        return
    path = _path()
    if path is None:
        return
    # Only the index is read: an entry is unmarshalled from the mapped file when first used (of
    # 700 entries and 800 KB, a start uses a part; reading and unmarshalling the whole file cost
    # each process 2 ms).
    mapped, index = _open(path)
    _state.update(file=path, map=mapped, index=index, functions={}, patterns={}, new=False)
    # dataclasses calls the built-in exec through its module's globals: a name there comes first.
    dataclasses.exec = _exec_cached  # type: ignore[attr-defined]
    _state["compile"] = compiler.compile
    compiler.compile = _compile_cached


def _open(path: str) -> tuple[Any, dict[str, dict[int, tuple[int, int]]]]:
    """The file's entries, mapped, and its index; (None, empty tables) when there is none yet or
    it is damaged (then everything is compiled as usual, and the file written again)."""
    empty: dict[str, dict[int, tuple[int, int]]] = {name: {} for name in TABLES}
    try:
        import mmap

        with open(path, "rb") as handle:
            mapped = memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
        if bytes(mapped[:8]) != _MAGIC:
            return None, empty
        size = int.from_bytes(mapped[8:16], "little")
        index = marshal.loads(mapped[16 : 16 + size])
        if not (type(index) is dict and all(type(index.get(name)) is dict for name in TABLES)):
            return None, empty
        return mapped[16 + size :], index
    except (OSError, ValueError, EOFError, TypeError):  # none yet (or empty), or damaged
        return None, empty


def _hash(key: Any) -> int:
    """A table's index key: the CRC of the entry's key, with its length (an entry also keeps its
    whole key, compared when it is read: two keys of one hash make a miss, never a wrong entry)."""
    import zlib

    if type(key) is str:  # a function's source
        data = key.encode("utf-8", "surrogatepass")
    else:  # a pattern: (its type's name, the pattern, the flags); marshal's bytes are not canonical
        kind, pattern, flags = key
        text = pattern.encode("utf-8", "surrogatepass") if type(pattern) is str else bytes(pattern)
        data = f"{kind}\0{flags}\0".encode() + text
    return (len(data) << 32) | zlib.crc32(data)


def save() -> None:
    """Write what this process compiled that the file lacked (merged with what another process may
    have written meanwhile); nothing when there is nothing new."""
    if not _state.get("new"):
        return
    path = _state["file"]
    tables = stored_entries(path)
    for name in TABLES:
        for key, value in _state[name].items():  # checked or compiled here: in place of a damaged one
            if key in tables[name] or len(tables[name]) < MAX_ENTRIES:
                tables[name][key] = marshal.dumps((key, value))
    _state["new"] = False
    from pathlib import Path

    from checker.paths import prune_snapshots

    target = Path(path)
    with contextlib.suppress(OSError):  # when writing, not on every start: other Pythons' files, four kept
        prune_snapshots(target.parent, "compiled-", target.name[len("compiled-") :].split(".", 1)[0])
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        data = _layout(tables)
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except (OSError, ValueError):  # a read-only cache folder (compile every time), a full disk
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def stored_entries(path: str) -> dict[str, dict[Any, bytes]]:
    """Every readable entry of the file: each table's {key: the entry as stored}."""
    mapped, index = _open(path)
    tables: dict[str, dict[Any, bytes]] = {name: {} for name in TABLES}
    if mapped is None:
        return tables
    for name in TABLES:
        for offset, length in index[name].values():
            with contextlib.suppress(EOFError, ValueError, TypeError):
                record = bytes(mapped[offset : offset + length])
                key, _ = marshal.loads(record)
                tables[name][key] = record
    return tables


def _layout(tables: dict[str, dict[Any, bytes]]) -> bytes:
    """The file: the index of every entry (by the hash of its key), then the entries."""
    index: dict[str, dict[int, tuple[int, int]]] = {name: {} for name in TABLES}
    records: list[bytes] = []
    offset = 0
    for name in TABLES:
        for key, record in tables[name].items():
            hashed = _hash(key)
            if hashed in index[name]:
                continue  # two keys of one hash (a CRC and a length alike): the second is compiled when used
            index[name][hashed] = (offset, len(record))
            records.append(record)
            offset += len(record)
    head = marshal.dumps(index)
    return b"".join([_MAGIC, len(head).to_bytes(8, "little"), head, *records])


def _path() -> str | None:
    from checker.paths import user_cache_dir

    folder = user_cache_dir()
    if folder is None:
        return None
    import zlib  # not hashlib: loading OpenSSL costs 5 ms

    engine = sys.modules["_sre"].MAGIC  # the regex engine's code version (re, imported, imported _sre)
    build = f"{sys.version}\0{sys.implementation.cache_tag}\0{engine}\0{LAYOUT}"
    key = f"{zlib.crc32(build.encode()):08x}"
    return str(folder / f"compiled-{key}.marshal")


def _entry(name: str, key: Any) -> Any:
    """The entry of table ``name`` under ``key``: this process's, or the file's, unmarshalled on
    first use (and kept so); None when there is none, or when it is not what an entry of its table
    must be (damaged, or written by another layout): then it is compiled again, and written again."""
    table = _state[name]
    value = table.get(key)
    if value is not None:
        return value
    where = _state["index"][name].get(_hash(key))
    mapped = _state["map"]
    if where is None or mapped is None:
        return None
    try:
        offset, length = where
        stored_key, value = marshal.loads(mapped[offset : offset + length])
    except (EOFError, ValueError, TypeError):
        stored_key = value = None
    if stored_key != key:
        return None  # another key of the same hash: compiled here and stored in its place
    if not (_is_code(value) if name == "functions" else _is_pattern(value)):
        _state["new"] = True  # damaged: written again
        return None
    table[key] = value
    return value


def _is_code(value: Any) -> bool:
    return type(value) is type(_is_code.__code__)


def _is_pattern(value: Any) -> bool:
    """(flags, the engine's code as ints, groups, group index, index group): what _compile_cached stores."""
    return (type(value) is tuple and len(value) == 5 and type(value[0]) is int and type(value[1]) is list
            and type(value[2]) is int and type(value[3]) is dict and type(value[4]) is tuple)  # fmt: skip


def _exec_cached(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """exec, with a dataclass's generated source compiled once per Python build."""
    if isinstance(source, str):
        code = _entry("functions", source)
        if code is None:
            code = compile(source, "<string>", "exec")  # what exec(source) compiles
            _state["functions"][source] = code
            _state["new"] = True
        source = code
    builtins.exec(source, globals, locals)


def _compile_cached(pattern: Any, flags: int = 0) -> Any:
    """re._compiler.compile, with the engine's code for a pattern kept per Python build."""
    import re

    compiler = re._compiler  # type: ignore[attr-defined]
    if not isinstance(pattern, (str, bytes)) or flags & re.DEBUG:
        return _state["compile"](pattern, flags)
    key = (type(pattern).__name__, pattern, int(flags))
    entry = _entry("patterns", key)
    if entry is None:
        # re._compiler.compile's own steps (3.11, 3.12), keeping what it hands the engine.
        parsed = compiler._parser.parse(pattern, flags)
        code = compiler._code(parsed, flags)
        indexgroup = [None] * parsed.state.groups
        for name, index in parsed.state.groupdict.items():
            indexgroup[index] = name
        # Plain ints: the compiler's opcodes and flags are int subclasses, which marshal cannot keep.
        entry = (int(flags | parsed.state.flags), [int(op) for op in code], parsed.state.groups - 1,
                 dict(parsed.state.groupdict), tuple(indexgroup))  # fmt: skip
        _state["patterns"][key] = entry
        _state["new"] = True
    final_flags, code, groups, groupindex, indexgroup = entry
    return compiler._sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
