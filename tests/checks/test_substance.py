"""Substance rules Q101–Q108 on reports written here: each defect planted once, and the hard
negatives a reviewer would pass (a concrete body under an abstract heading, a workload cause the
writer owns, a short but checkable measure, 有的时候, 有的群众反映我, 严于律己)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.pipeline import FileResult, check_path
from checker.template import TemplateError, load_template
from tests.helpers import lint_text

INTRO = "按照支部安排，我对照党章党规，结合本职工作认真查找了差距，现将个人党性分析情况报告如下。"

# Problems: specific ones, each with a fact of the writer's own conduct.
STUDY = ("理论学习抓得不实。今年3月到6月，我参加中心组学习8次，有3次是照着别人的发言稿念的；"
         "《习近平著作选读》第一卷只读完四篇，读书笔记多是摘抄。")  # fmt: skip
SERVICE = ("联系服务群众有差距。9月城东社区两户居民反映楼道漏水，我转给物业后没有跟进，"
           "直到11月居民第三次来电才修好。")  # fmt: skip
DISCIPLINE = ("纪律规矩意识有所放松。5月参加市里的培训会迟到两次，一次因私事用了单位的车，"
              "虽然事后补交了费用，但反映出我对小节不够重视。")  # fmt: skip
VAGUE = ("宗旨意识有所淡化。联系群众不够经常，下基层蹲点不够深入，为民服务的热情有所减弱，"
         "帮群众解难题的主动性不强，办法也不多，离组织要求还有不小差距。")  # fmt: skip

# Causes that own the problems.
ROOT_STUDY = "理论武装的自觉性不强。把学习当成软任务，觉得干好业务就行，学习缺少内在动力。"
ROOT_SERVICE = "宗旨意识淡化。把完成上级交办看得比群众的难处重，思想上放松了对自己的要求。"
ROOT_DISCIPLINE = "纪律意识松懈。总觉得小节无碍大局，放松了自我约束。"

# Measures that can be checked.
DO_STUDY = "抓实理论学习。每周二、周四晚上各自学一小时，年底前读完第一卷并写两篇体会，交支部书记审阅。"
DO_SERVICE = "办好群众的事。建立群众诉求台账，转办事项7个工作日内回访，每季度走访联系社区不少于3次。"
DO_DISCIPLINE = "严守纪律规矩。参加会议提前10分钟到场，公车使用一律登记审批，每季度向支部报告一次执行情况。"

CN = "一二三四五六七八"


def build(problems: list[str], causes: list[str] | None, measures: list[str], title: str = "党性分析报告",
          intro: str = INTRO, before: list[str] | None = None) -> str:  # fmt: skip
    """A report of （一） items; ``before`` adds sections ahead of the problems."""
    lines = [title, intro, *(before or [])]
    sections = [("存在的问题", problems), ("问题产生的原因", causes), ("整改措施", measures)]
    number = len([line for line in before or [] if "、" in line[:2]])
    for name, items in sections:
        if items is None:
            continue
        lines.append(f"{CN[number]}、{name}")
        number += 1
        lines += [f"（{CN[i]}）{text}" for i, text in enumerate(items)]
    lines += ["以上材料，请同志们批评指正。", "报告人：孙某", "2024年12月20日"]
    return "\n".join(lines) + "\n"


def q(result: FileResult, code: str | None = None) -> list[tuple[str, int, str]]:
    """The Q findings: (code, line, severity)."""
    return [(d.code, d.line, d.severity.value) for d in result.diagnostics
            if d.code.startswith("Q") and (code is None or d.code == code)]  # fmt: skip


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


def good(**replace: list[str]) -> str:
    parts = {"problems": [STUDY, SERVICE, DISCIPLINE], "causes": [ROOT_STUDY, ROOT_SERVICE, ROOT_DISCIPLINE],
             "measures": [DO_STUDY, DO_SERVICE, DO_DISCIPLINE]} | replace  # fmt: skip
    return build(parts["problems"], parts["causes"], parts["measures"])


def test_a_sound_report_has_no_substance_finding_and_a_clean_verdict() -> None:
    result = lint_text(good())
    assert q(result) == []
    verdict = result.substance
    assert verdict is not None
    assert verdict["problems"] == {"items": 3, "short": 0, "borderline": 0, "codes": {"Q101": 0, "Q104": 0}, "flags": []}
    assert verdict["causes"]["items"] == 3 and verdict["measures"]["items"] == 3 and verdict["self"]["short"] == 0


# -- Q101 ---------------------------------------------------------------------------------------------------


def test_q101_a_problem_of_stock_phrases_only_is_a_warning_on_its_line() -> None:
    text = good(problems=[STUDY, VAGUE, DISCIPLINE])
    assert q(lint_text(text), "Q101") == [("Q101", line_of(text, "宗旨意识有所淡化。联系"), "warning")]


def test_q101_an_abstract_heading_over_a_concrete_body_is_specific() -> None:
    concrete = ("宗旨意识有所淡化，为民服务不够主动。比如今年7月，两位老人到办公室反映养老补贴停发，"
                "我让他们回去等通知，事后忘了过问，直到8月他们再次来访才办结。")  # fmt: skip
    assert q(lint_text(good(problems=[STUDY, concrete, DISCIPLINE])), "Q101") == []


def test_q101_some_evidence_or_few_stock_phrases_is_only_borderline_info() -> None:
    thin = "担当作为不够有力。遇到难题有时绕着走，今年推进的老旧小区改造进度偏慢，我督促不够。"
    text = good(problems=[STUDY, thin, DISCIPLINE])
    assert q(lint_text(text), "Q101") == [("Q101", line_of(text, "担当作为不够有力"), "info")]


def test_q101_a_numbered_formulation_or_one_member_is_no_fact() -> None:
    """四个意识 and 一名党员 hold a numeral and a unit, but state no fact."""
    stock = ("政治站位不够高。作为一名党员，增强四个意识不够自觉，两个维护的行动不够有力，"
             "政治敏锐性不强，理论学习不够深入，与组织要求还有差距。")  # fmt: skip
    text = good(problems=[STUDY, SERVICE, stock])
    assert q(lint_text(text), "Q101") == [("Q101", line_of(text, "政治站位不够高"), "warning")]


# -- Q102 ---------------------------------------------------------------------------------------------------


def test_q102_circumstances_as_the_cause_is_a_warning() -> None:
    heading = "客观条件制约较多。科里人手少、任务重，加上我精力有限，学习和走访的时间都被挤没了。"
    body = "学习的自觉性不强。主要是今年事务性工作多、时间紧，迎检任务繁重，学习时间难以保证。"
    for cause in (heading, body):
        text = good(causes=[cause, ROOT_SERVICE, ROOT_DISCIPLINE])
        assert q(lint_text(text), "Q102") == [("Q102", line_of(text, cause[:8]), "warning")], cause


def test_q102_a_workload_the_writer_owns_is_sound() -> None:
    """A concession turned on oneself, or an excuse the writer criticises, owns the cause."""
    for cause in (
        "理论武装的自觉性不强。表面看是今年任务重、时间紧，根子在于我把学习当成软任务，思想上没有真正重视。",
        "学习动力不足。今年科里人手确实少，但同一时期我每晚刷手机不止一小时，说到底是自己没有把学习放在心上。",
        "宗旨意识淡化。遇到群众催办，我常常强调人手少、事情多，以此为自己开脱，实际是对群众的事不上心。",
    ):
        assert q(lint_text(good(causes=[cause, ROOT_SERVICE, ROOT_DISCIPLINE])), "Q102") == [], cause


def test_q102_a_circumstance_beside_a_subjective_root_is_borderline() -> None:
    mixed = "宗旨意识有所淡化。今年工作量大，对群众的事缺少急迫感。"
    text = good(causes=[ROOT_STUDY, mixed, ROOT_DISCIPLINE])
    assert q(lint_text(text), "Q102") == [("Q102", line_of(text, mixed[:8]), "info")]


# -- Q103 ---------------------------------------------------------------------------------------------------


def test_q103_a_measure_of_slogans_is_a_warning() -> None:
    slogan = "切实加强作风建设。进一步增强宗旨意识，不断改进工作作风，切实提高服务水平，努力做到真抓实干。"
    text = good(measures=[DO_STUDY, slogan, DO_DISCIPLINE])
    assert q(lint_text(text), "Q103") == [("Q103", line_of(text, "切实加强作风建设"), "warning")]


def test_q103_a_short_measure_with_a_frequency_deadline_or_ledger_is_actionable() -> None:
    for short in ("每季度自查一次。", "年底前建好走访台账。", "每月至少下社区两次。", "建立问题清单，逐条销号。"):
        assert q(lint_text(good(measures=[DO_STUDY, short, DO_DISCIPLINE])), "Q103") == [], short


def test_q103_plain_actions_without_slogans_are_not_flagged() -> None:
    plain = "在办事大厅设立老年人帮办窗口，为行动不便的群众提供上门代办服务。"
    assert q(lint_text(good(measures=[DO_STUDY, plain, DO_DISCIPLINE])), "Q103") == []


# -- Q104 ---------------------------------------------------------------------------------------------------


def test_q104_a_virtue_in_disguise_is_a_warning() -> None:
    for praise in (
        "工作上过分投入，对家庭照顾不够。为了赶项目进度，我常常加班到深夜，节假日也很少休息，陪伴孩子的时间很少。",
        "工作中有时急于求成。总想把事情一次做到最好，这主要是因为自己责任心太强，对同事要求过严。",
    ):
        text = good(problems=[STUDY, praise, DISCIPLINE])
        assert q(lint_text(text), "Q104") == [("Q104", line_of(text, praise[:8]), "warning")], praise


def test_q104_yan_yu_lv_ji_is_no_praise_in_disguise() -> None:
    self_critical = ("对自己要求不严。平时常说严于律己、宽以待人，可9月报销差旅费时，我把一张与公务无关的"
                     "出租车票也夹了进去，被财务退回才意识到问题。")  # fmt: skip
    assert q(lint_text(good(problems=[STUDY, SERVICE, self_critical])), "Q104") == []


def test_q104_strictness_with_its_harm_stated_is_a_real_fault() -> None:
    harsh = ("批评同志方式简单。对下属要求过严，10月一位新同事的材料出了错，我当众批评，"
             "挫伤了他的积极性，事后也没有找他谈心。")  # fmt: skip
    assert q(lint_text(good(problems=[STUDY, SERVICE, harsh])), "Q104") == []
    alone = "对下属要求过严。10月一位新同事的材料出了两处错，我让他当天重写了三遍。"
    text = good(problems=[STUDY, SERVICE, alone])
    assert q(lint_text(text), "Q104") == [("Q104", line_of(text, "对下属要求过严"), "info")]


# -- Q105 ---------------------------------------------------------------------------------------------------


def test_q105_a_cause_that_rephrases_its_problem_is_a_warning() -> None:
    problem = ("项目审批推进缓慢。今年上半年我分管的12个项目中有5个超过承诺时限，"
               "其中物流园项目的环评意见我压了两周才签。")  # fmt: skip
    restated = "项目审批推进不够有力。对审批工作抓得不紧、督促不够，导致项目审批推进缓慢。"
    text = good(problems=[STUDY, SERVICE, problem], causes=[ROOT_STUDY, ROOT_SERVICE, restated])
    assert q(lint_text(text), "Q105") == [("Q105", line_of(text, "项目审批推进不够有力"), "warning")]
    rooted = "怕担责的心态作祟。项目审批推进不够快，根子在于我总想等材料万无一失再签，把个人不出错看得比企业的难处重。"
    text = good(problems=[STUDY, SERVICE, problem], causes=[ROOT_STUDY, ROOT_SERVICE, rooted])
    assert q(lint_text(text), "Q105") == []


# -- Q106 ---------------------------------------------------------------------------------------------------

OTHERS = ("队伍管理不够严格。有的党员很少参加组织生活，党费也要一催再催；个别干部纪律松弛，"
          "上班时间玩手机；一些年轻同志工作拖拉，材料一拖再拖。")  # fmt: skip


def test_q106_a_problem_about_others_is_a_warning() -> None:
    text = good(problems=[STUDY, SERVICE, OTHERS])
    assert q(lint_text(text), "Q106") == [("Q106", line_of(text, "队伍管理不够严格"), "warning")]


def test_q106_others_as_evidence_about_the_writer_do_not_count() -> None:
    for item in (
        "服务意识不强。有的时候群众来办事，我嫌麻烦让他们下次再来；有的时候电话响了也不接，今年至少有两次。",
        "工作方法简单。有的群众反映我“门难进、脸难看”，有的同志提醒我开会时不要打断别人，我都没有认真改。",
        "对下属失之于宽。有的同志上班迟到，个别同志报销单据不全，我发现后只是口头提醒，没有按制度处理。",
    ):
        assert q(lint_text(good(problems=[STUDY, SERVICE, item])), "Q106") == [], item


def test_q106_a_leadership_team_material_is_about_the_team() -> None:
    team = ("班子抓队伍管理不严。班子对干部日常监督偏软，有的科室纪律松弛，个别干部作风漂浮，"
            "今年被市里通报两次。")  # fmt: skip
    text = build([STUDY, SERVICE, team], [ROOT_STUDY, ROOT_SERVICE, ROOT_DISCIPLINE],
                 [DO_STUDY, DO_SERVICE, DO_DISCIPLINE], title="县文化和旅游局领导班子2024年度民主生活会对照检查材料")  # fmt: skip
    assert q(lint_text(text, template="life-meeting"), "Q106") == []
    personal = text.replace("领导班子2024年度", "领导班子成员2024年度个人")
    assert [c for c, _, _ in q(lint_text(personal, template="life-meeting"), "Q106")] == ["Q106"]


# -- Q107 ---------------------------------------------------------------------------------------------------


def test_q107_work_only_problems_are_one_warning_on_the_problems_heading() -> None:
    work = [
        "门诊预约系统上线推迟。原定上半年上线的分时段预约，到11月才完成第一阶段，患者平均候诊仍超过50分钟。",
        "医保结算差错偏多。三季度抽查病历120份，编码错误9份，扣减费用4.3万元。",
        "后勤能耗增长过快。全年水电费比上年增长12%，空调改造两次招标才定下来。",
    ]
    text = good(problems=work)
    assert q(lint_text(text), "Q107") == [("Q107", line_of(text, "存在的问题"), "warning")]
    assert q(lint_text(good(problems=[work[0], work[1], DISCIPLINE])), "Q107") == []


def test_q107_is_only_info_in_a_rectification_report() -> None:
    """What is still open after a 巡察 is work by nature; the rectification template says so ([severity])."""
    work = [
        "个别站所报销手续不全。今年内审抽查票据300张，其中21张审批手续不全。",
        "专业技术人员缺口大。全局45岁以上干部占比超过六成，专业技术岗位空缺12个。",
    ]
    text = build(work, ["内审力量薄弱，日常监督偏少。", "引才育才缺少系统规划。"],
                 ["6月底前完成全部站所财务专项审计，建立问题清单逐项销号。", "年内招录专业技术人员5名。"],
                 title="关于巡察反馈问题整改落实情况的报告")  # fmt: skip
    assert [(c, s) for c, _, s in q(lint_text(text, template="rectification"), "Q107")] == [("Q107", "info")]


# -- Q108 ---------------------------------------------------------------------------------------------------

MZSHH = "2024年度民主生活会个人对照检查材料"
REVIEW = ["一、上年度民主生活会整改措施落实情况", "上年度查摆的3个问题中，已完成整改2个，另1个正在推进，计划今年6月底前完成。"]


def test_q108_a_democratic_life_meeting_without_last_years_review_is_info_on_the_title() -> None:
    text = good().replace("党性分析报告", MZSHH, 1)
    assert q(lint_text(text, template="life-meeting"), "Q108") == [("Q108", 1, "info")]
    reviewed = build([STUDY, SERVICE, DISCIPLINE], [ROOT_STUDY, ROOT_SERVICE, ROOT_DISCIPLINE],
                     [DO_STUDY, DO_SERVICE, DO_DISCIPLINE], title=MZSHH, before=REVIEW)  # fmt: skip
    assert q(lint_text(reviewed, template="life-meeting"), "Q108") == []


def test_q108_is_not_asked_of_an_organisational_life_meeting_or_a_party_spirit_report() -> None:
    text = good().replace("党性分析报告", "2024年度组织生活会个人对照检查材料", 1)
    assert q(lint_text(text, template="life-meeting"), "Q108") == []
    assert q(lint_text(good().replace("党性分析报告", MZSHH, 1), template="party-spirit"), "Q108") == []


def test_q108_an_organisers_template_raises_it(tmp_path: Path) -> None:
    strict = tmp_path / "strict.toml"
    strict.write_text('extends = "life-meeting"\nname = "strict-meeting"\n\n[severity]\nQ108 = "warning"\n', "utf-8")
    text = good().replace("党性分析报告", MZSHH, 1)
    result = check_path("r.txt", load_template(str(strict)), data=text.encode())
    assert q(result, "Q108") == [("Q108", 1, "warning")]


# -- settings -------------------------------------------------------------------------------------------------


def test_a_templates_substance_table_changes_thresholds_and_lists(tmp_path: Path) -> None:
    loose = tmp_path / "loose.toml"
    loose.write_text('extends = "party-spirit"\nname = "loose"\n\n[substance]\nproblem_vague_terms = 20\n\n'
                     '[substance.lexicons.objective_excuse]\nextend = ["评比活动太多"]\n', "utf-8")  # fmt: skip
    template = load_template(str(loose))
    vague = good(problems=[STUDY, VAGUE, DISCIPLINE])
    assert [s for _, _, s in q(check_path("r.txt", template, data=vague.encode()), "Q101")] == ["info"]
    cause = "学习的自觉性不强。主要是今年评比活动太多，学习时间难以保证。"
    excuse = good(causes=[cause, ROOT_SERVICE, ROOT_DISCIPLINE])
    assert q(lint_text(excuse), "Q102") == []
    assert [c for c, _, _ in q(check_path("r.txt", template, data=excuse.encode()), "Q102")] == ["Q102"]


def test_a_configurations_substance_table_and_severity_reach_the_check(tmp_path: Path) -> None:
    from checker.run.check import check
    from checker.run.plan import CheckOptions, plan

    (tmp_path / "reportlint.toml").write_text(
        '[severity]\nQ101 = "error"\n\n[substance.lexicons.objective_excuse]\nextend = ["评比活动太多"]\n', "utf-8"
    )
    thin = "担当作为不够有力。遇到难题有时绕着走，今年推进的老旧小区改造进度偏慢，我督促不够。"
    cause = "学习的自觉性不强。主要是今年评比活动太多，学习时间难以保证。"
    text = good(problems=[STUDY, VAGUE, thin], causes=[cause, ROOT_SERVICE, ROOT_DISCIPLINE])
    (tmp_path / "r.txt").write_text(text, "utf-8")
    [result] = check(plan([str(tmp_path / "r.txt")], CheckOptions()).tasks, jobs=1, use_cache=False)
    # error for the clear case, its borderline case one level lower; the configured excuse is found
    assert sorted(s for _, _, s in q(result, "Q101")) == ["error", "warning"]
    assert [c for c, _, _ in q(result, "Q102")] == ["Q102"]
    assert q(lint_text(text), "Q102") == []


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[substance]\nproblem_vague_terms = "many"\n', "substance.problem_vague_terms"),
        ("[substance.lexicons.nonsense]\nextend = ['x']\n", "substance.lexicons.nonsense: unknown key"),
        ("[substance.lexicons.deficit]\nremove = ['不在表中']\n", "'不在表中' is not in the list"),
        ("[substance.lexicons.deficit]\nextend = ['']\n", "a term must be a non-empty string"),
        ('[severity]\nQ999 = "warning"\n', "severity.Q999: matches no rule"),
    ],
)
def test_an_invalid_substance_table_in_a_template_is_one_clear_error(tmp_path: Path, table: str, message: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = "party-spirit"\nname = "bad"\n\n{table}', "utf-8")
    with pytest.raises(TemplateError, match=message.replace("[", r"\[")) as raised:
        load_template(str(bad))
    assert str(bad) in str(raised.value)


def test_the_builtin_lists_each_name_a_source_and_are_checked_on_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import checker.substance as substance
    from tests.helpers import REPO

    changes = substance.builtin_changes()
    for name in substance.LEXICONS:
        entry = getattr(changes.lexicons, name)
        assert entry.terms and entry.source and ("§" in entry.source or "own addition" in entry.source), name
    broken = (REPO / "rules" / "substance.toml").read_text("utf-8").replace('source = "§1 typical bad phrases', 'sauce = "x', 1)
    (tmp_path / "substance.toml").write_text(broken, "utf-8")
    monkeypatch.setattr(substance, "data_dir", lambda name: tmp_path)
    with pytest.raises(substance.SubstanceError, match=r"deficit\.sauce: unknown key"):
        substance.builtin_changes()


# -- verdict ----------------------------------------------------------------------------------------------------


def test_the_verdict_counts_the_items_that_fall_short_per_aspect() -> None:
    slogan = "切实加强作风建设。进一步增强宗旨意识，不断改进工作作风，切实提高服务水平，努力做到真抓实干。"
    objective = "客观条件制约较多。科里人手少、任务重，加上我精力有限，学习和走访的时间都被挤没了。"
    text = good(problems=[STUDY, VAGUE, OTHERS, SERVICE], causes=[objective, ROOT_SERVICE, ROOT_DISCIPLINE],
                measures=[DO_STUDY, slogan, DO_DISCIPLINE])  # fmt: skip
    verdict = lint_text(text).substance
    assert verdict is not None
    assert (verdict["problems"]["items"], verdict["problems"]["short"], verdict["problems"]["codes"]["Q101"]) == (4, 1, 1)
    assert (verdict["causes"]["short"], verdict["causes"]["codes"]) == (1, {"Q102": 1, "Q105": 0})
    assert (verdict["measures"]["items"], verdict["measures"]["short"]) == (3, 1)
    assert (verdict["self"]["items"], verdict["self"]["short"]) == (4, 1)
    from checker.output.verdict import verdict_rows

    rows = {name: text for _, name, text, _ in verdict_rows(verdict, "zh")}
    assert rows["问题准"].startswith("问题 4 项，1 项不具体") and rows["把自己摆进去"] == "问题 4 项，1 项写的是他人"
    assert rows["原因清"] == "原因 3 项，1 项强调客观" and rows["措施明"] == "措施 3 项，1 项不可检验"


def test_the_verdict_follows_suppressions_selection_and_the_template() -> None:
    text = good(problems=[STUDY, VAGUE, DISCIPLINE])
    assert lint_text(text).substance["problems"]["short"] == 1  # type: ignore[index]
    lines = text.splitlines()
    at = line_of(text, "宗旨意识有所淡化。联系")
    silenced = "\n".join([*lines[: at - 1], "<!-- reportlint: ignore[Q101] 支部要求本条只写一句 -->", *lines[at - 1 :]])
    result = lint_text(silenced + "\n")
    assert q(result, "Q101") == [] and result.substance is not None and result.substance["problems"]["short"] == 0
    from checker.config import Config, rule_filter

    rules = rule_filter(Config(ignore=["Q106"]), "r.txt")
    verdict = check_path("r.txt", load_template("party-spirit"), data=text.encode(), rules=rules).substance
    assert verdict is not None and verdict["self"] is None and verdict["problems"]["short"] == 1
    duty = lint_text(text.replace("党性分析报告", "2024年度述职述廉报告", 1), template="duty-report").substance
    assert duty is not None and duty["causes"] is None and duty["problems"]["short"] == 1


def test_the_json_output_carries_the_verdict_within_the_schema() -> None:
    import json

    import jsonschema

    from checker.output.jsonout import render_json
    from tests.helpers import REPO, SHARED

    weak = lint_text(good(problems=[STUDY, VAGUE, DISCIPLINE]))
    unreadable = check_path("broken.docx", data=b"PK\x03\x04broken")
    payload = json.loads(render_json([weak, unreadable], "zh"))
    assert payload["files"][0]["substance"]["problems"]["codes"] == {"Q101": 1, "Q104": 0}
    assert payload["files"][1]["substance"] is None
    jsonschema.validate(payload, json.loads((REPO / "docs" / "report.schema.json").read_text("utf-8")))
    if (SHARED / "docs" / "report.schema.json").exists():  # the contract: additive fields only
        jsonschema.validate(payload, json.loads((SHARED / "docs" / "report.schema.json").read_text("utf-8")))


def test_substance_findings_reach_text_sarif_and_the_annotated_copy() -> None:
    import json
    import zipfile
    from io import BytesIO

    from checker.output.formats import render
    from checker.write.annotate import annotate

    text = good(problems=[STUDY, VAGUE, DISCIPLINE])
    result = lint_text(text)
    line = line_of(text, "宗旨意识有所淡化。联系")
    assert f"report.txt:{line}:4: Q101 [警告] 问题“宗旨意识有所淡化”缺少本人的具体事例" in render("text", [result], "zh")
    assert "Q101 [warning] the problem “宗旨意识有所淡化” gives no concrete instance" in render("text", [result], "en")
    sarif = json.loads(render("sarif", [result], "en"))
    rule = next(r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "Q101")
    assert rule["defaultConfiguration"]["level"] == "warning" and "five or more stock phrases" in rule["help"]["text"]
    assert any(r["ruleId"] == "Q101" and r["locations"][0]["physicalLocation"]["region"]["startLine"] == line
               for r in sarif["runs"][0]["results"])  # fmt: skip
    annotated, count = annotate("report.txt", text.encode(), result.diagnostics, "zh")
    with zipfile.ZipFile(BytesIO(annotated)) as package:
        comments = package.read("word/comments.xml").decode("utf-8")
    assert count == len(result.diagnostics) and "[Q101 警告]" in comments and "见人见事见思想" in comments


def test_the_verdict_survives_the_result_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.run.check import check
    from checker.run.plan import CheckOptions, plan

    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.txt").write_text(good(problems=[STUDY, VAGUE, OTHERS]), "utf-8")
    tasks = plan(["r.txt"], CheckOptions()).tasks
    [fresh] = check(tasks, jobs=1, use_cache=True)
    [cached] = check(plan(["r.txt"], CheckOptions()).tasks, jobs=1, use_cache=True)
    assert cached.report is None  # served from .reportlint_cache, not checked again
    assert cached.substance == fresh.substance and fresh.substance is not None
    assert fresh.substance["self"]["short"] == 1 and fresh.substance["problems"]["short"] == 1


def test_a_part_with_no_item_is_no_pass_in_the_verdict() -> None:
    # A report without its causes section (S101) showed ✓ 原因清: nothing fell short because
    # nothing was written.
    from checker.output.verdict import verdict_rows

    text = good()
    start = text.index("二、")
    end = text.index("三、")
    result = lint_text(text[:start] + text[end:].replace("三、", "二、", 1))
    assert "S101" in {d.code for d in result.diagnostics}
    assert result.substance is not None and result.substance["causes"]["items"] == 0
    rows = {name: (text, ok) for _, name, text, ok in verdict_rows(result.substance, "zh")}
    assert rows["原因清"] == ("原因 0 项，未写", False)
    assert rows["问题准"][1] is True
    english = {name: text for _, name, text, _ in verdict_rows(result.substance, "en")}
    assert english["clear causes"] == "0 causes: none written"


def test_the_shared_scan_holds_only_hits_and_is_dropped_after_the_checks() -> None:
    # A 2 MB paragraph makes 100,000 items, each scanned once for the Q rules: a list with no hit
    # is stored as nothing (it was an empty list per list per item), and the scans go once the
    # checks are done, before the outline is built from the model.
    from checker.checks.substance import LISTS
    from checker.substance import substance_for
    from checker.substance.scan import NO_HITS, scan

    substance = substance_for(load_template("party-spirit"))
    hits = scan("一是学习不够，标准太高。", substance, LISTS["problems"])
    assert hits.get("harm") is NO_HITS and hits.get("others_quantifier") is NO_HITS
    assert hits.get("deficit") and set(hits.spans) == {name for name, found in hits.spans.items() if found}
    assert "harm" not in hits.spans and all(isinstance(found, tuple) for found in hits.spans.values())
    result = lint_text(good(problems=[VAGUE, VAGUE, STUDY]))
    assert q(result, "Q101") and result.report is not None
    assert result.report.memo == {}  # the renumbering edits of every list went with it


def test_findings_quoting_the_same_stock_phrases_share_their_quotations() -> None:
    result = lint_text(good(problems=[VAGUE, VAGUE, STUDY]))
    first, second = [d for d in result.diagnostics if d.code == "Q101"][:2]
    assert first.args["stock"] == second.args["stock"] and first.args["stock"] is second.args["stock"]
    assert first.args["stock_en"] is second.args["stock_en"]
