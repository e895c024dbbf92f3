"""One Aho–Corasick automaton over words: the linear way to find every word of a list in a text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def automaton(entries: Iterable[tuple[str, Any]]) -> Any:
    """An automaton (pyahocorasick, imported only when one is built) over ``entries``, each a word
    and the value found with it; iter(text) yields (end index, value) for every occurrence."""
    import ahocorasick

    built = ahocorasick.Automaton()
    for word, value in entries:
        built.add_word(word, value)
    built.make_automaton()
    return built
