"""The Excel summary an organiser works in: sheet 汇总 (a row per file: template, 字数, counts per
severity, pass or fail under --fail-on, and the substance verdict: 问题准 / 原因清 / 措施明 /
把自己摆进去, each as 问题 5 项，2 项不具体), sheet 问题明细 (a row per finding), sheet 对应关系 (a row
per problem with the causes and measures that answer it, and the words each link rests on). Widths set, header rows frozen, filters
on. Text from a report is always written as text, never as a formula."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from typing import Any

from checker.messages import SEVERITY_WORDS, render
from checker.result import FileResult
from checker.severity import Severity

SHEETS: dict[str, dict[str, Any]] = {
    "zh": {
        "summary": ("汇总", ["文件", "模板", "字数", "错误", "警告", "提示", "结论", "说明", "问题准", "原因清", "措施明",
                             "把自己摆进去"]),
        "findings": ("问题明细", ["文件", "行", "列", "代码", "级别", "规则", "说明", "建议改为", "原文"]),
        "links": ("对应关系", ["文件", "问题序号", "问题", "原因", "措施", "原因依据", "措施依据", "相似度"]),
        "pass": "通过", "fail": "未通过", "unreadable": "无法读取",
    },
    "en": {
        "summary": ("Summary", ["file", "template", "characters", "errors", "warnings", "infos", "result", "note",
                                "specific problems", "clear causes", "checkable measures", "owning the problems"]),
        "findings": ("Findings", ["file", "line", "column", "code", "severity", "rule", "message", "suggested fix", "text"]),
        "links": ("Links", ["file", "problem", "problem heading", "causes", "measures", "cause evidence",
                            "measure evidence", "score"]),
        "pass": "pass", "fail": "fail", "unreadable": "unreadable",
    },
}  # fmt: skip
MAX_WIDTH = 60
MAX_CELL = 32_000  # Excel holds 32,767 characters in a cell


def render_xlsx(results: Sequence[FileResult], lang: str, fail_on: str = "warning") -> bytes:
    from openpyxl import Workbook

    from checker.output.html import failed, matrix_rows
    from checker.output.verdict import verdict_cells

    words = SHEETS["en" if lang == "en" else "zh"]
    severities = SEVERITY_WORDS["en" if lang == "en" else "zh"]
    book = Workbook()
    summary = book.active
    assert summary is not None
    name, header = words["summary"]
    summary.title = name
    rows: list[list[Any]] = []
    for r in results:
        if r.error is not None:
            code, detail = r.error
            rows.append([r.path, "", 0, 0, 0, 0, words["unreadable"], f"{code} {render(code, lang, {'detail': detail})}",
                         "", "", "", ""])  # fmt: skip
            continue
        verdict = words["fail"] if failed(r, fail_on) else words["pass"]
        rows.append([r.path, r.template or "", r.chars, r.count(Severity.ERROR), r.count(Severity.WARNING),
                     r.count(Severity.INFO), verdict, "", *verdict_cells(r.substance, lang)])  # fmt: skip
    _fill(summary, header, rows)

    name, header = words["findings"]
    rows = [
        [r.path, d.line, d.column, d.code, severities[d.severity.value], d.rule, render(d.code, lang, d.args),
         d.suggestion() or "", d.excerpt]
        for r in results for d in r.diagnostics
    ]  # fmt: skip
    _fill(book.create_sheet(name), header, rows)

    name, header = words["links"]
    rows = []
    for r in results:
        outline = r.outline_data()
        if outline is None:
            continue
        for number, row in enumerate(matrix_rows(outline), start=1):
            # the words each link rests on, a line per cause or measure, as the HTML matrix shows them
            rows.append([r.path, number, row["problem"], "\n".join(row["causes"]), "\n".join(row["measures"]),
                         "\n".join(row["cause_evidence"]), "\n".join(row["measure_evidence"]),
                         round(row["score"], 2)])  # fmt: skip
    _fill(book.create_sheet(name), header, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet: Any, header: list[str], rows: list[list[Any]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    widths = [_width(h) for h in header]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append([_safe(v) for v in values])
        for i, value in enumerate(values):
            widths[i] = max(widths[i], min(_width(str(value).split("\n")[0]), MAX_WIDTH))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if "\n" in cell.value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(rows) + 1, 1)}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text[:MAX_WIDTH])


def _safe(value: Any) -> Any:
    """Text without the control characters XML (and so .xlsx) cannot hold, cut to a cell's size."""
    if not isinstance(value, str):
        return value
    cleaned = "".join(c for c in value if c in "\t\n" or (c >= " " and c not in "\ufffe\uffff"))
    return cleaned[:MAX_CELL]
