from __future__ import annotations

import pytest

from tests.helpers import codes, findings, lint_text, report


def with_line(text: str) -> str:
    """A clean report with ``text`` as an extra problem item."""
    return report(
        problems=[
            f"一是{text}" + "坚持把学习成果转化为推动工作的具体举措。" * 2,
            "二是理论学习不够深入，学用结合不够紧密，有时满足于完成规定篇目。",
            "三是作风不够扎实，调查研究不够深入，对基层情况掌握不全面。",
        ]
    )


@pytest.mark.parametrize(
    "text",
    ["我认真学习了党章,对照检查了问题.", "项目管理平台(一期)建设缓慢；", "问题有三:一是学习;二是作风!"],
)
def test_p101_halfwidth_in_chinese(text: str) -> None:
    assert "P101" in codes(lint_text(with_line(text)))


@pytest.mark.parametrize(
    "text",
    ["完成率达到12.6%，增长3.5倍，共1,200人。", "会议于13:00开始，2024.1.5印发。", "访问 https://www.example.org/a,b.html 了解详情。",
     "引进PCI (Peripheral) 设备。", "使用`a,b`格式。"],
)  # fmt: skip
def test_p101_look_alikes_are_not_flagged(text: str) -> None:
    assert "P101" not in codes(lint_text(with_line(text)))


def test_p102_unpaired_quote_and_quotes_across_paragraphs() -> None:
    assert "P102" in codes(lint_text(with_line("打通“最后一公里的难题。")))
    assert "P102" not in codes(lint_text(with_line("打通“最后一公里”的难题。")))
    across = report(problems=["一是“学习要深入，" + "坚持把学习成果转化为推动工作的具体举措。" * 2, "“做到学以致用。”" + "坚持把学习成果转化为推动工作的具体举措。" * 2, "二是作风不够扎实，调查研究不够深入，对基层情况掌握不全面。", "三是纪律意识不强，对八项规定精神的执行标准有所降低，存在松懈。"])  # fmt: skip
    assert "P102" not in codes(lint_text(across))


def test_p103_unpaired_bracket() -> None:
    assert "P103" in codes(lint_text(with_line("研读了《中国共产党简史等材料。")))
    assert "P103" not in codes(lint_text(with_line("研读了《中国共产党简史》等材料（共三本）。")))


def test_p104_repeated_but_not_ellipsis_or_dash() -> None:
    result = lint_text(with_line("加强学习，，提高能力。。"))
    assert [f for f in findings(result, "P104")] and len(findings(result, "P104")) == 2
    assert "P104" not in codes(lint_text(with_line("加强学习……提高能力——做到学以致用。")))


def test_p105_spaces_between_chinese_but_not_signatures() -> None:
    assert "P105" in codes(
        lint_text(with_line("我们要坚持 以人民为中心的发展思想，做到学以致用、知行合一。"))
    )
    assert "P105" not in codes(lint_text(with_line("我们要坚持以人民为中心的发展思想，使用 Word 软件。")))
    signed = report().replace("报告人：张某", "报告人：张　某")
    assert "P105" not in codes(lint_text(signed))


def test_p106_fullwidth_alphanumeric() -> None:
    result = lint_text(with_line("２０２４年完成项目１２个。"))
    assert [d.args["expected"] for d in result.diagnostics if d.code == "P106"] == ["2024", "12"]
    assert "P106" not in codes(lint_text(with_line("2024年完成项目12个。")))


def test_p107_ellipsis_and_dash() -> None:
    for bad in (
        "加强学习...提高能力。",
        "加强学习。。。提高能力。",
        "加强学习…提高能力。",
        "学习—提高能力。",
        "学习--提高。",
    ):
        assert "P107" in codes(lint_text(with_line(bad))), bad
    assert "P107" not in codes(lint_text(with_line("加强学习……提高能力——做到学以致用，2020—2024年。")))


def test_p108_date_line_only() -> None:
    for bad in ("2024年01月05日", "2024.1.5", "二〇二四年一月五日"):
        assert "P108" in codes(lint_text(report().replace("2024年12月20日", bad))), bad
    assert "P108" not in codes(lint_text(report()))
    body = with_line("到二〇三五年基本实现社会主义现代化。")
    assert "P108" not in codes(lint_text(body))


def test_a_byline_with_spaces_between_its_fields_is_no_p105() -> None:
    from tests.checks.test_structure import OWN_WORDED_DUTY_REPORT

    byline = "中共某市委党校2024年秋季中青年干部培训班学员 市农业农村局副局长 李某"
    assert byline in OWN_WORDED_DUTY_REPORT and len(byline) > 30
    assert "P105" not in codes(lint_text(OWN_WORDED_DUTY_REPORT, template="duty-report"))
    # the same spaces in a sentence of the body are P105
    spaced = OWN_WORDED_DUTY_REPORT.replace("（一）抓好粮食生产。全年牵头", "（一）抓好粮食生产。全年 牵头")
    assert "P105" in codes(lint_text(spaced, template="duty-report"))
