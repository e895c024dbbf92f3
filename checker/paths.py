"""Where the grammar and the rules live: inside the installed wheel (checker/_data/…), or at
the top of the repository when running from a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """``name`` is "grammar" or "rules"."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name
