"""Properties of fixing and annotating, over generated reports in every format (.txt, .md, .docx
with runs split at random places): one pass changes exactly the planned spans (in a .docx as in
the text); fixing reaches a point where nothing is left to fix and a second fix changes nothing;
every fixed finding is gone and no new one appears; annotating adds one comment per finding and
changes no text."""

from __future__ import annotations

import io
import os
from collections import Counter

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.pipeline import check_path
from checker.read import read_bytes
from checker.result import FileResult
from checker.template import load_template
from checker.write.annotate import annotate
from checker.write.edits import apply_to_line, plan_edits
from checker.write.fix import fix_file, fix_once
from tests.reviewkit import comments

TEMPLATE = load_template("party-spirit")
CN = "一二三四五六七八"
BODY = ["学习不够深入", "作风不够扎实", "联系群众不够", "担当作为不足", "纪律意识松懈", "调查研究偏少"]
# Text with faults that have safe fixes (half-width commas, doubled stops, dots for ellipses,
# full-width digits) or none.
TAILS = ["，联系实际不够。", ",联系实际不够。", "。。对此认识不足。", "...存在差距。", "，２０２４年以来有所改进。", "。"]


@st.composite
def marker(draw: st.DrawFn, number: int, family: str) -> str:
    if family == "shi":
        return CN[number - 1] + "是"
    if family == "paren":
        left, right = draw(st.sampled_from([("（", "）"), ("(", ")"), ("（", "）、")]))
        return f"{left}{CN[number - 1]}{right}"
    return f"{number}{draw(st.sampled_from(['.', '.', '、', '．']))}"


@st.composite
def report_lines(draw: st.DrawFn) -> list[str]:
    lines = ["党性分析报告", "按照支部安排，现将个人党性分析情况报告如下。"]
    for heading in ("一、存在的问题", "二、原因剖析", "三、整改措施"):
        lines.append(heading)
        family = draw(st.sampled_from(["shi", "paren", "arabic"]))
        count = draw(st.integers(2, 5))
        number = 1
        for _ in range(count):
            # Mostly in order, sometimes a gap or a repeat.
            number = max(1, min(8, number + draw(st.sampled_from([0, 1, 1, 1, 2]))))
            item = draw(marker(number, family)) + draw(st.sampled_from(BODY)) + draw(st.sampled_from(TAILS))
            lines.append(item)
            number += 0
    lines += ["以上材料，请批评指正。", "2024年12月20日"]
    return lines


def encode(lines: list[str], kind: str, cuts: list[int]) -> tuple[str, bytes]:
    if kind == "txt":
        return "r.txt", ("\n".join(lines) + "\n").encode("utf-8")
    if kind == "md":
        return "r.md", ("\n\n".join(lines) + "\n").encode("utf-8")
    document = Document()
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph()
        cut = cuts[index % len(cuts)] if cuts else 0
        pieces = [line[:cut], line[cut:]] if 0 < cut < len(line) else [line]
        for number, piece in enumerate(pieces):
            paragraph.add_run(piece).bold = number == 1
    out = io.BytesIO()
    document.save(out)
    return "r.docx", out.getvalue()


def check(path: str, data: bytes) -> FileResult:
    return check_path(path, TEMPLATE, data=data)


def texts(path: str, data: bytes) -> dict[int, str]:
    document = read_bytes(path, data)
    if document.source_lines is not None:
        return dict(enumerate(document.source_lines, start=1))
    return {p.line: p.text for p in document.paragraphs}


reports = st.tuples(report_lines(), st.sampled_from(["txt", "md", "docx"]), st.lists(st.integers(1, 12), max_size=5))
SETTINGS = settings(max_examples=int(os.environ.get("REPORTLINT_EXAMPLES", "30")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(reports)
def test_one_pass_changes_exactly_the_planned_spans(case: tuple[list[str], str, list[int]]) -> None:
    path, data = encode(*case)
    result = check(path, data)
    before = texts(path, data)
    plan = plan_edits(result.diagnostics, False, before)
    new_data, fixed = fix_once(path, data, result.diagnostics, False)
    assert len(fixed) == len(plan.fixed)
    after = texts(path, new_data)
    assert set(after) == set(before)
    for line, text in before.items():
        expected = apply_to_line(text, plan.by_line.get(line, []))
        assert after[line] == expected


@SETTINGS
@given(reports)
def test_fixing_reaches_a_fixed_point_and_fixes_what_it_says(case: tuple[list[str], str, list[int]]) -> None:
    path, data = encode(*case)
    before = check(path, data)
    done = fix_file(path, data, before, lambda d: check(path, d), False)
    # Nothing fixable is left, and fixing again changes nothing.
    assert plan_edits(done.result.diagnostics, False, texts(path, done.data)).empty
    again = fix_file(path, done.data, done.result, lambda d: check(path, d), False)
    assert again.count == 0 and again.data == done.data
    # Every fixed finding is gone and no new one appears (counted per code and line).
    remaining = Counter((d.code, d.line) for d in done.result.diagnostics)
    allowed = Counter((d.code, d.line) for d in before.diagnostics)
    allowed.subtract(Counter((d.code, d.line) for d in done.fixed))
    assert all(count <= allowed[key] for key, count in remaining.items()), (remaining - allowed)


@SETTINGS
@given(reports)
def test_annotating_adds_one_comment_per_finding_and_no_text(case: tuple[list[str], str, list[int]]) -> None:
    path, data = encode(*case)
    result = check(path, data)
    annotated, count = annotate(path, data, result.diagnostics, "zh")
    assert count == len(result.diagnostics) == len(comments(annotated))
    shown = [p.text for p in read_bytes("a.docx", annotated).paragraphs]
    if path.endswith(".docx"):
        assert shown == [p.text for p in read_bytes(path, data).paragraphs]
    else:
        source = data.decode("utf-8").split("\n")
        assert shown == source[: len(shown)] and not any(source[len(shown) :])
