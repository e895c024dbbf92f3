"""Where reportlint keeps its own files between runs, found with os alone: the compiled-code cache
(checker/compiled.py) looks here before pathlib and the rest of the package are imported, and
checker.paths gives the same folder as a Path to everything else."""

from __future__ import annotations

import os


def user_cache_folder() -> str | None:
    """$XDG_CACHE_HOME/reportlint (or ~/.cache/reportlint), created private; None if unusable."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "reportlint")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None
