"""Property tests: reports assembled from random grammar pieces, noise, control and astral
characters never raise, always give JSON that validates, and give the same result twice."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.output.jsonout import render_json
from checker.pipeline import check_path
from checker.template import load_template
from tests.helpers import LONG, REPO

SCHEMA = json.loads((REPO / "docs" / "report.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

MARKERS = ["一、", "二、", "一.", "一，", "（一）", "(二)", "（三）、", "1.", "2．", "3、", "（1）", "(2)", "①", "一是", "二是",
           "五是、", "第一，", "第二、", "首先，", "其次", "最后，", "第一部分", "十一、"]  # fmt: skip
HEADINGS = [
    "存在的问题",
    "原因剖析",
    "整改措施",
    "产生问题的原因",
    "下步打算",
    "工作成效",
    "对班子成员的批评意见",
    "其他",
]
NOISE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
ASTRAL = st.sampled_from(["𠀀", "𪚥", "😀", "\U0002a6a5"])
CONTROL = st.sampled_from(["\x00", "\x07", "\x0b", "\x0c", "\u2028", "\u200b", "\ufeff", "\t", "\u3000"])

piece = st.one_of(
    st.builds(lambda m, h: m + h, st.sampled_from(MARKERS), st.sampled_from(HEADINGS)),
    st.builds(
        lambda m, n: f"{m}{LONG[:n]}。二是{LONG[:n]}；三是{LONG[:n]}",
        st.sampled_from(MARKERS),
        st.integers(0, 40),
    ),
    st.sampled_from(
        [
            "党性分析报告",
            "——副标题",
            "党支部：",
            "以上材料，请批评指正。",
            "报告人：张三",
            "2024年1月5日",
            "2024.1.5",
            "二〇二四年一月五日",
            "",
            "   ",
            "| 序号 | 问题 | 措施 |",
            "| 1 | 学习 | 加强 |",
        ]
    ),
    NOISE,
    st.builds(lambda a, b, c: a + b + c, NOISE, ASTRAL, CONTROL),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(piece, max_size=30), st.sampled_from(["r.txt", "r.md"]), st.booleans())
def test_random_reports_never_raise_validate_and_are_stable(lines: list[str], name: str, auto: bool) -> None:
    data = "\n".join(lines).encode("utf-8")
    template = None if auto else load_template("party-spirit")
    first = check_path(name, template, data=data)
    second = check_path(name, template, data=data)
    one = json.loads(render_json([first], "zh"))
    two = json.loads(render_json([second], "zh"))
    VALIDATOR.validate(one)
    assert one == two
    if first.error is None:
        assert first.report is not None and first.report.parse_error is None


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(piece, min_size=1, max_size=15))
def test_random_reports_as_docx(tmp_path: Path, lines: list[str]) -> None:
    from tests.docxgen import write_report

    clean = [
        "".join(ch for ch in line if ch.isprintable() or ch == "\t") for line in lines
    ]  # XML forbids controls
    path = write_report(clean, tmp_path / "r.docx", auto_number_h1=True)
    result = check_path(str(path))
    VALIDATOR.validate(json.loads(render_json([result], "en")))
    assert result.error is None
