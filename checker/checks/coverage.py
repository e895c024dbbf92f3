"""Coverage of a yearly check-list (K1xx): with --checklist, every aspect of the year's list
must be examined by at least one problem, and problems outside the list are pointed out."""

from __future__ import annotations

from collections.abc import Iterator

from checker.checklists import aspects_of
from checker.checks.base import Finding, Severity, rule
from checker.model import Item, Report, Span
from checker.template import Template


def _problems(report: Report) -> list[Item]:
    section = report.first_section("problems")
    return section.items if section is not None else []


@rule(
    code="K101",
    name="aspect-not-covered",
    severity=Severity.WARNING,
    summary={
        "zh": "年度检查清单中的某个方面没有对应的问题。",
        "en": "An aspect of the year's check-list has no problem.",
    },
    why={
        "zh": "民主生活会通知规定了当年的对照检查重点（如“四个带头”），每个方面都应查摆出问题；漏掉一个方面会被认为对照不全面。",
        "en": "Each year's meeting notice sets the aspects to examine (such as the four 带头); every one needs a problem, or the self-examination is incomplete.",
    },
    bad="（--checklist 2024-mzshh）问题只涉及理论学习和工作作风，没有涉及“从严治党政治责任”。",
    good="（--checklist 2024-mzshh）四个方面各有至少一条问题。",
)
def aspect_not_covered(report: Report, template: Template) -> Iterator[Finding]:
    checklist = template.checklist
    section = report.first_section("problems")
    if checklist is None or section is None:
        return
    covered = {a.id for item in section.items for a in aspects_of(item.text, checklist)}
    for aspect in checklist.aspects:
        if aspect.id not in covered:
            yield Finding("K101", section.span, {"aspect": aspect.name, "checklist": checklist.title})


@rule(
    code="K102",
    name="problem-outside-checklist",
    severity=Severity.INFO,
    summary={
        "zh": "某个问题不属于年度检查清单的任何方面。",
        "en": "A problem belongs to no aspect of the year's check-list.",
    },
    why={
        "zh": "对照检查应围绕当年规定的方面展开；清单之外的问题并非错误，但应确认它确有必要，或归入某个方面。",
        "en": "The statement should follow the year's aspects; a problem outside them is not wrong, but check that it belongs.",
    },
    bad="（--checklist 2024-mzshh）四是办公室卫生保持得不够好。",
    good="四是纪律规矩意识有所放松，……",
)
def problem_outside_checklist(report: Report, template: Template) -> Iterator[Finding]:
    checklist = template.checklist
    if checklist is None:
        return
    for item in _problems(report):
        if not aspects_of(item.text, checklist):
            span: Span = item.marker_span
            yield Finding("K102", span, {"heading": item.short_heading, "checklist": checklist.title})
