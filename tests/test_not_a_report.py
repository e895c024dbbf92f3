"""Documents that are not reports (a notice, a news piece, a thesis) get one S109 and the
language rules only; a table of contents is never read as sections; messages quote at most
30 characters of a paragraph."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.messages import MAX_QUOTE, render
from checker.pipeline import check_path
from checker.read import read_bytes
from checker.template import load_template
from tests.helpers import REPO, SHARED

LANGUAGE = ("P", "T", "Y", "X")
NOTICE = """关于举办2024年读书分享活动的通知
各党支部：
为营造良好的学习氛围,经研究，决定举办读书分享活动。现将有关事项通知如下。
一、活动时间
2024年5月10日下午。
二、活动地点
学院报告厅。
三、有关要求
请各支部认真组织，确保参加人员按时到场。。
特此通知。
"""


def test_a_notice_gets_one_s109_and_language_findings_only() -> None:
    result = check_path("notice.txt", data=NOTICE.encode())
    codes = [d.code for d in result.diagnostics]
    assert codes.count("S109") == 1
    assert {"P101", "P104"} <= set(codes)
    assert all(c == "S109" or c.startswith(LANGUAGE) for c in codes)
    assert result.template is None and result.detection is not None and not result.detection.known
    s109 = next(d for d in result.diagnostics if d.code == "S109")
    assert "--template" in render("S109", "zh", s109.args) and "--template" in render("S109", "en", s109.args)


def test_with_a_template_the_same_notice_is_checked_as_that_report() -> None:
    result = check_path("notice.txt", load_template("party-spirit"), data=NOTICE.encode())
    codes = {d.code for d in result.diagnostics}
    assert "S109" not in codes and "S101" in codes and result.template == "party-spirit"


def test_every_report_of_examples_is_a_known_kind() -> None:
    for path in sorted((REPO / "examples").glob("*.*")):
        if path.suffix in (".txt", ".md", ".docx"):
            result = check_path(str(path))
            assert result.detection is not None and result.detection.known, path.name
            assert "S109" not in {d.code for d in result.diagnostics}


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus not present")
def test_every_corpus_report_is_a_known_kind() -> None:
    for path in sorted((SHARED / "corpus").glob("d*.txt")) + sorted((SHARED / "corpus" / "harder").glob("d*.txt")):
        result = check_path(str(path))
        assert result.detection is not None and result.detection.known, path.name


@pytest.mark.skipif(not (SHARED / "realdocx").is_dir(), reason="../shared/realdocx not present")
@pytest.mark.parametrize("path", sorted((SHARED / "realdocx").glob("*.docx")), ids=lambda p: p.name)
def test_real_files_that_are_not_reports(path: Path) -> None:
    result = check_path(str(path))
    codes = [d.code for d in result.diagnostics]
    assert codes.count("S109") == 1, codes
    assert all(c == "S109" or c.startswith(LANGUAGE) for c in codes)
    assert result.report is not None
    toc = {p.line for p in result.report.paragraphs if p.toc}
    assert not any(section.line in toc for section in result.report.sections)


@pytest.mark.skipif(not (SHARED / "realdocx").is_dir(), reason="../shared/realdocx not present")
def test_the_activity_plans_contents_are_not_sections() -> None:
    result = check_path(str(SHARED / "realdocx" / "wps-activity-plan-autonum.docx"), load_template("party-spirit"))
    assert result.report is not None
    titles = [s.title for s in result.report.sections]
    assert titles and not any("\t" in t for t in titles)
    assert len(titles) == len(set(titles))  # each heading once: the contents did not repeat them


def test_typed_contents_under_a_title_are_skipped() -> None:
    text = ("党性分析报告\n目  录\n一、存在的问题……………1\n二、原因剖析\t2\n三、整改措施……3\n\n一、存在的问题\n"
            "一是学习不够。\n二、原因剖析\n一是信念不牢。\n三、整改措施\n一是加强学习。\n")  # fmt: skip
    result = check_path("r.txt", load_template("party-spirit"), data=text.encode())
    assert result.report is not None
    assert [s.line for s in result.report.sections] == [7, 9, 11]
    assert not {"S103", "S104"} & {d.code for d in result.diagnostics}


def test_contents_in_a_toc_field_are_marked_by_the_reader(tmp_path: Path) -> None:
    from tests.docxgen import write_xml_body

    body = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>一、存在的问题</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>1</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>二、原因剖析</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        "<w:p><w:r><w:t>一、存在的问题</w:t></w:r></w:p>"
    )  # fmt: skip
    path = write_xml_body(body, tmp_path / "toc.docx")
    document = read_bytes(str(path), path.read_bytes())
    assert [p.toc for p in document.paragraphs] == [True, True, False]


def test_messages_quote_at_most_thirty_characters() -> None:
    long_heading = "理论学习方面" * 50
    text = f"党性分析报告\n一、存在的问题\n一是学习不够。\n二、{long_heading}\n一是作风不实。\n"
    result = check_path("r.txt", load_template("party-spirit"), data=text.encode())
    s105 = next(d for d in result.diagnostics if d.code == "S105")
    message = render("S105", "zh", s105.args)
    quoted = message.split("“")[1].split("”")[0]
    assert len(quoted) == MAX_QUOTE and quoted.endswith("…")
