"""T105's data, built once and kept as a snapshot (checker/snapshot.py): the known words, the
classic wrong forms and the confusions of rules/typos.toml, each character's readings (what an
input method offers for its syllable) and shape (four-corner code), and the character bigram
model that weighs a correction."""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from typing import Any

from checker.paths import data_dir
from checker.text import words
from checker.text.automaton import automaton

KINDS = ("a", "b", "c", "d")


HOMOPHONES = 30  # the commonest characters of a syllable: what an input method offers first


class TyposError(ValueError):
    """An invalid entry in rules/typos.toml (the message names it)."""


@dataclass(frozen=True, slots=True)
class Typo:
    """A 错别字 found: where, what is written, the correction and the kind of evidence."""

    start: int
    end: int
    found: str
    expected: str
    kind: str  # a | b | c | d
    note: str = ""
    # Found by the statistics of a swap alone (a loose pair and a commoner word sounding or
    # looking alike), not by a list or a context pattern: see checks/typos.py on repetition.
    guessed: bool = False


@dataclass(frozen=True, slots=True)
class Confusion:
    """A word often written for another, with the contexts that tell them apart."""

    wrong: str
    right: str
    after: str = ""
    before: str = ""
    unless_after: str = ""
    note: str = ""


@dataclass(slots=True)
class TypoData:
    """The typo finder's data: curated wrong forms, confusions, known phrases and the bigram model."""

    known: frozenset[str]
    curated: dict[str, tuple[str, str]]  # wrong → (right, kind)
    confusions: dict[str, list[Confusion]]
    particles: dict[str, list[str]]
    surnames: str
    titles: list[str]
    place_suffixes: list[str]
    distributive_measures: str
    phrases: frozenset[str]  # known wordings of any length: protected where they stand
    # each character's readings, space-separated: strings, not tuples, unpickle in half the time
    readings: dict[str, str] = field(default_factory=dict)
    by_reading: dict[str, str] = field(default_factory=dict)
    shapes: dict[str, str] = field(default_factory=dict)
    # Built as MappedArrays, loaded from the snapshot as read-only memoryviews of the same numbers
    lm_keys: Any = None  # "q", sorted: (first << 21) | second
    lm_values: Any = None  # "f": natural log P(second | first)
    lm_default: dict[str, float] = field(default_factory=dict)
    scanner: Any = None  # word_automaton(), kept in the snapshot: unpickled in a quarter of its build


def is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def all_han(text: str) -> bool:
    return _ALL_HAN.fullmatch(text) is not None


_ALL_HAN = re.compile("[\u4e00-\u9fff]+")  # is_han for every character, in one call: T105 asks 2,000 times a report


@cache
def typo_data() -> TypoData:
    from checker.snapshot import load_or_build

    return load_or_build("typos", _build)


def _raw() -> dict[str, Any]:
    import tomllib

    return tomllib.loads((data_dir("rules") / "typos.toml").read_text("utf-8"))


def _build() -> TypoData:
    raw = _raw()
    curated: dict[str, tuple[str, str]] = {}
    for entry in raw.get("typos", ()):
        wrong, right, kind = entry.get("wrong", ""), entry.get("right", ""), entry.get("kind", "")
        if not all_han(wrong) or not all_han(right) or wrong == right or kind not in KINDS:
            raise TyposError(f"typos.toml: [[typos]] {wrong!r}: needs a wrong and a different right form "
                             f"(Han characters) and a kind among {', '.join(KINDS)}")  # fmt: skip
        if not entry.get("source"):
            raise TyposError(f"typos.toml: [[typos]] {wrong!r}: names no source")
        curated[wrong] = (right, kind)
    confusions: dict[str, list[Confusion]] = {}
    for entry in raw.get("confusions", ()):
        c = Confusion(entry.get("wrong", ""), entry.get("right", ""), entry.get("after", ""),
                      entry.get("before", ""), entry.get("unless_after", ""), entry.get("note", ""))  # fmt: skip
        if not all_han(c.wrong) or not all_han(c.right) or c.wrong == c.right or not (c.after or c.before):
            raise TyposError(f"typos.toml: [[confusions]] {c.wrong!r}: needs wrong, right and a context")
        for source in (c.after, c.before, c.unless_after):
            try:
                re.compile(source)
            except re.error as exc:
                raise TyposError(f"typos.toml: [[confusions]] {c.wrong!r}: {exc}") from exc
        confusions.setdefault(c.wrong, []).append(c)
    known = set(raw.get("known", ()))
    phrases = set(known)
    from checker.checklists import checklist_names, load_checklist
    from checker.terms import lists

    for term in lists().terms:
        phrases.add(term.canonical)
        phrases.update(term.members)
        phrases.update(term.allow)
        known.update(m for m in (term.canonical, *term.members) if len(m) <= 8)
    for name in checklist_names():
        checklist = load_checklist(name)
        for aspect in checklist.aspects:
            phrases.add(aspect.name)
            phrases.update(re.split(r"[、，,；;]", aspect.name))
            known.update(aspect.keywords)
    known.update(words.domain_words())
    known = {w for w in known if all_han(w) and len(w) >= 2}
    phrases = {p for p in phrases | known if len(p) >= 2}
    data = TypoData(
        known=frozenset(known),
        curated=curated,
        confusions=confusions,
        particles={k: list(v) for k, v in raw.get("particles", {}).items()},
        surnames="".join(raw.get("surnames", "").split()),
        titles=list(raw.get("titles", ())),
        place_suffixes=list(raw.get("place_suffixes", ())),
        distributive_measures=str(raw.get("distributive_measures", "")),
        phrases=frozenset(phrases),
    )
    _build_sounds_and_shapes(data, raw)
    listed = set(curated) | set(confusions)
    data.scanner = automaton((word, -len(word) if word in listed else len(word)) for word in data.phrases | listed)
    return data


def _gb2312_level(c: str) -> int:
    try:
        raw = c.encode("gb2312")
    except UnicodeEncodeError:
        return 0
    return 0 if len(raw) != 2 else (1 if raw[0] <= 0xD7 else 2)


def _build_sounds_and_shapes(data: TypoData, raw: dict[str, Any]) -> None:
    """Homophones and the character bigram model from Pinyin2Hanzi's input-method HMM (its
    emission table gives each character's readings with their weights, so a reading that
    survives only in dictionaries, 疑 níng, is not a homophone), look-alikes from the shapes list."""
    import json
    import os

    import Pinyin2Hanzi

    from checker.snapshot import MappedArray

    folder = os.path.join(os.path.dirname(Pinyin2Hanzi.__file__), "data")
    with open(os.path.join(folder, "hmm_emission.json"), encoding="utf-8") as handle:
        emission: dict[str, dict[str, float]] = json.load(handle)["data"]
    with open(os.path.join(folder, "hmm_transition.json"), encoding="utf-8") as handle:
        transition: dict[str, dict[str, float]] = json.load(handle)["data"]
    with open(os.path.join(folder, "hmm_start.json"), encoding="utf-8") as handle:
        start: dict[str, float] = json.load(handle)["data"]
    common = [c for c in emission if len(c) == 1 and _gb2312_level(c) and c in transition]
    readings = {c: tuple(sorted(p for p, w in emission[c].items() if w >= 0.1)) for c in common}
    by_reading: dict[str, list[str]] = {}
    # the order an input method offers them in: how often a character opens a word
    for c in sorted(common, key=lambda c: -start.get(c, 0.0)):
        for reading in readings[c]:
            by_reading.setdefault(reading, []).append(c)
    data.readings = {c: " ".join(each) for c, each in readings.items()}
    data.by_reading = {r: "".join(cs[:HOMOPHONES]) for r, cs in by_reading.items()}
    shapes: dict[str, set[str]] = {}
    for pair in raw.get("shapes", ()):
        if len(pair) != 2 or not all_han(pair):
            raise TyposError(f"typos.toml: shapes: {pair!r} is not two characters")
        shapes.setdefault(pair[0], set()).add(pair[1])
        shapes.setdefault(pair[1], set()).add(pair[0])
    data.shapes = {c: "".join(sorted(s)) for c, s in shapes.items()}
    keys, values = [], []
    for first, row in transition.items():
        if len(first) != 1:
            continue
        data.lm_default[first] = math.log(row.get("default", 1e-7))
        for second, p in row.items():
            if len(second) == 1 and p > 0:
                keys.append((ord(first) << 21) | ord(second))
                values.append(math.log(p))
    order = sorted(range(len(keys)), key=keys.__getitem__)
    # arrays, not a dict, and kept beside the snapshot's pickle: 278,000 pairs mapped, not read
    data.lm_keys = MappedArray("q", (keys[i] for i in order))
    data.lm_values = MappedArray("f", (values[i] for i in order))


def word_automaton() -> Any:
    """Every word T105 looks for in a paragraph, in one automaton (built with the data): the known
    phrases, found with their length, and the classic wrong forms and the confusions, found with
    minus theirs (looked up in their lists when one occurs, which is seldom). pyahocorasick looks
    for a character among a node's children one by one: one scan of a paragraph costs about what
    the phrases' alone did, three cost twice that."""
    return typo_data().scanner


def scan(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """The known phrases in ``text`` as (end, length), and the classic wrong forms and confusions
    as (end, word): ``end`` is the index of the last character."""
    hits = list(word_automaton().iter(text))
    listed = [(end, text[end + length + 1 : end + 1]) for end, length in hits if length < 0]
    if not listed:
        return hits, listed
    phrases = typo_data().phrases
    found = []
    for end, length in hits:
        if length > 0:
            found.append((end, length))
        elif text[end + length + 1 : end + 1] in phrases:
            found.append((end, -length))
    return found, listed



def segment(text: str, hits: list[tuple[int, int]] | None = None) -> list[words.Token]:
    """The words of ``text`` (checker/text/words.py), with the tokens that make up a known word
    (学思/践/悟, 急难/愁/盼) joined into it. The shared segmenter is left as it is, so that no
    other rule cuts differently for T105 having run. ``hits``: the phrase automaton's matches
    in ``text``, when the caller has them already."""
    pieces, ends = cut(text, hits)
    return [words.Token(word, end - len(word), end) for word, end in zip(pieces, ends, strict=True)]


def cut(text: str, hits: list[tuple[int, int]] | None = None) -> tuple[list[str], list[int]]:
    """:func:`segment`'s words and where each ends (each starts where the one before ends): the
    tokens without their tuples, which a paragraph that holds no typo never needs."""
    pieces = words.cut(text)
    ends = list(accumulate(map(len, pieces)))
    if hits is None:
        hits = scan(text)[0]
    if not hits:
        return pieces, ends  # most paragraphs hold no known phrase: no token boundaries to index
    known = typo_data().known
    longest: dict[int, tuple[int, int, int]] = {}  # a known word's start → (its end, first and last token)
    for end, length in hits:
        stop = end + 1
        last = bisect_left(ends, stop)
        if ends[last] != stop or len(pieces[last]) >= length:
            continue  # ends inside a token, or lies within one (most hits: a token already whole)
        start = stop - length
        first = bisect_left(ends, start, 0, last) + 1 if start else 0  # the token that starts there
        if (start and ends[first - 1] != start) or text[start:stop] not in known:
            continue  # starts inside a token, or a phrase that is not a word
        if stop > longest.get(start, (0, 0, 0))[0]:
            longest[start] = (stop, first, last)
    if not longest:
        return pieces, ends
    joined: list[str] = []
    joined_ends: list[int] = []
    i = 0  # the first token not yet copied
    for start in sorted(longest):
        stop, first, last = longest[start]
        if first < i:
            continue  # inside a word already joined
        joined += pieces[i:first]
        joined_ends += ends[i:first]
        joined.append(text[start:stop])
        joined_ends.append(stop)
        i = last + 1
    joined += pieces[i:]
    joined_ends += ends[i:]
    return joined, joined_ends


def is_word(data: TypoData, word: str) -> bool:
    return word in data.known or words.is_word(word)


UNSEEN = math.log(1e-7)


def bigram(data: TypoData, first: str, second: str) -> float:
    key = (ord(first) << 21) | ord(second)
    index = bisect_left(data.lm_keys, key)
    if index < len(data.lm_keys) and data.lm_keys[index] == key:
        return float(data.lm_values[index])
    return data.lm_default.get(first, UNSEEN)


def bigram_gain(data: TypoData, text: str, at: int, new: str) -> float:
    """How much more likely the bigram model finds ``text`` with ``new`` at ``at``."""
    old, gain = text[at], 0.0
    if at > 0 and is_han(text[at - 1]):
        gain += bigram(data, text[at - 1], new) - bigram(data, text[at - 1], old)
    if at + 1 < len(text) and is_han(text[at + 1]):
        gain += bigram(data, new, text[at + 1]) - bigram(data, old, text[at + 1])
    return gain

