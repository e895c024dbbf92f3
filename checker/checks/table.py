"""Checklist tables (R1xx): a 问题清单 kept as a Word table must have every column the template
names, every row complete, deadlines that are dates and responsible persons that are named."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.checks.base import Finding, Severity, rule
from checker.model import Report, Span, TableCell, TableGrid
from checker.template import Column, Template, normalise_title

# A deadline: a date (2024年12月底前, 2025年3月, 2025.3.31, 12月底) or the usual open-ended terms.
DEADLINE = re.compile(
    r"(\d{2,4}\s*[年./-]\s*\d{1,2}|\d{1,2}\s*月(底|末|中旬|上旬|下旬|\d{1,2}日)?|[〇○零一二三四五六七八九十]{4}年|\d{4}\s*年(底|末|内)?)"
    r"|长期坚持|长期|持续|立行立改|立即|即知即改|常态化|每季度|每月|每年|年底前"
)
GENERIC_PERSONS = {
    "相关",
    "有关",
    "相关人员",
    "有关人员",
    "相关部门",
    "有关部门",
    "各部门",
    "待定",
    "无",
    "——",
    "-",
    "/",
    "略",
}


def header_columns(table: TableGrid, columns: list[Column]) -> dict[str, int]:
    """Template column id → grid column, matched against the header row by label or synonym."""
    if not table.rows:
        return {}
    found: dict[str, int] = {}
    header = [normalise_title(cell.text) for cell in table.rows[0]]
    for column in columns:
        names = [normalise_title(n) for n in (column.label, *column.synonyms)]
        for index, text in enumerate(header):
            if (
                text
                and any(n == text or (len(n) >= 2 and n in text) for n in names)
                and index not in found.values()
            ):
                found[column.id] = index
                break
    return found


def checklist_table(report: Report, template: Template) -> tuple[TableGrid | None, dict[str, int]]:
    """The table that best matches the template's columns (None when there is no table)."""
    if template.table is None or not report.tables:
        return None, {}
    scored = [(len(header_columns(t, template.table.columns)), -t.index, t) for t in report.tables]
    _, _, best = max(scored, key=lambda s: (s[0], s[1]))
    return best, header_columns(best, template.table.columns)


@rule(
    code="R101",
    name="table-missing-column",
    severity=Severity.ERROR,
    summary={
        "zh": "问题清单缺少模板要求的列（或没有表格）。",
        "en": "The checklist table lacks a column the template requires (or there is no table).",
    },
    why={
        "zh": "问题清单通常要求“序号、问题、原因、措施、时限、责任人”齐全，缺一列就无法逐项销号。",
        "en": "A problem list needs every column (problem, cause, measure, deadline, person) to be ticked off item by item.",
    },
    bad="| 序号 | 问题 | 措施 |（没有“时限”“责任人”）",
    good="| 序号 | 问题 | 原因 | 措施 | 时限 | 责任人 |",
)
def table_missing_column(report: Report, template: Template) -> Iterator[Finding]:
    if template.table is None:
        return
    table, found = checklist_table(report, template)
    if table is None:
        line = report.title_line or 1
        yield Finding("R101", Span(line, 1, line, 1), {"column": "（表格）", "column_en": "(table)"})
        return
    header = table.rows[0]
    for column in template.table.columns:
        if column.required and column.id not in found:
            yield Finding("R101", header[0].span, {"column": column.label, "column_en": column.label})


def _data_rows(report: Report, template: Template) -> Iterator[tuple[list[TableCell], dict[str, int]]]:
    table, found = checklist_table(report, template)
    if table is None:
        return
    for row in table.rows[1:]:
        if any(cell.text for cell in row):
            yield row, found


def _cells_of_kind(report: Report, template: Template, kind: str) -> Iterator[TableCell]:
    """The cells of every data row in the columns of ``kind`` (date, person …)."""
    if template.table is None:
        return
    columns = [c for c in template.table.columns if c.kind == kind]
    for row, found in _data_rows(report, template):
        for column in columns:
            index = found.get(column.id)
            if index is not None and index < len(row):
                yield row[index]


@rule(
    code="R102",
    name="table-incomplete-row",
    severity=Severity.WARNING,
    summary={
        "zh": "问题清单某行有空白的必填列。",
        "en": "A row of the checklist table leaves a required column empty.",
    },
    why={
        "zh": "清单要逐条对应问题、措施、时限和责任人；任何一格空着，这一条就无法落实和销号。",
        "en": "Every row must pair its problem with a measure, a deadline and a person; an empty cell leaves it unenforceable.",
    },
    bad="| 2 | 调研不够深入 | | 2025年6月底前 | 张三 |（措施为空）",
    good="| 2 | 调研不够深入 | 每季度到基层调研不少于三次 | 2025年6月底前 | 张三 |",
)
def table_incomplete_row(report: Report, template: Template) -> Iterator[Finding]:
    if template.table is None:
        return
    for row, found in _data_rows(report, template):
        for column in template.table.columns:
            index = found.get(column.id)
            if column.required and index is not None and index < len(row) and not row[index].text:
                yield Finding("R102", row[index].span, {"column": column.label, "row": row[0].text or "?"})


@rule(
    code="R103",
    name="table-deadline-not-date",
    severity=Severity.WARNING,
    summary={"zh": "整改时限不是日期。", "en": "A deadline is not a date."},
    why={
        "zh": "时限要能检验：“2025年6月底前”可以销号，“尽快”“抓紧”无法检验。长期任务可写“长期坚持”。",
        "en": "A deadline must be checkable: 2025年6月底前 can be ticked off, 尽快 cannot. Open-ended tasks say 长期坚持.",
    },
    bad="| 时限 |\n| 尽快 |",
    good="| 时限 |\n| 2025年6月底前 |",
)
def table_deadline_not_date(report: Report, template: Template) -> Iterator[Finding]:
    for cell in _cells_of_kind(report, template, "date"):
        if cell.text and not DEADLINE.search(cell.text):
            yield Finding("R103", cell.span, {"value": cell.text})


@rule(
    code="R104",
    name="table-no-person",
    severity=Severity.WARNING,
    summary={"zh": "责任人没有落实到具体的人。", "en": "The responsible person is not a named person."},
    why={
        "zh": "“相关部门”“有关人员”等于没有责任人；清单要把每项任务落实到具体的人（个人清单可写“本人”）。",
        "en": "相关部门 is nobody in particular; each task needs a named person (本人 in a personal list).",
    },
    bad="| 责任人 |\n| 相关部门 |",
    good="| 责任人 |\n| 王建华 |",
)
def table_no_person(report: Report, template: Template) -> Iterator[Finding]:
    for cell in _cells_of_kind(report, template, "person"):
        value = cell.text.strip()
        if value and (value in GENERIC_PERSONS or value.startswith(("相关", "有关"))):
            yield Finding("R104", cell.span, {"value": value})
