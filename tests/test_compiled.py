"""checker/compiled.py: the command line's cache of start-up's compiled code (dataclass methods,
regular expressions). Each test runs in its own process: install() changes the process for good."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import REPO

EXAMPLES = REPO / "examples"

needs_cache = pytest.mark.skipif(not (sys.implementation.name == "cpython" and (3, 11) <= sys.version_info[:2] <= (3, 12)),
                                 reason="the cache applies to CPython 3.11 and 3.12 only")  # fmt: skip

# Patterns of every kind re's compiler meets: named groups, flags inline and given, look-arounds,
# back-references, large classes of CJK ranges, bytes, verbose.
_PATTERNS = r'''
import re
PATTERNS = [
    (r"(?P<year>\d{4})年(?P<month>\d{1,2})月", 0), (r"[\u4e00-\u9fff]+|[^\s\u4e00-\u9fff]+", 0),
    (r"(?<=[，。])\s+(?=[一-鿿])", 0), (r"(a|b)\1", 0), (r"(?i)ReportLint", 0), ("ab  c # spaced", re.VERBOSE),
    (r"[、-ヿ㐀-䶿一-鿿豈-\ufaff𠀀-\U0003ffff]", 0), (r"^第[一二三四五六七八九十]+条$", re.MULTILINE),
    (rb"PK\x03\x04(?P<rest>.{4})", re.DOTALL), (r"x*?y", re.ASCII | re.IGNORECASE),
]
SAMPLES = ["2026年12月7日 reportlint REPORTLINT", "一、，\u3000二 abab", "ab c", "第十条\n第三条", "𠀀𠀁xxy", "Xy"]
def describe(p):
    texts = [s.encode() for s in SAMPLES] if isinstance(p.pattern, bytes) else SAMPLES
    return [p.pattern if isinstance(p.pattern, str) else p.pattern.decode(), p.flags, p.groups, dict(p.groupindex),
            [[m.span() for m in p.finditer(t)] for t in texts]]
'''


def _run(code: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(cache)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=False)


@needs_cache
def test_patterns_from_the_cache_are_the_patterns_re_compiles(tmp_path: Path) -> None:
    """A pattern made from a stored entry matches what re.compile makes, flags, groups and
    matches alike; so does one compiled afresh on the way to the store."""
    plain = _run(_PATTERNS + "import json\nprint(json.dumps([describe(re.compile(p, f)) for p, f in PATTERNS]))", tmp_path)
    cached = (_PATTERNS + "from checker import compiled\ncompiled.install()\nimport json\n"
              "print(json.dumps([describe(re.compile(p, f)) for p, f in PATTERNS]))\ncompiled.save()")  # fmt: skip
    first, second = _run(cached, tmp_path), _run(cached, tmp_path)
    assert plain.returncode == first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert json.loads(first.stdout) == json.loads(second.stdout) == json.loads(plain.stdout)
    assert len(list((tmp_path / "reportlint").glob("compiled-*.marshal"))) == 1


@needs_cache
def test_dataclasses_from_the_cache_behave_as_dataclasses(tmp_path: Path) -> None:
    """Made from stored code, a frozen dataclass still builds, compares, hashes, prints and
    refuses assignment; a mutable one with a default factory still gives each instance its own."""
    code = ("from checker import compiled\ncompiled.install()\nimport dataclasses, json\n"
            "@dataclasses.dataclass(frozen=True, slots=True)\nclass Point:\n    x: int\n    y: int = 2\n"
            "@dataclasses.dataclass\nclass Bag:\n    items: list = dataclasses.field(default_factory=list)\n"
            "p = Point(1)\ntry:\n    p.x = 3\n    frozen = False\nexcept dataclasses.FrozenInstanceError:\n    frozen = True\n"
            "a, b = Bag(), Bag()\na.items.append(1)\n"
            "print(json.dumps([repr(p), p == Point(1, 2), hash(p) == hash(Point(1, 2)), frozen, b.items]))\n"
            "compiled.save()")  # fmt: skip
    first, second = _run(code, tmp_path), _run(code, tmp_path)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    expected = ["Point(x=1, y=2)", True, True, True, []]
    assert json.loads(first.stdout) == json.loads(second.stdout) == expected


@needs_cache
def test_a_damaged_cache_is_compiled_afresh_and_written_again(tmp_path: Path) -> None:
    code = _PATTERNS + "from checker import compiled\ncompiled.install()\nre.compile(PATTERNS[0][0])\ncompiled.save()"
    assert _run(code, tmp_path).returncode == 0
    (stored,) = (tmp_path / "reportlint").glob("compiled-*.marshal")
    stored.write_bytes(b"\x00not marshal")
    run = _run(code, tmp_path)
    assert run.returncode == 0, run.stderr
    assert stored.read_bytes() != b"\x00not marshal" and len(stored.read_bytes()) > 100


def _rewrite(stored: Path, change: str) -> None:
    """Write the cache file again with each entry changed by ``change`` (Python: ``name`` the
    table, ``key`` and ``record`` the entry as stored; it sets ``record``), in a process of its own."""
    code = ("import marshal\nfrom checker import compiled\n"
            f"tables = compiled.stored_entries({str(stored)!r})\n"
            "old = {name: dict(table) for name, table in tables.items()}\n"
            "for name, table in tables.items():\n    for key, record in list(table.items()):\n"
            + "".join(f"        {line}\n" for line in change.splitlines()) +
            "        table[key] = record\n"
            f"open({str(stored)!r}, 'wb').write(compiled._layout(tables))\n")  # fmt: skip
    result = _run(code, stored.parent.parent)
    assert result.returncode == 0, result.stderr


@needs_cache
def test_entries_are_unmarshalled_when_used_and_a_damaged_one_is_compiled_again(tmp_path: Path) -> None:
    """Only the index is read as a start: an entry is unmarshalled (from the mapped file) when
    used, and one damaged entry costs that entry alone (compiled again, and the file written again)."""
    code = _PATTERNS + ("from checker import compiled\ncompiled.install()\nimport json\n"
                        "print(json.dumps([describe(re.compile(p, f)) for p, f in PATTERNS[:3]]))\ncompiled.save()")  # fmt: skip
    first = _run(code, tmp_path)
    assert first.returncode == 0, first.stderr
    (stored,) = (tmp_path / "reportlint").glob("compiled-*.marshal")
    inspect = ("import marshal, sys\nfrom checker import compiled\ncompiled.install()\nimport re\n"
               "re.compile(r'(?P<year>\\d{4})年(?P<month>\\d{1,2})月')\n"
               "print(len(compiled._state['index']['patterns']), len(compiled._state['patterns']))")  # fmt: skip
    lazy = _run(inspect, tmp_path)
    assert lazy.returncode == 0, lazy.stderr
    indexed, used = map(int, lazy.stdout.split())
    assert used == 1 and indexed >= 3  # the two other patterns were never unmarshalled
    _rewrite(stored, "if name == 'patterns':\n    record = b'\\x00damaged'")
    again = _run(code, tmp_path)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(first.stdout)
    check = (f"from checker import compiled\ntables = compiled.stored_entries({str(stored)!r})\n"
             "print(len(tables['patterns']))")  # fmt: skip
    assert int(_run(check, tmp_path).stdout) >= 3  # written again, each readable


@needs_cache
def test_entries_of_another_shape_or_key_are_compiled_again_not_used(tmp_path: Path) -> None:
    """An entry that unmarshals to something else than its table keeps (another layout's, or
    a hand-edited file's), or that holds another key than the one looked up (two keys of one
    hash), is a miss: the pattern and the dataclass are compiled as usual."""
    code = _PATTERNS + ("from checker import compiled\ncompiled.install()\nimport json, dataclasses\n"
                        "@dataclasses.dataclass\nclass P:\n    x: int\n"
                        "print(json.dumps([describe(re.compile(p, f)) for p, f in PATTERNS[:3]] + [repr(P(1))]))\n"
                        "compiled.save()")  # fmt: skip
    first = _run(code, tmp_path)
    assert first.returncode == 0, first.stderr
    (stored,) = (tmp_path / "reportlint").glob("compiled-*.marshal")
    _rewrite(stored, "value = (1, 2) if name == 'patterns' else ('not', 'code')\n"
                     "record = marshal.dumps((key, value))")  # fmt: skip
    again = _run(code, tmp_path)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(first.stdout)
    # Each key's place holds the next entry of its table, its key and its value: taken as the
    # key's own, a pattern would match what another does and a class would get another's methods.
    _rewrite(stored, "keys = list(table)\nrecord = old[name][keys[(keys.index(key) + 1) % len(keys)]]")
    again = _run(code, tmp_path)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(first.stdout)


@needs_cache
def test_a_check_run_twice_compiles_nothing_new_the_second_time(tmp_path: Path) -> None:
    """Everything start-up compiles must be the same text in every process: a pattern built from
    a set (whose order changes with each process's hash seed) would be stored again on every run,
    and written out each time, on the path of every check. Checked in the command's own process:
    the warm worker primes itself a step at a time until its job comes, so how far it gets (and
    what it compiles besides the check) depends on the machine's load, not on the text."""
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path),
           "REPORTLINT_NO_WORKER": "1"}  # fmt: skip
    command = [sys.executable, "-m", "checker", str(EXAMPLES / "flawed.docx"), "--no-cache", "-q"]
    for seed in ("1", "2"):
        subprocess.run(command, env=env | {"PYTHONHASHSEED": seed}, capture_output=True, check=False)
    (stored,) = (tmp_path / "reportlint").glob("compiled-*.marshal")
    before = stored.stat().st_mtime_ns, stored.read_bytes()
    os.utime(stored, ns=(before[0] - 10**9, before[0] - 10**9))  # a rewrite would show even within one tick
    marked = stored.stat().st_mtime_ns
    run = subprocess.run(command, env=env | {"PYTHONHASHSEED": "3"}, capture_output=True, text=True, check=False)
    assert run.returncode == 1, run.stderr
    assert stored.stat().st_mtime_ns == marked and stored.read_bytes() == before[1]


def test_the_library_compiles_as_python_does() -> None:
    """Only the command line installs the cache: importing the checker changes nothing of Python."""
    import dataclasses
    import re

    import checker.pipeline  # noqa: F401

    assert "exec" not in vars(dataclasses)
    assert re._compiler.compile.__module__ == "re._compiler"  # type: ignore[attr-defined]


def _modules_run(code: str, cache: Path, *path: Path, flags: tuple[str, ...] = ()) -> list[str]:
    """The lines ``code`` prints, run after install() with ``path`` first on sys.path; the
    process saves what it imported (as the command line does when it leaves)."""
    env = {"PYTHONPATH": os.pathsep.join([*map(str, path), str(REPO)]), "PATH": "/usr/bin:/bin",
           "XDG_CACHE_HOME": str(cache)}  # fmt: skip
    program = f"from checker import compiled\ncompiled.install()\n{code}\ncompiled.save()\n"
    run = subprocess.run([sys.executable, *flags, "-c", program], capture_output=True, text=True, env=env, cwd=cache,
                         check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


def _source(path: Path, text: str) -> None:
    """Write a module's source as a file written a while ago: one written within the last two
    seconds may change again within its time's tick, and is not stored (compiled._stored_module)."""
    path.write_text(text, "utf-8")
    then = time.time_ns() - 10 * 10**9
    os.utime(path, ns=(then, then))


SERVED = "from checker import compiled\ndef served(module):\n    return module.__spec__.loader is compiled._Modules\n"


@needs_cache
def test_modules_come_from_the_table_once_stored_and_behave_as_imported(tmp_path: Path) -> None:
    """A second start imports the stored modules from the table: the same file, the same code;
    inspect still reads their source, a package still has its folder."""
    (tmp_path / "lib" / "pkg").mkdir(parents=True)
    _source(tmp_path / "lib" / "pkg" / "__init__.py", "NAME = 'pkg'\n")
    _source(tmp_path / "lib" / "pkg" / "sub.py", "def twice(x):\n    return 2 * x\n")
    (tmp_path / "lib" / "pkg" / "data.txt").write_text("beside", "utf-8")
    code = (SERVED + "import inspect, json, pkg.sub, pkgutil, importlib.resources\n"
            "print(served(json), served(pkg), served(pkg.sub), pkg.sub.twice(21), pkg.__path__[0] == pkg.__file__[:-12],"
            " inspect.getsource(pkg.sub.twice).split()[1], json.loads('[1]'), pkgutil.get_data('pkg', 'data.txt'),"
            " importlib.resources.files('pkg').joinpath('data.txt').read_text())")  # fmt: skip
    first = _modules_run(code, tmp_path, tmp_path / "lib")
    second = _modules_run(code, tmp_path, tmp_path / "lib")
    assert first == ["False", "False", "False", "42", "True", "twice(x):", "[1]", "b'beside'", "beside"]
    assert second == ["True", "True", "True", "42", "True", "twice(x):", "[1]", "b'beside'", "beside"]


@needs_cache
def test_a_changed_source_is_imported_from_the_file_and_stored_again(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    module = tmp_path / "lib" / "changing.py"
    _source(module, "VALUE = 1\n")
    code = SERVED + "import changing\nprint(changing.VALUE, served(changing))"
    assert _modules_run(code, tmp_path, tmp_path / "lib") == ["1", "False"]
    assert _modules_run(code, tmp_path, tmp_path / "lib") == ["1", "True"]
    _source(module, "VALUE = 22\n")  # another size (a time alone would do as well)
    assert _modules_run(code, tmp_path, tmp_path / "lib") == ["22", "False"]
    assert _modules_run(code, tmp_path, tmp_path / "lib") == ["22", "True"]


@needs_cache
def test_a_module_python_would_find_elsewhere_is_not_taken_from_the_table(tmp_path: Path) -> None:
    """The table gives a module only where Python's own search would find the same file: a
    module of the same name in a folder earlier on the path wins, and a package's module comes
    from the package that was imported, not from where the table found it before."""
    for place, tag in (("second", "b"), ("first", "a")):
        (tmp_path / place / "pkg").mkdir(parents=True)
        _source(tmp_path / place / "shadowed.py", f"TAG = {tag!r}\n")
        _source(tmp_path / place / "pkg" / "__init__.py", "")
        _source(tmp_path / place / "pkg" / "sub.py", f"TAG = {tag!r}\n")
    code = "import shadowed, pkg.sub\nprint(shadowed.TAG, pkg.sub.TAG)"
    assert _modules_run(code, tmp_path, tmp_path / "second") == ["b", "b"]
    assert _modules_run(code, tmp_path, tmp_path / "second") == ["b", "b"]  # from the table now
    assert _modules_run(code, tmp_path, tmp_path / "first", tmp_path / "second") == ["a", "a"]
    assert _modules_run(code, tmp_path, tmp_path / "second") == ["b", "b"]


def test_the_table_is_kept_where_the_other_snapshots_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checker import compiled, paths

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    paths.user_cache_dir.cache_clear()
    try:
        assert compiled.cache_folder() == str(paths.user_cache_dir())
    finally:
        paths.user_cache_dir.cache_clear()


@needs_cache
def test_a_folder_of_the_same_name_that_is_no_package_takes_no_precedence(tmp_path: Path) -> None:
    """A folder without __init__.py in the working folder (a report repository's `html/`) is at
    most a namespace package, which Python takes only when no module of that name comes later:
    the table still gives the module, and nothing is written again."""
    (tmp_path / "lib").mkdir()
    _source(tmp_path / "lib" / "named.py", "TAG = 'module'\n")
    (tmp_path / "named").mkdir()  # in the working folder, first on the path of `python -c`
    code = SERVED + "import named\nprint(named.TAG, served(named))"
    assert _modules_run(code, tmp_path, tmp_path / "lib") == ["module", "False"]
    assert _modules_run(code, tmp_path, tmp_path / "lib") == ["module", "True"]
    (stored,) = (tmp_path / "reportlint").glob("compiled-*.marshal")
    written = stored.stat().st_mtime_ns
    os.utime(stored, ns=(written - 10**9, written - 10**9))
    assert _modules_run(code, tmp_path, tmp_path / "lib") == ["module", "True"]
    assert stored.stat().st_mtime_ns == written - 10**9  # not written again
    _source(tmp_path / "named" / "__init__.py", "TAG = 'package'\n")  # now a package: it comes first
    assert _modules_run(code, tmp_path, tmp_path / "lib") == ["package", "False"]


@needs_cache
def test_what_python_would_find_first_in_the_same_folder_or_a_zip_is_not_taken_from_the_table(tmp_path: Path) -> None:
    """A package of the module's name beside it, an extension module beside its source, or a zip
    earlier on the path: Python takes those, and the table does not give the stored source."""
    import zipfile
    from importlib.machinery import EXTENSION_SUFFIXES

    lib = tmp_path / "lib"
    lib.mkdir()
    for name in ("same", "built", "zipped"):
        _source(lib / f"{name}.py", f"TAG = '{name} source'\n")
    code = "import same, zipped\nprint(same.TAG.split()[1], zipped.TAG.split()[1])"
    assert _modules_run(code, tmp_path, lib) == _modules_run(code, tmp_path, lib) == ["source", "source"]
    (lib / "same").mkdir()
    _source(lib / "same" / "__init__.py", "TAG = 'same package'\n")
    with zipfile.ZipFile(tmp_path / "first.zip", "w") as archive:
        archive.writestr("zipped.py", "TAG = 'zipped zip'\n")
    assert _modules_run(code, tmp_path, tmp_path / "first.zip", lib) == ["package", "zip"]
    built = "try:\n    import built\n    print(built.TAG)\nexcept ImportError:\n    print('extension')"
    assert _modules_run(built, tmp_path, lib) == _modules_run(built, tmp_path, lib) == ["built", "source"]
    (lib / f"built{EXTENSION_SUFFIXES[0]}").write_bytes(b"not a shared object")  # Python tries it first, and fails
    assert _modules_run(built, tmp_path, lib) == ["extension"]


@needs_cache
def test_code_compiled_under_o_is_kept_apart(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    _source(tmp_path / "lib" / "asserting.py", "def checked():\n    assert False\n    return 'unchecked'\n")
    code = "import asserting\ntry:\n    print(asserting.checked())\nexcept AssertionError:\n    print('checked')"
    for _ in range(2):
        assert _modules_run(code, tmp_path, tmp_path / "lib") == ["checked"]
        assert _modules_run(code, tmp_path, tmp_path / "lib", flags=("-O",)) == ["unchecked"]


@needs_cache
def test_a_working_folder_gone_does_not_break_an_import(tmp_path: Path) -> None:
    """With '' on the path (python -c), a working folder removed under the process is passed over, as Python does."""
    (tmp_path / "lib").mkdir()
    _source(tmp_path / "lib" / "plain.py", "TAG = 'plain'\n")
    code = ("import os, tempfile\ngone = tempfile.mkdtemp()\nos.chdir(gone)\nos.rmdir(gone)\n"
            "import plain\nprint(plain.TAG)\nos.chdir('/')")  # fmt: skip
    assert _modules_run(code, tmp_path, tmp_path / "lib") == _modules_run(code, tmp_path, tmp_path / "lib") == ["plain"]
