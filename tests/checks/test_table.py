from __future__ import annotations

from pathlib import Path

from docx import Document

from checker.pipeline import check_path
from checker.template import load_template
from tests.helpers import codes

HEADER = "| 序号 | 问题 | 原因 | 措施 | 时限 | 责任人 |\n| --- | --- | --- | --- | --- | --- |\n"
GOOD_ROW = "| 1 | 理论学习不够系统 | 放松了学习要求 | 每周自学五小时 | 2025年6月底前 | 王建华 |\n"


def lint_md(text: str) -> list[str]:
    return codes(check_path("清单.md", load_template("checklist-table"), data=text.encode()))


def test_complete_table_is_clean() -> None:
    assert lint_md("个人问题清单\n\n" + HEADER + GOOD_ROW) == []


def test_missing_column_and_no_table() -> None:
    narrow = "| 序号 | 问题 | 措施 |\n| --- | --- | --- |\n| 1 | 学习不够 | 加强学习 |\n"
    assert lint_md("个人问题清单\n\n" + narrow).count("R101") == 3  # 原因, 时限, 责任人
    assert lint_md("个人问题清单\n\n没有表格的一段话。\n") == ["R101"]


def test_incomplete_row_deadline_and_person() -> None:
    bad = "| 2 | 调研不够深入 | 宗旨意识淡化 |  | 尽快 | 相关部门 |\n"
    found = lint_md("个人问题清单\n\n" + HEADER + GOOD_ROW + bad)
    assert sorted(found) == ["R102", "R103", "R104"]


def test_open_ended_deadlines_are_accepted() -> None:
    rows = "".join(
        f"| {i} | 问题{i} | 原因{i} | 措施{i} | {when} | 本人 |\n"
        for i, when in enumerate(["长期坚持", "立行立改", "2025.3.31", "12月底前"], start=1)
    )
    assert lint_md("个人问题清单\n\n" + HEADER + rows) == []


def test_word_table_with_merged_cells(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("党支部问题整改清单")
    table = document.add_table(rows=3, cols=6)
    for i, text in enumerate(["序号", "问题", "原因", "整改措施", "整改时限", "责任人"]):
        table.cell(0, i).text = text
    for r, row in enumerate([["1", "学习不深", "要求不严", "集中学习", "2025年3月底前", "李明"],
                             ["2", "调研不够", "", "定期走访", "2025年6月底前", "李明"]], start=1):  # fmt: skip
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(1, 2).merge(table.cell(2, 2))  # one cause for both rows (w:vMerge)
    path = tmp_path / "清单.docx"
    document.save(str(path))
    result = check_path(str(path))
    assert result.template == "checklist-table"
    assert result.report is not None and result.report.tables[0].rows[2][2].text == "要求不严"
    assert codes(result) == []
