"""Where the grammar, the rules and the word dictionary live: inside the installed wheel (checker/_data/…), or at
the top of the repository when running from a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from checker.folders import user_cache_folder

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """``name`` is "grammar", "rules" or "dictionary"."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


@cache
def user_cache_dir() -> Path | None:
    """$XDG_CACHE_HOME/reportlint (or ~/.cache/reportlint), created private; None if unusable."""
    folder = user_cache_folder()
    return Path(folder) if folder is not None else None


def rules_file(name_or_path: str, folder: str, relative_to: Path | None = None,
               existing: bool = False) -> Path | None:  # fmt: skip
    """A template or profile named by the user: a path (relative to ``relative_to``, the
    configuration's folder, when it is there), a .toml path (or, with ``existing``, any path
    that exists), else the built-in ``rules/<folder>/<name>.toml``; None when there is none."""
    candidate = Path(name_or_path)
    if relative_to is not None and not candidate.is_absolute() and (relative_to / candidate).exists():
        return relative_to / candidate
    if candidate.suffix == ".toml" or (existing and candidate.exists()):
        return candidate
    path = data_dir("rules") / folder / f"{name_or_path}.toml"
    return path if path.exists() else None


# The files the format profile applies to under `auto` (profile_for): Word's own formats. Here, at
# the bottom of the house, because planning a batch asks it of every file without importing the
# profiles.
WORD_SUFFIXES = (".docx", ".docm", ".dotx")
# The format profile `auto` gives Word documents (rules/profiles/gbt9704.toml).
DEFAULT_PROFILE = "gbt9704"

SNAPSHOTS_KEPT = 4  # builds of one kind kept side by side: other installs of reportlint (a pre-commit env, a venv)
SNAPSHOT_MAX_AGE = 30 * 86400  # seconds since a build after which another install's is dropped
UNFINISHED_AGE = 3600  # seconds after which an unfinished write (a crashed process's) is litter


def prune_snapshots(folder: Path, prefix: str, current: str) -> None:
    """Remove old builds named ``prefix<key>…`` in ``folder``, keeping the one named by
    ``current`` (its key) and the newest others: reportlint installed twice (a pre-commit
    environment and a project's venv, two versions) would otherwise delete each other's builds
    and rebuild on every run. A file another process is still writing (``.tmp``) is left alone
    unless it is an hour old."""
    import time

    now = time.time()
    builds: dict[str, float] = {}  # key → newest modification time among its files
    files: dict[str, list[Path]] = {}
    for path in folder.glob(prefix + "*"):
        try:
            modified = path.stat().st_mtime
        except OSError:
            continue
        if path.name.endswith(".tmp"):
            if now - modified > UNFINISHED_AGE:
                path.unlink(missing_ok=True)
            continue
        key = path.name[len(prefix) :].split(".", 1)[0]
        if key == current or len(key) != len(current) or not all(c in "0123456789abcdef" for c in key):
            continue  # this build, or another kind's whose name starts alike (profile-a-b-… for profile-a)
        builds[key] = max(builds.get(key, 0.0), modified)
        files.setdefault(key, []).append(path)
    newest_first = sorted(builds, key=builds.__getitem__, reverse=True)
    for rank, key in enumerate(newest_first, start=1):
        if rank >= SNAPSHOTS_KEPT or now - builds[key] > SNAPSHOT_MAX_AGE:
            for path in files[key]:
                path.unlink(missing_ok=True)
