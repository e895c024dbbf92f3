"""Counts: how many items each section holds (C1xx)."""

from __future__ import annotations

from collections.abc import Iterator

from checker.checks.base import Finding, Severity, rule
from checker.model import Report, Section
from checker.template import SectionSpec, Template


def _first_sections(report: Report, template: Template) -> Iterator[tuple[Section, SectionSpec]]:
    seen: set[str] = set()
    for section in report.sections:
        spec = template.spec(section.spec_id)
        if spec is None or spec.id in seen:
            continue
        seen.add(spec.id)
        yield section, spec


@rule(
    code="C101",
    name="too-few-items",
    severity=Severity.WARNING,
    summary={"zh": "某部分的条目少于模板要求。", "en": "A section has fewer items than the template asks."},
    why={
        "zh": "问题只写一两条，往往说明查摆不深、避重就轻；组织者通常要求问题、措施各不少于三条。",
        "en": "One or two problems usually means a shallow self-examination; organisers commonly ask for at least three.",
    },
    bad="一、存在的问题\n一是理论学习不够深入……",
    good="一、存在的问题\n一是……\n二是……\n三是……",
)
def too_few_items(report: Report, template: Template) -> Iterator[Finding]:
    for section, spec in _first_sections(report, template):
        count = len(section.items)
        if count < spec.min_items:
            yield Finding(
                "C101", section.span, {"title": section.title, "count": count, "minimum": spec.min_items}
            )


@rule(
    code="C102",
    name="too-many-items",
    severity=Severity.WARNING,
    summary={"zh": "某部分的条目多于模板允许。", "en": "A section has more items than the template allows."},
    why={
        "zh": "条目过多会冲淡重点，宜归并为几个方面，用（一）（二）分层。",
        "en": "Too many items dilute the point; group them under a few （一）（二） headings.",
    },
    bad="一、存在的问题\n一是……（共十五条）",
    good="一、存在的问题\n（一）理论学习方面\n一是……二是……",
)
def too_many_items(report: Report, template: Template) -> Iterator[Finding]:
    for section, spec in _first_sections(report, template):
        count = len(section.items)
        maximum = spec.max_items
        if maximum is not None and count > maximum:
            yield Finding("C102", section.span, {"title": section.title, "count": count, "maximum": maximum})


@rule(
    code="C103",
    name="count-mismatch",
    severity=Severity.WARNING,
    summary={
        "zh": "模板要求一一对应时，问题、原因、措施数目不相等。",
        "en": "Problems, causes and measures differ in number where the template wants one to one.",
    },
    why={
        "zh": "有的组织者要求每个问题都有对应的原因和措施，并按相同顺序编号；数目不等必有遗漏。",
        "en": "Some organisers require a cause and a measure per problem in the same order; unequal counts mean a gap.",
    },
    bad="问题 4 条，原因 3 条，措施 4 条（模板要求一一对应）",
    good="问题 4 条，原因 4 条，措施 4 条",
)
def count_mismatch(report: Report, template: Template) -> Iterator[Finding]:
    if not template.counts.one_to_one:
        return
    sections = {role: report.first_section(role) for role in ("problems", "causes", "measures")}
    if any(s is None for s in sections.values()):
        return  # a missing section is S101's finding
    counts = {role: len(s.items) for role, s in sections.items() if s is not None}
    if len(set(counts.values())) > 1:
        anchor = sections["causes"] if counts["causes"] != counts["problems"] else sections["measures"]
        assert anchor is not None
        yield Finding("C103", anchor.span, counts)
