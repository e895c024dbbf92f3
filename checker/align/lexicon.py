"""The lexicon of related terms (rules/lexicon.toml): topics that link items sharing a subject
in other words (理论·学习·武装; 群众·为民·宗旨 …), and the stock phrases the genre uses
everywhere, left out before items are compared."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from checker.paths import data_dir


@dataclass(frozen=True, slots=True)
class Lexicon:
    """rules/lexicon.toml as the linker uses it: phrases to drop, topic groups and their terms."""

    stop_phrases: tuple[str, ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    term_groups: dict[str, tuple[str, ...]]  # term → the groups it belongs to
    terms: Any  # an Aho-Corasick automaton of every term: one scan per text


@cache
def lexicon() -> Lexicon:
    """Built once per rules files and kept as a snapshot (checker/snapshot.py): no TOML is parsed
    nor automaton built when a report is checked."""
    from checker.snapshot import load_or_build

    return load_or_build("lexicon", _build)


def _build() -> Lexicon:
    import tomllib

    raw = tomllib.loads((data_dir("rules") / "lexicon.toml").read_text(encoding="utf-8"))
    groups = tuple((g["name"], tuple(g["terms"])) for g in raw.get("groups", []))
    term_groups: dict[str, list[str]] = {}
    for name, terms in groups:
        for term in terms:
            term_groups.setdefault(term, []).append(name)
    import ahocorasick

    pattern = ahocorasick.Automaton()
    for term in term_groups:
        pattern.add_word(term, term)
    pattern.make_automaton()
    stops = tuple(sorted(raw.get("stop_phrases", []), key=len, reverse=True))
    return Lexicon(stops, groups, {t: tuple(g) for t, g in term_groups.items()}, pattern)

