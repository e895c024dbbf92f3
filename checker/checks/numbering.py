"""Numbering: gaps, duplicates, starts, mixed styles, punctuation and level order (N1xx)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from checker.checks.base import Finding, Severity, rule
from checker.model import Item, Report, Span
from checker.parse.markers import FAMILY_LEVEL, Marker
from checker.template import Template
from checker.text.numerals import int_to_chinese


@dataclass(frozen=True, slots=True)
class Numbered:
    """A section heading or an item, as the numbering rules see it."""

    marker: Marker
    span: Span


def _numbered_lists(report: Report) -> list[list[Numbered]]:
    """Section headings and every item list, as the numbering rules see them (computed once)."""
    cached = report.memo.get("numbered_lists")
    if cached is None:
        cached = []
        sections = [Numbered(s.marker, s.span) for s in report.sections if s.marker is not None]
        if sections:
            cached.append(sections)
        cached.extend(
            [Numbered(item.marker, item.marker_span) for item in items] for items in report.item_lists()
        )
        report.memo["numbered_lists"] = cached
    return cached


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


def _sequence(entries: Sequence[Numbered]) -> Iterator[tuple[Numbered, Numbered]]:
    """Consecutive pairs whose numbers can be compared (首先…最后 has no number for 最后)."""
    for prev, current in pairwise(entries):
        if prev.marker.number is not None and current.marker.number is not None:
            yield prev, current


@rule(
    code="N101",
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
    for entries in _numbered_lists(report):
        for prev, cur in _sequence(entries):
            assert prev.marker.number is not None and cur.marker.number is not None
            if cur.marker.number > prev.marker.number + 1:
                yield Finding("N101", cur.span, {"prev": prev.marker.text.rstrip("，,：:、"),
                    "expected": spell(cur.marker, prev.marker.number + 1), "found": cur.marker.text.rstrip("，,：:")})  # fmt: skip


@rule(
    code="N102",
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
    for entries in _numbered_lists(report):
        for prev, cur in _sequence(entries):
            assert prev.marker.number is not None and cur.marker.number is not None
            if cur.marker.number <= prev.marker.number:
                yield Finding("N102", cur.span, {"found": cur.marker.text.rstrip("，,：:"),
                                                 "expected": spell(cur.marker, prev.marker.number + 1)})  # fmt: skip


@rule(
    code="N103",
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
        for entry in entries[1:]:
            if entry.marker.style != first.marker.style:
                yield Finding("N104", entry.span, {"found": entry.marker.text.rstrip("，,：:"),
                                                   "first": first.marker.text.rstrip("，,：:")})  # fmt: skip


@rule(
    code="N105",
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
                yield Finding(
                    "N105", entry.span, {"found": entry.marker.text, "expected": entry.marker.expected}
                )


@rule(
    code="N106",
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
