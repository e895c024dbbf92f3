"""Words: a Chinese text cut into the words a reader sees (群众、理论学习、执行), with offsets.

One small shared utility over rjieba (the jieba-rs binding: jieba's dictionary of 349,000 words
with frequencies, loaded in about 0.2 s against jieba's 0.65 s, a 6,000-字 report cut in 2 ms
against 17 ms; bench/segment.py). The segmenter is loaded on first use only, and once per
process, with the domain's own words added (the members of listed formulations, rules/terms.toml;
the lexicon's terms and words, rules/lexicon.toml) so that 两个维护, 理论武装 or 以学铸魂 come
out as one word, never as 两个/维护.

Segmentation uses the dictionary only (no HMM guessing of unknown words), so every word of two
or more characters it returns is a word of the dictionary or of the domain: what
:func:`is_word` says. Stock words (要、的、问题、工作 …: single characters, and
rules/lexicon.toml ``stop_phrases`` and ``stock_words``) are words, but never evidence of what two
items share: :func:`is_stock`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from checker.paths import data_dir


@dataclass(frozen=True, slots=True)
class Token:
    word: str
    start: int
    end: int


@cache
def domain_words() -> frozenset[str]:
    """The domain's words: added to the segmenter's dictionary, and words by definition."""
    rules = data_dir("rules")
    lexicon = tomllib.loads((rules / "lexicon.toml").read_text("utf-8"))
    terms = tomllib.loads((rules / "terms.toml").read_text("utf-8"))["terms"]
    found: set[str] = set(lexicon.get("domain_words", ()))
    found.update(t for g in lexicon.get("groups", ()) for t in g["terms"])
    for term in terms:
        found.update(m for m in term.get("members", ()) if len(m) <= MAX_DOMAIN_WORD)
        if len(term["canonical"]) <= MAX_DOMAIN_WORD:
            found.add(term["canonical"])
    return frozenset(w for w in found if len(w) >= 2 and all(_is_han(c) for c in w))


MAX_DOMAIN_WORD = 8  # longer members (坚持马克思列宁主义毛泽东思想) stay several words


@cache
def stock_words() -> frozenset[str]:
    raw = tomllib.loads((data_dir("rules") / "lexicon.toml").read_text("utf-8"))
    return frozenset((*raw.get("stop_phrases", ()), *raw.get("stock_words", ())))


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


@cache
def _segmenter() -> Any:
    """rjieba's module-level segmenter: importing rjieba builds it anyway (a second instance
    would load the dictionary twice, +70 ms and +25 MB)."""
    import rjieba

    for word in sorted(domain_words()):
        if rjieba.cut(word, False) != [word]:
            rjieba.add_word(word, None, None)  # the frequency that makes it one word
    return rjieba


def segment(text: str) -> list[Token]:
    """Every word of ``text`` in order with its offsets, punctuation and spaces included as
    tokens of their own (``tokens`` skips them)."""
    if not text:
        return []
    return [Token(w, s, e) for w, s, e in _segmenter().tokenize(text, "default", False)]


def words(text: str) -> list[Token]:
    """The words of two or more Han characters, with offsets: what can tell two items apart."""
    return [t for t in segment(text) if len(t.word) >= 2 and all(_is_han(c) for c in t.word)]


def is_word(word: str) -> bool:
    """A word of the segmenter's dictionary or of the domain."""
    return bool(word) and (word in domain_words() or bool(_segmenter().has_word(word)))


def is_stock(word: str) -> bool:
    """A word every item uses (的、要、问题、工作 …): never evidence for a link."""
    return len(word) < 2 or word in stock_words()


def frequency(word: str) -> int | None:
    """How often the dictionary has seen ``word`` (jieba's counts), or None for a word it does
    not hold whole. rjieba exposes no lookup; its suggested frequency for a word that the
    dictionary holds and cuts as itself is that word's count plus one."""
    segmenter = _segmenter()
    if not word or not segmenter.has_word(word) or segmenter.cut(word, False) != [word]:
        return None
    return int(segmenter.suggest_freq(word)) - 1
