"""错别字 (T105), found the way a proofreader finds them: a dictionary, what each syllable and
each character shape could have been, a list of the classic wrong forms, and the contexts that
tell two real words apart.

Four kinds, each with its own evidence:

* (a, d) a slip that leaves a non-word: the text cuts into orphan characters (布/署, 常/效) where
  swapping one character for a homophone (pinyin) or a look-alike (four-corner code) gives a
  common word of jieba's dictionary or of the domain, the swap explains every orphan around it,
  and a character bigram model (Pinyin2Hanzi's, an input method's) prefers it by a margin;
* (c) a classic wrong form of an idiom or set phrase (再接再励 style) from the curated list, or a
  four-character window one swap away from an idiom of the dictionary;
* (b) a real word that its context rules out (权利运行, 截至日期, 认真的开展): the patterns of
  rules/typos.toml and the 的/地/得 grammar.

Precision first. Names (a surname and one or two characters next to a title or between list
marks), places (before 镇、县、社区 …), known words (the formulations of rules/terms.toml, the
check-list wordings, rules/typos.toml ``known``, the lexicon), quoted coinages, numerals and
abbreviations are never flagged; a swap that leaves an orphan, or whose best rival is as good,
is not reported. Everything is built once and kept as a snapshot (checker/snapshot.py).
"""

from __future__ import annotations

import math
import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from checker.paths import data_dir
from checker.text import words

KINDS = ("a", "b", "c", "d")
NUMERALS = frozenset("一二三四五六七八九十百千万亿零〇两双几半")
PARTICLES = frozenset("的地得了着过之")
LEVELS = frozenset("省市县区乡镇村州旗盟")
# Grammatical characters: never what a slip is corrected into (补了 is no typo of 不了)
FUNCTION = frozenset(
    "不没是的地得了着过在有和与及或也都就还又才再很最更太把被将对于以为而且之其这那些个所"
)  # a window holding one is grammar, not a word (T105 b)
# Single characters that stand alone as words in sound text (的、在、中、要、做 …): an orphan
# is a single character that rarely does (署、效、峰).
STANDALONE = 20000  # jieba count of a single character above which it is a word of its own
PARTNER = 15000  # the other character of a two-character slip is rarely a word of its own (效 in 常效)
RARE = 3  # a dictionary word seen this rarely is treated like a non-word (布署 is there twice)
HOMOPHONES = 30  # the commonest characters of a syllable: what an input method offers first
MIN_FREQUENCY = {2: 100, 3: 100, 4: 3}  # how common a correction must be, by its length
MIN_GAIN = {2: 6.0, 3: 4.0, 4: 2.0}  # natural-log margin of the bigram model, by length
KNOWN_GAIN = (
    -8.0
)  # a known four-character phrase outweighs the news-trained bigram model (学思践务 → 学思践悟)
# natural-log margin of jieba's word counts for a two-character correction: a homophone has
# thirty rivals, a look-alike one or two, so chance meets a homophone far more often
MIN_UNIGRAM = {"a": 5.5, "d": 3.0}
RIVAL = 1.0  # a rival correction this close to the best makes the span unsure: not reported
QUOTED = 8  # a quoted term up to this long is a coinage (“放管服”): never flagged
LONG_RUN = 10  # single characters in a row: more is not prose (and would cost for nothing)
OWNED = 64  # no span of another rule is longer than this
REACH = 4  # orphans this far either side of a window must be explained by its swap


class TyposError(ValueError):
    """An invalid entry in rules/typos.toml (the message names it)."""


@dataclass(frozen=True, slots=True)
class Typo:
    start: int
    end: int
    found: str
    expected: str
    kind: str  # a | b | c | d
    note: str = ""


@dataclass(frozen=True, slots=True)
class Confusion:
    wrong: str
    right: str
    after: str = ""
    before: str = ""
    unless_after: str = ""
    note: str = ""


@dataclass(slots=True)
class TypoData:
    known: frozenset[str]
    curated: dict[str, tuple[str, str]]  # wrong → (right, kind)
    confusions: dict[str, list[Confusion]]
    particles: dict[str, list[str]]
    surnames: str
    titles: list[str]
    place_suffixes: list[str]
    phrases: frozenset[str]  # known wordings of any length: protected where they stand
    readings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_reading: dict[str, str] = field(default_factory=dict)
    shapes: dict[str, str] = field(default_factory=dict)
    lm_keys: Any = None  # array("q"), sorted: (first << 21) | second
    lm_values: Any = None  # array("f"): natural log P(second | first)
    lm_default: dict[str, float] = field(default_factory=dict)


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _han(text: str) -> bool:
    return bool(text) and all(_is_han(c) for c in text)


# -- data ------------------------------------------------------------------------------------


@cache
def typo_data() -> TypoData:
    from checker.snapshot import load_or_build

    return load_or_build("typos", _build)


def _raw() -> dict[str, Any]:
    return tomllib.loads((data_dir("rules") / "typos.toml").read_text("utf-8"))


def _build() -> TypoData:
    raw = _raw()
    curated: dict[str, tuple[str, str]] = {}
    for entry in raw.get("typos", ()):
        wrong, right, kind = entry.get("wrong", ""), entry.get("right", ""), entry.get("kind", "")
        if not _han(wrong) or not _han(right) or wrong == right or kind not in KINDS:
            raise TyposError(f"typos.toml: [[typos]] {wrong!r}: needs a wrong and a different right form "
                             f"(Han characters) and a kind among {', '.join(KINDS)}")  # fmt: skip
        if not entry.get("source"):
            raise TyposError(f"typos.toml: [[typos]] {wrong!r}: names no source")
        curated[wrong] = (right, kind)
    confusions: dict[str, list[Confusion]] = {}
    for entry in raw.get("confusions", ()):
        c = Confusion(entry.get("wrong", ""), entry.get("right", ""), entry.get("after", ""),
                      entry.get("before", ""), entry.get("unless_after", ""), entry.get("note", ""))  # fmt: skip
        if not _han(c.wrong) or not _han(c.right) or c.wrong == c.right or not (c.after or c.before):
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
    known = {w for w in known if _han(w) and len(w) >= 2}
    phrases = {p for p in phrases | known if len(p) >= 2}
    data = TypoData(
        known=frozenset(known),
        curated=curated,
        confusions=confusions,
        particles={k: list(v) for k, v in raw.get("particles", {}).items()},
        surnames="".join(raw.get("surnames", "").split()),
        titles=list(raw.get("titles", ())),
        place_suffixes=list(raw.get("place_suffixes", ())),
        phrases=frozenset(phrases),
    )
    _build_sounds_and_shapes(data, raw)
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
    from array import array

    import Pinyin2Hanzi

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
    data.readings = readings
    data.by_reading = {r: "".join(cs[:HOMOPHONES]) for r, cs in by_reading.items()}
    shapes: dict[str, set[str]] = {}
    for pair in raw.get("shapes", ()):
        if len(pair) != 2 or not _han(pair):
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
    # arrays, not a dict: 278,000 pairs unpickle in a few milliseconds, and no numpy to import
    data.lm_keys = array("q", (keys[i] for i in order))
    data.lm_values = array("f", (values[i] for i in order))


def _segment(text: str) -> list[words.Token]:
    """The words of ``text`` (checker/text/words.py), with the tokens that make up a known word
    (学思/践/悟, 急难/愁/盼) joined into it. The shared segmenter is left as it is, so that no
    other rule cuts differently for T105 having run."""
    tokens = words.segment(text)
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end for t in tokens}
    longest: dict[int, int] = {}
    for end, length in _phrase_automaton().iter(text):
        start = end - length + 1
        if start in starts and end + 1 in ends and text[start : end + 1] in typo_data().known:
            longest[start] = max(longest.get(start, 0), end + 1)
    if not longest:
        return tokens
    joined: list[words.Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        stop = longest.get(t.start)
        if stop is None or stop == t.end:
            joined.append(t)
            i += 1
            continue
        joined.append(words.Token(text[t.start : stop], t.start, stop))
        while i < len(tokens) and tokens[i].start < stop:
            i += 1
    return joined


def _is_word(data: TypoData, word: str) -> bool:
    return word in data.known or words.is_word(word)


# -- the language model ----------------------------------------------------------------------

UNSEEN = math.log(1e-7)


def _bigram(data: TypoData, first: str, second: str) -> float:
    key = (ord(first) << 21) | ord(second)
    index = bisect_left(data.lm_keys, key)
    if index < len(data.lm_keys) and data.lm_keys[index] == key:
        return float(data.lm_values[index])
    return data.lm_default.get(first, UNSEEN)


def _gain(data: TypoData, text: str, at: int, new: str) -> float:
    """How much more likely the bigram model finds ``text`` with ``new`` at ``at``."""
    old, gain = text[at], 0.0
    if at > 0 and _is_han(text[at - 1]):
        gain += _bigram(data, text[at - 1], new) - _bigram(data, text[at - 1], old)
    if at + 1 < len(text) and _is_han(text[at + 1]):
        gain += _bigram(data, new, text[at + 1]) - _bigram(data, old, text[at + 1])
    return gain


# -- what is never flagged ---------------------------------------------------------------------


@cache
def _phrase_automaton() -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for phrase in typo_data().phrases:
        automaton.add_word(phrase, len(phrase))
    automaton.make_automaton()
    return automaton


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
            if s >= 0 and text[s] in surnames and _han(text[s : m.start()]):
                yield s, m.start()
                break
        for size in (3, 2):
            e = m.end() + size
            if (
                e <= n
                and text[m.end()] in surnames
                and _han(text[m.end() : e])
                and (e == n or not _is_han(text[e]))
            ):
                yield m.end(), e
                break
    for m in _LIST_MARK.finditer(text):
        for size in (3, 2):
            s, e = m.end(), m.end() + size
            if (
                e <= n
                and text[s] in surnames
                and _han(text[s:e])
                and (e == n or text[e] in _LIST_END or text[e].isspace())
            ):
                yield s, e
                break


def _protected(text: str) -> tuple[bytearray, bytearray]:
    """Characters never flagged (known phrases, names, quoted coinages) and characters of
    place names (flagged only into another place name)."""
    mask = bytearray(len(text))
    places = bytearray(len(text))
    for end, length in _phrase_automaton().iter(text):
        mask[end - length + 1 : end + 1] = b"\1" * length
    surnames, titles, place = _name_patterns()
    for start, end in _names(text, surnames, titles):
        mask[start:end] = b"\1" * (end - start)
    for m in _QUOTED.finditer(text):
        mask[m.start(1) : m.end(1)] = b"\1" * (m.end(1) - m.start(1))
    for m in place.finditer(text):
        places[m.start() : m.end()] = b"\1" * (m.end() - m.start())
    return mask, places


# -- finding ---------------------------------------------------------------------------------


def find_typos(text: str, owned: Iterable[tuple[int, int]] = ()) -> list[Typo]:
    """The typos of one paragraph; ``owned`` spans belong to another rule (T104) and are left
    alone."""
    if not text or not any(_is_han(c) for c in text):
        return []
    data = typo_data()
    tokens = _segment(text)
    mask, places = _protected(text)
    found: list[Typo] = []
    found += _curated(data, text, tokens, mask)
    found += _confused(data, text, tokens)
    found += _particles(data, text, tokens)
    found += _non_words(data, text, tokens, mask, places)
    # Sorted once, then each finding looks only at the spans that start near it (a long paragraph
    # may hold thousands of each): no comparison of every pair.
    claimed = sorted(owned)
    claimed_starts = [s for s, _ in claimed]
    kept: list[Typo] = []
    reach = -1
    for typo in sorted(found, key=lambda t: (t.start, -(t.end - t.start))):
        if typo.start < reach:
            continue  # inside a longer finding
        near = range(bisect_left(claimed_starts, typo.start - OWNED), bisect_left(claimed_starts, typo.end))
        if any(claimed[n][1] > typo.start for n in near):
            continue  # T104's
        kept.append(typo)
        reach = typo.end
    return kept


def _boundaries(tokens: list[words.Token]) -> tuple[set[int], set[int]]:
    return {t.start for t in tokens}, {t.end for t in tokens}


def _crosses_a_word(tokens: list[words.Token], starts: list[int], start: int, end: int) -> bool:
    """Whether a word of two or more characters runs across ``start`` or ``end`` (清政 in
    亲清政商 is two halves of two words, not a word of its own). ``starts``: the tokens' starts."""
    first = max(0, bisect_right(starts, start) - 1)
    for t in tokens[first : bisect_left(starts, end)]:
        # a rare word holding the wrong form is the wrong form (侯选人): only a real word counts
        if (
            t.end > start
            and len(t.word) >= 2
            and (t.start < start or t.end > end)
            and ((_frequency(t.word) or 0) > RARE or t.word in typo_data().known)
        ):
            return True
    return False


@cache
def _curated_automaton() -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for wrong, (right, kind) in typo_data().curated.items():
        automaton.add_word(wrong, (wrong, right, kind))
    automaton.make_automaton()
    return automaton


def _curated(data: TypoData, text: str, tokens: list[words.Token], mask: bytearray) -> list[Typo]:
    starts = [t.start for t in tokens]
    found = []
    for end, (wrong, right, kind) in _curated_automaton().iter(text):
        start = end - len(wrong) + 1
        if _crosses_a_word(tokens, starts, start, end + 1):
            continue
        found.append(Typo(start, end + 1, wrong, right, kind))
    return found


@cache
def _confusion_automaton() -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for wrong in typo_data().confusions:
        automaton.add_word(wrong, wrong)
    automaton.make_automaton()
    return automaton


CONTEXT = 24  # characters before a confusion that its `before` pattern may look at


@cache
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _confused(data: TypoData, text: str, tokens: list[words.Token]) -> list[Typo]:
    starts, ends = _boundaries(tokens)
    found = []
    for end, wrong in _confusion_automaton().iter(text):
        start, stop = end - len(wrong) + 1, end + 1
        if start not in starts or stop not in ends:
            continue  # 特权利益 holds 权利 across two words
        for c in data.confusions[wrong]:
            if c.after and not _pattern(c.after).match(text, stop):
                continue
            if c.before and not _pattern(f"(?:{c.before})").search(text, max(0, start - CONTEXT), start):
                continue
            if c.unless_after and _pattern(c.unless_after).match(text, stop):
                continue
            found.append(Typo(start, stop, wrong, c.right, "b", c.note))
            break
    return found


@cache
def _particle_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    p = typo_data().particles

    def alternation(name: str) -> str:
        return "|".join(sorted(map(re.escape, p.get(name, ())), key=len, reverse=True)) or "(?!)"

    complement = re.compile(f"(?:{alternation('verbs')})(的)(?=(?:{alternation('degree')}))")
    actions, nouns = alternation("actions"), alternation("noun_after")
    adverb = re.compile(f"(?:{alternation('adverbs')})(的)(?=(?:{actions})(?!{nouns}))")
    adverbial = re.compile(f"(?:{alternation('adverbials')})(的)(?=(?:{actions})[了着过])")
    return complement, adverb, adverbial


def _particles(data: TypoData, text: str, tokens: list[words.Token]) -> list[Typo]:
    if "的" not in text:
        return []
    starts, ends = _boundaries(tokens)
    complement, adverb, adverbial = _particle_patterns()
    found = []
    for pattern, right, note in ((complement, "得", "动词后接程度补语用“得”（做得不够）"),
                                 (adverb, "地", "状语修饰动词用“地”（切实地履行）"),
                                 (adverbial, "地", "状语修饰动词用“地”（认真地学习）")):  # fmt: skip
        for m in pattern.finditer(text):
            at = m.start(1)
            # the word before 的 must end there and start where the pattern does (不认真的 is fine,
            # 真心实意的 must not be read from 实意)
            if m.start() not in starts or at not in ends or at + 1 not in starts:
                continue
            found.append(Typo(at, at + 1, "的", right, "b", note))
    return found


def _standalone(c: str) -> bool:
    return (_char_frequency(c) or 0) >= STANDALONE


@cache
def _char_frequency(c: str) -> int:
    return _frequency(c) or 0


@lru_cache(maxsize=1 << 16)
def _frequency(word: str) -> int | None:
    """jieba's count of ``word`` (a report repeats its words: each is looked up once)."""
    return words.frequency(word)


def _orphan(token: str) -> bool:
    return len(token) == 1 and _is_han(token) and not _standalone(token)


def _word_frequency(data: TypoData, word: str) -> int:
    if word in data.known:
        return 10**6
    return _frequency(word) or (1 if _is_word(data, word) else 0)


def _non_words(data: TypoData, text: str, tokens: list[words.Token], mask: bytearray,
               places: bytearray) -> list[Typo]:  # fmt: skip
    """Runs of loose characters: with an orphan among them any swap is tried; made only of
    characters that are words of their own (对症/下/要), only a swap into an idiom."""
    found: list[Typo] = []
    n = len(tokens)
    i = 0
    while i < n:
        token = tokens[i].word
        single = len(token) == 1 and _is_han(token)
        rare = len(token) >= 2 and _han(token) and token not in data.known and len(token) <= 4 \
            and (_frequency(token) or 0) <= RARE  # fmt: skip
        if not (single or rare):
            i += 1
            continue
        a = b = i
        if not rare:
            while b + 1 < n and len(tokens[b + 1].word) == 1 and _is_han(tokens[b + 1].word):
                b += 1
        i = b + 1
        if b - a >= LONG_RUN:
            continue  # a long stretch of loose characters is a list or garbled text, not a slip
        idioms_only = not rare and not any(_orphan(t.word) for t in tokens[a : b + 1])
        if idioms_only and a == b:
            continue  # one character that is a word of its own: nothing loose here
        typo = _best_swap(data, text, tokens, a, b, mask, places, idioms_only)
        if typo is not None:
            found.append(typo)
    return found


def _best_swap(data: TypoData, text: str, tokens: list[words.Token], a: int, b: int,
               mask: bytearray, places: bytearray, idioms_only: bool = False) -> Typo | None:  # fmt: skip
    """The one swap of a character that best turns the run of tokens a..b (orphans, or one
    rare word) into words, or None when there is none, or two disagree."""
    run_start, run_end = tokens[a].start, tokens[b].end
    # (length, score, start, end, correction, kind): a longer correction (an idiom) first, then
    # the bigram model's gain plus the correction's commonness (log10 of its count)
    candidates: list[tuple[int, float, int, int, str, str, int]] = []
    for x in range(max(0, a - 1), b + 1):
        length = 0
        for y in range(x, min(len(tokens), b + 2)):
            length += len(tokens[y].word)
            if length > 4 or not _han(tokens[y].word):
                break
            if length < 2 or y < a or (idioms_only and length < 4):
                continue
            start, end = tokens[x].start, tokens[y].end
            window = text[start:end]
            if length < 4 and any(c in PARTICLES or c in NUMERALS for c in window):
                continue  # 三重一大, 一是: numbers and abbreviations (an idiom may hold a numeral)
            if window in data.known or (_frequency(window) or 0) > RARE:
                continue
            if x > 0 and tokens[x - 1].word in LEVELS and tokens[x - 1].end == start:
                continue  # 县防指, 市纪委: an office's abbreviation after its level
            if len(window) == 2 and _parallel(text, start):
                continue  # 依规依纪, 办实办好, 打早打小: a deliberate pair of pairs
            for k in range(max(run_start, start) - start, min(run_end, end) - start):
                if mask[start + k] or window[k] in NUMERALS or window[k] in LEVELS:
                    continue  # a known phrase, a name, a quoted term, a number, 街乡 (an office's level) stay
                # 中重 → 重重: a word of its own (中、和、在) is not what slipped; 偏长, 上批, 难守: two
                # words of their own side by side. Except a rare word of the dictionary one stroke
                # away from a common one (交住): a misprint the dictionary recorded
                loose = (len(window) < 4 and _standalone(window[k])) or (
                    len(window) == 2 and (_char_frequency(window[1 - k]) or 0) >= PARTNER
                )
                recorded = x == y == a == b
                if len(window) == 3 and _extends_a_word(tokens[x : y + 1], start + k):
                    continue  # 企业接 → 企业界: a sound word with one more character is no evidence
                for new, kind, fixed in _fixes(window, k):
                    if loose and not (recorded and kind == "d"):
                        continue
                    if any(places[start:end]) and not _is_place(fixed):
                        continue
                    gain = _gain(data, text, start + k, new)
                    if gain < (
                        KNOWN_GAIN if len(fixed) == 4 and fixed in data.known else MIN_GAIN[len(fixed)]
                    ):
                        continue
                    if len(fixed) == 4 and fixed not in data.known:
                        half = slice(0, 2) if k < 2 else slice(2, 4)
                        if _is_compound(data, fixed):
                            # 顺序跳用 is 顺序 + 跳用, 深人基层 深人 + 基层: judged as the word it holds
                            if idioms_only or (
                                _unigram_gain(data, window[half], fixed[half]) < MIN_UNIGRAM[kind]
                                or (_char_frequency(window[half][1 - k % 2]) or 0) >= PARTNER
                            ):
                                continue
                        elif not _is_idiom(fixed):
                            continue  # a word of the dictionary, no set phrase
                    if len(window) == 2 and _unigram_gain(data, window, fixed) < MIN_UNIGRAM[kind]:
                        continue  # 上批, 防重: two loose characters that are likely enough as they stand
                    lo, hi = max(min(start, run_start), start - REACH), min(max(end, run_end), end + REACH)
                    if not _explains(text, lo, hi, start + k, new):
                        continue
                    score = gain + math.log10(_word_frequency(data, fixed))
                    candidates.append((len(fixed), score, start, end, fixed, kind, start + k))
    if not candidates:
        return None
    candidates.sort(reverse=True)
    best = candidates[0]
    for rival in candidates[1:]:
        if rival[0] == best[0] and rival[4] != best[4] and best[1] - rival[1] < RIVAL:
            return None  # two corrections as likely: unsure
    _, _, start, end, fixed, kind, at = best
    if len(fixed) == 4 and (fixed in data.known or (_is_idiom(fixed) and not _is_compound(data, fixed))):
        return Typo(start, end, text[start:end], fixed, "c")
    # Report the word that holds the slip (效律 → 效率), not the window around it (工作效律).
    for length in range(2, len(fixed)):
        for left in range(max(start, at - length + 1), min(at, end - length) + 1):
            word = fixed[left - start : left - start + length]
            if _is_word(data, word) and _word_frequency(data, word) >= MIN_FREQUENCY[length]:
                return Typo(left, left + length, text[left : left + length], word, kind)
    return Typo(start, end, text[start:end], fixed, kind)


def _parallel(text: str, start: int) -> bool:
    """Whether the two characters at ``start`` are half of an AxAy or xAyA pattern."""
    a, b = text[start], text[start + 1]
    return (text[start + 2 : start + 3] == a or text[max(0, start - 2) : start - 1] == a
            or text[start + 3 : start + 4] == b or text[max(0, start - 1) : start] == b)  # fmt: skip


DICTIONARY_SIZE = 60_101_964  # the sum of jieba's counts


def _unigram_gain(data: TypoData, window: str, fixed: str) -> float:
    """How much likelier jieba's word counts find ``fixed`` as one word than ``window`` as its
    characters one by one (natural log): the dictionary's side of the noisy channel."""
    loose = sum(math.log(max(1, _char_frequency(c))) for c in window) - (len(window) - 1) * math.log(
        DICTIONARY_SIZE
    )
    return math.log(_word_frequency(data, fixed)) - loose


def _extends_a_word(inside: list[words.Token], at: int) -> bool:
    """Whether the window's tokens are a common word plus the one character at ``at``."""
    return any(
        len(t.word) == 2 and not (t.start <= at < t.end) and (_frequency(t.word) or 0) > RARE for t in inside
    )


@lru_cache(maxsize=1 << 16)
def _fixes(window: str, k: int) -> tuple[tuple[str, str, str], ...]:
    """The swaps of ``window[k]`` that make a common enough word: (new character, kind, word).
    Kept per window: a report repeats its phrases, and this is where the time goes."""
    data = typo_data()
    if window[k] in PARTICLES:
        return ()
    out = []
    for new, kind in _swaps(window[k]):
        if new in FUNCTION:
            continue  # 补了 → 不了, 实底 → 实地: a function word is no correction
        fixed = window[:k] + new + window[k + 1 :]
        if _is_word(data, fixed) and _word_frequency(data, fixed) >= MIN_FREQUENCY[len(fixed)]:
            out.append((new, kind, fixed))
    return tuple(out)


@cache
def _swaps(c: str) -> tuple[tuple[str, str], ...]:
    data = typo_data()
    out: dict[str, str] = {}
    for new in data.shapes.get(c, ""):
        out[new] = "d"
    for reading in data.readings.get(c, ()):
        for new in data.by_reading.get(reading, ""):
            if new != c:
                out.setdefault(new, "a")
    return tuple(out.items())


def _explains(text: str, start: int, end: int, at: int, new: str) -> bool:
    """Whether, with the swap, the stretch start..end cuts into words with no orphan left."""
    fixed = text[start:at] + new + text[at + 1 : end]
    return not any(_orphan(t.word) for t in _segment(fixed))


@cache
def _is_idiom(word: str) -> bool:
    """An idiom (成语, jieba's tag i) or a set expression (习用语, tag l)."""
    import rjieba

    tags = rjieba.tag(word, False)
    return len(tags) == 1 and tags[0][1] in ("i", "l")


def _is_compound(data: TypoData, word: str) -> bool:
    """Whether four characters that are no idiom (成语, tag i) are two common words side by
    side (顺序调用, 深入基层), unlike a set phrase (标本兼治: 兼治 is no word of its own)."""
    import rjieba

    return rjieba.tag(word, False)[0][1] != "i" and all(
        _word_frequency(data, part) >= MIN_FREQUENCY[2] for part in (word[:2], word[2:])
    )


@cache
def _is_place(word: str) -> bool:
    import rjieba

    tags = rjieba.tag(word, False)
    return len(tags) == 1 and tags[0][1] == "ns"
