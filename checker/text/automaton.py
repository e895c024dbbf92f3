"""One Aho–Corasick automaton over words: the linear way to find every word of a list in a text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

# A character no word holds, put after the text for iter_long (see longest).
END = "\0"


def automaton(entries: Iterable[tuple[str, Any]]) -> Any:
    """An automaton (pyahocorasick, imported only when one is built) over ``entries``, each a word
    and the value found with it; iter(text) yields (end index, value) for every occurrence."""
    import ahocorasick

    built = ahocorasick.Automaton()
    for word, value in entries:
        built.add_word(word, value)
    built.make_automaton()
    return built


def longest(built: Any, text: str) -> Iterator[Any]:
    """``built.iter_long(text)``: the leftmost-longest matches, (end index, value) each, but
    with the text's last match found too. pyahocorasick's iter_long drops a match that ends the
    text while a longer word is still possible there: with 学习 and 理论学习教育 as words, 加强理论学习
    yields nothing. A character no word holds after the text ends that longer word."""
    return built.iter_long(text + END)  # type: ignore[no-any-return]
