"""Benchmark scripts: figures printed, never asserted (README: "Scripts, not tests")."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile


def private_user_cache() -> str:
    """Point XDG_CACHE_HOME, for this script and every process it starts, at a folder of its own
    (removed at exit), so that the rules snapshots and the word dictionary timed are this
    checkout's, built once here, whatever other installs keep in the user's cache."""
    folder = tempfile.mkdtemp(prefix="reportlint-bench-cache-")
    atexit.register(shutil.rmtree, folder, True)
    os.environ["XDG_CACHE_HOME"] = folder
    return folder
