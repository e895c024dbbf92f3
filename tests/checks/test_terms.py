from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from checker.paths import data_dir
from tests.helpers import REPO, codes, lint_text, report

FILLER = "坚持把学习成果转化为推动工作的具体举措。"


def item(text: str) -> str:
    return report(problems=[f"一是{text}{FILLER * 2}", "二是理论学习不够深入，学用结合不够紧密，有时满足于完成规定篇目。", "三是作风不够扎实，调查研究不够深入，对基层情况掌握不全面。"])  # fmt: skip


def test_lists_are_large_enough_and_sourced() -> None:
    terms = tomllib.loads((data_dir("rules") / "terms.toml").read_text("utf-8"))["terms"]
    words = tomllib.loads((data_dir("rules") / "words.toml").read_text("utf-8"))["words"]
    assert len(terms) >= 150 and all(t["source"] for t in terms)
    assert all(1900 <= t["year"] <= 2100 and t["status"] in ("primary", "secondary") for t in terms)
    assert len(words) >= 50 and all(w["wrong"] != w["right"] for w in words)


def test_t101_near_misses() -> None:
    for bad in (
        "深入学习习近平新时代中国特色社会义思想，",
        "认真落实中央八项规定精精神，",
        "坚决维护党中央权威和统一领导，",
    ):
        result = lint_text(item(bad))
        assert "T101" in codes(result), bad
    for good in (
        "深入学习习近平新时代中国特色社会主义思想，",
        "学习新时代中国特色社会主义思想，",
        "不忘初心，牢记使命，",
        "认真落实中央八项规定精神，",
    ):
        assert "T101" not in codes(lint_text(item(good))), good


def test_t102_order_and_replaced_member() -> None:
    assert "T102" in codes(lint_text(item("增强政治意识、核心意识、大局意识、看齐意识，")))
    assert "T102" in codes(lint_text(item("增强政治意识、大局意识、核心意识、服从意识，")))
    assert "T102" not in codes(lint_text(item("增强政治意识、大局意识、核心意识、看齐意识，")))
    assert "T102" not in codes(lint_text(item("坚定道路自信、理论自信，")))  # two members: no order to judge


def test_t103_traditional_characters() -> None:
    result = lint_text(item("這個問題要認真對待，"))
    assert "".join(d.args["found"] for d in result.diagnostics if d.code == "T103") == "這個問題認對"
    assert "T103" not in codes(lint_text(item("这个问题要认真对待，成效显著，著作等身，")))


def test_t103_converts_only_what_the_conversion_could_change() -> None:
    """The screen read from OpenCC's dictionaries never says "unchanged" of a text the converter
    would change (characters, and phrases none of whose characters change alone: 明瞭, 沈浸),
    and a report in simplified characters is checked without loading the converter."""
    from checker.checks.terms import _converter, screen

    could_change = screen()
    assert could_change is not None and len(could_change.chars) > 3000
    convert = _converter().convert
    texts = ["这个问题要认真对待", "這個問題", "我沈浸在学习中", "沈阳市", "明瞭", "明了", "批覆", "著作等身", "穿著",
             "后来", "後來", "乾隆", "干部", "幹部", "發展", "发展", "裏面", "里面", "ＡＢＣ", "豐", "丰富"]  # fmt: skip
    texts += [line for f in sorted((REPO / "examples").glob("*.txt")) for line in f.read_text("utf-8").splitlines()]
    for text in texts:
        if convert(text) != text:
            assert could_change.may_change(text), text
    assert not could_change.may_change("这个问题要认真对待，成效显著，著作等身，")
    assert "T103" in codes(lint_text(item("对问题认识明瞭，")))  # a phrase whose characters alone stay

    _converter.cache_clear()
    assert "T103" not in codes(lint_text(item("这个问题要认真对待，成效显著，")))
    assert _converter.cache_info().currsize == 0  # not loaded for it
    assert "T103" in codes(lint_text(item("這個問題要認真對待，")))
    assert _converter.cache_info().currsize == 1


def test_without_snapshots_there_is_no_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read afresh in every process (no user cache to keep it in), the screen would cost more
    than the converter it spares: there is none, and T103 converts every paragraph."""
    from checker.checks.terms import screen

    monkeypatch.setenv("REPORTLINT_NO_SNAPSHOT", "1")
    screen.cache_clear()
    try:
        assert screen() is None
        assert "T103" in codes(lint_text(item("這個問題要認真對待，")))
        assert "T103" not in codes(lint_text(item("这个问题要认真对待，")))
    finally:
        screen.cache_clear()


def test_without_a_readable_dictionary_every_paragraph_is_converted(tmp_path: Path) -> None:
    """Dictionaries of a layout the screen cannot read give no screen (T103 converts every
    paragraph, as it did before), not a wrong one."""
    from checker.text import traditional

    (tmp_path / "t2s.json").write_text(json.dumps({"conversion_chain": [{"dict": {"type": "text", "file": "TS.txt"}}]}))
    assert traditional.build(str(tmp_path)) is None
    (tmp_path / "t2s.json").write_text(json.dumps({"conversion_chain": [{"dict": {"type": "ocd2", "file": "TS.ocd2"}}]}))
    (tmp_path / "TS.ocd2").write_bytes(b"OPENCC_SOMETHING_ELSE")
    assert traditional.build(str(tmp_path)) is None


def test_t104_misused_words_with_context() -> None:
    for bad in ("做为一名党员，", "必需加强学习，", "截止2024年底，", "其它方面，"):
        assert "T104" in codes(lint_text(item(bad))), bad
    for good in ("作为一名党员，", "生活必需品供应，", "截止日期临近，", "截至2024年底，", "其他方面，", "严于律己，"):
        assert "T104" not in codes(lint_text(item(good))), good


def test_a_formulations_core_is_checked_not_the_verb_before_it() -> None:
    for good in ("始终践行以人民为中心的发展思想，", "充分体现了以人民为中心的发展思想，", "坚持以人民为中心的发展思想，"):
        assert "T101" not in codes(lint_text(item(good))), good
    assert "T101" in codes(lint_text(item("坚持以人名为中心的发展思想，")))


def test_a_word_of_a_list_is_flagged_only_where_the_list_stands() -> None:
    for good in ("做到严于律己、以身作则，", "平时注意严于律己、宽以待人，"):
        assert "T104" not in codes(lint_text(item(good))), good
    for bad in ("践行“三严三实”，做到严以修身、严以用权、严于律己，", "严于律己、严以用权、严以修身，"):
        assert "T104" in codes(lint_text(item(bad))), bad


def test_every_term_says_what_it_is() -> None:
    terms = tomllib.loads((data_dir("rules") / "terms.toml").read_text("utf-8"))["terms"]
    for term in terms:
        assert term["kind"] in ("phrase", "list"), term["name"]
        assert (term["kind"] == "list") == bool(term.get("members")), term["name"]
        assert not term["canonical"].startswith(term.get("verb") or "\0"), term["name"]


def test_an_invalid_kind_is_refused(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from checker import terms

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "terms.toml").write_text('[[terms]]\nname = "x"\ncanonical = "甲乙丙丁"\nkind = "list"\n', "utf-8")
    (rules / "words.toml").write_text('[[words]]\nwrong = "a"\nright = "b"\n', "utf-8")
    monkeypatch.setattr(terms, "data_dir", lambda name: rules)
    with pytest.raises(terms.ListsError, match="kind"):
        terms._build_lists()


def test_one_wrong_character_in_a_member_of_a_listed_formulation() -> None:
    for bad in ("增强政治意识、大局意识、核心意识、看齐义识，", "坚定道路自信、理论自信、制度自心、文化自信，"):
        assert "T101" in codes(lint_text(item(bad))), bad


def _terms() -> list[dict]:  # type: ignore[type-arg]
    return tomllib.loads((data_dir("rules") / "terms.toml").read_text("utf-8"))["terms"]  # type: ignore[no-any-return]


def test_every_known_misquote_is_reported_and_every_canonical_wording_is_not() -> None:
    from checker.terms import find_misquotes, find_order_problems

    seen = 0
    for term in _terms():
        sentence = "我们要始终{}，这一点很重要。"
        for bad in term.get("misquotes", ()):
            text = sentence.format(bad)
            assert find_misquotes(text) or find_order_problems(text), (term["name"], bad)
            seen += 1
        for bad in term.get("misorders", ()):
            assert find_order_problems(sentence.format(bad)), (term["name"], bad)
            seen += 1
        text = sentence.format(term["canonical"])
        assert not find_misquotes(text) and not find_order_problems(text), term["name"]
        for variant in term.get("allow", ()):
            assert not find_misquotes(sentence.format(variant)), (term["name"], variant)
    assert seen >= 55


def test_a_misquoted_member_of_a_new_list_in_a_report() -> None:
    result = lint_text(item("围绕学史明理、学史增信、学史尚德、学史力行的目标要求，"))
    found = [d for d in result.diagnostics if d.code == "T101"]
    assert found and found[0].args["expected"] == "学史明理、学史增信、学史崇德、学史力行"
    assert "T102" in codes(lint_text(item("做到学史明理、学史崇德、学史增信、学史力行，")))
    assert "T101" in codes(lint_text(item("坚持学思用贯通、知行信统一，")))  # two characters swapped: one slip


def _quiet(text: str) -> bool:
    from checker.terms import find_misquotes, find_order_problems

    return not find_misquotes(text) and not find_order_problems(text)


def test_no_misquote_across_a_numbering_marker_or_bracket() -> None:
    assert _quiet("（二）在维护党中央权威和集中统一领导方面")
    assert _quiet("（二）维护党中央权威和集中统一领导方面存在的差距")
    assert _quiet("1.维护党中央权威和集中统一领导，2.加强学习")
    # the same slip inside the words is still one
    assert not _quiet("（二）坚决维护党中央权威和统一领导方面")


def test_no_misquote_for_part_of_a_formulation_in_an_aspect_frame() -> None:
    for frame in (
        "在维护党中央权威和集中统一领导方面，我做得还不够",
        "在维护党中央权威和集中统一领导上还有差距",
        "对照维护党中央权威和集中统一领导的要求，查找差距",
        "在以人民为中心的发展方面，还有差距",
    ):
        assert _quiet(frame), frame
    assert not _quiet("我们要坚定维护党中央权威和集中统一领导")  # a word changed, not a frame


def test_no_misquote_for_a_wording_that_is_another_known_formulation() -> None:
    assert _quiet("党纪学习教育开展以来，我认真学习")  # not 党史学习教育 misquoted
    assert _quiet("党史学习教育开展以来，我认真学习")
    assert _quiet("做到往深里走、往心里走、往实里走")  # 2019's three, not 2023's two misquoted
    assert _quiet("查找思想不纯、政治不纯、组织不纯、作风不纯的问题")  # 2019's four


def test_no_misquote_for_a_check_list_aspects_own_wording() -> None:
    from checker.checklists import checklist_names, load_checklist

    for name in checklist_names():
        for aspect in load_checklist(name).aspects:
            assert _quiet(f"（一）{aspect.name}方面"), aspect.name
            assert _quiet(f"我在{aspect.name}上还有差距。"), aspect.name


def test_no_misquote_for_a_formulation_shortened_in_a_heading_or_title_or_split_over_lines() -> None:
    report_text = "\n".join([
        "习近平新时代中国特色社会主义思想主题教育专题组织生活会对照检查材料",  # 学习贯彻 left out of a title
        "按照支部安排，我认真开展了对照检查。" + "坚持把学习成果转化为推动工作的具体举措。" * 8,
        "一、存在的问题",
        "（一）增强“四个意识”、坚定“四个自信”方面。" + "对照党章查找，理论学习不够深入，学用结合不紧密。" * 3,
        "（二）在坚决维护党中央权威和集中统一领导上。" + "执行上级决策部署有时打折扣，落实不够及时。" * 3,
        "（三）作风方面。我始终要求自己坚决维护习近平总书记党中央的核心、全党的核心地位，坚决维护党中央权威和集中",
        "统一领导，但在工作中落实还不够到位。" + "调查研究不够深入，对基层情况掌握不全面。" * 3,
        "二、原因剖析",
        "（一）理论武装不够。" + "没有把学习作为第一需要，满足于完成规定篇目。" * 3,
        "（二）党性修养不够。" + "对自己要求有所放松，纪律意识有所淡化。" * 3,
        "（三）宗旨意识不强。" + "联系群众不够经常，调查研究走马观花。" * 3,
        "三、整改措施",
        "（一）加强理论武装。" + "每月读一本书，每季度写一篇体会，年底前完成。" * 3,
        "（二）严守纪律规矩。" + "每季度对照党章党规自查一次，建立台账。" * 3,
        "（三）践行为民宗旨。" + "每月到联系村走访两次，为群众办一件实事。" * 3,
    ]) + "\n"
    result = lint_text(report_text, template="life-meeting")
    assert not {"T101", "T102"} & set(codes(result)), [d for d in result.diagnostics if d.code in ("T101", "T102")]


def test_a_slip_in_a_heading_is_still_reported() -> None:
    from checker.terms import find_misquotes

    assert find_misquotes("（一）学习习近平新时代中国特色社会主义理论方面，还有不足")  # 理论 for 思想
    assert find_misquotes("（二）学习习近平新时代中国特色社会主意思想方面")


def test_every_list_out_of_order_and_every_wording_with_a_character_dropped_is_reported() -> None:
    from checker.terms import find_misquotes, find_order_problems, lists

    for term in lists().terms:
        if len(term.members) >= 3 and all(len(m) >= 2 for m in term.members):
            swapped = [term.members[1], term.members[0], *term.members[2:]]
            found = find_order_problems("我们要做到" + "、".join(swapped) + "。")
            assert any(p.term == term for p in found), term.name
        core = term.canonical
        if len(core) >= 10:  # shorter ones have too few trigrams to vote for a place with a gap
            middle = len(core) // 2
            while not ("\u4e00" <= core[middle] <= "\u9fff"):
                middle += 1
            dropped = core[:middle] + core[middle + 1 :]
            # reported as this formulation, or as a shorter one inside it (the most specific wins)
            found = find_misquotes(f"我们要始终{dropped}，这很重要。")
            assert any(m.term.canonical in core for m in found), term.name
