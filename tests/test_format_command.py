"""`reportlint format`: a laid-out copy beside the input (never the input), checked again; the
real before/after pairs of ../shared/realdocx show what the profile must find and fix."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from checker.pipeline import check_path
from checker.profile import load_profile
from checker.read import read_bytes
from checker.write.layout import format_docx
from tests.docxgen import write_report
from tests.helpers import REPO, SHARED, report
from tests.reviewkit import comments

REAL = SHARED / "realdocx"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/realdocx is not present")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(cwd)})  # fmt: skip


def layout_codes(path: Path) -> set[str]:
    result = check_path(str(path), profile=load_profile("gbt9704"))
    return {d.code for d in result.diagnostics if d.code.startswith("F")}


def test_format_writes_a_copy_the_layout_rules_pass_and_leaves_the_input(tmp_path: Path) -> None:
    source = tmp_path / "报告.docx"
    write_report(report().splitlines(), source, layout=False, auto_number_h1=True)
    before = source.read_bytes()
    assert {"F102", "F105", "F107", "F109", "F111"} <= layout_codes(source)
    done = run("format", str(source), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    copy = tmp_path / "报告.formatted.docx"
    assert "3 处自动编号改为手工序号" in done.stdout and str(copy) in done.stdout
    assert source.read_bytes() == before
    assert layout_codes(copy) == set()
    original, formatted = read_bytes(str(source), before), read_bytes(str(copy), copy.read_bytes())
    assert [p.text for p in formatted.paragraphs] == [p.text for p in original.paragraphs]
    assert not any(p.label for p in formatted.paragraphs)  # the numbers are typed now


def test_format_keeps_comments_and_every_part_it_does_not_lay_out(tmp_path: Path) -> None:
    source = tmp_path / "r.docx"
    write_report(report().splitlines(), source, layout=False)
    annotated = run("check", str(source), "--annotate", "--no-cache", cwd=tmp_path)
    assert annotated.returncode == 1, annotated.stderr
    with_comments = tmp_path / "r.reportlint.docx"
    data = with_comments.read_bytes()
    copy = format_docx(str(with_comments), data, load_profile("gbt9704")).data
    assert comments(copy) == comments(data) and comments(data)
    with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(copy)) as b:
        laid_out = {"word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
        for name in a.namelist():
            if name not in laid_out:
                assert a.read(name) == b.read(name), name


def test_format_under_output_dir_and_errors_per_file(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / "a").mkdir(parents=True)
    write_report(report().splitlines(), folder / "a" / "one.docx", layout=False)
    (folder / "notes.txt").write_text("不是 Word 文档\n", "utf-8")
    done = run("format", "reports", "--output-dir", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "out" / "a" / "one.formatted.docx").is_file()  # the .txt in a folder is passed over
    wrong = run("format", "reports/notes.txt", "--lang", "en", cwd=tmp_path)
    assert wrong.returncode == 2 and "E010" in wrong.stdout


def test_a_configured_organiser_variant_is_applied(tmp_path: Path) -> None:
    lines = [line.replace("一是", "（一）") for line in report().splitlines()]
    write_report(lines, tmp_path / "r.docx", layout=False)
    (tmp_path / "reportlint.toml").write_text('[format.headings.2]\nbold = true\n', "utf-8")
    done = run("format", "r.docx", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    copy = tmp_path / "r.formatted.docx"
    document = read_bytes(str(copy), copy.read_bytes(), formatting=True)
    assert document.formatting is not None
    heading = next(i for i, p in enumerate(document.paragraphs) if p.text.startswith("（一）"))
    kai = [r for r in document.formatting.paragraphs[heading].runs if r.east_asia == "楷体_GB2312"]
    assert kai and all(r.bold for r in kai)
    (tmp_path / "reportlint.toml").write_text('profile = "none"\n', "utf-8")
    refused = run("format", "r.docx", cwd=tmp_path)
    assert refused.returncode == 2 and "none" in refused.stdout


@needs_real
@pytest.mark.parametrize("name", ["wps-notice-after", "wps-decision-after"])
def test_the_after_files_of_the_real_pairs_pass_the_text_and_page_rules(name: str) -> None:
    assert not layout_codes(REAL / f"{name}.docx") & {"F102", "F103", "F104", "F105", "F106", "F107"}


@needs_real
@pytest.mark.parametrize("name", ["wps-notice-before", "wps-decision-before"])
def test_the_before_files_give_body_font_size_and_margin_findings_and_format_fixes_them(name: str, tmp_path: Path) -> None:
    source = REAL / f"{name}.docx"
    assert {"F102", "F104", "F107"} <= layout_codes(source)
    shutil.copy(source, tmp_path / source.name)
    done = run("format", source.name, cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    copy = tmp_path / f"{name}.formatted.docx"
    assert layout_codes(copy) == set()
    assert [p.text for p in read_bytes(str(copy), copy.read_bytes()).paragraphs] == [
        p.text for p in read_bytes(str(source), source.read_bytes()).paragraphs
    ]


@needs_real
def test_the_wps_theme_font_file_resolves_its_body_to_songti() -> None:
    result = check_path(str(REAL / "word-news-kso-testcopy.docx"), profile=load_profile("gbt9704"))
    body = [d for d in result.diagnostics if d.code == "F102"]
    assert body and "“宋体”" in body[0].args["problem"]


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def _front_xml(path: str, data: bytes) -> tuple[list[bytes], int]:
    """The XML of every paragraph before the body (sectPr and page breaks left out: `format` may
    turn the break that ends the front matter into a section break), and where the body starts."""
    from lxml import etree

    from checker.model.roles import body_start
    from checker.pipeline import check_document
    from checker.read.docx import read_docx_layout
    from checker.read.docx.ooxml import W_TAG

    layout = read_docx_layout(path, data, formatting=True)
    report = check_document(layout.document, profile=load_profile("gbt9704")).report
    assert report is not None
    start = body_start(report)
    out = []
    for element in layout.elements[: start - 1]:
        element = copy.deepcopy(element)
        for tag in ("sectPr", "pageBreakBefore"):
            for found in list(element.iter(W_TAG + tag)):
                found.getparent().remove(found)
        for br in list(element.iter(W_TAG + "br")):
            if br.get(W_TAG + "type") == "page":
                br.getparent().remove(br)
        for run in list(element.iter(W_TAG + "r")):
            if len(run) == 0:
                run.getparent().remove(run)
        for empty in list(element.iter(W_TAG + "pPr")):
            if len(empty) == 0:
                element.remove(empty)
        out.append(etree.tostring(element, method="c14n", exclusive=True))  # namespaces as used
    return out, start


def _numbering(data: bytes) -> list[tuple[int, int, tuple[str, ...], int | None]]:
    document = read_bytes("copy.docx", data, formatting=True)
    assert document.formatting is not None
    return [(s.first_line, s.last_line, tuple(n.text for n in s.page_numbers), s.number_start)
            for s in document.formatting.sections]  # fmt: skip


@pytest.mark.parametrize("sections", [False, True], ids=["page-breaks", "sections"])
def test_format_leaves_the_cover_contents_and_styles_and_numbers_pages_from_the_body(sections: bool, tmp_path: Path) -> None:
    from tests.docxgen import write_report_with_front_matter

    source = write_report_with_front_matter(report().splitlines(), tmp_path / "r.docx", sections=sections)
    data = source.read_bytes()
    copy_data = format_docx(str(source), data, load_profile("gbt9704")).data
    assert _part(copy_data, "word/styles.xml") == _part(data, "word/styles.xml")  # the TOC styles build on Normal
    before, start = _front_xml(str(source), data)
    after, _ = _front_xml(str(source), copy_data)
    assert start == 9 and after == before  # cover and contents exactly as they were
    target = tmp_path / "r.formatted.docx"
    target.write_bytes(copy_data)
    assert layout_codes(target) == set() and {"F109", "F107"} <= layout_codes(source)
    numbering = _numbering(copy_data)
    front, body = numbering[:-1], numbering[-1]
    assert all(not numbers for _, _, numbers, _ in front) and front[-1][1] == 8
    assert body[0] == 9 and body[2] == ("— {PAGE} —",) and body[3] == 1


@needs_real
def test_format_on_the_wps_plan_keeps_cover_contents_and_other_sections_and_indents_headings_alike() -> None:
    source = REAL / "wps-activity-plan-autonum.docx"
    data = source.read_bytes()
    copy_data = format_docx(str(source), data, load_profile("gbt9704")).data
    assert source.read_bytes() == data
    assert _part(copy_data, "word/styles.xml") == _part(data, "word/styles.xml")
    for part in ("word/header1.xml", "word/header2.xml"):
        assert _part(copy_data, part) == _part(data, part)
    before, start = _front_xml(str(source), data)
    after, _ = _front_xml(str(source), copy_data)
    assert start == 38 and after == before
    numbering = _numbering(copy_data)
    assert [n[2] for n in numbering[:2]] == [(), ()] and numbering[2][2:] == (("— {PAGE} —",), 1)
    document = read_bytes(str(source), copy_data, formatting=True)
    assert document.formatting is not None
    result = check_path(str(source), data=copy_data, profile=load_profile("gbt9704"))
    assert not [d.code for d in result.diagnostics if d.code.startswith("F")]
    from checker.model.roles import HEADING, paragraph_roles
    from checker.pipeline import check_document

    checked = check_document(document, profile=load_profile("gbt9704")).report
    assert checked is not None
    indents: dict[int, set[tuple[float, float]]] = {}
    for line, role in enumerate(paragraph_roles(checked), start=1):
        if role.kind == HEADING:
            fmt = document.formatting.paragraphs[line - 1]
            indents.setdefault(role.level, set()).add((fmt.left, round(fmt.first_line, 1)))
    # 「1.出行规划」 and 「1.活动时间表」 alike: no left indent, two characters in, as the body.
    assert indents[3] == indents[1] == {(0.0, 32.0)}
