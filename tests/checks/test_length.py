from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from checker.text.chars import _CJK_CLASS, count_chars_like_word
from tests.helpers import LONG, codes, lint_text, report


def test_counts_like_word() -> None:
    assert count_chars_like_word("党性分析") == 4
    assert count_chars_like_word("“四个意识”，") == 7
    assert count_chars_like_word("完成率 12.6% ， PCI 项目") == 3 + 1 + 1 + 1 + 2
    assert count_chars_like_word("  \t ") == 0
    assert count_chars_like_word("abc中def\u3000𠀀x") == 1 + 1 + 1 + 1 + 1


ONE_BY_ONE = re.compile(f"[{_CJK_CLASS}]|[^\\s{_CJK_CLASS}]+")  # the definition, one match per unit


@given(st.text(alphabet=st.sampled_from("中文，。“”…—\u3000 \tab1.%\n𠀀가ア①")))
def test_run_counting_equals_the_one_by_one_definition(text: str) -> None:
    expected = len(ONE_BY_ONE.findall(text)) - text.count("\u3000")
    assert count_chars_like_word(text) == expected
    # 600 copies are past the length where counting switches to runs.
    assert count_chars_like_word((text + "\n") * 600) == 600 * expected


def test_document_too_short_and_long() -> None:
    short = "党性分析报告\n一、存在的问题\n一是学习不够。\n"
    assert "L101" in codes(lint_text(short))
    assert "L101" not in codes(lint_text(report()))
    long = report(problems=[f"{n}是{LONG * 80}" for n in "一二三"])
    result = lint_text(long)
    assert "L102" in codes(result) and "L101" not in codes(result)
    assert "L102" not in codes(lint_text(report()))


def test_item_too_short_counts_the_whole_item_with_sub_items() -> None:
    result = lint_text(report(problems=[f"一是{LONG}", "二是服务意识不强。", f"三是{LONG}"]))
    assert [d.args["heading"] for d in result.diagnostics if d.code == "L103"] == ["服务意识不强"]
    # A 15-字 heading line holding two 一是 paragraphs is not short.
    nested = report(problems=[
        "（一）理论学习方面存在的差距", f"一是{LONG}", f"二是{LONG}",
        "（二）担当作为方面存在的差距", f"一是{LONG}", f"二是{LONG}",
        "（三）工作作风方面存在的差距", f"一是{LONG}", f"二是{LONG}",
    ])  # fmt: skip
    assert "L103" not in codes(lint_text(nested))


def test_item_too_long() -> None:
    result = lint_text(report(problems=[f"一是{LONG * 20}", f"二是{LONG}", f"三是{LONG}"]))
    assert "L104" in codes(result)
    assert "L104" not in codes(lint_text(report()))


def test_heading_too_long_only_for_headings_on_their_own_line() -> None:
    long_heading = "理论学习方面在平时的工作和学习中存在学习不够系统深入运用理论指导实践能力不强等问题"
    nested = report(
        problems=[
            f"（一）{long_heading}",
            f"一是{LONG}",
            "（二）学习方面",
            f"一是{LONG}",
            "（三）作风方面",
            f"一是{LONG}",
        ]
    )
    assert "L105" in codes(lint_text(nested))
    # The same words as the lead sentence of a one-paragraph item are not a heading line.
    single = report(problems=[f"一是{long_heading}。{LONG}", f"二是{LONG}", f"三是{LONG}"])
    assert "L105" not in codes(lint_text(single))
