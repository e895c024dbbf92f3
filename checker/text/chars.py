"""Counting 字 the way Word and WPS count 字数."""

from __future__ import annotations

import re
from functools import cache

# Characters Word counts one by one: CJK ideographs (with extensions and compatibility forms),
# kana, hangul, bopomofo, CJK and full-width punctuation, enclosed numbers, and the general
# punctuation used in Chinese text (“ ” ‘ ’ … —).
_CJK_CLASS = (
    "\u2010-\u206f\u2460-\u24ff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
# One match per counted unit: a CJK character, or a run of other visible characters (a Latin
# word, a number such as 12.6%).
_COUNTED = re.compile(f"[{_CJK_CLASS}]|[^\\s{_CJK_CLASS}]+")
_LONG = 512


@cache
def _runs() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """For long texts, runs of CJK characters (each character counts one) instead: a 2 MB
    paragraph is then a few thousand matches, not 700,000 one-character strings. Compiled on
    first use: a class over the CJK blocks takes milliseconds to compile."""
    return re.compile(f"[{_CJK_CLASS}]+"), re.compile(f"[^\\s{_CJK_CLASS}]+")


@cache
def _other() -> re.Pattern[str]:
    """Runs of characters outside the counted class (white space included). Compiled on first
    use, as _runs."""
    return re.compile(f"[^{_CJK_CLASS}]+")


def count_chars_like_word(text: str) -> int:
    """Each CJK character or CJK punctuation mark counts one, each run of other visible
    characters counts one, white space (including the ideographic space) counts nothing."""
    if not text:
        return 0
    if len(text) < _LONG:
        # Every character of the class counts one: what is not in it (digits, Latin words,
        # spaces; in a report, a few runs) is found instead of every character that is, and
        # counted by its visible pieces.
        count = len(text) - text.count("\u3000")
        for run in _other().findall(text):
            count += len(run.split()) - len(run)
        return count
    cjk_run, other_run = _runs()
    cjk = sum(m.end() - m.start() for m in cjk_run.finditer(text))
    return cjk + len(other_run.findall(text)) - text.count("\u3000")
