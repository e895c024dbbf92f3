"""--format html (a self-contained review page) and --format xlsx (the organiser's summary):
what they hold, that a report's own markup is shown as text, and that LibreOffice reads the
workbook as openpyxl does."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from checker.output.html import render_html
from checker.output.xlsx import render_xlsx
from checker.pipeline import check_path
from checker.template import load_template
from tests.helpers import REPO
from tests.odt import convert_all, soffice

HOSTILE_TEXT = "党性分析报告\n一、存在的问题\n1.学习<script>alert('x')</script>不够\"深入\"。\n3.=HYPERLINK(\"http://x\",\"点我\")作风不实。\n"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(cwd)}
    return subprocess.run([sys.executable, "-m", "checker", *args, "--no-cache"], capture_output=True, text=True,
                          cwd=cwd, env=env)  # fmt: skip


def test_page_shows_report_markup_as_text() -> None:
    result = check_path("<img src=x onerror=alert(1)>.txt", load_template("party-spirit"), data=HOSTILE_TEXT.encode())
    page = render_html([result], "zh")
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.txt" in page
    # Only our own script, and no way out to the network.
    assert page.count("<script>") == 1 and "http://" not in page.split("<body>")[1].replace("http://x", "")
    assert "default-src 'none'" in page


def test_every_finding_has_a_card_and_a_marked_span() -> None:
    result = check_path(str(REPO / "examples" / "flawed.txt"))
    page = render_html([result], "en")
    assert page.count('class="card ') == len(result.diagnostics)
    cards = set(re.findall(r'id="(f1-d\d+)"', page))
    marked = {card for group in re.findall(r'data-cards="([^"]+)"', page) for card in group.split()}
    assert cards == marked  # each card's span is marked in the text, each mark points at cards
    assert "numbering gap" in page and "Suggested fix" in page and "Why" in page
    assert '<details class="outline"' in page and '<details class="matrix"' in page
    for code in {d.code for d in result.diagnostics}:
        assert f'data-kind="code" data-value="{code}"' in page


def test_cli_html_of_a_folder_and_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    (tmp_path / "r.txt").write_text(HOSTILE_TEXT, "utf-8")
    out = run([str(tmp_path), "--format", "html", "-o", str(tmp_path / "review.html")], tmp_path)
    assert out.returncode == 2  # one file could not be read
    page = (tmp_path / "review.html").read_text("utf-8")
    assert "E002" in page and "&lt;script&gt;" in page and page.count('<article class="report"') == 2


def test_xlsx_sheets_rows_and_no_formulas(tmp_path: Path) -> None:
    results = [
        check_path("r.txt", load_template("party-spirit"), data=HOSTILE_TEXT.encode()),
        check_path(str(REPO / "examples" / "clean.docx")),
        check_path("broken.docx", data=b"PK\x03\x04broken"),
    ]
    book = load_workbook(io.BytesIO(render_xlsx(results, "zh")))
    assert book.sheetnames == ["汇总", "问题明细", "对应关系"]
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary[0][:7] == ("文件", "模板", "字数", "错误", "警告", "提示", "结论")
    assert [row[6] for row in summary[1:]] == ["未通过", "通过", "无法读取"]
    details = list(book["问题明细"].iter_rows(values_only=True))
    assert len(details) == 1 + sum(len(r.diagnostics) for r in results)
    links = list(book["对应关系"].iter_rows(values_only=True))
    clean = results[1]
    assert clean.report is not None and clean.alignment is not None and clean.alignment.links is not None
    assert len([row for row in links[1:] if row[0] == clean.path]) == len(clean.alignment.links.links)
    # each link with the words it rests on, a line per cause or measure, as in the HTML matrix
    assert links[0] == ("文件", "问题序号", "问题", "原因", "措施", "原因依据", "措施依据", "相似度")
    first = next(row for row in links[1:] if row[0] == clean.path)
    assert first[5] and first[6] and len(first[5].split("\n")) == len(first[3].split("\n"))
    outline = clean.outline_data()
    assert outline is not None
    evidence = outline["links"][0]["evidence"]["causes"][0]["words"]
    assert evidence and all(word in first[5] for word in evidence)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f"  # =HYPERLINK(…) from the report stays text
    assert any("=HYPERLINK" in str(row[8]) for row in details[1:])


def _substance_results() -> list:  # type: ignore[type-arg]
    """A report with one unspecific problem and one slogan measure, and a sound one."""
    from tests.checks.test_substance import STUDY, VAGUE, good

    slogan = "切实加强作风建设。进一步增强宗旨意识，不断改进工作作风，切实提高服务水平，努力做到真抓实干。"
    flawed = good(problems=[STUDY, VAGUE], measures=[slogan, "每月至少下社区两次，建立走访台账。", "年底前读完规定篇目。"])
    template = load_template("party-spirit")
    return [check_path("weak.txt", template, data=flawed.encode()), check_path("sound.txt", template, data=good().encode())]


def test_html_shows_the_substance_verdict_per_report_and_in_the_summary() -> None:
    weak, sound = _substance_results()
    page = render_html([weak, sound], "zh")
    assert page.count('<section class="verdict">') == 2
    assert '<li class="short" data-aspect="problems"><span class="aspect">问题准</span>问题 2 项，1 项不具体</li>' in page
    assert '<span class="aspect">措施明</span>措施 3 项，1 项不可检验' in page
    assert '<li class="ok" data-aspect="self"><span class="aspect">把自己摆进去</span>问题 3 项，均写本人</li>' in page
    assert '<th>实质审阅</th>' in page and 'title="问题 2 项，1 项不具体">✗ 问题准</span>' in page
    english = render_html([weak], "en")
    assert '<span class="aspect">specific problems</span>2 problems: 1 not specific' in english


def test_xlsx_summary_holds_the_substance_verdict() -> None:
    weak, sound = _substance_results()
    unreadable = check_path("broken.docx", data=b"PK\x03\x04broken")
    summary = list(load_workbook(io.BytesIO(render_xlsx([weak, sound, unreadable], "zh")))["汇总"].iter_rows(values_only=True))
    assert summary[0][8:] == ("问题准", "原因清", "措施明", "把自己摆进去")
    assert summary[1][8:] == ("问题 2 项，1 项不具体", "原因 3 项，均从自身找根源", "措施 3 项，1 项不可检验", "问题 2 项，均写本人")
    assert summary[2][8:] == ("问题 3 项，均具体", "原因 3 项，均从自身找根源", "措施 3 项，均可检验", "问题 3 项，均写本人")
    assert summary[3][8:] == (None, None, None, None)
    english = list(load_workbook(io.BytesIO(render_xlsx([weak], "en")))["Summary"].iter_rows(values_only=True))
    assert english[0][8] == "specific problems" and english[1][8] == "2 problems: 1 not specific"


def test_cli_needs_an_output_file_for_xlsx(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(HOSTILE_TEXT, "utf-8")
    assert run(["r.txt", "--format", "xlsx"], tmp_path).returncode == 2
    assert run(["r.txt", "--format", "xlsx", "-o", "s.xlsx", "--lang", "en"], tmp_path).returncode == 1
    assert load_workbook(tmp_path / "s.xlsx").sheetnames == ["Summary", "Findings", "Links"]


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_reads_the_same_rows(tmp_path: Path) -> None:
    results = [check_path(str(p)) for p in sorted((REPO / "examples").glob("*.txt"))]
    target = tmp_path / "summary.xlsx"
    target.write_bytes(render_xlsx(results, "zh"))
    ours = [[("" if v is None else str(v)) for v in row] for row in load_workbook(target)["汇总"].iter_rows(values_only=True)]
    try:
        converted = convert_all([target], "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path / "csv")["summary"]
    except AssertionError:
        pytest.skip("LibreOffice Calc is not installed (libreoffice-calc-nogui)")
    theirs = list(csv.reader(io.StringIO(converted.read_text("utf-8"))))
    assert theirs == ours
    assert json.dumps(theirs, ensure_ascii=False).count("flawed.txt") == 1
    assert theirs[0][8:] == ["问题准", "原因清", "措施明", "把自己摆进去"]
    assert any(row[8].startswith("问题 3 项") for row in theirs[1:])


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_reads_the_substance_verdict(tmp_path: Path) -> None:
    target = tmp_path / "verdict.xlsx"
    target.write_bytes(render_xlsx(_substance_results(), "zh"))
    try:
        converted = convert_all([target], "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path / "csv")["verdict"]
    except AssertionError:
        pytest.skip("LibreOffice Calc is not installed (libreoffice-calc-nogui)")
    rows = list(csv.reader(io.StringIO(converted.read_text("utf-8"))))
    assert rows[1][0] == "weak.txt" and rows[1][8:] == ["问题 2 项，1 项不具体", "原因 3 项，均从自身找根源",
                                                       "措施 3 项，1 项不可检验", "问题 2 项，均写本人"]  # fmt: skip


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_reads_the_links_with_their_evidence(tmp_path: Path) -> None:
    results = [check_path(str(REPO / "examples" / "clean.docx"))]
    target = tmp_path / "links.xlsx"
    target.write_bytes(render_xlsx(results, "zh"))
    ours = [[("" if v is None else str(v)) for v in row] for row in load_workbook(target)["对应关系"].iter_rows(values_only=True)]
    out = tmp_path / "csv"
    # the CSV filter's 12th token, -1: every sheet, each to FILE-SHEET.csv
    subprocess.run([str(soffice()), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", str(out),
                    str(target)], check=True, capture_output=True, timeout=600)  # fmt: skip
    sheet = out / "links-对应关系.csv"
    if not sheet.exists():
        pytest.skip("LibreOffice Calc is not installed, or too old to write every sheet (libreoffice-calc-nogui ≥ 7.2)")
    theirs = list(csv.reader(io.StringIO(sheet.read_text("utf-8"))))
    assert theirs == ours
    assert theirs[0][5:7] == ["原因依据", "措施依据"] and all(row[5] and row[6] for row in theirs[1:])
