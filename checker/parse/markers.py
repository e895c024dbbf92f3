"""The marker lexer's first half: what numbering a piece of text opens with.

Markers are recognised in every variant a writer types — 一、 一. 一， (一) （一）、 1. 1． 1、
（1） 一是 第一， 首先 — so that checks can flag the wrong ones; ``canonical`` says whether the
variant is the one GB/T 9704 and common practice want, ``expected`` what it should have been.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.text.numerals import chinese_to_int

CN = "零〇○一二两三四五六七八九十百"
_CN_NUM = f"[{CN}]{{1,4}}"

# Families, in GB/T 9704 order of levels; "enum" (一是/第一/首先) may stand at any level.
FAMILY_LEVEL = {"cn": 1, "paren-cn": 2, "arabic": 3, "paren-arabic": 4, "circled": 5, "enum": 0}


@dataclass(frozen=True, slots=True)
class Marker:
    """A numbering marker as written (一、, （一）, 1., 一是) and what it numbers."""

    text: str  # as written, trailing punctuation included: "一、", "（一）、", "1.", "一是"
    family: str  # key of FAMILY_LEVEL
    style: str  # finer kind inside the family: "是", "第", "序" (首先…), "部分", or the family
    number: int | None
    canonical: bool
    expected: str  # the canonical spelling of this marker
    start: int  # offset of the marker in the paragraph text
    end: int  # offset just after the marker and the spaces that follow it


_SEQUENCE_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": None}
_NUMERAL = re.compile(rf"[{CN}]+|[0-9０-９]+|[①-⑳]|首先|其次|再次|最后")


def split_marker(text: str) -> tuple[str, str, str]:
    """A marker's text as (before, numeral, after): 「（」「一」「）、」, 「」「3」「.」, 「」「二」「是，」."""
    m = _NUMERAL.search(text)
    if m is None:
        return text, "", ""
    return text[: m.start()], m.group(0), text[m.end() :]

_RE_CN = re.compile(rf"({_CN_NUM})[ \t\u3000]*([、，,.．:：]|[ \t\u3000]+)")
_RE_PART = re.compile(rf"第({_CN_NUM})部分[ \t\u3000]*([、，,.．:：]?)")
_RE_PAREN_CN = re.compile(rf"([（(])[ \t]*({_CN_NUM})[ \t]*([）)])[ \t\u3000]*([、，,.．:：]?)")
_RE_PAREN_AR = re.compile(r"([（(])[ \t]*([0-9０-９]{1,3})[ \t]*([）)])[ \t\u3000]*([、，,.．:：]?)")
_RE_ARABIC = re.compile(r"([0-9０-９]{1,3})[ \t]*([.．、，,])(?![0-9０-９])")
_RE_CIRCLED = re.compile(r"([①-⑳])")
_RE_SHI = re.compile(rf"({_CN_NUM})是(?![是])([、，,：:]?)")
_RE_DI = re.compile(rf"第({_CN_NUM})([、，,：:.．])")
_RE_SEQ = re.compile(r"(首先|其次|再次|最后)([、，,：:]?)")
_SPACES = " \t\u3000"


@lru_cache(maxsize=4096)
def _num(text: str) -> int | None:
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    return chinese_to_int(text)


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _SPACES:
        pos += 1
    return pos


def _heading_like(rest: str) -> bool:
    """Short and without sentence punctuation: what a heading after "一 " looks like."""
    return 0 < len(rest) <= 40 and not any(c in rest for c in "。；;！？!?")


def match_marker(text: str, pos: int = 0) -> Marker | None:
    """The marker that opens ``text`` at ``pos`` (after leading spaces), or None. Paragraph
    openings are asked for by the lexer, detection and several checks: they are cached."""
    if pos == 0:
        return _opening(text)
    return _match_marker(text, pos)


@lru_cache(maxsize=65536)
def _opening(text: str) -> Marker | None:
    return _match_marker(text, 0)


@lru_cache(maxsize=4096)
def _shared(text: str) -> str:
    """One string object for each marker text and spelling: a 2 MB paragraph of 一是…二是… holds
    100,000 markers, and the lexer's blocks and the model's items keep them all."""
    return text


def _marker(text: str, family: str, style: str, number: int | None, canonical: bool, expected: str,
            start: int, end: int) -> Marker:  # fmt: skip
    return Marker(_shared(text), family, style, number, canonical, _shared(expected), start, end)


def _match_marker(text: str, pos: int = 0) -> Marker | None:
    """The marker that opens ``text`` at ``pos`` (after leading spaces), or None."""
    start = _skip_spaces(text, pos)
    if start >= len(text):
        return None
    ch = text[start]
    if ch in "（(":
        for pattern, style in ((_RE_PAREN_CN, "paren-cn"), (_RE_PAREN_AR, "paren-arabic")):
            m = pattern.match(text, start)
            if m:
                number = _num(m.group(2))
                ok = m.group(1) == "（" and m.group(3) == "）" and not m.group(4)
                canonical = f"（{m.group(2) if style == 'paren-cn' else number}）"
                return _marker(m.group(0).rstrip(_SPACES), style, style, number, ok, canonical,
                               start, _skip_spaces(text, m.end()))  # fmt: skip
        return None
    if ch in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        number = ord(ch) - ord("①") + 1
        return _marker(ch, "circled", "circled", number, True, ch, start, _skip_spaces(text, start + 1))
    if ch.isdigit():
        m = _RE_ARABIC.match(text, start)
        if m:
            number = _num(m.group(1))
            ok = m.group(2) in ".．" and m.group(1).isascii()
            return _marker(m.group(0), "arabic", "arabic", number, ok, f"{number}.", start,
                           _skip_spaces(text, m.end()))  # fmt: skip
        return None
    if ch == "第":
        m = _RE_PART.match(text, start)
        if m:
            return _marker(m.group(0).rstrip(_SPACES), "cn", "部分", _num(m.group(1)), True,
                           f"第{m.group(1)}部分", start, _skip_spaces(text, m.end()))  # fmt: skip
        m = _RE_DI.match(text, start)
        if m:
            ok = m.group(2) in "，：:,"
            return _marker(m.group(0), "enum", "第", _num(m.group(1)), ok and m.group(2) != ",",
                           f"第{m.group(1)}，", start, _skip_spaces(text, m.end()))  # fmt: skip
        return None
    if ch in CN:
        m = _RE_SHI.match(text, start)
        if m and _num(m.group(1)) is not None:
            ok = m.group(2) in ("", "，", "：")
            return _marker(m.group(0), "enum", "是", _num(m.group(1)), ok, f"{m.group(1)}是", start,
                           _skip_spaces(text, m.end()))  # fmt: skip
        m = _RE_CN.match(text, start)
        if m and _num(m.group(1)) is not None:
            punct = m.group(2)
            if punct.strip(_SPACES) == "" and not _heading_like(text[m.end() :].strip()):
                return None  # "一 些同志": a space alone makes a marker only on a heading line
            ok = punct == "、"
            return _marker(m.group(0).rstrip(_SPACES) if punct.strip(_SPACES) else m.group(1), "cn", "cn",
                           _num(m.group(1)), ok, f"{m.group(1)}、", start, _skip_spaces(text, m.end()))  # fmt: skip
        return None
    if ch in "首其再最":
        m = _RE_SEQ.match(text, start)
        if m:
            ok = m.group(2) in ("", "，", "：")
            return _marker(m.group(0), "enum", "序", _SEQUENCE_WORDS[m.group(1)], ok, f"{m.group(1)}，",
                           start, _skip_spaces(text, m.end()))  # fmt: skip
    return None


_BOUNDARY = "。；;！？!?：:，,"
# A clause boundary followed by what may open an enumeration (一是 / 第一 / 其次 …).
_INLINE_CANDIDATE = re.compile(rf"[{_BOUNDARY}][ \t\u3000]*(?=[{CN}第首其再最])")


def inline_markers(text: str, opening: Marker | None) -> list[Marker]:
    """Enumerations inside a paragraph: 「…。二是…；三是…」 or 「表现在：一是…；二是…」.

    A candidate counts only after a sentence or clause boundary and only as part of a chain:
    the first must be 一 (or follow the paragraph's own opening number), the rest must go up,
    allowing one skipped or repeated number so that gaps and duplicates can still be reported.
    """
    found: list[Marker] = []
    chains: dict[str, int] = {}
    if opening is not None and opening.family == "enum" and opening.number is not None:
        chains[opening.style] = opening.number
    pos = opening.end if opening is not None else 0
    for candidate in _INLINE_CANDIDATE.finditer(text, pos):
        if candidate.start() < pos:
            continue  # inside a marker already taken
        m = match_marker(text, candidate.end())
        if m is not None and m.family == "enum" and (m.style != "序" or m.text[-1:] in "，,："):
            prev = chains.get(m.style, 0)
            if _continues(prev, m):
                chains[m.style] = m.number if m.number is not None else prev + 1
                found.append(m)
                pos = m.end
    return found


def _continues(prev: int, marker: Marker) -> bool:
    if marker.style == "序":
        return prev >= 1 if marker.number is None else marker.number in (prev + 1, prev + 2) and prev >= 1
    number = marker.number
    if number is None:
        return False
    if prev == 0:
        return number == 1
    return prev <= number <= prev + 2
