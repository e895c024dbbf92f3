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


# A 述职述廉报告 written for these tests in its own words: the first section headed 履行职责的情况
# (no template synonym), a byline under the title with spaces between its fields, and plans that
# close with the integrity commitment such reports end with.
OWN_WORDED_DUTY_REPORT = """2024年度述职述廉报告
中共某市委党校2024年秋季中青年干部培训班学员 市农业农村局副局长 李某
按照市委组织部关于做好年度考核工作的通知要求，现将本人一年来履行职责、廉洁自律等情况报告如下，请予评议。本人分管粮食生产、乡村产业和农村人居环境整治工作，联系两个县区。
一、履行职责的情况
（一）抓好粮食生产。全年牵头完成粮食播种面积四十二万亩，落实耕地地力保护补贴资金一千二百万元，组织农技人员下乡指导六十余次，推广水稻机插秧和小麦宽幅播种技术，全市粮食总产同比增长百分之三，连续三年保持稳定增长。
（二）推进乡村产业发展。推动建成农产品加工园区一个，新培育市级龙头企业五家，组织产销对接活动四场，签订农产品购销合同金额八千余万元，带动农户增收取得明显成效，全市农村居民人均可支配收入同比增长百分之七。
（三）抓实农村人居环境整治。累计完成农村户厕改造三千余户，推动十二个行政村建成美丽乡村示范点，生活垃圾收运处置体系实现行政村全覆盖，顺利通过省级年度考核，并在全省现场会上作了经验交流。
二、廉洁自律情况
严格执行中央八项规定精神，从不接受管理服务对象的宴请和礼品，公务出行和公务接待严格按标准执行，认真落实“一岗双责”，与分管科室负责人开展廉政谈话八次，全年没有发生违规违纪问题。
三、存在的问题和不足
（一）理论学习不够深入。平时忙于具体事务，系统研读原著原文不够，全年只完成了年初学习计划的一半，数字乡村方面的文件大多是开会前临时翻阅，用新发展理念指导农业农村工作的能力还有差距。
（二）调查研究不够扎实。全年到基层调研十一次，其中七次是陪同上级检查，专门听取农户意见的只有两次；今年夏粮收购期间农户反映烘干难，我直到九月才安排人员摸底，提出的政策建议针对性不强。
（三）创新意识不强。推进农业产业发展有时满足于老办法，年初计划推广的五个数字农业应用场景只落地了两个，对新型农业经营主体的培育办法不多，产业链条延伸不够。
四、下一步工作打算
（一）加强理论学习。每月集中研读原著原文一次，每季度撰写一篇学习体会，重点学习数字乡村建设有关知识，年底前结合分管工作形成一篇有分量的调研报告。
（二）深入调查研究。每月到基层蹲点调研不少于四天，直接到田间地头听取农户意见，建立农户困难问题台账，逐项跟踪解决，年底前提出三条有针对性的政策建议。
（三）推动改革创新。年内推广数字农业应用场景五个，组织新技术现场观摩会两场，培育家庭农场和农民合作社示范社二十家，推动农产品加工链条向精深加工延伸。
（四）始终严于律己。筑牢廉洁自律防线，严格遵守廉洁从政各项规定，管好家属和身边工作人员，自觉接受组织和群众监督，做到干净干事、清白做人。
以上报告，请予评议。
述职人：李某
2024年12月25日
"""


def test_a_heading_worded_its_own_way_is_recognised_by_its_words_and_items() -> None:
    result = lint_text(OWN_WORDED_DUTY_REPORT, template=None)
    assert result.template == "duty-report"
    assert result.report is not None
    first = result.report.sections[0]
    assert (first.title, first.spec_id, first.role) == ("履行职责的情况", "achievements", "achievements")
    assert not {"S101", "S105"} & set(codes(result))
    assert [d.code for d in result.diagnostics if d.severity.value != "info"] == []
    # detection says so, beside its count of the headings a synonym names
    assert result.detection is not None
    reasons = [zh for zh, _ in result.detection.reasons]
    assert "“履行职责的情况”按内容识别为“履职情况及工作成效”" in reasons, reasons


def test_s101_only_when_no_section_could_be_that_part() -> None:
    # the same heading over a section whose items list shortcomings is not the achievements part
    shortcomings = OWN_WORDED_DUTY_REPORT.replace(
        "（一）抓好粮食生产。", "（一）抓粮食生产不够有力。工作中存在差距，有时不够深入，"
    ).replace("（二）推进乡村产业发展。", "（二）产业发展存在短板，措施不够到位。").replace(
        "（三）抓实农村人居环境整治。", "（三）人居环境整治不够扎实，存在不足。"
    )
    shortcomings = shortcomings.replace("全年牵头完成", "").replace("推动建成", "").replace("累计完成", "")
    result = lint_text(shortcomings, template="duty-report")
    assert "S101" in codes(result)
    # a heading much like no section's names stays unknown whatever its items say
    other = OWN_WORDED_DUTY_REPORT.replace("一、履行职责的情况", "一、一年来的主要收获")
    assert "S101" in codes(lint_text(other, template="duty-report"))


def test_the_meaning_of_a_section_comes_from_its_items() -> None:
    from checker.template import content_role, heading_likeness, load_template

    spec = load_template("duty-report").spec("achievements")
    assert spec is not None
    assert heading_likeness(spec, "履行职责的情况") >= 0.6
    assert heading_likeness(spec, "一年来的主要收获") < 0.4
    assert content_role("全年完成项目十二个，同比增长百分之五，顺利通过验收。")[0] == "achievements"
    assert content_role("学习不够深入，存在差距，作风不够扎实。")[0] == "problems"
