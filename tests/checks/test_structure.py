from __future__ import annotations

from tests.helpers import LONG, codes, findings, lint_text, report


def test_clean_report_has_no_structure_findings() -> None:
    result = lint_text(report())
    assert [c for c in codes(result) if c.startswith("S")] == []


def test_missing_causes_is_one_s101_at_the_measures_heading() -> None:
    text = report().replace("二、原因剖析\n", "").replace("三、整改措施", "二、整改措施")
    lines = text.splitlines()
    body = [ln for ln in lines if not ln.startswith(("一是理想", "二是理想", "三是理想"))]
    result = lint_text("\n".join(body))
    assert codes(result).count("S101") == 1
    measures_line = next(i for i, ln in enumerate(body, 1) if ln.startswith("二、整改措施"))
    assert findings(result, "S101") == [(measures_line, 1)]
    assert "原因" in next(d for d in result.diagnostics if d.code == "S101").args["section"]


def test_every_missing_section_is_reported_not_only_the_first() -> None:
    result = lint_text("党性分析报告\n一、存在的问题\n" + "\n".join(f"{n}是{LONG}" for n in "一二三"))
    assert codes(result).count("S101") == 2


def test_measures_before_causes_flags_the_measures_heading() -> None:
    text = report()
    p, rest = text.split("二、原因剖析\n")
    causes, rest2 = rest.split("三、整改措施\n")
    measures, back = rest2.split("以上材料")
    swapped = p + "二、整改措施\n" + measures + "三、原因剖析\n" + causes + "以上材料" + back
    result = lint_text(swapped)
    line = next(i for i, ln in enumerate(swapped.splitlines(), 1) if ln == "二、整改措施")
    assert findings(result, "S102") == [(line, 1)]
    assert lint_text(report()).diagnostics == [] or "S102" not in codes(lint_text(report()))


def test_duplicate_section() -> None:
    text = report().replace("以上材料", "四、整改措施\n" + f"一是{LONG}\n" + "以上材料")
    assert codes(lint_text(text)).count("S103") == 1
    assert "S103" not in codes(lint_text(report()))


def test_empty_section() -> None:
    text = report().replace("以上材料", "四、意见建议\n以上材料")
    result = lint_text(text)
    assert "S104" in codes(result)
    assert "S104" not in codes(lint_text(report()))


def test_unknown_section_is_info() -> None:
    text = report().replace("以上材料", "四、其他有关事项\n本人无其他需要说明的事项。\n以上材料")
    result = lint_text(text)
    s105 = [d for d in result.diagnostics if d.code == "S105"]
    assert len(s105) == 1 and s105[0].severity.value == "info"
    assert "S105" not in codes(lint_text(report()))


def test_missing_title() -> None:
    assert "S106" in codes(lint_text(report().split("\n", 1)[1]))
    assert "S106" not in codes(lint_text(report()))


def test_optional_sections_may_stand_anywhere() -> None:
    text = report().replace("一、存在的问题", "一、学习培训的主要收获\n" + f"一是{LONG}\n" + "二、存在的问题")
    text = text.replace("二、原因剖析", "三、原因剖析").replace("三、整改措施", "四、整改措施")
    assert [c for c in codes(lint_text(text)) if c.startswith("S")] == []


def test_role_found_by_meaning_bearing_words() -> None:
    text = report().replace("二、原因剖析", "二、产生上述问题的主要原因")
    result = lint_text(text)
    assert result.report is not None
    assert [s.role for s in result.report.sections] == ["problems", "causes", "measures"]


def _template_with(tmp_path, extra: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "t.toml"
    path.write_text(
        'extends = "party-spirit"\nname = "local"\ntitle = "本单位党性分析报告"\n' + extra, "utf-8"
    )
    return str(path)


def test_required_and_forbidden_phrases(tmp_path) -> None:  # type: ignore[no-untyped-def]
    template = _template_with(
        tmp_path, '[phrases]\nrequired = ["请予评议"]\nforbidden = ["××", "此处填写"]\n'
    )
    bad = report().replace("按照支部安排", "按照××支部安排")
    result = lint_text(bad, template=template)
    assert [d.args["phrase"] for d in result.diagnostics if d.code == "S107"] == ["请予评议"]
    assert [(d.line, d.column, d.end_column) for d in result.diagnostics if d.code == "S108"] == [(2, 3, 4)]
    good = report().replace("请同志们批评指正", "请予评议")
    assert not {"S107", "S108"} & set(codes(lint_text(good, template=template)))
