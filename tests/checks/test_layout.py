"""Layout rules F101–F112 against the GB/T 9704 profile. Each report is written by
tests/docxgen.py laid out as the profile wants, then one property is changed with python-docx:
the rule must fire on that change alone, once for a run of paragraphs, and not otherwise."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from checker.pipeline import FileResult, check_path
from checker.profile import load_profile
from tests.docxgen import write_report
from tests.helpers import report

LINES = report().splitlines()
# The same report with （一） items: level-2 headings whose lead sentence is set in 楷体.
LEVEL2 = [line.replace("一是", "（一）").replace("二是", "（二）").replace("三是", "（三）") for line in LINES]


def docx(tmp_path: Any, lines: list[str] = LINES, **options: Any) -> bytes:
    path = tmp_path / "r.docx"
    write_report(lines, path, **options)
    return bytes(path.read_bytes())


def edit(data: bytes, change: Callable[[Any], None]) -> bytes:
    document = Document(io.BytesIO(data))
    change(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def lint(data: bytes, changes: dict[str, Any] | None = None, name: str = "r.docx", profile: str = "gbt9704") -> FileResult:
    chosen = load_profile(profile, changes) if profile != "none" else None
    return check_path(name, data=data, profile=chosen)


def layout_codes(result: FileResult) -> list[str]:
    return [d.code for d in result.diagnostics if d.code.startswith("F")]


def only(result: FileResult, code: str) -> Any:
    found = [d for d in result.diagnostics if d.code == code]
    assert len(found) == 1, [(d.code, d.line, d.args) for d in result.diagnostics if d.code.startswith("F")]
    return found[0]


def body_paragraphs(document: Any) -> list[Any]:
    """Paragraphs of the text proper: not the title, headings or the closing lines."""
    return [p for p in document.paragraphs[1:-3] if not p.text.startswith(("一、", "二、", "三、"))]


def test_a_report_laid_out_as_the_profile_wants_has_no_layout_finding(tmp_path: Any) -> None:
    assert layout_codes(lint(docx(tmp_path))) == []
    assert layout_codes(lint(docx(tmp_path, LEVEL2))) == []


def test_word_defaults_give_each_page_and_text_finding_once(tmp_path: Any) -> None:
    result = lint(docx(tmp_path, layout=False))
    # python-docx's blank document is Word's: Letter paper, 25.4/31.8 mm margins, no page numbers.
    assert sorted(set(layout_codes(result))) == [f"F10{i}" for i in range(1, 10)]
    body = only(result, "F102")  # one finding over the whole text, not one per paragraph
    assert (body.line, body.end_line) == (2, len(LINES)) and body.args["paragraphs"] > 10


def test_f101_title_font_and_alignment(tmp_path: Any) -> None:
    def song(document: Any) -> None:
        for run in document.paragraphs[0].runs:
            run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")

    def left(document: Any) -> None:
        document.paragraphs[0].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    found = only(lint(edit(docx(tmp_path), song)), "F101")
    assert found.line == 1 and "宋体" in found.args["problem"] and "小标宋" in found.args["problem"]
    assert "应居中" in only(lint(edit(docx(tmp_path), left)), "F101").args["problem"]


def test_f102_body_font_by_east_asian_slot_and_the_digits_font(tmp_path: Any) -> None:
    def song(document: Any) -> None:
        for p in body_paragraphs(document)[2:5]:
            for run in p.runs:
                run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")

    found = only(lint(edit(docx(tmp_path), song)), "F102")
    assert (found.line, found.end_line, found.args["paragraphs"]) == (5, 8, 3)  # the heading between does not break it

    def calibri_digits(document: Any) -> None:
        document.styles["Normal"].font.name = "Calibri"

    digits = only(lint(edit(docx(tmp_path), calibri_digits)), "F102")
    assert "数字和西文" in digits.args["problem"] and "Calibri" in digits.args["problem"]
    # 方正仿宋_GBK is 仿宋 by the profile's aliases: no finding.
    def alias(document: Any) -> None:
        for p in body_paragraphs(document):
            for run in p.runs:
                run._element.rPr.rFonts.set(qn("w:eastAsia"), "方正仿宋_GBK")

    assert "F102" not in layout_codes(lint(edit(docx(tmp_path), alias)))


def test_f103_heading_fonts_by_level_and_an_organisers_bold_setting(tmp_path: Any) -> None:
    def fangsong_h1(document: Any) -> None:
        for p in document.paragraphs:
            if p.text.startswith("二、"):
                for run in p.runs:
                    run._element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")

    found = only(lint(edit(docx(tmp_path), fangsong_h1)), "F103")
    assert found.args["level"] == "一" and "黑体" in found.args["problem"]
    level2 = docx(tmp_path, LEVEL2)
    assert "F103" not in layout_codes(lint(level2))
    bold = only(lint(level2, {"headings": {"2": {"bold": True}}}), "F103")
    # One finding over the nine level-2 headings: the level-1 headings between them say nothing of level 2.
    assert (bold.args["level"], bold.args["paragraphs"]) == ("二", 9) and "应加粗" in bold.args["problem"]

    def embolden(document: Any) -> None:
        for p in document.paragraphs:
            if p.text.startswith("（"):
                for run in p.runs:
                    if run._element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312":
                        run.bold = True

    assert "F103" not in layout_codes(lint(edit(level2, embolden), {"headings": {"2": {"bold": True}}}))


def test_f104_font_size(tmp_path: Any) -> None:
    def small(document: Any) -> None:
        document.styles["Normal"].font.size = Pt(10.5)

    found = only(lint(edit(docx(tmp_path), small)), "F104")
    assert "五号（10.5磅）" in found.args["found"] and found.args["expected"] == "三号（16磅）"


def test_f105_line_spacing_and_accepted_multiples(tmp_path: Any) -> None:
    def single(document: Any) -> None:
        fmt = document.styles["Normal"].paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE

    data = edit(docx(tmp_path), single)
    assert only(lint(data), "F105").args["found"] == "单倍行距"
    assert "F105" not in layout_codes(lint(data, {"line_spacing": {"multiples": [1.0]}}))

    def thirty(document: Any) -> None:
        document.styles["Normal"].paragraph_format.line_spacing = Pt(30)

    assert "F105" not in layout_codes(lint(edit(docx(tmp_path), thirty)))  # 28–30 pt


def test_f106_first_line_indent_body_only(tmp_path: Any) -> None:
    def flush(document: Any) -> None:
        for p in body_paragraphs(document)[:2]:
            p.paragraph_format.first_line_indent = Pt(0)
            p._p.pPr.ind.set(qn("w:firstLineChars"), "0")

    found = only(lint(edit(docx(tmp_path), flush)), "F106")
    assert (found.line, found.end_line) == (2, 4) and found.args["found"] == "首行缩进0字"
    # The signature and the date are right-aligned without an indent: not body paragraphs.
    assert "F106" not in layout_codes(lint(docx(tmp_path)))


@pytest.mark.parametrize(("top", "fires"), [(37.9, False), (38.5, True)])
def test_f107_margins_within_the_tolerance(tmp_path: Any, top: float, fires: bool) -> None:
    def margin(document: Any) -> None:
        document.sections[0].top_margin = Mm(top)

    assert ("F107" in layout_codes(lint(edit(docx(tmp_path), margin)))) is fires


def test_f108_paper(tmp_path: Any) -> None:
    def letter(document: Any) -> None:
        document.sections[0].page_width, document.sections[0].page_height = Mm(216), Mm(279)

    assert "216 mm × 279 mm" in only(lint(edit(docx(tmp_path), letter)), "F108").args["found"]


def test_f109_page_numbers_missing_undashed_or_wrong_size(tmp_path: Any) -> None:
    def no_footer(document: Any) -> None:
        footer = document.sections[0].footer._element
        for p in list(footer):
            footer.remove(p)

    def plain(document: Any) -> None:
        for run in document.sections[0].footer.paragraphs[0].runs:
            if run.text.strip() in ("—", ""):
                run.text = run.text.replace("—", "").strip() if run.text.strip() == "—" else run.text

    def large(document: Any) -> None:
        for run in document.sections[0].footer.paragraphs[0].runs:
            run.font.size = Pt(16)

    assert only(lint(edit(docx(tmp_path), no_footer)), "F109").args["problem"] == "没有页码"
    assert "一字线" in only(lint(edit(docx(tmp_path), plain)), "F109").args["problem"]
    assert "三号" in only(lint(edit(docx(tmp_path), large)), "F109").args["problem"]
    assert "F109" not in layout_codes(lint(edit(docx(tmp_path), large), {"page_numbers": {"size": 16}}))


def test_f110_date_line_replaces_p108_when_a_profile_applies(tmp_path: Any) -> None:
    lines = [*LINES[:-1], "2024年01月05日"]
    data = docx(tmp_path, lines)
    with_profile = lint(data)
    assert only(with_profile, "F110").args["found"] == "2024年01月05日"
    assert "P108" not in [d.code for d in with_profile.diagnostics]
    without = lint(data, profile="none")
    assert "P108" in [d.code for d in without.diagnostics] and "F110" not in layout_codes(without)


def test_f110_judges_the_date_lines_the_parser_reads_as_the_date(tmp_path: Any) -> None:
    """One definition of a date line (checker/text/dates.py): what the parser reads as the report's
    date at its end, F110 judges as a date under the title too (a two-digit year, 二四年, 24-12-20
    were dates to the one and not to the other)."""
    from checker.parse.lexer import lex
    from checker.read import read_bytes

    for date in ("24年12月20日", "二四年十二月二十日", "24-12-20"):
        at_end = read_bytes("r.docx", docx(tmp_path, [*LINES[:-1], date])).paragraphs
        assert [b.kind for b in lex(list(at_end))][-1] == "DATE", date
        under_title = docx(tmp_path, [LINES[0], date, *LINES[1:-1]])
        assert only(lint(under_title), "F110").args["found"] == date


def test_f111_automatic_numbering_of_headings_is_information(tmp_path: Any) -> None:
    data = docx(tmp_path, auto_number_h1=True)
    found = only(lint(data), "F111")
    assert found.severity.value == "info" and found.args["label"] == "一、" and found.args["paragraphs"] == 3
    assert "F111" not in layout_codes(lint(data, {"typed_numbering": False}))


def test_f112_coloured_text(tmp_path: Any) -> None:
    def red(document: Any) -> None:
        body_paragraphs(document)[1].runs[2].font.color.rgb = RGBColor(0xFF, 0, 0)

    found = only(lint(edit(docx(tmp_path), red)), "F112")
    assert found.args["found"] == "FF0000" and found.line == found.end_line
    assert "F112" not in layout_codes(lint(edit(docx(tmp_path), red), {"black_text": False}))


def test_text_files_get_no_profile_by_default_and_only_the_date_rule_with_one() -> None:
    text = "\n".join([*LINES[:-1], "2024年01月05日"]).encode("utf-8")
    assert layout_codes(check_path("r.txt", data=text)) == []
    assert layout_codes(check_path("r.txt", data=text, profile=load_profile("gbt9704"))) == ["F110"]


def test_documents_that_are_no_report_still_get_layout_rules(tmp_path: Any) -> None:
    notice = ["关于进一步规范会议管理的通知", "各区县、各部门：", "为进一步转变会风，现就有关要求明确如下。",
              "一、压缩会议数量", "能合并召开的合并，能不开的不开。", "特此通知。", "市政府办公室", "2026年1月1日"]  # fmt: skip
    result = lint(docx(tmp_path, notice, layout=False))
    assert result.template is None and {"F102", "F107"} <= set(layout_codes(result))
    # The addressee line is flush left by the standard (7.3.2): laid out, nothing to report.
    assert layout_codes(lint(docx(tmp_path, notice))) == []


def msg(diagnostic: Any, lang: str = "zh") -> str:
    from checker.messages import render

    return render(diagnostic.code, lang, diagnostic.args)


def _front(tmp_path: Any, sections: bool = False, cover_footer: bool = True) -> bytes:
    from tests.docxgen import write_report_with_front_matter

    path = tmp_path / "front.docx"
    write_report_with_front_matter(LINES, path, sections=sections, cover_footer=cover_footer)
    return bytes(path.read_bytes())


def test_f113_a_toc_whose_number_runs_past_its_tab_stop(tmp_path: Any) -> None:
    data = _front(tmp_path)
    assert "F113" not in layout_codes(lint(data))

    def indent_normal(document: Any) -> None:  # what changing Normal did to the TOC styles built on it
        document.styles["Normal"].paragraph_format.first_line_indent = Pt(32)

    found = only(lint(edit(data, indent_normal)), "F113")
    assert found.line == 5 and found.args["paragraphs"] == 3 and "页码制表位" in msg(found)

    def lose_tabs(document: Any) -> None:
        tabs = document.styles["toc 1"].element.find(qn("w:pPr")).find(qn("w:tabs"))
        tabs.getparent().remove(tabs)

    assert "右对齐" in msg(only(lint(edit(data, lose_tabs)), "F113"))


def test_f109_page_numbers_on_a_cover_or_contents_page(tmp_path: Any) -> None:
    one_section = [d for d in lint(_front(tmp_path)).diagnostics if d.code == "F109"]
    assert any("同在一节" in msg(d) for d in one_section)
    split = [d for d in lint(_front(tmp_path, sections=True)).diagnostics if d.code == "F109"]
    assert {d.line for d in split if "封面、目录页上有页码" in msg(d)} == {1, 4}
    assert any("不是第1页" in msg(d) for d in split)
    # No numbers on the cover's section: only the body's numbering is wrong (it carries on).
    quiet = [d for d in lint(_front(tmp_path, sections=True, cover_footer=False)).diagnostics if d.code == "F109"]
    assert [msg(d) for d in quiet if "封面、目录页上有页码" in msg(d)] == [] and any("不是第1页" in msg(d) for d in quiet)


def test_f107_counts_sections_not_paragraphs(tmp_path: Any) -> None:
    found = only(lint(_front(tmp_path, sections=True, cover_footer=False)), "F107")
    assert found.line == 9 and "节" not in msg(found)  # the body's one section; the front is the writer's

    def three_sections(document: Any) -> None:
        from docx.enum.section import WD_SECTION

        document.add_section(WD_SECTION.NEW_PAGE)
        document.add_paragraph("附件正文。" * 10)
        document.add_section(WD_SECTION.NEW_PAGE)
        document.add_paragraph("附件正文。" * 10)

    found = only(lint(edit(docx(tmp_path, layout=False), three_sections)), "F107")
    assert "共3节" in msg(found) and "段" not in msg(found) and "3 sections" in msg(found, "en")


def test_a_text_file_is_checked_without_the_layout_models() -> None:
    """The layout rules name the format profile and the reader's formatting model in their
    annotations only: a text file (which has neither) is checked without importing them, as a
    warm run's worker checks the one changed file before anything else."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys\nfrom checker.pipeline import check_path\n"
            "result = check_path('a.txt', data='党性分析报告\\n一、存在的主要问题\\n'.encode())\n"
            "assert result.error is None, result.error\n"
            "print(sorted(m for m in ('checker.profile', 'checker.read.formatting') if m in sys.modules))")  # fmt: skip
    root = Path(__file__).resolve().parent.parent.parent
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root,
                         env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "REPORTLINT_NO_SNAPSHOT": "1"})  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
