"""What OpenCC's traditional-to-simplified conversion (t2s) can change, read from OpenCC's own
dictionaries: so that T103 hands the converter only a paragraph that holds some of it, and a report
written in simplified characters (nearly all of them) never loads the converter (4 ms and a few MB
in every process that checks).

A conversion changes a text only where one of its dictionaries' keys, whose value differs from it,
stands in the text. Such a key either holds a character that the conversion changes on its own
(們, 發) or is one of the few phrases none of whose characters would be (沈浸 → 沉浸, 明瞭 → 明了).
A paragraph with neither is left as it is: the screen is exact, not a guess. When the dictionaries
cannot be read (another OpenCC layout), there is no screen and every paragraph is converted.
T103 keeps the screen as a snapshot (checks/terms.py: screen).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from checker.text.automaton import automaton

# OpenCC's dictionary files: this header, then a marisa trie of the keys (then their values).
_OCD2_HEADER = b"OPENCC_MARISA_0.2.5"
CONFIG = "t2s.json"


@dataclass(frozen=True, slots=True)
class Screen:
    """The characters t2s changes on their own, and the phrases it changes though none of their
    characters would be (an automaton over them)."""

    chars: frozenset[str]
    phrases: Any

    def may_change(self, text: str) -> bool:
        """Whether t2s could change ``text`` (False: it certainly leaves it as it is)."""
        if not self.chars.isdisjoint(text):
            return True
        return next(self.phrases.iter(text), None) is not None


def dictionary_folder() -> str | None:
    """OpenCC's data folder, found without importing OpenCC (which loads its C library)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("opencc")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    folder = os.path.join(os.path.dirname(spec.origin), "clib", "share", "opencc")
    return folder if os.path.isfile(os.path.join(folder, CONFIG)) else None


def source_of(folder: str) -> str:
    """The dictionaries' names, sizes and times: a snapshot built from other files is not used."""
    parts = []
    for name in sorted(os.listdir(folder)):
        if name == CONFIG or name.endswith(".ocd2"):
            info = os.stat(os.path.join(folder, name))
            parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts)


def build(folder: str) -> Screen | None:
    """Read every dictionary t2s.json names (ocd2 files only) and keep what changes."""
    import json

    import opencc

    try:
        with open(os.path.join(folder, CONFIG), encoding="utf-8") as handle:
            config = json.load(handle)
        files = [entry["dict"] for entry in config.get("normalization", [])]
        files += [entry["dict"] for entry in config["conversion_chain"]]
        tries = [_trie(os.path.join(folder, d["file"])) for d in _ocd2_files(files)]
    except (OSError, ValueError, KeyError, TypeError, RuntimeError):
        return None
    if any(t is None for t in tries):
        return None
    convert = opencc.OpenCC(CONFIG.removesuffix(".json")).convert
    chars: set[str] = set()
    phrases: set[str] = set()
    for trie in tries:
        for key in trie:  # a marisa trie iterates over its keys
            if convert(key) == key:
                continue
            alone = [c for c in key if convert(c) != c]
            if alone:
                chars.update(alone)
            else:
                phrases.add(key)
    return Screen(frozenset(chars), automaton((p, p) for p in sorted(phrases)))


def _ocd2_files(dicts: list[Any]) -> list[dict[str, Any]]:
    """The ocd2 dictionaries of a config's entries (a group holds others); ValueError for any
    other type (a text dictionary: this reader does not know it)."""
    found = []
    for entry in dicts:
        if entry.get("type") == "group":
            found += _ocd2_files(entry["dicts"])
        elif entry.get("type") == "ocd2":
            found.append(entry)
        else:
            raise ValueError(f"an OpenCC dictionary of type {entry.get('type')!r}")
    return found


def _trie(path: str) -> Any:
    """The keys of an ocd2 file (a marisa trie after its header), or None for another layout."""
    import marisa_trie

    with open(path, "rb") as handle:
        data = handle.read()
    if not data.startswith(_OCD2_HEADER):
        return None
    trie = marisa_trie.Trie()
    trie.frombytes(data[len(_OCD2_HEADER) :])
    return trie
