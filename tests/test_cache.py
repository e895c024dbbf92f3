"""The result cache (checker/batch/): hits are not recomputed, unchanged files are not even
read, changed ones miss, a run that changed one file appends to the journal instead of rewriting
the pack, folding prunes, and a damaged cache is only ever a miss."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from checker.batch import cache as cache_module
from checker.batch.cache import CACHE_DIR, Cache
from checker.batch.task import FileSettings, Task
from checker.batch.workers import run_tasks
from checker.read.limits import Limits
from checker.result import FileResult
from tests.helpers import REPO

EXAMPLES = REPO / "examples"
SETTINGS = FileSettings(limits=Limits())
HOUR_AGO = time.time() - 3600


def make_files(folder: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        path = folder / f"r{i}.txt"
        path.write_text((EXAMPLES / "flawed.txt").read_text("utf-8") + f"\n附：{i}\n", "utf-8")
        os.utime(path, (HOUR_AGO, HOUR_AGO))  # outside the racy-mtime window
        paths.append(path)
    return paths


def run(folder: Path, paths: list[Path], outline: bool = False) -> tuple[list[FileResult], Cache]:
    cache = Cache(folder, need_outline=outline)
    return run_tasks([Task(str(p), None, SETTINGS) for p in paths], 1, cache), cache


def version_dir(folder: Path) -> Path:
    return next((folder / CACHE_DIR).glob("*/"))


def journal_lines(folder: Path) -> list[list[object]]:
    journal = version_dir(folder) / "journal.jsonl"
    return [json.loads(line) for line in journal.read_text("utf-8").splitlines()] if journal.exists() else []


def monkeypatch_fold(folder: Path) -> None:
    """Fold the journal into the pack now (as a run does once the journal has grown)."""
    cache = Cache(folder.parent.parent)
    cache._load()
    cache._fold()


def refuse_to_check(self: Task) -> FileResult:
    raise AssertionError(f"{self.path} was checked again")


def test_hits_are_not_recomputed_and_equal_the_first_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = make_files(tmp_path, 3)
    first, _ = run(tmp_path, paths, outline=True)
    assert (tmp_path / CACHE_DIR / ".gitignore").read_text() == "*\n"
    monkeypatch.setattr(Task, "run", refuse_to_check)
    second, cache = run(tmp_path, paths, outline=True)
    assert cache.hits == 3
    assert [(r.path, r.diagnostics, r.outline) for r in second] == [
        (r.path, r.diagnostics, r.outline) for r in first
    ]


def test_unchanged_files_are_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = make_files(tmp_path, 2)
    run(tmp_path, paths)
    opened: list[str] = []
    real_open = open

    def spy(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(cache_module, "open", spy, raising=False)
    monkeypatch.setattr(Task, "run", refuse_to_check)
    run(tmp_path, paths)
    assert not any(name in p for p in opened for name in ("r0.txt", "r1.txt"))


def test_a_changed_file_misses_and_only_it_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = make_files(tmp_path, 3)
    run(tmp_path, paths)
    pack = version_dir(tmp_path) / "index.json"
    pack_before = pack.read_bytes()
    paths[1].write_text(paths[1].read_text("utf-8") + "补充一句。\n", "utf-8")
    os.utime(paths[1], (HOUR_AGO + 60, HOUR_AGO + 60))
    checked: list[str] = []
    real_run = Task.run

    def counting(self: Task) -> FileResult:
        checked.append(self.path)
        return real_run(self)

    monkeypatch.setattr(Task, "run", counting)
    results, cache = run(tmp_path, paths)
    assert checked == [str(paths[1])] and cache.hits == 2
    assert pack.read_bytes() == pack_before  # appended to the journal, the pack not rewritten
    kinds = sorted(str(line[0]) for line in journal_lines(tmp_path))
    assert kinds == ["f", "r"]
    assert results[1].chars > results[0].chars  # the new text was read
    # The journal is read back: a third run checks nothing.
    monkeypatch.setattr(Task, "run", refuse_to_check)
    assert run(tmp_path, paths)[1].hits == 3


def test_the_journal_is_folded_before_it_grows_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run parses the journal whole: it may hold a quarter of the pack, never more than
    JOURNAL_MAX (a cold run's thousands of results after a changed configuration once stayed
    there, and cost each warm run after it 60–90 ms); past it, a run folds."""
    from checker.batch import cache as cache_module

    assert cache_module.journal_room(1_000) == 65536
    assert cache_module.journal_room(400_000) == 100_000
    assert cache_module.journal_room(40_000_000) == cache_module.JOURNAL_MAX
    paths = make_files(tmp_path, 3)
    run(tmp_path, paths)
    pack = version_dir(tmp_path) / "index.json"
    paths[0].write_text(paths[0].read_text("utf-8") + "补充一句。\n", "utf-8")
    os.utime(paths[0], (HOUR_AGO + 60, HOUR_AGO + 60))
    run(tmp_path, paths)
    assert len(journal_lines(tmp_path)) == 2  # one changed file: appended ("f" and "r")
    before = pack.read_bytes()
    monkeypatch.setattr(cache_module, "JOURNAL_MAX", 2048)  # what the next run adds does not fit
    paths[1].write_text(paths[1].read_text("utf-8") + "补充一句。\n", "utf-8")
    os.utime(paths[1], (HOUR_AGO + 120, HOUR_AGO + 120))
    cache = run(tmp_path, paths)[1]
    assert cache.hits == 2
    assert journal_lines(tmp_path) == [] and pack.read_bytes() != before  # folded
    folded = json.loads(pack.read_text("utf-8"))
    assert len(folded["results"]) == 3  # the replaced results pruned, the new ones in
    monkeypatch.setattr(Task, "run", refuse_to_check)
    assert run(tmp_path, paths)[1].hits == 3


def test_a_file_written_just_now_is_hashed_again_next_time(tmp_path: Path) -> None:
    path = tmp_path / "fresh.txt"
    shutil.copy(EXAMPLES / "clean.txt", path)  # mtime: now, inside the racy window
    run(tmp_path, [path])
    pack = json.loads((version_dir(tmp_path) / "index.json").read_text("utf-8"))
    assert str(path) not in pack["files"] and len(pack["results"]) == 1


def test_folding_prunes_replaced_and_stale_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = make_files(tmp_path, 2)
    run(tmp_path, paths)
    pack_path = version_dir(tmp_path) / "index.json"
    pack = json.loads(pack_path.read_text("utf-8"))
    stale_key, other_today, other_old = "0" * 64, "1" * 64, "2" * 64
    today = int(time.time() // 86400)
    stored = next(iter(pack["results"].values()))[2]  # where a result's findings lie in the payloads
    pack["results"][stale_key] = [str(tmp_path / "gone.txt"), 0, stored, ""]  # day 0: 1970
    # r1 under other settings (another --select): kept while in use lately, dropped when not.
    pack["results"][other_today] = [str(paths[1]), today, stored, "other"]
    pack["results"][other_old] = [str(paths[1]), today - 2, stored, "older"]
    pack_path.write_text(json.dumps(pack), "utf-8")
    old_keys = set(pack["results"]) - {stale_key, other_today, other_old}
    monkeypatch.setattr(Cache, "flush", lambda self: self._fold())  # fold now, not when the journal is long
    paths[0].write_text(paths[0].read_text("utf-8") + "补充一句。\n", "utf-8")
    os.utime(paths[0], (HOUR_AGO + 60, HOUR_AGO + 60))
    run(tmp_path, paths)
    folded = json.loads(pack_path.read_text("utf-8"))
    assert stale_key not in folded["results"] and other_old not in folded["results"]
    assert other_today in folded["results"] and len(folded["results"]) == 3
    assert len(old_keys & set(folded["results"])) == 1  # r0's old result replaced, r1's kept
    assert not (version_dir(tmp_path) / "journal.jsonl").exists()
    # One payload file, the one the index names; the replaced one is gone.
    assert [p.name for p in version_dir(tmp_path).glob("payloads-*")] == [folded["payloads"]]


def test_damaged_pack_journal_or_outline_is_a_miss(tmp_path: Path) -> None:
    paths = make_files(tmp_path, 2)
    first, _ = run(tmp_path, paths, outline=True)
    folder = version_dir(tmp_path)
    (folder / "journal.jsonl").write_text('["r", "half a line\n[1, 2]\nnot json\n', "utf-8")
    for outline in (folder / "outlines").rglob("*.json"):
        outline.unlink()
    again, cache = run(tmp_path, paths, outline=True)
    assert cache.hits == 0 and [r.diagnostics for r in again] == [r.diagnostics for r in first]
    (folder / "index.json").write_bytes(b"\x00garbage")
    (folder / "journal.jsonl").unlink(missing_ok=True)
    third, cache = run(tmp_path, paths)
    assert cache.hits == 0 and [r.diagnostics for r in third] == [r.diagnostics for r in first]
    # A payload file that is not the one the index was written with (cut short, or another's):
    # every result a miss, never findings read from the wrong bytes.
    monkeypatch_fold(folder)
    payloads = folder / json.loads((folder / "index.json").read_text("utf-8"))["payloads"]
    payloads.write_bytes(payloads.read_bytes()[:-10] + b" " * 10)
    fourth, cache = run(tmp_path, paths)
    assert cache.hits == 0 and [r.diagnostics for r in fourth] == [r.diagnostics for r in first]


def test_a_result_cached_without_outline_is_recomputed_for_json(tmp_path: Path) -> None:
    paths = make_files(tmp_path, 2)
    text_run = run_tasks(
        [Task(str(p), None, SETTINGS, outline=False) for p in paths], 1, Cache(tmp_path, False)
    )
    assert all(r.outline is None for r in text_run)  # text output: no outline computed
    json_cache = Cache(tmp_path, need_outline=True)
    json_run = run_tasks([Task(str(p), None, SETTINGS) for p in paths], 1, json_cache)
    assert json_cache.hits == 0 and all(r.outline and r.outline["sections"] for r in json_run)
    again = Cache(tmp_path, need_outline=True)
    assert [r.outline for r in run_tasks([Task(str(p), None, SETTINGS) for p in paths], 1, again)] == [
        r.outline for r in json_run
    ] and again.hits == 2


def test_entries_of_the_wrong_shape_are_misses_not_crashes(tmp_path: Path) -> None:
    paths = make_files(tmp_path, 2)
    first, _ = run(tmp_path, paths)
    pack_path = version_dir(tmp_path) / "index.json"
    pack = json.loads(pack_path.read_text("utf-8"))
    # Digests that are no digest (one would make a key that names a file elsewhere), and entries
    # of no shape at all: each file is read and digested again.
    shapes = ["not hex", "/" * 64, "../" * 20 + "abcd", 64 * "g"]
    for n, where in enumerate(pack["files"]):
        pack["files"][where][3] = shapes[n % len(shapes)]
    pack["files"]["/elsewhere/a.txt"] = 7
    pack["files"]["/elsewhere/b.txt"] = {"size": 1}
    for entry in pack["results"].values():
        entry[1] = "yesterday"  # a day that is no number
    pack_path.write_text(json.dumps(pack), "utf-8")
    (version_dir(tmp_path) / "journal.jsonl").write_text(
        '["f", "x", 1, 2, 3, "zz", 4]\n["r", 1, 2, 3, 4, 5]\n[[1], "x"]\n[{}]\n', "utf-8"
    )
    from checker.digest import hexdigest

    reader = Cache(tmp_path)
    assert [reader._content_digest(str(p)) for p in paths] == [hexdigest(p.read_bytes()) for p in paths]
    again, cache = run(tmp_path, paths)
    assert cache.hits == 0 and [r.diagnostics for r in again] == [r.diagnostics for r in first]
    third, cache = run(tmp_path, paths)  # and the cache is sound again
    assert cache.hits == 2 and [r.diagnostics for r in third] == [r.diagnostics for r in first]
    monkeypatch_fold(version_dir(tmp_path))  # the entries of no shape are not written again
    folded = json.loads(pack_path.read_text("utf-8"))
    assert sorted(folded["files"]) == sorted(str(p) for p in paths)
    fourth, cache = run(tmp_path, paths)
    assert cache.hits == 2 and [r.diagnostics for r in fourth] == [r.diagnostics for r in first]


def test_a_cached_result_is_decoded_only_when_its_findings_are_read(tmp_path: Path) -> None:
    """A warm run's summary and exit status come from the counts stored beside each result;
    the findings are decoded when an output shows them, and are then the first run's."""
    from checker.cli.checking import exit_status
    from checker.output.jsonout import summary
    from checker.severity import Severity

    paths = make_files(tmp_path, 3)
    first, _ = run(tmp_path, paths)
    again, cache = run(tmp_path, paths)
    assert cache.hits == 3 and all(r._stored is not None for r in again)
    assert summary(again) == summary(first) and summary(first)["warnings"] > 0
    assert exit_status(again, "warning", False) == exit_status(first, "warning", False) == 1
    assert exit_status(again, "error", True) == 0
    assert [r.counts() for r in again] == [r.counts() for r in first] and any(r.counts() != (0, 0, 0) for r in first)
    assert all(r._stored is not None for r in again)  # nothing decoded yet
    assert [r.count(s) for r in again for s in Severity] == [r.count(s) for r in first for s in Severity]
    assert [r.diagnostics for r in again] == [r.diagnostics for r in first]
    assert [(r.template, r.chars, r.detection, r.substance) for r in again] == [
        (r.template, r.chars, r.detection, r.substance) for r in first
    ]
    assert all(r._stored is None for r in again)


def test_a_path_is_made_absolute_as_os_path_makes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache writes os.path's split and join out by hand (they were most of a warm run's cost
    per file): every shape of path a plan may hand it gives what os.path gives."""
    monkeypatch.chdir(tmp_path)
    shapes = ["a.txt", "./a.txt", "d/a.txt", "d//a.txt", "./d/./a.txt", "../x/a.txt", "/abs/a.txt", "/a.txt", "//a",
              ".", "..", "d/", "d/.", "d/..", "/", "a//", "./", "材料/张三.docx", "x/y/z.docx"]  # fmt: skip
    cache = Cache(tmp_path)
    for path in shapes:
        folder, name = os.path.split(path)
        expected = os.path.abspath(path) if name in ("", ".", "..") else os.path.join(os.path.abspath(folder or "."), name)
        assert cache._absolute(path) == expected, path
        assert cache._absolute(path) == expected, path  # and when remembered


def test_the_code_digest_lists_the_python_files_as_os_walk_finds_them(tmp_path: Path) -> None:
    """code_entries walks the package by hand, in os.walk's order and with its relative paths, so
    that a cache written before keeps its keys; a changed file changes its entry, and the
    bytecode folders and other files are left out."""
    import os

    from checker.batch.cache import code_entries

    for name in ("b.py", "a.py", "notes.txt", "sub/z.py", "sub/deeper/y.py", "sub/__pycache__/x.py", "other/c.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n", "utf-8")
    expected = []
    for folder, dirs, files in os.walk(tmp_path):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                expected.append(f"{os.path.relpath(os.path.join(folder, name), tmp_path)}:{info.st_size}:{info.st_mtime_ns}")
    entries = code_entries(str(tmp_path))
    assert entries == expected and len(entries) == 5
    (tmp_path / "sub" / "deeper" / "y.py").write_text("x = 22\n", "utf-8")
    changed = code_entries(str(tmp_path))
    assert [a == b for a, b in zip(entries, changed, strict=True)].count(False) == 1


def test_lookup_answers_as_key_and_holds_do(tmp_path: Path) -> None:
    """lookup, a warm run's one question per file, gives the key and the answer of holds (for
    entries of the right shape: lookup only asks whether the index names one, and ``get`` checks
    it): for a file unchanged since it was cached, one changed, one stored nowhere, one
    unreadable and one given as bytes."""
    from checker.batch.cache import settings_key

    paths = make_files(tmp_path, 3)
    run(tmp_path, paths)
    run(tmp_path, paths)  # folded into the pack: the files' digests are in the index
    paths[1].write_text(paths[1].read_text("utf-8") + "补充。\n", "utf-8")
    os.utime(paths[1], (HOUR_AGO + 10, HOUR_AGO + 10))
    (tmp_path / "new.txt").write_text("党性分析报告\n", "utf-8")
    digest = settings_key(SETTINGS)
    tasks = [Task(str(p), None, SETTINGS) for p in [*paths, tmp_path / "new.txt", tmp_path / "gone.txt"]]
    tasks.append(Task("stdin.txt", paths[0].read_bytes(), SETTINGS))
    asked, told = Cache(tmp_path, need_outline=False), Cache(tmp_path, need_outline=False)
    answers = [asked.lookup(task, digest) for task in tasks]
    keys = [told.key(task, digest) for task in tasks]
    assert answers == [(key, key is not None and told.holds(key)) for key in keys]
    assert [held for _, held in answers] == [True, False, True, False, False, True]
    assert answers[4][0] is None and answers[0][0] == answers[5][0]  # the same bytes, the same key


def test_a_planted_index_names_no_file_outside_the_cache(tmp_path: Path) -> None:
    """The cache lives in the working folder, where a cloned repository can bring one: a result
    key that is no key (one climbing out of the cache, a null entry) is dropped, so that a fold,
    which removes the outlines of the results it prunes, never removes a file elsewhere nor
    stops the run."""
    victim = tmp_path / "elsewhere" / "precious.json"
    victim.parent.mkdir()
    victim.write_text("{}", "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    paths = make_files(work, 2)
    first, _ = run(work, paths)
    run(work, paths)  # folded: a pack to plant into
    pack_path = version_dir(work) / "index.json"
    pack = json.loads(pack_path.read_text("utf-8"))
    climbing = os.path.relpath(victim.with_suffix(""), version_dir(work) / "outlines" / "..")
    entry = next(iter(pack["results"].values()))
    pack["results"][climbing] = [entry[0], 0, entry[2], entry[3]]  # unused for long: pruned by a fold
    pack["results"]["0" * 64] = None
    pack_path.write_text(json.dumps(pack), "utf-8")
    (version_dir(work) / "journal.jsonl").write_text(
        json.dumps(["r", climbing, entry[0], 0, {"diagnostics": []}, entry[3]]) + "\n", "utf-8"
    )
    paths[0].write_text(paths[0].read_text("utf-8") + "补充。\n", "utf-8")
    _, cache = run(work, paths)
    monkeypatch_fold(version_dir(work))
    assert victim.exists() and cache.hits == 1
    assert [r.diagnostics for r in run(work, paths)[0]][1] == first[1].diagnostics


def test_tasks_that_bring_their_bytes_hit_the_cache(tmp_path: Path) -> None:
    """Standard input and the members of a .zip have no file to stat: their key is their bytes'
    digest, and the index is read for them as for files."""
    data = (EXAMPLES / "flawed.txt").read_bytes()
    tasks = [Task(str(tmp_path / "材料.zip" / "a.txt"), data, SETTINGS), Task("stdin.txt", data + b"x", SETTINGS)]
    first = run_tasks(tasks, 1, Cache(tmp_path, need_outline=False))
    for _ in range(2):
        cache = Cache(tmp_path, need_outline=False)
        again = run_tasks(tasks, 1, cache)
        assert cache.hits == 2 and [r.diagnostics for r in again] == [r.diagnostics for r in first]
