"""What T105 never flags: known phrases where they stand, names (a surname and one or two
characters next to a title or between list marks), quoted coinages; and the characters of place
names, flagged only into another place name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from checker.text.automaton import automaton
from checker.typos.data import all_han, is_han, scan, typo_data

QUOTED = 8  # a quoted term up to this long is a coinage (“放管服”): never flagged


@cache
def _distributive() -> re.Pattern[str] | None:
    """逐 and a measure word (逐件, 逐户): rules/typos.toml ``distributive_measures``."""
    measures = typo_data().distributive_measures
    return re.compile(f"逐[{re.escape(measures)}]") if measures else None


@cache
def _name_patterns() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str]]:
    """Surnames, titles and place suffixes. The surname is tested in Python: a character class
    of 500 surnames costs 17 ms to compile, more than the rest of T105 on a page."""
    data = typo_data()
    titles = "|".join(sorted(map(re.escape, data.titles), key=len, reverse=True))
    suffixes = "|".join(sorted(map(re.escape, data.place_suffixes), key=len, reverse=True))
    return (
        frozenset(data.surnames),
        re.compile(titles),
        re.compile(f"[\u4e00-\u9fff]{{2,3}}?(?=(?:{suffixes}))"),
    )


_QUOTED = re.compile(f'[“「『"]([^”」』"\n]{{1,{QUOTED}}})[”」』"]')


_LIST_MARK = re.compile(r"[、：:（(\s]")


_LIST_END = "、，,；;。）)"


def _names(text: str, surnames: frozenset[str], titles: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """A surname and one or two characters: before a title (王晓旭同志), after one when nothing
    follows (书记王晓旭), or between list marks (、侯德明、)."""
    n = len(text)
    for m in titles.finditer(text):
        for size in (3, 2):
            s = m.start() - size
            if s >= 0 and text[s] in surnames and all_han(text[s : m.start()]):
                yield s, m.start()
                break
        for size in (3, 2):
            e = m.end() + size
            if (
                e <= n
                and text[m.end()] in surnames
                and all_han(text[m.end() : e])
                and (e == n or not is_han(text[e]))
            ):
                yield m.end(), e
                break
    for m in _LIST_MARK.finditer(text):
        for size in (3, 2):
            s, e = m.end(), m.end() + size
            if (
                e <= n
                and text[s] in surnames
                and all_han(text[s:e])
                and (e == n or text[e] in _LIST_END or text[e].isspace())
            ):
                yield s, e
                break


def protected(text: str, hits: list[tuple[int, int]] | None = None) -> tuple[bytearray, bytearray]:
    """Characters never flagged (known phrases, names, quoted coinages) and characters of
    place names (flagged only into another place name). ``hits``: the phrase automaton's
    matches in ``text``, when the caller has them already."""
    mask = bytearray(len(text))
    places = bytearray(len(text))
    for end, length in scan(text)[0] if hits is None else hits:
        mask[end - length + 1 : end + 1] = b"\1" * length
    surnames, titles, place = _name_patterns()
    for start, end in _names(text, surnames, titles):
        mask[start:end] = b"\1" * (end - start)
    for m in _QUOTED.finditer(text):
        mask[m.start(1) : m.end(1)] = b"\1" * (m.end(1) - m.start(1))
    distributive = _distributive()
    for m in distributive.finditer(text) if distributive else ():
        mask[m.start() : m.end()] = b"\1\1"
    for start, end in _places(text, place):
        places[start:end] = b"\1" * (end - start)
    return mask, places


@cache
def _suffix_automaton() -> Any | None:
    """The place suffixes as an automaton; None when one is empty (the pattern decides then)."""
    suffixes = typo_data().place_suffixes
    if not suffixes or not all(suffixes):
        return None
    return automaton((suffix, len(suffix)) for suffix in suffixes)


def _places(text: str, place: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """What ``place`` finds (two Han characters, else three, before a place suffix), from where
    the suffixes stand: the pattern tried its lookahead of every suffix at every character."""
    suffixes = _suffix_automaton()
    if suffixes is None:
        for m in place.finditer(text):
            yield m.start(), m.end()
        return
    suffixed = {end - length + 1 for end, length in suffixes.iter(text)}  # where a suffix starts
    taken = 0  # the end of the last place: the pattern goes on from there
    for start in sorted({s - k for s in suffixed for k in (2, 3) if s - k >= 0}):
        if start < taken or not (is_han(text[start]) and is_han(text[start + 1])):
            continue
        if start + 2 in suffixed:
            taken = start + 2
        elif is_han(text[start + 2]) and start + 3 in suffixed:
            taken = start + 3
        else:
            continue
        yield start, taken

