"""Style (Y1xx): parallel headings (对仗), repeated sentences, lists whose items all open alike."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from checker.checks.base import Finding, Severity, paragraph_span, rule
from checker.model import Item, Report
from checker.parse.markers import match_marker
from checker.template import Template
from checker.text.chars import count_chars_like_word

# Sentence ends, found one by one: a pattern such as [^。]+。 searched over a text without 。
# would rescan the rest of the text from every position (quadratic on a 2 MB paragraph).
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
# Two sentences that differ only in their numbering, in half- or full-width punctuation, in how an
# ellipsis is typed, in doubled marks or in spaces are the same.
_ELLIPSIS_OR_DOUBLED = re.compile(r"\.{3,}|…+|([，。；：！？、])\1+")
# What a text holds when _ELLIPSIS_OR_DOUBLED finds something in it (substring tests, quicker).
_ELLIPSIS_OR_DOUBLED_MARKS = ("...", "…", *(mark * 2 for mark in "，。；：！？、"))
_SAME_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）",
                             " ": None, "\u3000": None, "\t": None})  # fmt: skip
# Whether a sentence holds any of them: most do not, and translate looks up every character.
_WIDTH_MARK = re.compile("[" + re.escape("".join(map(chr, _SAME_WIDTH))) + "]")


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence that ends in a sentence mark, in one pass."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group() != "\n" and m.start() > start:
            yield start, m.end()
        start = m.end()
_QUOTED = re.compile(r"“[^”]{1,6}”")


def _shape(heading: str) -> str:
    """The shape of a heading: its length, and 有“Y” or 不X patterns."""
    quoted = _QUOTED.search(heading)
    if quoted:
        return f"q{quoted.start()}:{len(heading) - quoted.end()}"
    return f"n{count_chars_like_word(heading)}"


def _lists(report: Report) -> Iterator[list[Item]]:
    for items in report.item_lists():
        if len(items) >= 3:
            yield items


@rule(
    code="Y101",
    name="heading-not-parallel",
    severity=Severity.INFO,
    summary={
        "zh": "同组标题大多对仗，只有一个不合。",
        "en": "One heading breaks a set of parallel headings.",
    },
    why={
        "zh": "这类材料讲究标题对仗（学习锤炼有“时差”/为民情怀有“偏差”/竞胜进取有“温差”）；多数标题字数、句式一致时，不合的那一个会显得突兀。",
        "en": "The genre prizes parallel headings; when all but one share length and shape, the odd one stands out.",
    },
    bad="（一）学习锤炼有“时差”\n（二）为民情怀有“偏差”\n（三）在竞胜进取方面还存在一定差距",
    good="（一）学习锤炼有“时差”\n（二）为民情怀有“偏差”\n（三）竞胜进取有“温差”",
)
def heading_not_parallel(report: Report, template: Template) -> Iterator[Finding]:
    for items in _lists(report):
        headings = [i for i in items if i.heading_alone or len(i.heading) <= 14]
        if len(headings) < 3 or len(headings) != len(items):
            continue
        shapes = [_shape(i.heading) for i in items]
        common, count = Counter(shapes).most_common(1)[0]
        # All but one agree, and at least three do: a pattern a reader would notice.
        if count == len(items) - 1 and count >= 3:
            odd = next(i for i, s in zip(items, shapes, strict=True) if s != common)
            typical = next(i for i, s in zip(items, shapes, strict=True) if s == common)
            if common.startswith("n") and (
                int(common[1:]) > 10  # long headings are not meant to be parallel
                or abs(count_chars_like_word(odd.heading) - count_chars_like_word(typical.heading)) < 3
            ):
                continue
            yield Finding(
                "Y101", odd.heading_span, {"heading": odd.short_heading, "example": typical.short_heading}
            )


def _sentence_key(sentence: str, plain: bool = False) -> str:
    """``plain``: the sentence is known to hold neither width marks nor ellipses or doubled
    marks (its paragraph holds none), so that only its numbering is taken off."""
    marker = match_marker(sentence)
    if marker is not None and marker.start == 0:
        sentence = sentence[marker.end :]
    if plain:
        return sentence
    if _WIDTH_MARK.search(sentence):
        sentence = sentence.translate(_SAME_WIDTH)
    return _ELLIPSIS_OR_DOUBLED.sub(lambda m: m.group(1) or "…", sentence)


@rule(
    code="Y102",
    name="repeated-sentence",
    severity=Severity.WARNING,
    summary={"zh": "同一句话在报告中出现了两次。", "en": "The same sentence appears twice."},
    why={
        "zh": "整句重复多是拼凑材料或复制粘贴留下的，审阅者会认为敷衍。",
        "en": "A repeated sentence is a copy-paste leftover and reads as careless.",
    },
    bad="一是……要坚持学以致用。……三是……要坚持学以致用。",
    good="每句话只说一次；需要呼应时换一种说法。",
)
def repeated_sentence(report: Report, template: Template) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    reported: set[str] = set()  # one finding per repeated sentence, however often it recurs
    for p in report.paragraphs:
        text = p.text
        # Asked once of the paragraph rather than of each sentence (most hold none of them).
        plain = _WIDTH_MARK.search(text) is None and not any(mark in text for mark in _ELLIPSIS_OR_DOUBLED_MARKS)
        for start, end in _sentences(text):
            raw = text[start:end]
            sentence = raw.strip()
            key = _sentence_key(sentence, plain)
            if len(key) < 12:  # code points: a cheap stand-in for 字 on sentences
                continue
            if key in seen and key not in reported:
                reported.add(key)
                lead = len(raw) - len(raw.lstrip())
                yield Finding("Y102", paragraph_span(p, start + lead, end),
                              {"first_line": seen[key], "sentence": key[:20]})  # fmt: skip
            elif key not in seen:
                seen[key] = p.line


@rule(
    code="Y103",
    name="repeated-opening",
    severity=Severity.INFO,
    summary={
        "zh": "一组条目大多以相同的四个字开头。",
        "en": "Most items of a list open with the same four characters.",
    },
    why={
        "zh": "每条都以“进一步加强”开头，读来单调，也显得措施雷同；宜换用不同的动词。",
        "en": "Items that all open with the same words read monotonously and look alike.",
    },
    bad="一是进一步加强理论学习……二是进一步加强作风建设……三是进一步加强纪律……",
    good="一是深化理论学习……二是改进工作作风……三是严守纪律规矩……",
)
def repeated_opening(report: Report, template: Template) -> Iterator[Finding]:
    for items in _lists(report):
        openings = [i.heading[:4] for i in items if len(i.heading) >= 4]
        if len(openings) < 3:
            continue
        common, count = Counter(openings).most_common(1)[0]
        if count >= 3 and count >= 0.75 * len(items):
            first = next(i for i in items if i.heading[:4] == common)
            yield Finding(
                "Y103", first.heading_span, {"opening": common, "count": count, "total": len(items)}
            )
