"""Built data kept between runs. Loading the six built-in templates from TOML, validating them
and building the term automata costs more than checking one report; a pickle of the result
costs a millisecond. The pickles live in the user's own cache folder (private, like Lark's
grammar cache: never the working tree, where a checked-out repository could plant one, nor a
shared /tmp), named by reportlint's version and the bytes of every file under rules/, so an
edited template or list is rebuilt."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from checker import __version__
from checker.paths import data_dir, prune_snapshots, user_cache_dir

T = TypeVar("T")


# The modules (and packages) whose classes the snapshots pickle: a changed class must not meet an
# old pickle.
_PICKLED_FROM = ("template.py", "terms.py", "checklists.py", "settings.py", "substance", "typos", "profile.py",
                 "align/lexicon.py")  # fmt: skip


@cache
def rules_digest() -> str:
    """A digest of every built-in rules file (templates, check-lists, terms, words, lexicon) and
    of the modules that define what the snapshots hold."""
    rules = data_dir("rules")
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(rules.rglob("*.toml")):
        digest.update(str(path.relative_to(rules)).encode() + b"\0" + path.read_bytes() + b"\0")
    here = Path(os.path.abspath(__file__)).parent
    for name in _PICKLED_FROM:
        for source in sorted((here / name).rglob("*.py")) if (here / name).is_dir() else [here / name]:
            if source.is_file():  # the single-file program carries compiled modules only: its version says it all
                digest.update(str(source.relative_to(here)).encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()


def load_or_build(name: str, build: Callable[[], T]) -> T:
    """``build()``'s value, from the snapshot when one for these rules files exists."""
    folder = user_cache_dir()
    if folder is None or os.environ.get("REPORTLINT_NO_SNAPSHOT"):
        return build()
    target = folder / f"{name}-{rules_digest()[:20]}.pickle"
    try:
        with open(target, "rb") as handle:
            return pickle.load(handle)  # type: ignore[no-any-return]
    except FileNotFoundError:
        pass
    except Exception:  # damaged, or pickled by an incompatible library version: rebuild
        pass
    value = build()
    try:
        prune_snapshots(folder, f"{name}-", target.stem[len(name) + 1 :])  # earlier rules files, other installs
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except OSError:
        pass  # a read-only cache folder: build every time
    return value
