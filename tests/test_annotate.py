"""The annotated copy: one Word comment per finding, anchored on the finding's own characters
(inside hyperlinks, tracked insertions and field results too), the automatic numbering label
spoken of in words, and nothing else in the package changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from checker.pipeline import check_path
from checker.read import read_bytes
from checker.template import load_template
from checker.write.annotate import annotate, annotate_docx, comment_lines
from tests.docxgen import write_report, write_xml_body
from tests.helpers import REPO, SHARED
from tests.reviewkit import COMMENT_PARTS, comment_ids, comments, main_part, normalised_body, parts, revisions

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W + "}"

TRICKY_BODY = """
<w:p><w:r><w:t>党性分析报告</w:t></w:r></w:p>
<w:p><w:r><w:t>一、存在的问题</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>一是学习</w:t></w:r><w:hyperlink w:anchor="a"><w:r><w:t>不够,联系</w:t></w:r></w:hyperlink><w:r><w:t>实际不够。</w:t></w:r></w:p>
<w:p><w:r><w:t>二是作风</w:t></w:r><w:ins w:id="91" w:author="甲" w:date="2024-01-01T00:00:00Z"><w:r><w:t>不实。。</w:t></w:r></w:ins><w:r><w:t>下一句。</w:t></w:r></w:p>
<w:p><w:r><w:t>三是</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> QUOTE x </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>服务,群众</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>不够。</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>学习习近平新时代中国特色</w:t></w:r><w:r><w:t>社会义思想不够深入。</w:t></w:r></w:p>
"""


def check(path: Path, template: str | None = "party-spirit"):  # type: ignore[no-untyped-def]
    return check_path(str(path), load_template(template) if template else None)


def assert_only_body_and_comments_changed(before: bytes, after: bytes) -> None:
    old, new = parts(before), parts(after)
    assert set(old) <= set(new)
    assert set(new) - set(old) <= set(COMMENT_PARTS)
    body = main_part(before)
    for name, data in old.items():
        if name != body and name not in COMMENT_PARTS:
            assert new[name] == data, f"{name} changed"
    added = comment_ids(after) - comment_ids(before)
    assert normalised_body(old[body], added) == normalised_body(new[body], added)


def test_one_comment_per_finding_anchored_on_its_text(tmp_path: Path) -> None:
    path = write_xml_body(TRICKY_BODY, tmp_path / "tricky.docx")
    result = check(path)
    codes = {d.code for d in result.diagnostics}
    assert {"P101", "P104", "T101"} <= codes
    data = path.read_bytes()
    annotated, placements = annotate_docx(str(path), data, result.diagnostics, "zh")
    assert len(placements) == len(result.diagnostics)
    assert len(comments(annotated)) == len(result.diagnostics)
    assert all(author == "reportlint" for _, author, _ in comments(annotated))
    document = result.document
    assert document is not None
    for placement in placements:
        d = placement.diagnostic
        span = document.paragraphs[d.line - 1].text[d.column - 1 : d.end_column]
        if d.line == 5 and d.code == "P101":  # inside a field's result: the whole field is anchored
            assert placement.anchored_text(document) == "服务,群众"
        elif d.line == d.end_line:
            assert placement.anchored_text(document) == span
    # The text is unchanged, and every comment stands on the line of its finding.
    again = read_bytes("a.docx", annotated)
    assert [p.text for p in again.paragraphs] == [p.text for p in document.paragraphs]
    by_text: dict[str, set[int]] = {}
    for remark in again.remarks:
        by_text.setdefault(remark.text.split("\n")[0], set()).update(remark.lines)
    for placement in placements:
        first = comment_lines(placement.diagnostic, "zh")[0]
        assert placement.diagnostic.line in by_text[first]
    assert_only_body_and_comments_changed(data, annotated)


def test_markers_inside_hyperlinks_insertions_and_fields_reference_outside(tmp_path: Path) -> None:
    path = write_xml_body(TRICKY_BODY, tmp_path / "tricky.docx")
    result = check(path)
    annotated, placements = annotate_docx(str(path), path.read_bytes(), result.diagnostics, "zh")
    body = etree.fromstring(parts(annotated)["word/document.xml"])
    wanted = {"P101": ("hyperlink", "p"), "P104": ("ins",)}
    for placement in placements:
        code = placement.diagnostic.code
        ids = [c[0] for c in comments(annotated)]
        comment_id = ids[placements.index(placement)]
        start = next(e for e in body.iter(_W + "commentRangeStart") if e.get(_W + "id") == comment_id)
        reference = next(e for e in body.iter(_W + "commentReference") if e.get(_W + "id") == comment_id)
        # The reference mark is never inside a hyperlink, a tracked insertion or a field.
        assert reference.getparent().getparent().tag == _W + "p"
        if code in wanted and placement.line == 3 and code == "P101":
            assert start.getparent().tag == _W + "hyperlink"
        if code == "P104":
            assert start.getparent().tag == _W + "ins"


def test_split_runs_keep_their_formatting(tmp_path: Path) -> None:
    path = write_xml_body(TRICKY_BODY, tmp_path / "tricky.docx")
    result = check(path)
    annotated, _ = annotate_docx(str(path), path.read_bytes(), result.diagnostics, "zh")
    body = etree.fromstring(parts(annotated)["word/document.xml"])
    italic = [t.text for t in body.iter(_W + "t") if t.getparent().find(_W + "rPr/" + _W + "i") is not None]
    assert "".join(italic) == "学习习近平新时代中国特色"
    assert len(italic) >= 2  # the misquote starts inside the italic run: split, both halves italic


def test_automatic_number_is_named_and_its_paragraph_anchored(tmp_path: Path) -> None:
    from docx import Document

    from tests.docxgen import add_chinese_numbering, add_split_runs, set_numbering

    document = Document()
    num_id = add_chinese_numbering(document, lvl_text="%1.")  # 一. : N105 on a label that is not text
    for line in ["党性分析报告", "导语。", "存在的问题", "一是学习不够。", "原因剖析", "一是信念不牢。"]:
        p = document.add_paragraph()
        if line in ("存在的问题", "原因剖析"):
            set_numbering(p, num_id)
        add_split_runs(p, line)
    path = tmp_path / "auto.docx"
    document.save(str(path))
    result = check(path)
    n105 = [d for d in result.diagnostics if d.code == "N105"]
    assert n105
    annotated, placements = annotate_docx(str(path), path.read_bytes(), n105, "zh")
    assert result.document is not None
    for placement in placements:
        d = placement.diagnostic
        assert placement.label in ("一.", "二.") and d.column == 1
        # The span starts on the label (not text in the file): the comment stands on the rest.
        assert placement.anchored_text(result.document) == result.document.paragraphs[d.line - 1].text[2 : d.end_column]
    assert all("自动编号" in text for _, _, text in comments(annotated))


def test_comment_text_in_the_chosen_language() -> None:
    result = check_path("r.txt", load_template("party-spirit"), data="党性分析报告\n一、存在的问题\n1.学习\n3.作风\n".encode())
    n101 = next(d for d in result.diagnostics if d.code == "N101")
    zh, en = comment_lines(n101, "zh"), comment_lines(n101, "en")
    assert zh[0].startswith("[N101 错误] 编号不连续") and zh[1] == "建议改为：“2.”" and zh[2].startswith("为什么：")
    assert en[0].startswith("[N101 error] numbering gap") and en[1] == "Suggested fix: “2.”"
    assert en[2].startswith("Why: ") and en[2].count(".") == 1


def test_text_report_becomes_a_docx_with_headings(tmp_path: Path) -> None:
    text = (REPO / "examples" / "flawed.txt").read_bytes()
    result = check_path("flawed.txt", None, data=text)
    annotated, count = annotate("flawed.txt", text, result.diagnostics, "zh")
    assert count == len(result.diagnostics) == len(comments(annotated))
    document = read_bytes("x.docx", annotated)
    lines = text.decode("utf-8").split("\n")
    assert [p.text for p in document.paragraphs] == lines[: len(document.paragraphs)]
    styles = {p.text: p.style for p in document.paragraphs}
    assert (styles["二、存在的问题"] or "").lower() == "heading 1"


def test_markdown_headings_lose_their_hashes_and_anchors_follow(tmp_path: Path) -> None:
    md = "# 党性分析报告\n\n## 一、存在的问题\n\n一是学习不够,联系实际不够。\n"
    result = check_path("r.md", load_template("party-spirit"), data=md.encode())
    annotated, count = annotate("r.md", md.encode(), result.diagnostics, "zh")
    document = read_bytes("x.docx", annotated)
    assert document.paragraphs[0].text == "党性分析报告" and document.paragraphs[2].text == "一、存在的问题"
    assert count == len(result.diagnostics)


def test_existing_comments_kept_and_new_ids_unique(tmp_path: Path) -> None:
    lines = ["党性分析报告", "导语。", "一、存在的问题", "1.学习不够。", "3.作风不实。"]
    path = write_report(lines, tmp_path / "r.docx")
    once, _ = annotate_docx(str(path), path.read_bytes(), check(path).diagnostics, "zh")
    twice, _ = annotate_docx(str(path), once, check_path("r.docx", load_template("party-spirit"), data=once).diagnostics, "zh")
    first, second = comments(once), comments(twice)
    assert first == second[: len(first)]
    ids = [c[0] for c in second]
    assert len(ids) == len(set(ids))


REAL_WITH_REVIEW = ["word-thesis-comments.docx", "word-thesis-tracked-changes.docx", "wps-thesis-tracked-insertions.docx"]


@pytest.mark.skipif(not (SHARED / "realdocx").is_dir(), reason="../shared/realdocx not present")
@pytest.mark.parametrize("name", REAL_WITH_REVIEW)
def test_real_files_keep_comments_and_revisions(name: str) -> None:
    path = SHARED / "realdocx" / name
    data = path.read_bytes()
    result = check_path(str(path))
    annotated, placements = annotate_docx(str(path), data, result.diagnostics, "zh")
    assert len(placements) == len(result.diagnostics)
    before = comments(data)
    after = comments(annotated)
    assert after[: len(before)] == before
    assert len(after) == len(before) + len(result.diagnostics)
    assert revisions(annotated) == revisions(data)
    assert_only_body_and_comments_changed(data, annotated)
    assert path.read_bytes() == data


def _anchored_lines(data: bytes) -> dict[str, set[int]]:
    """Each comment id → the body paragraphs (1-based, in order) its range touches."""
    body = etree.fromstring(parts(data)[main_part(data)])
    lines: dict[str, set[int]] = {}
    open_ids: set[str] = set()
    for number, p in enumerate(body.iter(_W + "p"), start=1):
        for comment_id in open_ids:
            lines.setdefault(comment_id, set()).add(number)
        for marker in p.iter(_W + "commentRangeStart", _W + "commentRangeEnd"):
            comment_id = marker.get(_W + "id") or ""
            lines.setdefault(comment_id, set()).add(number)
            (open_ids.add if marker.tag == _W + "commentRangeStart" else open_ids.discard)(comment_id)
    return lines


def test_a_finding_over_many_paragraphs_is_one_comment_on_its_first_naming_the_range(tmp_path: Path) -> None:
    from checker.profile import load_profile
    from tests.helpers import report

    path = tmp_path / "r.docx"
    write_report(report().splitlines(), path, layout=False)
    result = check_path(str(path), load_template("party-spirit"), profile=load_profile("gbt9704"))
    grouped = [d for d in result.diagnostics if d.end_line - d.line >= 5]
    assert grouped and any(d.code == "F105" for d in grouped)  # 「连同以下共N段」
    annotated, _ = annotate_docx(str(path), path.read_bytes(), result.diagnostics, "zh")
    anchored = _anchored_lines(annotated)
    texts = {comment_id: text for comment_id, _, text in comments(annotated)}
    for number, d in enumerate(result.diagnostics):
        if d in grouped:
            comment_id = str(number)
            assert anchored[comment_id] == {d.line}, (d.code, d.line, d.end_line)
            last = read_bytes(str(path), path.read_bytes()).paragraphs[d.end_line - 1].text.strip()
            assert f"范围：从本段到“{last[:16]}" in texts[comment_id] and f"共{d.end_line - d.line + 1}段" in texts[comment_id]
    english, _ = annotate_docx(str(path), path.read_bytes(), grouped[:1], "en")
    assert "Range: from this paragraph to" in comments(english)[0][2]


@pytest.mark.skipif(not (SHARED / "realdocx").is_dir(), reason="../shared/realdocx is not present")
def test_the_wps_plan_annotated_has_no_comment_over_several_paragraphs() -> None:
    from checker.profile import load_profile

    path = SHARED / "realdocx" / "wps-activity-plan-autonum.docx"
    result = check_path(str(path), None, profile=load_profile("gbt9704"))
    assert any(d.end_line > d.line for d in result.diagnostics)
    annotated, _ = annotate_docx(str(path), path.read_bytes(), result.diagnostics, "zh")
    anchored = _anchored_lines(annotated)
    assert len(comments(annotated)) == len(result.diagnostics)
    assert all(len(lines) == 1 for comment_id, lines in anchored.items() if int(comment_id) >= 0)
