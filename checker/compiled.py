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
# virtualenv) would read and misunderstand. 2: each entry marshalled on its own.
LAYOUT = 2

_state: dict[str, Any] = {}  # "file", "functions", "patterns", "new" once installed


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
    # Entries stay marshalled (bytes) until used: see _entry.
    functions: dict[str, Any] = {}
    patterns: dict[tuple[str, str | bytes, int], Any] = {}
    try:
        with open(path, "rb") as handle:
            stored = marshal.loads(handle.read())  # not marshal.load(handle): it reads in small pieces, 20× slower
        functions, patterns = stored["functions"], stored["patterns"]
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        pass  # none yet, or damaged: compile as usual and write it again
    _state.update(file=path, functions=functions, patterns=patterns, new=False)
    # dataclasses calls the built-in exec through its module's globals: a name there comes first.
    dataclasses.exec = _exec_cached  # type: ignore[attr-defined]
    _state["compile"] = compiler.compile
    compiler.compile = _compile_cached


def save() -> None:
    """Write what this process compiled that the file lacked (merged with what another process may
    have written meanwhile); nothing when there is nothing new."""
    if not _state.get("new"):
        return
    path = _state["file"]
    functions = {key: _stored(value) for key, value in _state["functions"].items()}
    patterns = {key: _stored(value) for key, value in _state["patterns"].items()}
    try:
        with open(path, "rb") as handle:
            stored = marshal.loads(handle.read())  # not marshal.load(handle): it reads in small pieces, 20× slower
        functions = {**stored["functions"], **functions}
        patterns = {**stored["patterns"], **patterns}
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        pass
    _state["new"] = False
    from pathlib import Path

    from checker.paths import prune_snapshots

    target = Path(path)
    with contextlib.suppress(OSError):  # when writing, not on every start: other Pythons' files, four kept
        prune_snapshots(target.parent, "compiled-", target.name[len("compiled-") :].split(".", 1)[0])
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        data = marshal.dumps({"functions": functions, "patterns": patterns})
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except (OSError, ValueError):  # a read-only cache folder (compile every time), a full disk
        with contextlib.suppress(OSError):
            os.unlink(temporary)


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


def _entry(table: dict[Any, Any], key: Any) -> Any:
    """The entry under ``key``, unmarshalled on first use (and kept so); None when there is
    none, or when it is not what an entry of its table must be (damaged, or written by another
    layout): then it is compiled again, and written again."""
    value = table.get(key)
    if type(value) is bytes:
        try:
            value = table[key] = marshal.loads(value)
        except (EOFError, ValueError, TypeError):
            value = None
    if value is not None and not (_is_code(value) if table is _state["functions"] else _is_pattern(value)):
        value = None
    if value is None and key in table:
        del table[key]
        _state["new"] = True
    return value


def _is_code(value: Any) -> bool:
    return type(value) is type(_is_code.__code__)


def _is_pattern(value: Any) -> bool:
    """(flags, the engine's code as ints, groups, group index, index group): what _compile_cached stores."""
    return (type(value) is tuple and len(value) == 5 and type(value[0]) is int and type(value[1]) is list
            and type(value[2]) is int and type(value[3]) is dict and type(value[4]) is tuple)  # fmt: skip


def _stored(value: Any) -> bytes:
    """An entry as the file keeps it: marshalled on its own."""
    return value if type(value) is bytes else marshal.dumps(value)


def _exec_cached(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """exec, with a dataclass's generated source compiled once per Python build."""
    if isinstance(source, str):
        functions = _state["functions"]
        code = _entry(functions, source)
        if code is None:
            code = compile(source, "<string>", "exec")  # what exec(source) compiles
            if len(functions) < MAX_ENTRIES:
                functions[source] = code
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
    entry = _entry(_state["patterns"], key)
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
        if len(_state["patterns"]) < MAX_ENTRIES:
            _state["patterns"][key] = entry
            _state["new"] = True
    final_flags, code, groups, groupindex, indexgroup = entry
    return compiler._sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
