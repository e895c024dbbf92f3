"""Start-up's compiled code kept between runs, as Python keeps a module's bytecode in .pyc files.

Importing the checker makes about 80 dataclasses and 100 regular expressions. On Python 3.11
both are compiled from text at every start, and their compilers are written in Python: each
dataclass execs the source of its ``__init__``, ``__eq__``, ``__repr__``, ``__hash__`` … one
function at a time (40 ms in all), and each pattern is parsed and turned into the regex engine's
code by re's compiler (25 ms; a class such as [一-鿿] is expanded character by character). That
is a third of a one-file check's start. Both results are plain data: a code object, and the list
of integers the C engine takes. So the command line keeps them in one marshal file in the user's
cache, named by the exact Python build, and a later start only executes them.

The modules themselves come from the same file (``_Modules``): each one's code object, keyed by
its name and checked against its source file's size and time, as its .pyc would be. A start then
skips the import system's search of every folder on the path and the read of 200 .pyc files
(5–6 ms of each process). The file is mapped and only its index read: a start unmarshals the
entries it uses.

Nothing else changes: a dataclass's methods come from the same source text (the cache is keyed
by it), a pattern from the same engine code (keyed by the pattern and its flags), and a module
from the source file Python's own search would find (``_Modules.find_spec``). Only the
command line's processes use the cache (``install`` in checker/main.py and in the forked worker);
the library and the tests compile as Python does. On a Python whose compilers differ from these,
``install`` does nothing."""

from __future__ import annotations

import builtins
import marshal
import os
import sys

from checker.folders import user_cache_folder as cache_folder

TYPE_CHECKING = False  # typing, contextlib and pathlib are imported once the modules' table is in use
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

MAX_ENTRIES = 4096  # of each kind: patterns built from a configuration's words can be many
# The file's layout, part of its name: a release that keeps its entries otherwise writes another
# file, never one an older release (sharing the user cache: a pre-commit environment beside a
# virtualenv) would read and misunderstand. 3: an index of the entries by a hash of their keys,
# then each entry marshalled on its own with its key; the file is mapped, not read.
LAYOUT = 3
_MAGIC = b"RLCODE03"  # then the index's length (8 bytes, little-endian), the index, the entries
TABLES = ("functions", "patterns", "modules")

# "file"; "map", the mapped entries; "index", each table's {hash: (offset, length)}; "functions",
# "patterns" and "modules", the entries this process used or made; "made", (table, key) of those
# it made; "missed", the modules the table did not give; "new" once installed
_state: dict[str, Any] = {}


def install() -> None:
    """Use and fill the cache in this process, from now on (call it before the checker is imported)."""
    if _state or sys.implementation.name != "cpython" or not (3, 11) <= sys.version_info[:2] <= (3, 12):
        return  # 3.13 compiles a dataclass in one exec; re's compiler module is re._compiler from 3.11
    path = _path()
    if path is None:
        return
    # Only the index is read: an entry is unmarshalled from the mapped file when first used (of
    # 1,000 entries and 5 MB, a start uses a part; reading and unmarshalling the whole file would
    # cost more than it saves).
    mapped, index = _open(path)
    _state.update(file=path, map=mapped, index=index, functions={}, patterns={}, modules={}, missed=set(), made=set(),
                  new=False)  # fmt: skip
    finders = sys.meta_path
    from importlib.machinery import PathFinder

    finders.insert(finders.index(PathFinder) if PathFinder in finders else len(finders), _Modules)
    import dataclasses
    import re

    compiler = getattr(re, "_compiler", None)
    if compiler is None or not all(hasattr(compiler, name) for name in ("compile", "_code", "_parser", "_sre")):
        return
    # dataclasses calls the built-in exec through its module's globals: a name there comes first.
    dataclasses.exec = _exec_cached  # type: ignore[attr-defined]
    _state["compile"] = compiler.compile
    compiler.compile = _compile_cached


class _Modules:
    """The modules' table as an import finder, placed before Python's own search of the path
    (importlib's PathFinder). It gives a module only where that search would find the same
    source file: under its parent package's folder, or, for a top-level module, under the first
    folder of sys.path that holds its name (a file of that name in a folder before it, such as
    the working folder, takes precedence, as it would for Python). The file must have the size
    and time it had when the code was stored. Anything else is left to Python, and stored when
    the process saves (``save``)."""

    @staticmethod
    def find_spec(name: str, path: Any = None, target: Any = None) -> Any:
        entry = _entry("modules", name)
        if entry is None or not _found_there(name, path, entry):
            _state["missed"].add(name)  # a set: a module looked for again and again (an optional one) once
            return None
        origin, package, _, _, code = entry
        from importlib.machinery import ModuleSpec

        spec = ModuleSpec(name, _Modules, origin=origin, loader_state=code, is_package=package)  # type: ignore[arg-type]
        spec.has_location = True
        if package:
            spec.submodule_search_locations = [os.path.dirname(origin)]
        return spec

    @staticmethod
    def create_module(spec: Any) -> None:
        return None  # the default module

    @staticmethod
    def exec_module(module: ModuleType) -> None:
        spec = module.__spec__
        assert spec is not None
        code, spec.loader_state = spec.loader_state, None
        exec(code if code is not None else _Modules.get_code(module.__name__), module.__dict__)

    @staticmethod
    def get_code(name: str) -> Any:
        """The module's code compiled from its source (runpy asks; a second exec_module too)."""
        origin = _origin(name)
        if origin is None:
            raise ImportError(f"no source for {name}", name=name)
        with open(origin, "rb") as handle:
            return compile(handle.read(), origin, "exec", dont_inherit=True)

    @staticmethod
    def invalidate_caches() -> None:
        """importlib.invalidate_caches(): the folders are listed again."""
        _LISTINGS.clear()

    @staticmethod
    def is_package(name: str) -> bool:
        module = sys.modules.get(name)
        return bool(module is not None and getattr(module, "__path__", None) is not None)

    @staticmethod
    def get_data(path: str) -> bytes:
        """A file beside the module (pkgutil.get_data)."""
        with open(path, "rb") as handle:
            return handle.read()

    @staticmethod
    def get_resource_reader(name: str) -> Any:
        """A package's files (importlib.resources), as Python's own loader gives them."""
        from importlib.readers import FileReader
        from types import SimpleNamespace

        return FileReader(SimpleNamespace(path=_origin(name)))  # type: ignore[arg-type]

    @staticmethod
    def get_source(name: str) -> str | None:
        """The module's source (tracebacks and inspect ask the loader when linecache cannot read it)."""
        origin = _origin(name)
        if origin is None:
            return None
        from importlib.util import decode_source

        with open(origin, "rb") as handle:
            return decode_source(handle.read())


def _origin(name: str) -> str | None:
    """A module's source file: its imported spec's, or its entry's (runpy asks before it imports)."""
    origin = getattr(getattr(sys.modules.get(name), "__spec__", None), "origin", None)
    if origin is None:
        entry = _entry("modules", name)
        origin = entry[0] if entry is not None else None
    return origin if isinstance(origin, str) else None


def _found_there(name: str, path: Any, entry: tuple[Any, ...]) -> bool:
    """Whether Python's own search, for ``name`` under ``path`` (its parent package's folders;
    None for a top-level module), finds the stored entry's source file, unchanged."""
    origin, package, mtime, size, _ = entry
    folder = os.path.dirname(os.path.dirname(origin) if package else origin)
    base = name.rpartition(".")[2]
    if path is not None:
        if not path or path[0] != folder:  # a package's modules are found in its first folder
            return False
    else:
        for place in sys.path:
            try:
                place = place or os.getcwd()
            except OSError:  # the working folder is gone: Python passes over it too
                continue
            if place == folder:
                break
            if _holds(place, base) is not False:
                return False  # something of that name comes first, or there may be
        else:
            return False  # its folder is no longer on the path
    if _beside(folder, base, package):
        return False
    try:
        stat = os.stat(origin)
    except OSError:
        return False
    return bool(stat.st_mtime_ns == mtime and stat.st_size == size)


_LISTINGS: dict[str, frozenset[str] | None] = {}  # a folder on sys.path → the names in it (None: no folder)


def _names(folder: str) -> frozenset[str] | None:
    """The names in ``folder``; None when it is a file (a zip on sys.path: another finder's)."""
    if folder not in _LISTINGS:
        try:
            _LISTINGS[folder] = frozenset(os.listdir(folder))
        except NotADirectoryError:
            _LISTINGS[folder] = None
        except OSError:
            _LISTINGS[folder] = frozenset()  # not there: it holds nothing
    return _LISTINGS[folder]


def _holds(folder: str, name: str) -> bool | None:
    """Whether ``folder`` holds a module or package called ``name`` (what PathFinder would find
    there); None when it cannot be told (a zip or other file on sys.path)."""
    names = _names(folder)
    if names is None:
        return None
    from importlib.machinery import all_suffixes

    suffixes = all_suffixes()  # .py, .pyc and the extension modules'
    if name in names and any(os.path.isfile(os.path.join(folder, name, "__init__" + s)) for s in suffixes):
        return True  # a package (a folder without __init__, a namespace, comes after any module)
    return any(name + suffix in names for suffix in suffixes)


def _beside(folder: str, name: str, package: bool) -> bool:
    """Whether something in the stored module's own folder comes before it in Python's search: a
    package of that name before a module, an extension module before its source (built in place)."""
    from importlib.machinery import EXTENSION_SUFFIXES

    if package:  # its own folder's names: its modules look there next
        inside = _names(os.path.join(folder, name)) or frozenset()
        return any("__init__" + s in inside for s in EXTENSION_SUFFIXES)
    names = _names(folder) or frozenset()
    if name in names and _holds(os.path.join(folder, name), "__init__"):
        return True
    return any(name + s in names for s in EXTENSION_SUFFIXES)


def _stored_module(name: str) -> tuple[Any, ...] | None:
    """(source file, package?, its time and size, the module's code) for a module Python loaded
    from a source file, as its table stores it; None for any other."""
    from importlib.machinery import SourceFileLoader

    module = sys.modules.get(name)
    spec = getattr(module, "__spec__", None)
    if spec is None or type(spec.loader) is not SourceFileLoader or not spec.has_location:
        return None
    origin = spec.origin
    if not isinstance(origin, str) or not origin.endswith(".py"):
        return None
    import time

    from checker.digest import RACY_NS

    try:
        stat = os.stat(origin)
        if time.time_ns() - stat.st_mtime_ns < RACY_NS:
            return None  # written this recently, it may change again within its time's tick
        code = spec.loader.get_code(name)
    except (OSError, ImportError, SyntaxError, ValueError):
        return None
    if code is None:
        return None
    return origin, spec.submodule_search_locations is not None, stat.st_mtime_ns, stat.st_size, code


def _open(path: str) -> tuple[Any, dict[str, dict[int, tuple[int, int]]]]:
    """The file's entries, mapped, and its index; (None, empty tables) when there is none yet or
    it is damaged (then everything is compiled as usual, and the file written again)."""
    empty: dict[str, dict[int, tuple[int, int]]] = {name: {} for name in TABLES}
    try:
        import mmap

        with open(path, "rb") as handle:
            # Read on Windows, where a file mapped by any process cannot be replaced (save)
            mapped = memoryview(handle.read() if os.name == "nt" else mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
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

    if type(key) is str:  # a function's source, a module's name
        data = key.encode("utf-8", "surrogatepass")
    else:  # a pattern: (its type's name, the pattern, the flags); marshal's bytes are not canonical
        kind, pattern, flags = key
        text = pattern.encode("utf-8", "surrogatepass") if type(pattern) is str else bytes(pattern)
        data = f"{kind}\0{flags}\0".encode() + text
    return (len(data) << 32) | zlib.crc32(data)


def save() -> None:
    """Write what this process compiled that the file lacked, and the modules it imported that
    the file did not give (merged with what another process may have written meanwhile);
    nothing when there is nothing new."""
    if not _state:
        return
    try:
        missed, _state["missed"] = _state["missed"], set()
        for name in missed:
            stored = _stored_module(name)
            known = _entry("modules", name)
            # The same file as stored already: a module the table holds but could not give here (another
            # path) is not written again on every run.
            if stored is not None and (known is None or known[:4] != stored[:4]):
                _add("modules", name, stored)
        if not _state["new"]:
            return
        import contextlib

        path = _state["file"]
        tables = stored_entries(path)
        for name, key in _state["made"]:  # in place of a damaged one, too
            if key in tables[name] or len(tables[name]) < MAX_ENTRIES:
                tables[name][key] = marshal.dumps((key, _state[name][key]))
        _state["made"].clear()
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
    except Exception:  # a damaged file or a full disk: never the check's failure
        pass


def stored_entries(path: str) -> dict[str, dict[Any, bytes]]:
    """Every readable entry of the file: each table's {key: the entry as stored}."""
    import contextlib

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
    folder = cache_folder()  # found with os alone: pathlib and what it imports come from the modules' table
    if folder is None:
        return None
    import _sre  # type: ignore[import-not-found]
    import zlib  # not hashlib: loading OpenSSL costs 5 ms

    engine = _sre.MAGIC  # the regex engine's code version
    # -O and -OO compile other code (no asserts, no docstrings): a file of their own
    build = f"{sys.version}\0{sys.implementation.cache_tag}\0{engine}\0{LAYOUT}\0{sys.flags.optimize}"
    key = f"{zlib.crc32(build.encode()):08x}"
    return os.path.join(folder, f"compiled-{key}.marshal")


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
    if not (_is_code(value) if name == "functions" else _is_pattern(value) if name == "patterns" else _is_module(value)):
        _state["new"] = True  # damaged: written again
        return None
    table[key] = value
    return value


def _add(name: str, key: Any, value: Any) -> None:
    """Keep an entry this process made, for ``save``; none past MAX_ENTRIES (counting the file's
    and this process's: a full table is not written again on every run)."""
    if len(_state["index"][name]) + len(_state[name]) < MAX_ENTRIES:
        _state[name][key] = value
        _state["made"].add((name, key))
        _state["new"] = True


def _is_module(value: Any) -> bool:
    """(source file, package?, its time, its size, the module's code): what _stored_module stores."""
    return (type(value) is tuple and len(value) == 5 and type(value[0]) is str and type(value[1]) is bool
            and type(value[2]) is int and type(value[3]) is int and _is_code(value[4]))  # fmt: skip


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
            _add("functions", source, code)
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
        _add("patterns", key, entry)
    final_flags, code, groups, groupindex, indexgroup = entry
    return compiler._sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
