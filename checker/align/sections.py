"""Sections: which part of the template each of the report's sections is, and how the report's
sections stand against the template's (the S1xx rules read the outcome).

A heading is matched by the template's synonyms and keywords (checker/template.py
classify_title); a required part that no heading names may still be there in the writer's own
words, and a heading that matched nothing takes the part its words and its items say it is. A
report without 一、 headings whose top-level （一） items name the template's parts has those
items read as its sections. Every missing, misplaced, duplicate and unknown section is listed,
not only the first (markdownlint's required-headings rule stops at the first mismatch).
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.model import Report, Section
from checker.template import SectionSpec, Template, classify_title, section_by_meaning


@dataclass(frozen=True, slots=True)
class SectionMatch:
    """The report's sections matched to the template's parts: found, duplicated, unknown, out of order."""

    first: list[tuple[Section, SectionSpec]]  # first section of each part, in document order
    duplicates: list[tuple[Section, Section]]  # (duplicate, first) pairs
    unknown: list[Section]
    misplaced: list[Section]  # ordered sections out of the template's order
    missing: list[SectionSpec]  # required parts with no section
    # sections that no synonym named, recognised by their words and items: (section, its part)
    by_meaning: tuple[tuple[Section, SectionSpec], ...] = ()


def match_sections(report: Report, template: Template) -> SectionMatch:
    """Give each section its template part (``role`` and ``spec_id``), then compare the report's
    sections with the template's."""
    for section in report.sections:
        match = classify_title(template, section.title)
        if match is not None:
            section.role, section.spec_id = match.spec.role, match.spec.id
    if not report.sections:
        _promote_front_items(report, template)
    by_meaning = _recognise_by_meaning(report, template)
    return _compare(report, template, tuple(by_meaning))


def _compare(report: Report, template: Template,
             by_meaning: tuple[tuple[Section, SectionSpec], ...]) -> SectionMatch:  # fmt: skip
    order = {spec.id: i for i, spec in enumerate(template.sections)}
    seen: dict[str, Section] = {}
    first: list[tuple[Section, SectionSpec]] = []
    duplicates: list[tuple[Section, Section]] = []
    unknown: list[Section] = []
    for section in report.sections:
        spec = template.spec(section.spec_id)
        if spec is None:
            unknown.append(section)
        elif spec.id in seen:
            duplicates.append((section, seen[spec.id]))
        else:
            seen[spec.id] = section
            first.append((section, spec))
    ordered = [(s, spec) for s, spec in first if spec.ordered]
    keep = _longest_ordered_run([order[spec.id] for _, spec in ordered])
    misplaced = [s for i, (s, _) in enumerate(ordered) if i not in keep]
    missing = [spec for spec in template.sections if spec.required and spec.id not in seen]
    return SectionMatch(first, duplicates, unknown, misplaced, missing, by_meaning)


def _longest_ordered_run(indices: list[int]) -> set[int]:
    """Positions of a longest increasing subsequence of ``indices``, preferring the smallest
    template positions: among 问题·措施·原因 it keeps 问题·原因 and flags 措施 as too early."""
    n = len(indices)
    longest = [1] * n  # longest increasing run starting at i
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n):
            if indices[j] > indices[i]:
                longest[i] = max(longest[i], 1 + longest[j])
    keep: set[int] = set()
    need = max(longest, default=0)
    last_value = -1
    pos = 0
    while need > 0:
        best = None
        for i in range(pos, n):
            if (
                longest[i] == need
                and indices[i] > last_value
                and (best is None or indices[i] < indices[best])
            ):
                best = i
        if best is None:
            break
        keep.add(best)
        last_value = indices[best]
        pos = best + 1
        need -= 1
    return keep


def _recognise_by_meaning(report: Report, template: Template) -> list[tuple[Section, SectionSpec]]:
    """A required section that no heading names by its synonyms or keywords may still be there,
    worded its own way (履行职责的情况): a heading that matched nothing takes the section that its
    words and its items' text say it is (checker/template.py section_by_meaning)."""
    present = {s.spec_id for s in report.sections}
    wanted = [spec for spec in template.sections if spec.required and spec.id not in present]
    recognised: list[tuple[Section, SectionSpec]] = []
    for section in report.sections:
        if not wanted:
            break
        if section.spec_id is not None:
            continue
        spec = section_by_meaning(template, section.title, section.text, wanted)
        if spec is not None:
            section.spec_id, section.role = spec.id, spec.role
            wanted.remove(spec)
            recognised.append((section, spec))
    return recognised


def _promote_front_items(report: Report, template: Template) -> None:
    """A report without 一、 headings whose top-level （一） items name the template's sections
    (（一）存在的问题 …): read those items as the sections."""
    matches = [classify_title(template, item.heading) for item in report.front_items]
    roles = {m.spec.role for m in matches if m is not None}
    if len(roles) < 2:
        return
    for item, match in zip(report.front_items, matches, strict=True):
        report.sections.append(
            Section(
                marker=item.marker,
                number=item.marker.number,
                numeral=None,
                title=item.heading,
                line=item.line,
                span=item.heading_span,
                role=match.spec.role if match else "other",
                spec_id=match.spec.id if match else None,
                intro=item.own_text,
                items=item.children,
                from_label=item.from_label,
            )
        )
        for child in item.children:
            for node in child.walk():
                node.depth -= 1
    report.front_items = []
