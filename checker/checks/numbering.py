"""Numbering: gaps, duplicates, starts, mixed styles, punctuation and level order (N1xx)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from checker.checks.base import Finding, Severity, rule
from checker.model import Item, Report, Span
from checker.parse.markers import FAMILY_LEVEL, Marker, split_marker
from checker.template import Template
from checker.text.numerals import int_to_chinese


@dataclass(frozen=True, slots=True)
class Numbered:
    """A section heading or an item, as the numbering rules see it. ``span`` starts at the
    marker; ``typed`` is False for Word's automatic numbering, which no fix rewrites."""

    marker: Marker
    span: Span
    typed: bool = True


# The entries of report.memo the numbering rules share (each rule declares those it reads).
LISTS_MEMO = "numbered_lists"
RENUMBERING_MEMO = "renumbering"


def _numbered_lists(report: Report) -> list[list[Numbered]]:
    """Section headings and every item list, as the numbering rules see them (computed once)."""
    cached = report.memo.get(LISTS_MEMO)
    if cached is None:
        cached = []
        sections = [Numbered(s.marker, s.span, not s.from_label) for s in report.sections if s.marker is not None]
        if sections:
            cached.append(sections)
        cached.extend(
            [Numbered(item.marker, item.marker_span, not item.from_label) for item in items]
            for items in report.item_lists()
        )
        report.memo[LISTS_MEMO] = cached
    return cached


Edits = tuple[tuple[Span, str], ...]


def _rewrite_marker(entry: Numbered, new_text: str, spaces: bool = False) -> Edits:
    """Edits turning a typed marker into ``new_text``, each touching only the part that differs
    (bracket, numeral or punctuation), so that renumbering and a punctuation fix on one marker do
    not collide. ``spaces``: a marker written 「一 」 takes the spaces after it into its punctuation.
    None is possible: Word's automatic numbering, or columns that do not run straight (Markdown
    markup inside the marker)."""
    marker, span = entry.marker, entry.span
    if not entry.typed or span.line != span.end_line or span.end_column - span.column + 1 < len(marker.text):
        return ()
    old_parts = split_marker(marker.text)
    new_parts = split_marker(new_text)
    edits = []
    offset = 0
    for index, (old, new) in enumerate(zip(old_parts, new_parts, strict=True)):
        width = len(old)
        if index == 2 and spaces and not old:
            width = marker.end - marker.start - len(marker.text)  # the spaces that stood for it
        if old != new or width != len(old):
            start = span.column + offset
            edits.append((Span(span.line, start, span.line, start + width - 1), new))
        offset += len(old)
    return tuple(edits)


def _renumbering(report: Report) -> list[dict[int, Edits]]:
    """For each numbered list, the edits that number it straight on from its first item, cut at
    the items N101/N102 flag: the edits under a flagged item's position renumber it and the items
    after it, up to the next flagged one (一是 二是 四是 五是 → … 三是 四是). Shared by both rules,
    computed once; every item's edit belongs to one finding, so the cost stays linear."""
    cached = report.memo.get(RENUMBERING_MEMO)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    cached = []
    for entries in _numbered_lists(report):
        segments: dict[int, list[tuple[Span, str]]] = {}
        first = entries[0].marker.number
        if first is not None and all(e.marker.number is not None and e.typed for e in entries):
            current: list[tuple[Span, str]] | None = None
            previous = first - 1
            for offset, entry in enumerate(entries):
                number = entry.marker.number
                assert number is not None
                if number != previous + 1:
                    current = segments[offset] = []
                if current is not None and number != first + offset:
                    before, numeral, after = split_marker(entry.marker.text)
                    current.extend(_rewrite_marker(entry, before + _numeral_like(numeral, first + offset) + after))
                previous = number
        cached.append({offset: tuple(edits) for offset, edits in segments.items()})
    report.memo[RENUMBERING_MEMO] = cached
    return cached


def _numeral_like(numeral: str, number: int) -> str:
    """``number`` written the way ``numeral`` is: 三 → 四, 3 → 4, ③ → ④."""
    if numeral[:1].isdigit():
        return str(number)
    if numeral[:1] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" and 1 <= number <= 20:
        return chr(ord("①") + number - 1)
    return int_to_chinese(number)


def spell(marker: Marker, number: int) -> str:
    """How ``marker`` would be written with ``number``: 三是, （四）, 5., 第二，"""
    if marker.style == "序":
        return {1: "首先", 2: "其次", 3: "再次"}.get(number, "最后")
    cn = int_to_chinese(number)
    return {
        "是": f"{cn}是",
        "第": f"第{cn}",
        "部分": f"第{cn}部分",
        "cn": f"{cn}、",
        "paren-cn": f"（{cn}）",
        "arabic": f"{number}.",
        "paren-arabic": f"（{number}）",
        "circled": chr(ord("①") + number - 1) if 1 <= number <= 20 else str(number),
    }.get(marker.style, str(number))


def _sequence(entries: Sequence[Numbered]) -> Iterator[tuple[int, tuple[Numbered, Numbered]]]:
    """Consecutive pairs whose numbers can be compared (首先…最后 has no number for 最后), with the
    position of the second."""
    for offset, (prev, current) in enumerate(pairwise(entries), start=1):
        if prev.marker.number is not None and current.marker.number is not None:
            yield offset, (prev, current)


@rule(
    code="N101",
    memos=(LISTS_MEMO, RENUMBERING_MEMO),
    name="numbering-gap",
    severity=Severity.ERROR,
    summary={"zh": "编号不连续。", "en": "A number is skipped."},
    why={
        "zh": "跳号说明删改后没有重新编号，审阅者会怀疑漏写了内容。",
        "en": "A skipped number shows an edit left unrenumbered; reviewers suspect something is missing.",
    },
    bad="一是……二是……四是……",
    good="一是……二是……三是……",
)
def numbering_gap(report: Report, template: Template) -> Iterator[Finding]:
    for entries, renumber in zip(_numbered_lists(report), _renumbering(report), strict=True):
        for offset, (prev, cur) in _sequence(entries):
            assert prev.marker.number is not None and cur.marker.number is not None
            if cur.marker.number > prev.marker.number + 1:
                expected = spell(cur.marker, prev.marker.number + 1)
                yield Finding("N101", cur.span, {"prev": prev.marker.text.rstrip("，,：:、"),
                    "expected": expected, "found": cur.marker.text.rstrip("，,：:")},
                    fix=expected, edits=renumber.get(offset, ()))  # fmt: skip


@rule(
    code="N102",
    memos=(LISTS_MEMO, RENUMBERING_MEMO),
    name="numbering-duplicate",
    severity=Severity.ERROR,
    summary={"zh": "编号重复或倒退。", "en": "A number repeats or goes back."},
    why={
        "zh": "两个“2.”会让引用和对应关系混乱。",
        "en": "Two items numbered 2. confuse every reference to them.",
    },
    bad="1.……2.……2.……",
    good="1.……2.……3.……",
)
def numbering_duplicate(report: Report, template: Template) -> Iterator[Finding]:
    for entries, renumber in zip(_numbered_lists(report), _renumbering(report), strict=True):
        for offset, (prev, cur) in _sequence(entries):
            assert prev.marker.number is not None and cur.marker.number is not None
            if cur.marker.number <= prev.marker.number:
                expected = spell(cur.marker, prev.marker.number + 1)
                yield Finding("N102", cur.span, {"found": cur.marker.text.rstrip("，,：:"), "expected": expected},
                              fix=expected, edits=renumber.get(offset, ()))  # fmt: skip


@rule(
    code="N103",
    memos=(LISTS_MEMO,),
    name="numbering-start",
    severity=Severity.WARNING,
    summary={"zh": "一组编号没有从“一”或“1”开始。", "en": "A list does not start at one."},
    why={
        "zh": "从“二是”开始的列表通常是删掉了第一项，或把上一部分的编号延续了下来。",
        "en": "A list starting at 二是 usually lost its first item or continued another list's count.",
    },
    bad="二是……三是……",
    good="一是……二是……",
)
def numbering_start(report: Report, template: Template) -> Iterator[Finding]:
    for entries in _numbered_lists(report):
        first = entries[0]
        if first.marker.number is not None and first.marker.number != 1:
            yield Finding(
                "N103",
                first.span,
                {"found": first.marker.text.rstrip("，,：:"), "expected": spell(first.marker, 1)},
            )


@rule(
    code="N104",
    memos=(LISTS_MEMO,),
    name="numbering-mixed-style",
    severity=Severity.WARNING,
    summary={
        "zh": "同一组内混用“一是”“第一”“首先”等不同编号方式。",
        "en": "One list mixes 一是, 第一 and 首先.",
    },
    why={
        "zh": "同一层级应统一编号方式，混用显得随意，也让人误以为层级不同。",
        "en": "Siblings should be numbered alike; mixing looks careless and suggests different levels.",
    },
    bad="首先，……其次，……三是……",
    good="一是……二是……三是……",
)
def numbering_mixed_style(report: Report, template: Template) -> Iterator[Finding]:
    for entries in _numbered_lists(report):
        first = entries[0]
        mixed = [entry for entry in entries[1:] if entry.marker.style != first.marker.style]
        if not mixed:
            continue
        edits = _to_majority_style(entries)
        for entry in mixed:
            yield Finding("N104", entry.span, {"found": entry.marker.text.rstrip("，,：:"),
                                               "first": first.marker.text.rstrip("，,：:")},
                          fix=None, fix_safe=False, edits=edits)  # fmt: skip


def _to_majority_style(entries: Sequence[Numbered]) -> Edits:
    """Edits that write every marker of a mixed list in the style most of them use (the first
    met on a tie), numbered by position: 首先，其次，三是 → 一是 二是 三是. Unsafe: the writer may
    have meant two lists."""
    styles = [e.marker.style for e in entries]
    majority = max(dict.fromkeys(styles), key=styles.count)
    model = next(e.marker for e in entries if e.marker.style == majority)
    start = entries[0].marker.number or 1
    edits: list[tuple[Span, str]] = []
    for offset, entry in enumerate(entries):
        if entry.marker.style == majority:
            continue
        text = spell(model, start + offset) + ("，" if majority in ("第", "序") else "")
        span = entry.span
        if entry.typed and span.line == span.end_line and span.end_column - span.column + 1 == len(entry.marker.text):
            edits.append((span, text))
    return tuple(edits)


@rule(
    code="N105",
    memos=(LISTS_MEMO,),
    name="numbering-punctuation",
    severity=Severity.WARNING,
    summary={
        "zh": "序号后的标点不符合 GB/T 9704 的写法。",
        "en": "Numbering punctuation differs from GB/T 9704.",
    },
    why={
        "zh": "GB/T 9704-2012 7.3.3 规定层次序数为“一、”“（一）”“1.”“（1）”：汉字数字后用顿号，括号序号后不加标点，阿拉伯数字后用下脚点，括号用全角。",
        "en": "GB/T 9704-2012 7.3.3 numbers levels 一、 （一） 1. （1）: 顿号 after Chinese numerals, nothing after brackets, a full stop after digits, full-width brackets.",
    },
    bad="一.存在的问题\n(一)理论学习\n1、加强学习",
    good="一、存在的问题\n（一）理论学习\n1.加强学习",
)
def numbering_punctuation(report: Report, template: Template) -> Iterator[Finding]:
    for entries in _numbered_lists(report):
        for entry in entries:
            if not entry.marker.canonical:
                expected = entry.marker.expected
                yield Finding("N105", entry.span, {"found": entry.marker.text, "expected": expected},
                              fix=expected, edits=_rewrite_marker(entry, expected, spaces=True))  # fmt: skip


@rule(
    code="N106",
    memos=(LISTS_MEMO,),
    name="numbering-level-order",
    severity=Severity.WARNING,
    summary={"zh": "下级序号包含了上级序号。", "en": "A lower-level number holds a higher-level one."},
    why={
        "zh": "层次应依次为“一、”“（一）”“1.”“（1）”；“1.”之下出现“（一）”会让层级颠倒。跳过一级（“一、”下直接用“1.”）通常允许，可在模板中禁止。",
        "en": "Levels run 一、 （一） 1. （1）; （一） under 1. turns them upside down. Skipping a level is allowed unless the template forbids it.",
    },
    bad="1.理论学习方面\n（一）学习不够系统",
    good="（一）理论学习方面\n1.学习不够系统",
)
def numbering_level_order(report: Report, template: Template) -> Iterator[Finding]:
    levels: dict[str, int] = {str(family): i + 1 for i, family in enumerate(template.numbering.levels)}

    def level(marker: Marker) -> int | None:
        if marker.family == "enum":
            return None
        return levels.get(marker.family, FAMILY_LEVEL.get(marker.family))

    def visit(items: list[Item], parent: Marker | None, parent_level: int) -> Iterator[Finding]:
        for item in items:
            own = level(item.marker)
            if own is not None and parent is not None:
                wrong = own < parent_level or (own == parent_level and item.marker.family != parent.family)
                skipped = not template.numbering.allow_level_skip and own > parent_level + 1
                if wrong or skipped:
                    yield Finding("N106", item.marker_span, {"found": item.marker.text, "level": own,
                        "parent": parent.text, "parent_level": parent_level})  # fmt: skip
            if own is not None:
                yield from visit(item.children, item.marker, own)
            else:
                yield from visit(item.children, parent, parent_level)

    for section in report.sections:
        if section.marker is not None:
            yield from visit(section.items, section.marker, level(section.marker) or 1)
    yield from visit(report.front_items, None, 0)
