"""Snapshots of the built rules (checker/snapshot.py): equal to building afresh, private to the
user, rebuilt when a rules file changes or the pickle is damaged."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker import paths, snapshot, template, terms

RULES_DIGEST = snapshot.rules_digest  # tests replace it; its cache is cleared through this name


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("REPORTLINT_NO_SNAPSHOT", raising=False)
    paths.user_cache_dir.cache_clear()
    snapshot.rules_digest.cache_clear()
    yield tmp_path / "reportlint"
    paths.user_cache_dir.cache_clear()
    RULES_DIGEST.cache_clear()


def test_snapshot_equals_a_fresh_build_and_is_private(cache_home: Path) -> None:
    folder = paths.data_dir("rules") / "templates"
    fresh = {n: template._build_template(folder / f"{n}.toml") for n in template.builtin_names()}
    template.builtin_templates.cache_clear()  # read once per process: this one, from this cache folder
    written = template.builtin_templates()
    (pickle,) = cache_home.glob("templates-*.pickle")
    assert stat.S_IMODE(pickle.stat().st_mode) == 0o600
    template.builtin_templates.cache_clear()
    assert written == fresh and template.builtin_templates() == fresh  # built, then read back
    template.builtin_templates.cache_clear()

    fresh_lists = terms._build_lists()
    probe = "坚持不忘初心、牢记使命，增强四个意识"
    for _ in range(2):  # built and written, then read back
        terms.lists.cache_clear()
        loaded = terms.lists()
        assert loaded.terms == fresh_lists.terms and loaded.words == fresh_lists.words
        assert list(loaded.shingles.iter(probe)) == list(fresh_lists.shingles.iter(probe))
    assert len(list(cache_home.glob("terms-*.pickle"))) == 1
    terms.lists.cache_clear()


def test_snapshot_is_rebuilt_when_damaged_or_rules_change(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"value": len(calls)}

    assert snapshot.load_or_build("probe", build) == {"value": 1}
    assert snapshot.load_or_build("probe", build) == {"value": 1} and len(calls) == 1
    (only,) = cache_home.glob("probe-*.pickle")
    only.write_bytes(b"not a pickle")
    assert snapshot.load_or_build("probe", build) == {"value": 2}
    monkeypatch.setattr(snapshot, "rules_digest", lambda: "f" * 64)  # as if a rules file changed
    assert snapshot.load_or_build("probe", build) == {"value": 3}
    # the new build beside the earlier one (another install may still use it: see below)
    assert ("probe-" + "f" * 20 + ".pickle") in [p.name for p in cache_home.glob("probe-*.pickle")]


def test_rules_digest_follows_the_bytes_of_the_rules_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules"
    (rules / "templates").mkdir(parents=True)
    (rules / "templates" / "a.toml").write_text('name = "a"\n', "utf-8")
    monkeypatch.setattr(snapshot, "data_dir", lambda name: rules)
    snapshot.rules_digest.cache_clear()
    before = snapshot.rules_digest()
    (rules / "templates" / "a.toml").write_text('name = "b"\n', "utf-8")
    snapshot.rules_digest.cache_clear()
    assert snapshot.rules_digest() != before
    snapshot.rules_digest.cache_clear()


def test_no_usable_cache_folder_builds_every_time(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "user_cache_dir", lambda: None)
    calls: list[int] = []
    snapshot.load_or_build("probe", lambda: calls.append(1))
    snapshot.load_or_build("probe", lambda: calls.append(1))
    assert len(calls) == 2 and not os.path.exists(cache_home / "probe")


def test_other_installs_builds_are_kept_and_only_the_oldest_pruned(cache_home: Path) -> None:
    # reportlint installed twice (a pre-commit environment, a project's venv) builds its own
    # snapshots; each run must not delete the other's, or both rebuild on every run.
    import os
    import time

    now = time.time()
    cache_home.mkdir(parents=True, exist_ok=True)
    others = [f"{n:x}" * 20 for n in range(1, 7)]  # six other builds, the first the newest
    for age, key in enumerate(others):
        path = cache_home / f"probe-{key}.pickle"
        path.write_bytes(b"x")
        os.utime(path, (now - age * 60, now - age * 60))
    ancient = cache_home / ("probe-" + "a" * 20 + ".pickle")
    ancient.write_bytes(b"x")
    os.utime(ancient, (now - 40 * 86400, now - 40 * 86400))
    unrelated = cache_home / ("probe-wide-" + "b" * 20 + ".pickle")  # another kind named alike
    unrelated.write_bytes(b"x")
    busy = cache_home / ("probe-" + "c" * 20 + ".pickle.123.tmp")  # another process writing
    busy.write_bytes(b"x")
    litter = cache_home / ("probe-" + "d" * 20 + ".pickle.456.tmp")
    litter.write_bytes(b"x")
    os.utime(litter, (now - 7200, now - 7200))
    assert snapshot.load_or_build("probe", lambda: {"value": 1}) == {"value": 1}
    left = {p.name for p in cache_home.glob("probe-*")}
    kept = {f"probe-{key}.pickle" for key in others[: paths.SNAPSHOTS_KEPT - 1]}
    assert kept <= left  # the newest others stay
    assert not {f"probe-{key}.pickle" for key in others[paths.SNAPSHOTS_KEPT - 1 :]} & left
    assert ancient.name not in left and litter.name not in left
    assert unrelated.name in left and busy.name in left
    assert sum(1 for name in left if name.endswith(".pickle") and len(name) == len("probe-.pickle") + 20) == paths.SNAPSHOTS_KEPT


def test_mapped_arrays_are_kept_beside_the_pickle_and_mapped_back(cache_home: Path) -> None:
    """A MappedArray goes to the snapshot's .buffers file, not into its pickle, and comes back as a
    read-only view of the same numbers; a .buffers file that is not the pickle's own (another
    run's, cut short, gone) is a damaged snapshot: the value is built again."""
    from array import array

    calls: list[int] = []

    def build() -> dict[str, object]:
        calls.append(1)
        return {"keys": snapshot.MappedArray("q", range(0, 300_000, 3)), "values": snapshot.MappedArray("f", [0.5, -2.25]),
                "name": "probe"}  # fmt: skip

    built = snapshot.load_or_build("probe", build)
    loaded = snapshot.load_or_build("probe", build)
    assert len(calls) == 1
    assert isinstance(loaded["keys"], memoryview) and loaded["keys"].readonly and loaded["keys"].format == "q"
    assert list(loaded["keys"]) == list(built["keys"]) == list(range(0, 300_000, 3))  # type: ignore[call-overload]
    assert list(loaded["values"]) == [0.5, -2.25] and loaded["name"] == "probe"  # type: ignore[call-overload]
    (pickled,) = cache_home.glob("probe-*.pickle")
    (buffers,) = cache_home.glob("probe-*.buffers")
    assert pickled.stat().st_size < 10_000 < 800_000 <= buffers.stat().st_size  # the numbers are beside it
    assert stat.S_IMODE(buffers.stat().st_mode) == 0o600

    for damage in ("token", "cut", "gone"):
        current = buffers.read_bytes()  # the last rebuild's, with its own token
        if damage == "gone":
            buffers.unlink()
        else:
            buffers.write_bytes(current[:8] + bytes(16) + current[24:] if damage == "token" else current[:-1000])
        before = len(calls)
        again = snapshot.load_or_build("probe", build)
        assert len(calls) == before + 1 and list(again["keys"]) == list(range(0, 300_000, 3))  # type: ignore[call-overload]
    # pickled anywhere else (a worker's answer), the numbers travel in the pickle
    import pickle

    for protocol in (4, 5):
        copy = pickle.loads(pickle.dumps(snapshot.MappedArray("q", [1, 2, 3]), protocol=protocol))
        assert list(copy) == [1, 2, 3] and not isinstance(copy, array)


def test_the_rules_digest_is_remembered_while_the_files_are_as_they_were(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digest of the rules files' bytes is read back from the user's cache while every file
    has the name, size, time and inode it had: a file written again is read again, even at the
    same size; nothing is remembered while a file is younger than two seconds (a change within
    the same tick of its time could leave both as they were); a damaged note is recomputed."""
    import time

    hour_ago = time.time() - 3600
    folder = tmp_path / "rules"
    folder.mkdir()
    files = []
    for name in ("a.toml", "b.py"):
        (folder / name).write_text(f"name = {name!r}\n", "utf-8")
        files.append((str(folder), name))
    calls: list[str] = []

    def compute() -> str:
        calls.append(snapshot._bytes_digest(files))
        return calls[-1]

    first = snapshot.remembered("probe-digest", files, compute)
    assert snapshot.remembered("probe-digest", files, compute) == first and len(calls) == 2  # too young to remember
    assert not (cache_home / "probe-digest").exists()
    for name in ("a.toml", "b.py"):
        os.utime(folder / name, (hour_ago, hour_ago))
    later = time.time_ns() + 10**10
    monkeypatch.setattr(time, "time_ns", lambda: later)  # ten seconds on: no file is young any more
    assert snapshot.remembered("probe-digest", files, compute) == first and len(calls) == 3
    assert snapshot.remembered("probe-digest", files, compute) == first and len(calls) == 3  # remembered
    (folder / "a.toml").write_text("name = 'A.toml'\n", "utf-8")  # the same size, another time
    os.utime(folder / "a.toml", (hour_ago + 1, hour_ago + 1))
    changed = snapshot.remembered("probe-digest", files, compute)
    assert changed != first and changed == snapshot._bytes_digest(files) and len(calls) == 4
    assert snapshot.remembered("probe-digest", files, compute) == changed and len(calls) == 4
    (cache_home / "probe-digest").write_bytes(b"\xff not a note")
    assert snapshot.remembered("probe-digest", files, compute) == changed and len(calls) == 5


def test_the_rules_digest_remembered_is_the_digest_of_the_bytes(cache_home: Path) -> None:
    """rules_digest gives the digest of the rules files' bytes whether it reads them or its note."""
    here = os.path.dirname(snapshot.__file__)
    rules = str(paths.data_dir("rules"))
    fresh = snapshot.rules_digest()
    snapshot.rules_digest.cache_clear()
    assert snapshot.rules_digest() == fresh
    listed = [(rules, r) for r in snapshot._under(rules, ".toml")]
    for name in snapshot._PICKLED_FROM:
        path = os.path.join(here, name)
        listed += [(here, r) for r in (snapshot._under(here, ".py", name) if os.path.isdir(path) else [name])]
    assert fresh == snapshot._bytes_digest(listed)


def test_the_note_is_not_trusted_for_a_file_rewritten_at_its_size_and_time(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy that keeps the size and sets the old time back (cp -p, rsync -t, a build with fixed
    times) changes the file's change time: its bytes are read again. A folder whose name is no
    UTF-8 is remembered like any other; with REPORTLINT_NO_SNAPSHOT nothing is written."""
    import time

    hour_ago = time.time() - 3600
    folder = tmp_path / os.fsdecode(b"rules-\xff\xfe")  # a GBK-named folder, as Python sees it on POSIX
    folder.mkdir()
    target = folder / "a.toml"
    target.write_text("name = '甲'\n", "utf-8")
    os.utime(target, (hour_ago, hour_ago))
    files = [(str(folder), "a.toml")]
    monkeypatch.setattr(time, "time_ns", lambda: int((hour_ago + 3600 * 5) * 1e9))  # every change long past
    first = snapshot.remembered("probe-digest", files, lambda: snapshot._bytes_digest(files))
    assert (cache_home / "probe-digest").exists()
    target.write_text("name = '乙'\n", "utf-8")  # the same size, the same inode
    os.utime(target, (hour_ago, hour_ago))  # and the same time
    again = snapshot.remembered("probe-digest", files, lambda: snapshot._bytes_digest(files))
    assert again == snapshot._bytes_digest(files) != first
    (cache_home / "probe-digest").unlink()
    monkeypatch.setenv("REPORTLINT_NO_SNAPSHOT", "1")
    assert snapshot.remembered("probe-digest", files, lambda: snapshot._bytes_digest(files)) == again
    assert not (cache_home / "probe-digest").exists()
