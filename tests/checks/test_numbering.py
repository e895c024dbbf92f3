from __future__ import annotations

from tests.helpers import LONG, codes, findings, lint_text, report


def items(*markers: str) -> list[str]:
    return [f"{m}{LONG}" for m in markers]


def test_gap_is_error_with_expected_number() -> None:
    result = lint_text(report(problems=items("一是", "二是", "四是")))
    gap = [d for d in result.diagnostics if d.code == "N101"]
    assert len(gap) == 1 and gap[0].args["expected"] == "三是" and gap[0].args["found"] == "四是"
    assert "N101" not in codes(lint_text(report()))


def test_gap_inside_a_paragraph() -> None:
    inline = f"主要表现在：一是{LONG}；二是{LONG}；四是{LONG}。"
    result = lint_text(
        report(
            problems=[f"（一）理论学习方面。{inline}", f"（二）作风方面。{LONG}", f"（三）纪律方面。{LONG}"]
        )
    )
    assert codes(result).count("N101") == 1


def test_duplicate() -> None:
    result = lint_text(report(measures=items("1.", "2.", "2.")))
    assert findings(result, "N102")
    assert "N102" not in codes(lint_text(report(measures=items("1.", "2.", "3."))))


def test_start() -> None:
    assert "N103" in codes(lint_text(report(causes=items("二是", "三是", "四是"))))
    assert "N103" not in codes(lint_text(report(causes=items("一是", "二是", "三是"))))


def test_mixed_enumeration_styles() -> None:
    result = lint_text(report(problems=items("首先，", "其次，", "三是")))
    assert [d.args["found"] for d in result.diagnostics if d.code == "N104"] == ["三是"]
    assert "N104" not in codes(lint_text(report(problems=items("首先，", "其次，", "最后，"))))


def test_punctuation_variants() -> None:
    bad = ["(一)", "（一）、", "1、", "（1）、"]
    for marker in bad:
        result = lint_text(
            report(measures=items(marker, "2.", "3.") if marker[0] == "1" else [f"{marker}{LONG}"])
        )
        assert "N105" in codes(result), marker
    heading = report().replace("一、存在的问题", "一.存在的问题")
    assert findings(lint_text(heading), "N105")
    good = report(measures=[f"（一）{LONG}", f"（二）{LONG}", f"（三）{LONG}"])
    assert "N105" not in codes(lint_text(good))


def test_full_width_dot_is_accepted() -> None:
    assert "N105" not in codes(lint_text(report(measures=items("1．", "2．", "3．"))))


def test_level_order() -> None:
    upside_down = report(
        measures=[f"1.加强学习。{LONG}", f"（一）每周学习。{LONG}", f"2.{LONG}", f"3.{LONG}"]
    )
    assert "N106" in codes(lint_text(upside_down))
    proper = report(
        measures=[f"（一）加强学习。{LONG}", f"1.每周学习。{LONG}", f"（二）{LONG}", f"（三）{LONG}"]
    )
    assert "N106" not in codes(lint_text(proper))
    skipped = report(measures=items("1.", "2.", "3."))  # 1. directly under 一、 is allowed by default
    assert "N106" not in codes(lint_text(skipped))
