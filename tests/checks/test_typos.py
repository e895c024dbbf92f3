"""T105 typo (错别字): each kind found and corrected, and the sound text it must leave alone.
Every sentence here is written for these tests."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from checker.paths import data_dir
from tests.helpers import codes, lint_text, report

FILLER = "坚持把学习成果转化为推动工作的具体举措。"


def item(text: str) -> str:
    return report(problems=[f"一是{text}{FILLER * 2}", "二是理论学习不够深入，学用结合不够紧密，有时满足于完成规定篇目。", "三是作风不够扎实，调查研究不够深入，对基层情况掌握不全面。"])  # fmt: skip


def typos_in(text: str) -> list[tuple[str, str, str]]:
    from checker.typos import find_typos

    return [(t.found, t.expected, t.kind) for t in find_typos(text)]


def corrected(text: str) -> str:
    from checker.typos import find_typos

    for t in sorted(find_typos(text), key=lambda t: -t.start):
        text = text[: t.start] + t.expected + text[t.end :]
    return text


# -- (a) homophones that leave a non-word ------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "good"),
    [
        ("要不断提高工作效律，杜绝推诿拖沓。", "要不断提高工作效率，杜绝推诿拖沓。"),
        ("有时存在厌战情续，干事的劲头不足。", "有时存在厌战情绪，干事的劲头不足。"),
        ("充分发挥基层党组织的战斗堡磊作用。", "充分发挥基层党组织的战斗堡垒作用。"),
    ],
)
def test_a_homophone_that_makes_no_word_is_corrected(bad: str, good: str) -> None:
    found = typos_in(bad)
    assert len(found) == 1 and found[0][2] == "a", found
    assert corrected(bad) == good


def test_a_known_word_is_a_correction_too() -> None:
    # 学思践悟 is not in jieba's dictionary; rules/typos.toml knows it
    assert corrected("在学思践务中提高政治能力。") == "在学思践悟中提高政治能力。"


# -- (b) real words wrong in their context -----------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "good"),
    [
        ("把权利关进制度的笼子里。", "把权力关进制度的笼子里。"),
        ("材料报送截至日期前完成。", "材料报送截止日期前完成。"),
        ("切实的加强对年轻干部的教育管理。", "切实地加强对年轻干部的教育管理。"),
        ("调研工作做的不够深入细致。", "调研工作做得不够深入细致。"),
        ("坚决反对形势主义、官僚主义。", "坚决反对形式主义、官僚主义。"),
        ("认真旅行职责，主动担当作为。", "认真履行职责，主动担当作为。"),
        ("开展主体教育以来，班子成员带头学。", "开展主题教育以来，班子成员带头学。"),
    ],
)
def test_a_real_word_wrong_in_its_context_is_corrected(bad: str, good: str) -> None:
    assert [k for _, _, k in typos_in(bad)] == ["b"], typos_in(bad)
    assert corrected(bad) == good


@pytest.mark.parametrize(
    "good",
    [
        "依法保障党员的民主权利，尊重党员主体地位。",
        "正确行使手中的权力，做到秉公用权。",
        "报名截止日期为本月底，截至目前已有12人报名。",
        "认真的态度和系统的改进方案同样重要。",
        "一年来所做的很多工作得到了群众认可。",
        "流于形式的问题仍然存在，要认清严峻复杂的形势。",
        "压实党委（党组）主体责任，开展主题党日活动。",
        "他们把问题反映上来以后，我们及时作出反应。",
        "以致造成损失的，依规依纪严肃处理；以至于今，仍有余患。",
    ],
)
def test_the_right_word_in_its_context_is_left_alone(good: str) -> None:
    assert typos_in(good) == [], typos_in(good)


# -- (c) idioms and set phrases ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "good"),
    [
        ("发扬厉精图治的精神，推动各项工作。", "发扬励精图治的精神，推动各项工作。"),  # the curated list
        ("持之以衡抓好作风建设。", "持之以恒抓好作风建设。"),  # one swap from an idiom of the dictionary
        ("做好群众工作不能隔靴骚痒。", "做好群众工作不能隔靴搔痒。"),
    ],
)
def test_a_wrong_character_in_an_idiom_is_corrected(bad: str, good: str) -> None:
    assert [k for _, _, k in typos_in(bad)] == ["c"], typos_in(bad)
    assert corrected(bad) == good


# -- (d) look-alike characters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "good"),
    [
        ("多次深人基层开展调查研究。", "多次深入基层开展调查研究。"),
        ("问题己经全部整改到位。", "问题已经全部整改到位。"),
        (
            "对候选人的考察不够全面，对侯车室的改造也未跟进。",
            "对候选人的考察不够全面，对候车室的改造也未跟进。",
        ),
    ],
)
def test_a_look_alike_character_is_corrected(bad: str, good: str) -> None:
    kinds = {k for _, _, k in typos_in(bad)}
    assert kinds and kinds <= {"d", "c"}, typos_in(bad)
    assert corrected(bad) == good


# -- what is never flagged ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "good",
    [
        # rare literary words
        "擘画发展新蓝图，赓续红色血脉，踔厉奋发、勇毅前行。",
        "坚持惩前毖后、治病救人，廓清思想迷雾。",
        # names of people and places
        "张晓旭同志、侯德明同志和王建旭同志分别作了发言。",
        "书记苌志远带队在枧头镇、沣西新城和淅川县调研。",
        "会后，我们到苌弘社区和浉河区看望了困难群众。",
        # formulations, abbreviations, numbers, dates
        "深刻领悟“两个确立”的决定性意义，增强“四个意识”。",
        "严格执行“三重一大”决策制度，落实“一岗双责”，坚持“四下基层”。",
        "截至2024年10月底，完成率为21.6%，乙巳年春节前全部办结。",
        "县防指及时启动应急响应，市纪委监委跟进监督。",
        # quoted coinages and deliberate parallel pairs
        "推行“街道吹哨、部门报到”，做到依规依纪、打早打小。",
        # correct look-alikes
        "严于律己，戍边英雄，针灸推拿，雁过拔毛式腐败。",
        # a distributive 逐 and its measure word (not 逐渐)
        "对反映的问题逐件登记、限期回复，逐户走访、逐笔核对。",
        # a rare word whose only correction would put a function word in (实底 → 实地: 地)
        "他把情况摸了个实底，要摸清实底，查找差距。",
    ],
)
def test_sound_official_prose_is_left_alone(good: str) -> None:
    assert typos_in(good) == [], typos_in(good)


def test_formulations_and_check_list_wordings_are_known_words() -> None:
    from checker.checklists import checklist_names, load_checklist
    from checker.terms import lists
    from checker.typos import typo_data

    known = typo_data().known
    for term in lists().terms:
        for member in term.members:
            if 2 <= len(member) <= 8 and all("\u4e00" <= c <= "\u9fff" for c in member):
                assert member in known, member
    for name in checklist_names():
        for aspect in load_checklist(name).aspects:
            assert all(k in known for k in aspect.keywords if len(k) >= 2), aspect.id
            assert aspect.name in typo_data().phrases


def test_a_known_word_of_the_formulations_is_never_changed() -> None:
    from checker.typos import find_typos

    for text in ("坚持以学铸魂、以学增智、以学正风、以学促干。", "做到知信行统一、学思用贯通。"):
        assert find_typos(text) == [], text


# -- through the engine ------------------------------------------------------------------------


def test_t105_is_a_warning_with_an_unsafe_fix() -> None:
    result = lint_text(item("对上级的部署要求，有时存在厌战情续，"))
    found = [d for d in result.diagnostics if d.code == "T105"]
    assert len(found) == 1
    d = found[0]
    assert d.severity.name.lower() == "warning" and d.fix == "情绪" and not d.fix_safe
    assert d.args["found"] == "情续" and "同音字" in d.args["kind"]


def test_t105_never_repeats_t104() -> None:
    result = lint_text(item("认真落实布署要求，做到再接再励，"))
    assert codes(result).count("T104") == 2
    assert "T105" not in codes(result)


def test_fix_with_unsafe_fixes_writes_the_correction(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.helpers import REPO

    source = tmp_path / "r.txt"
    source.write_text(item("要不断提高工作效律，"), "utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "checker", "r.txt", "--fix", "--no-cache"], cwd=tmp_path, env=env,
                   capture_output=True, check=False)  # fmt: skip
    fixed = next(tmp_path.glob("r.fixed.txt"), None)
    assert fixed is None or "工作效律" in fixed.read_text("utf-8")  # unsafe: not without the flag
    subprocess.run([sys.executable, "-m", "checker", "r.txt", "--fix", "--unsafe-fixes", "--no-cache"],
                   cwd=tmp_path, env=env, capture_output=True, check=False)  # fmt: skip
    assert "工作效率" in (tmp_path / "r.fixed.txt").read_text("utf-8")
    assert "工作效律" in source.read_text("utf-8")  # the input is never modified


# -- the data ----------------------------------------------------------------------------------


def test_the_lists_are_sourced_and_consistent() -> None:
    raw = tomllib.loads((data_dir("rules") / "typos.toml").read_text("utf-8"))
    words_toml = tomllib.loads((data_dir("rules") / "words.toml").read_text("utf-8"))["words"]
    t104 = {w["wrong"] for w in words_toml}
    assert len(raw["typos"]) >= 100 and all(t["source"] and t["wrong"] != t["right"] for t in raw["typos"])
    assert not {t["wrong"] for t in raw["typos"]} & t104  # T104's words are T104's
    assert len(raw["confusions"]) >= 40 and all(c.get("after") or c.get("before") for c in raw["confusions"])
    assert all(len(p) == 2 for p in raw["shapes"])


def test_an_invalid_entry_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.typos import data as typos

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "typos.toml").write_text(
        '[[typos]]\nwrong = "布署"\nright = "布署"\nkind = "a"\nsource = "x"\n', "utf-8"
    )
    monkeypatch.setattr(typos, "data_dir", lambda name: rules)
    with pytest.raises(typos.TyposError, match="布署"):
        typos._build()
    (rules / "typos.toml").write_text('[[confusions]]\nwrong = "权利"\nright = "权力"\n', "utf-8")
    with pytest.raises(typos.TyposError, match="context"):
        typos._build()


def test_the_shared_segmenter_is_left_as_it_was() -> None:
    from checker.text import words
    from checker.typos import find_typos

    before = [t.word for t in words.segment("坚持在学思践悟中聚焦急难愁盼问题。")]
    find_typos("坚持在学思践务中聚焦急难愁盼问题。")
    assert [t.word for t in words.segment("坚持在学思践悟中聚焦急难愁盼问题。")] == before


def test_the_explained_example_shows_every_kind() -> None:
    from checker.checks.base import RULES

    rule = RULES["T105"]
    assert sorted(k for _, _, k in typos_in(rule.bad)) == ["a", "b", "c", "d"]
    assert typos_in(rule.good) == []


def test_a_guessed_slip_written_again_is_deliberate() -> None:
    def slips(*lines: str) -> list[str]:
        text = report(problems=[f"{n}是{line}" for n, line in zip("一二三", lines, strict=False)])
        return [d.args["found"] for d in lint_text(text).diagnostics if d.code == "T105"]

    # 效律 once is a slip of the input method; a word the dictionary lacks, written twice, is the writer's
    once = "办事效率不够高。今年要提高工作效律，把各项任务落到实处，群众反映的事项按时办结。"
    other = "服务群众不够主动。今年三月起到社区走访四次，对群众反映的停车难问题跟踪不及时。"
    assert slips(once, other) == ["效律"]
    again = "办事效律不够高。各科室办理群众事项的效律偏低，有的事项拖了一个多月。"
    assert slips(once, again) == []
    # a misconception the curated list knows is reported however often it is written
    slack = "纪律焕散。今年有三次例会迟到，思想焕散的苗头没有及时纠正，群众反映的事项没有按时办结。"
    assert slips(slack, other) == ["焕散", "焕散"]


def test_a_paragraph_too_long_to_read_at_once_gets_what_its_sentences_get() -> None:
    # A hostile 2 M-character paragraph is read a stretch of sentences at a time (bounded memory):
    # each slip is found where it stands, at its offset in the whole paragraph, and a span of
    # another rule's is left alone in whichever stretch it falls.
    from checker.typos import find_typos
    from checker.typos.find import CHUNK

    sentences = ["要不断提高工作效律，杜绝推诿拖沓。", "充分发挥基层党组织的战斗堡磊作用。", "有时存在厌战情续，干事的劲头不足。"]
    sentences += ["结合分管工作实际，认真对照检查，深入查找差距。"] * (3 * CHUNK // 20)
    sentences += ["要不断提高工作效律，杜绝推诿拖沓。"]
    text = "".join(sentences)
    assert len(text) > 3 * CHUNK
    expected, offset = [], 0
    for sentence in sentences:
        expected += [(t.start + offset, t.found, t.expected) for t in find_typos(sentence)]
        offset += len(sentence)
    found = [(t.start, t.found, t.expected) for t in find_typos(text)]
    assert found == expected and [f for _, f, _ in found] == ["效律", "堡磊", "情续", "效律"]
    last = text.rindex("效律")
    assert [t.found for t in find_typos(text, [(last - 2, last + 2)])] == ["效律", "堡磊", "情续"]


def test_a_long_paragraph_costs_the_memory_of_a_stretch_not_of_the_whole() -> None:
    import tracemalloc

    from checker.typos import find_typos

    find_typos("要不断提高工作效律。")  # the data, loaded once, are not the paragraph's cost
    text = "结合分管工作实际，认真对照检查，深入查找差距。" * 10_000  # 230,000 characters
    tracemalloc.start()
    try:
        find_typos(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20  # read whole, its tokens and masks took 38 MB


def test_the_search_for_a_particle_site_misses_no_match_of_the_particle_patterns() -> None:
    # _particles reads a paragraph's 的 with its three patterns only where the one search for
    # "a list word's last character, 的, a list word's first character" finds something.
    import itertools

    from checker.typos import typo_data
    from checker.typos.find import _particle_patterns, _particle_site

    lists = typo_data().particles
    site = _particle_site()
    assert site is not None
    before = [*lists["verbs"], *lists["adverbs"], *lists["adverbials"], "工作", "同志"]
    after = [*lists["degree"], *lists["actions"], "工作", "措施"]
    matched = 0
    for word, next_word in itertools.product(before, after):
        for tail in ("了", "工作", "。"):
            text = f"我{word}的{next_word}{tail}"
            if any(pattern.search(text) for pattern in _particle_patterns()):
                matched += 1
                assert site.search(text), text
    assert matched > 1000
    assert site.search("理论学习不够系统深入的第1个表现。") is None
