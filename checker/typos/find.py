"""Finding 错别字 in a paragraph, each kind with its own evidence (see checker/typos/__init__.py),
around what is never flagged (protect.py)."""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import replace
from functools import cache, lru_cache

from checker.text import words
from checker.typos.data import (
    Typo,
    TypoData,
    all_han,
    bigram_gain,
    cut,
    is_han,
    is_word,
    scan,
    segment,
    typo_data,
)
from checker.typos.protect import protected

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
MIN_FREQUENCY = {2: 100, 3: 100, 4: 3}  # how common a correction must be, by its length
MIN_GAIN = {2: 6.0, 3: 4.0, 4: 2.0}  # natural-log margin of the bigram model, by length
KNOWN_GAIN = (
    -8.0
)  # a known four-character phrase outweighs the news-trained bigram model (学思践务 → 学思践悟)
# natural-log margin of jieba's word counts for a two-character correction: a homophone has
# thirty rivals, a look-alike one or two, so chance meets a homophone far more often
MIN_UNIGRAM = {"a": 5.5, "d": 3.0}
RIVAL = 1.0  # a rival correction this close to the best makes the span unsure: not reported
LONG_RUN = 10  # single characters in a row: more is not prose (and would cost for nothing)
OWNED = 64  # no span of another rule is longer than this
REACH = 4  # orphans this far either side of a window must be explained by its swap


CHUNK = 4000  # characters of a paragraph looked at at once: a slip and its evidence lie within a sentence


def find_typos(text: str, owned: Iterable[tuple[int, int]] = ()) -> list[Typo]:
    """The typos of one paragraph; ``owned`` spans belong to another rule (T104) and are left
    alone. A paragraph longer than CHUNK (a hostile 2 M-character one) is read a stretch of whole
    sentences at a time, so that its tokens and masks never all exist at once: what a paragraph
    of ordinary length gets is unchanged."""
    if len(text) <= CHUNK:
        return _find_typos(text, owned)
    claimed = sorted(owned)
    found: list[Typo] = []
    start = next_claim = 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            # the last sentence end in the stretch's second half (a slice searched once: linear)
            cut = max(text.rfind(c, start + CHUNK // 2, end) for c in "。！？；")
            end = cut + 1 if cut >= 0 else end
        while next_claim < len(claimed) and claimed[next_claim][1] <= start:
            next_claim += 1
        here = []
        for n in range(next_claim, len(claimed)):  # no copy of the claims left: a chunk reads its own
            s, e = claimed[n]
            if s >= end:
                break
            here.append((max(s, start) - start, min(e, end) - start))
        found += [replace(t, start=t.start + start, end=t.end + start) for t in _find_typos(text[start:end], here)]
        start = end
    return found


_HAN = re.compile("[\u4e00-\u9fff]")


class _Cut:
    """A paragraph cut into words (data.cut: known phrases joined), and what the finders derive
    from the cut, each worked out once and only when one asks: most paragraphs hold no typo and
    need the words alone, not their tuples, their boundaries or what is protected."""

    __slots__ = ("_boundaries", "_masks", "_tokens", "ends", "hits", "text", "words")

    def __init__(self, text: str, hits: list[tuple[int, int]]) -> None:
        self.text, self.hits = text, hits  # hits: the known phrases in text (data.scan)
        self.words, self.ends = cut(text, hits)
        self._tokens: list[words.Token] | None = None
        self._boundaries: set[int] | None = None
        self._masks: tuple[bytearray, bytearray] | None = None

    def tokens(self) -> list[words.Token]:
        if self._tokens is None:
            self._tokens = [words.Token(w, e - len(w), e) for w, e in zip(self.words, self.ends, strict=True)]
        return self._tokens

    def starts(self) -> list[int]:
        return [0, *self.ends[:-1]]

    def _ends(self) -> set[int]:
        if self._boundaries is None:
            self._boundaries = set(self.ends)
        return self._boundaries

    def word_starts_at(self, at: int) -> bool:
        return at == 0 or (at < len(self.text) and at in self._ends())

    def word_ends_at(self, at: int) -> bool:
        return at in self._ends()

    def masks(self) -> tuple[bytearray, bytearray]:
        """protected(): the characters never flagged, and those of place names."""
        if self._masks is None:
            self._masks = protected(self.text, self.hits)
        return self._masks


def _find_typos(text: str, owned: Iterable[tuple[int, int]]) -> list[Typo]:
    if _HAN.search(text) is None:
        return []
    data = typo_data()
    hits, listed = scan(text)  # known phrases (joined into words, and protected), listed wrong forms
    paragraph = _Cut(text, hits)
    found: list[Typo] = []
    if listed:
        found += _curated(data, listed, paragraph)
        found += _confused(data, text, listed, paragraph)
    found += _particles(data, text, paragraph)
    found += _non_words(data, text, paragraph)
    if not found:
        return found  # most paragraphs: ``owned`` (which may be worked out as it is read) is not read
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


def _curated(data: TypoData, listed: list[tuple[int, str]], paragraph: _Cut) -> list[Typo]:
    hits = [(end, wrong) for end, wrong in listed if wrong in data.curated]
    if not hits:
        return []  # most paragraphs: no classic wrong form, no token boundaries to index
    tokens, starts = paragraph.tokens(), paragraph.starts()
    found = []
    for end, wrong in hits:
        right, kind = data.curated[wrong]
        start = end - len(wrong) + 1
        if _crosses_a_word(tokens, starts, start, end + 1):
            continue
        found.append(Typo(start, end + 1, wrong, right, kind))
    return found


CONTEXT = 24  # characters before a confusion that its `before` pattern may look at


@cache
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _confused(data: TypoData, text: str, listed: list[tuple[int, str]], paragraph: _Cut) -> list[Typo]:
    found = []
    for end, wrong in listed:
        if wrong not in data.confusions:
            continue
        start, stop = end - len(wrong) + 1, end + 1
        if not paragraph.word_starts_at(start) or not paragraph.word_ends_at(stop):
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


@cache
def _particle_site() -> re.Pattern[str] | None:
    """Where one of _particle_patterns could match: a 的 after the last character of a word before
    it and before the first character of a word after it. One search, where the three patterns
    each try every word at every character. None when a list holds an empty word (any 的 might)."""
    p = typo_data().particles
    before = [w for name in ("verbs", "adverbs", "adverbials") for w in p.get(name, ())]
    after = [w for name in ("degree", "actions") for w in p.get(name, ())]
    if not all(before) or not all(after):
        return None

    def letters(chars: set[str]) -> str:
        return f"[{''.join(map(re.escape, sorted(chars)))}]" if chars else "(?!)"

    return re.compile(letters({w[-1] for w in before}) + "的" + letters({w[0] for w in after}))


def _particles(data: TypoData, text: str, paragraph: _Cut) -> list[Typo]:
    if "的" not in text:
        return []
    site = _particle_site()
    if site is not None and site.search(text) is None:
        return []  # most paragraphs with 的: no word of the lists on either side
    complement, adverb, adverbial = _particle_patterns()
    rules = ((complement, "得", "动词后接程度补语用“得”（做得不够）"), (adverb, "地", "状语修饰动词用“地”（切实地履行）"),
             (adverbial, "地", "状语修饰动词用“地”（认真地学习）"))  # fmt: skip
    matches = [(m, right, note) for pattern, right, note in rules for m in pattern.finditer(text)]
    if not matches:
        return []  # most paragraphs: no token boundaries to index
    found = []
    for m, right, note in matches:
        at = m.start(1)
        # the word before 的 must end there and start where the pattern does (不认真的 is fine,
        # 真心实意的 must not be read from 实意)
        if not (paragraph.word_starts_at(m.start()) and paragraph.word_ends_at(at)
                and paragraph.word_starts_at(at + 1)):  # fmt: skip
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


@lru_cache(maxsize=1 << 16)
def _rare_han(word: str) -> bool:
    """A word of Han characters that the dictionary has not, or seen this rarely (a report
    repeats its words: each is judged once)."""
    return all_han(word) and (_frequency(word) or 0) <= RARE


def _orphan(token: str) -> bool:
    return len(token) == 1 and is_han(token) and not _standalone(token)


def _word_frequency(data: TypoData, word: str) -> int:
    if word in data.known:
        return 10**6
    return _frequency(word) or (1 if is_word(data, word) else 0)


def _non_words(data: TypoData, text: str, paragraph: _Cut) -> list[Typo]:
    """Runs of loose characters: with an orphan among them any swap is tried; made only of
    characters that are words of their own (对症/下/要), only a swap into an idiom."""
    found: list[Typo] = []
    # Each token's part as one letter, judged once per word (a report repeats its words), and
    # the runs found in those letters by a pattern: most tokens are sound words
    words_of = paragraph.words
    try:
        parts = "".join(map(_LOOSE.__getitem__, words_of))
    except KeyError:
        parts = "".join([_LOOSE.get(word) or _loose(word) for word in words_of])
    for run in _RUNS.finditer(parts):
        a, b = run.span()
        b -= 1  # the run's last token
        if b - a >= LONG_RUN:
            continue  # a long stretch of loose characters is a list or garbled text, not a slip
        letters = run.group()  # characters that stand alone only: a swap into an idiom only
        idioms_only = letters != _RARE_WORD and _ORPHAN not in letters
        if _hopeless(tuple(words_of[max(0, a - 1) : b + 2]), min(a, 1), b - a, idioms_only):
            continue  # no swap of the run's characters could make a word (the common case)
        typo = _best_swap(data, text, paragraph.tokens(), a, b, *paragraph.masks(), idioms_only)
        if typo is not None:
            found.append(typo)
    return found


# What a token is to _non_words, one letter each: a sound word, a single Han character that
# stands alone as a word, an orphan (a single one that rarely does), or a rare word of two to
# four Han characters. A run is one rare word or a stretch of single characters; one character
# that is a word of its own is no run (nothing loose there).
_SOUND, _STANDALONE, _ORPHAN, _RARE_WORD = "s", "t", "o", "r"
_RUNS = re.compile("r|[to]{2,}|o")
_LOOSE: dict[str, str] = {}
_LOOSE_MAX = 1 << 15  # words remembered (a batch's vocabulary); past it, judged each time


def _loose(word: str) -> str:
    """The word's letter for _non_words, remembered in _LOOSE."""
    if len(word) == 1 and is_han(word):
        kind = _STANDALONE if _standalone(word) else _ORPHAN
    elif 2 <= len(word) <= 4 and word not in typo_data().known and _rare_han(word):
        # A rare word of four characters is the one window _best_swap tries over it (with a word
        # beside it a window would be longer than four): when no swap in it could make a word,
        # it is no run, wherever it stands.
        kind = _SOUND if len(word) == 4 and _hopeless((word,), 0, 0, False) else _RARE_WORD
    else:
        kind = _SOUND
    if len(_LOOSE) < _LOOSE_MAX:
        _LOOSE[word] = kind
    return kind


@lru_cache(maxsize=1 << 15)
def _hopeless(words: tuple[str, ...], a: int, span: int, idioms_only: bool) -> bool:
    """Whether no window _best_swap would try over the run words[a : a + span + 1] (with the
    word before it and the one after, when there are) holds a character whose swap passes the
    tests that depend on the window alone (_fixes and _could_fix): then _best_swap can only
    return None. It tries the same windows and characters; the tests that depend on the text
    around (known phrases, names, the bigram model) it leaves to _best_swap. Kept per run of
    words: a report repeats its phrases, and most runs of loose characters are sound."""
    b = a + span
    offsets = [0]
    for word in words:
        offsets.append(offsets[-1] + len(word))
    run_start, run_end = offsets[a], offsets[b + 1]
    for x in range(0, b + 1):
        length = 0
        for y in range(x, len(words)):
            length += len(words[y])
            if length > 4 or not all_han(words[y]):
                break
            if length < 2 or y < a or (idioms_only and length < 4):
                continue
            start, end = offsets[x], offsets[y + 1]
            window = "".join(words[x : y + 1])
            # _best_swap's own tests of the window alone, first: the cheap ones spare _fixes
            if length < 4 and any(c in PARTICLES or c in NUMERALS for c in window):
                continue
            if window in typo_data().known or (_frequency(window) or 0) > RARE:
                continue
            recorded = x == y == a == b
            for k in range(max(run_start, start) - start, min(run_end, end) - start):
                if window[k] in NUMERALS or window[k] in LEVELS:
                    continue
                if len(window) == 3 and any(
                    len(words[j]) == 2 and not offsets[j] <= start + k < offsets[j + 1]
                    and (_frequency(words[j]) or 0) > RARE for j in range(x, y + 1)
                ):  # fmt: skip
                    continue  # _extends_a_word
                if _could_fix(window, k, recorded):
                    return False
    return True


@lru_cache(maxsize=1 << 15)
def _could_fix(window: str, k: int, recorded: bool) -> bool:
    """Whether a swap of ``window[k]`` passes _best_swap's tests of the window alone: a common
    enough word (_fixes), and not two words of their own side by side (``loose``)."""
    loose = (len(window) < 4 and _standalone(window[k])) or (
        len(window) == 2 and (_char_frequency(window[1 - k]) or 0) >= PARTNER
    )
    return any(not loose or (recorded and kind == "d") for _, kind, _ in _fixes(window, k))


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
            if length > 4 or not all_han(tokens[y].word):
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
                    gain = bigram_gain(data, text, start + k, new)
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
            if is_word(data, word) and _word_frequency(data, word) >= MIN_FREQUENCY[length]:
                return Typo(left, left + length, text[left : left + length], word, kind, guessed=True)
    return Typo(start, end, text[start:end], fixed, kind, guessed=True)


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
    if window[k] in PARTICLES:
        return ()
    data = typo_data()
    # is_word's two tests, looked up once for the dozen or so swaps: a first check spends most of
    # T105's time here, before the windows it has judged are remembered
    known, in_dictionary = data.known, words.word_test()
    head, tail, least = window[:k], window[k + 1 :], MIN_FREQUENCY[len(window)]
    out = []
    for new, kind in _swaps(window[k]):
        fixed = head + new + tail
        if (fixed in known or in_dictionary(fixed)) and _word_frequency(data, fixed) >= least:
            out.append((new, kind, fixed))
    return tuple(out)


@cache
def _swaps(c: str) -> tuple[tuple[str, str], ...]:
    """The characters ``c`` could have been typed for, with the kind of slip (d: a look-alike, a:
    a homophone); never a function word (补了 → 不了, 实底 → 实地: a function word is no
    correction)."""
    data = typo_data()
    out: dict[str, str] = {}
    for new in data.shapes.get(c, ""):
        out[new] = "d"
    for reading in data.readings.get(c, "").split():
        for new in data.by_reading.get(reading, ""):
            if new != c:
                out.setdefault(new, "a")
    return tuple((new, kind) for new, kind in out.items() if new not in FUNCTION)


def _explains(text: str, start: int, end: int, at: int, new: str) -> bool:
    """Whether, with the swap, the stretch start..end cuts into words with no orphan left."""
    fixed = text[start:at] + new + text[at + 1 : end]
    return not any(_orphan(t.word) for t in segment(fixed))


@cache
def _is_idiom(word: str) -> bool:
    """An idiom (成语, jieba's tag i) or a set expression (习用语, tag l)."""
    tags = words.tag(word)
    return len(tags) == 1 and tags[0][1] in ("i", "l")


def _is_compound(data: TypoData, word: str) -> bool:
    """Whether four characters that are no idiom (成语, tag i) are two common words side by
    side (顺序调用, 深入基层), unlike a set phrase (标本兼治: 兼治 is no word of its own)."""
    return words.tag(word)[0][1] != "i" and all(
        _word_frequency(data, part) >= MIN_FREQUENCY[2] for part in (word[:2], word[2:])
    )


@cache
def _is_place(word: str) -> bool:
    tags = words.tag(word)
    return len(tags) == 1 and tags[0][1] == "ns"

