"""The marker lexer and the grammar: markers in every variant, inline enumerations, permissive
orders, and no exception on any input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.parse.markers import inline_markers, match_marker
from checker.text.numerals import chinese_to_int, format_number, int_to_chinese
from tests.helpers import LONG, lint_text, report


@pytest.mark.parametrize(
    ("text", "family", "number", "canonical"),
    [
        ("一、存在的问题", "cn", 1, True),
        ("十一、其他", "cn", 11, True),
        ("一.问题", "cn", 1, False),
        ("一，问题", "cn", 1, False),
        ("（二）作风方面", "paren-cn", 2, True),
        ("(二)作风方面", "paren-cn", 2, False),
        ("（二）、作风方面", "paren-cn", 2, False),
        ("3.加强学习", "arabic", 3, True),
        ("3．加强学习", "arabic", 3, True),
        ("3、加强学习", "arabic", 3, False),
        ("（4）小项", "paren-arabic", 4, True),
        ("五是作风不实", "enum", 5, True),
        ("五是、作风不实", "enum", 5, False),
        ("第二，要加强", "enum", 2, True),
        ("第二、要加强", "enum", 2, False),
        ("其次，要加强", "enum", 2, True),
        ("②项目", "circled", 2, True),
    ],
)
def test_markers(text: str, family: str, number: int, canonical: bool) -> None:
    marker = match_marker(text)
    assert marker is not None
    assert (marker.family, marker.number, marker.canonical) == (family, number, canonical)


@pytest.mark.parametrize(
    "text",
    [
        "1.5倍的增长",
        "12.6%的比例",
        "一些同志",
        "统一思想",
        "第一书记",
        "2024年工作",
        "一 些同志认为，这是正确的。",
    ],
)
def test_not_markers(text: str) -> None:
    assert match_marker(text) is None


def test_inline_enumerations_split_into_items() -> None:
    text = "主要表现在：一是学习不深；二是落实不够；三是作风不实。"
    assert [(m.text, m.number) for m in inline_markers(text, match_marker(text))] == [
        ("一是", 1),
        ("二是", 2),
        ("三是", 3),
    ]
    assert inline_markers("这一是一，二是二的道理", None) == []
    item = "一是学习不深。二是落实不够。"
    assert [m.number for m in inline_markers(item, match_marker(item))] == [2]


def test_inline_items_become_items_of_the_section() -> None:
    inline = "；".join(f"{n}是{LONG}" for n in "一二三")
    result = lint_text(report(problems=[f"对照要求，主要有以下问题：{inline}。"]))
    assert result.report is not None
    problems = result.report.sections[0]
    assert [i.marker.text for i in problems.items] == ["一是", "二是", "三是"]
    assert all(i.inline for i in problems.items)
    assert problems.intro.startswith("对照要求")


def test_heading_items_hold_their_sub_items_and_text() -> None:
    result = lint_text(
        report(
            problems=[
                "（一）理论学习方面",
                f"1.{LONG}",
                "补充说明一段。",
                f"2.{LONG}",
                f"（二）作风方面。{LONG}",
                f"（三）纪律方面。{LONG}",
            ]
        )
    )
    assert result.report is not None
    first = result.report.sections[0].items[0]
    assert first.heading == "理论学习方面" and first.heading_alone
    assert [c.marker.text for c in first.children] == ["1.", "2."]
    assert "补充说明一段。" in first.children[0].text


def test_report_without_level_one_headings_uses_its_top_items_as_sections() -> None:
    text = (
        report()
        .replace("一、存在的问题", "（一）存在的问题")
        .replace("二、原因剖析", "（二）原因剖析")
        .replace("三、整改措施", "（三）整改措施")
    )
    result = lint_text(text)
    assert result.report is not None
    assert [s.role for s in result.report.sections] == ["problems", "causes", "measures"]
    assert [len(s.items) for s in result.report.sections] == [3, 3, 3]


def test_back_matter_and_title() -> None:
    result = lint_text(report())
    assert result.report is not None
    assert result.report.title == "党性分析报告"
    assert [b.kind for b in result.report.back] == ["CLOSING", "SIGNATURE", "DATE"]


def test_numerals() -> None:
    for n in (1, 9, 10, 11, 20, 21, 99, 100, 105, 110):
        assert chinese_to_int(int_to_chinese(n)) == n
    assert format_number(12, "chineseCounting") == "十二"
    assert format_number(3, "upperLetter") == "C"
    assert format_number(4, "lowerRoman") == "iv"


PIECES = st.sampled_from([
    "一、存在的问题", "二、原因剖析", "三、整改措施", "（一）理论学习方面", "(二)作风", "1.加强学习", "1、改进", "（1）小项",
    "一是学习不够。二是作风不实。", "第一，要加强", "首先，其次，最后，", "①", "以上材料，请批评指正。", "2024年1月5日",
    "报告人：张三", "", "   ", "\t", "\u3000", "𠀀𠀁", "\x00\x01", "党性分析报告", LONG, "——副标题", "党支部：",
])  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=40))
def test_any_sequence_of_paragraphs_parses_and_checks(lines: list[str]) -> None:
    result = lint_text("\n".join(lines))
    if result.error is not None:
        assert result.error[0] in ("E007", "E008", "E009")  # empty or binary: refused, never raised
        return
    assert result.report is not None and result.report.parse_error is None
    for d in result.diagnostics:
        assert d.line >= 1 and d.column >= 1 and d.end_line >= d.line


def test_back_matter_is_one_trailing_run() -> None:
    """Found by the property test: a signature-like first line followed by a title-like line."""
    result = lint_text("报告人：张三\n党性分析报告\n")
    assert result.report is not None and result.report.parse_error is None
    assert result.report.back == []


def test_the_stand_alone_parser_is_made_from_this_grammar() -> None:
    """checker/parse/lalr_standalone.py carries the grammar it was generated from: an edited
    grammar needs `python -m checker.parse.generate` (else checks fall back to building the
    parser with Lark, the slower start)."""
    from checker.parse import lalr_standalone
    from checker.parse.grammar import report_parser
    from checker.paths import data_dir

    assert (data_dir("grammar") / "report.lark").read_text(encoding="utf-8") == lalr_standalone.GRAMMAR, (
        "grammar/report.lark changed: run `python -m checker.parse.generate`")  # fmt: skip
    assert type(report_parser()).__module__ == "checker.parse.lalr_standalone"


def test_the_stand_alone_parser_imports_no_logging() -> None:
    """Lark's logger (at CRITICAL, silent) is replaced by a stand-in when the module is generated:
    parsing imports no logging, which cost every checking process 1.5 ms of its start; and a
    module generated afresh is the same but for the parse tables' numbering."""
    import subprocess
    import sys

    from checker.parse import generate, lalr_standalone
    from tests.helpers import REPO

    code = "import sys\nfrom checker.parse.grammar import report_parser\nreport_parser()\nprint('logging' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert run.stdout.strip() == "False"
    fresh = generate.generated()
    assert "import logging" not in fresh and "logger = _QuietLogger()" in fresh
    from pathlib import Path

    shipped = Path(lalr_standalone.__file__).read_text(encoding="utf-8")
    assert fresh.split("\nDATA = (")[0] == shipped.split("\nDATA = (")[0]


_KINDS = ["TITLE", "ADDRESSEE", "PARA", "H1", "D2", "D3", "D4", "D5", "CLOSING", "SIGNATURE", "DATE", "ATTACHMENT"]


def _parse_with(parser: object, kinds: list[str]) -> str:
    from checker.parse.grammar import _token_class

    token = _token_class(parser)
    interactive = parser.parse_interactive("")  # type: ignore[attr-defined]
    try:
        for index, kind in enumerate(kinds):
            interactive.feed_token(token(kind, str(index)))
        return repr(_plain(interactive.feed_eof()))
    except Exception as exc:  # the grammar refuses this order: both must, alike
        return f"{type(exc).__name__} at {getattr(getattr(exc, 'token', None), 'value', None)}"


def _plain(node: object) -> object:
    """A tree as nested tuples of plain strings (Lark names a rule with a Token, the stand-alone
    parser with a str; both compare equal to the name, which is all the model builder asks)."""
    children = getattr(node, "children", None)
    if children is None:
        return (str(getattr(node, "type", "")), str(node))
    return (str(getattr(node, "data", "")), *map(_plain, children))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_KINDS), max_size=40))
def test_the_stand_alone_parser_parses_as_lark_does(kinds: list[str]) -> None:
    """The generated tables and Lark's own give the same tree, or refuse at the same token, for
    any sequence of blocks (TITLE after a section, a DATE mid-body …)."""
    from checker.parse.grammar import lark_parser, report_parser

    assert _parse_with(report_parser(), kinds) == _parse_with(lark_parser(), kinds)



def test_the_markers_of_a_long_paragraph_share_their_text() -> None:
    """A 2 MB paragraph of 一是…二是… holds 100,000 markers: each spelling is one string."""
    found = inline_markers("要求如下：一是学习不够。二是工作不实。二是作风不严。", None)
    assert [m.text for m in found] == ["一是", "二是", "二是"] and found[1].start != found[2].start
    assert found[1].text is found[2].text and found[1].expected is found[2].expected
