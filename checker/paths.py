"""Where the grammar, the rules and the word dictionary live: inside the installed wheel (checker/_data/…), or at
the top of the repository when running from a checkout."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

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
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "reportlint"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


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
