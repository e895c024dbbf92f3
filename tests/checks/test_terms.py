from __future__ import annotations

import tomllib

from checker.paths import data_dir
from tests.helpers import codes, lint_text, report

FILLER = "坚持把学习成果转化为推动工作的具体举措。"


def item(text: str) -> str:
    return report(problems=[f"一是{text}{FILLER * 2}", "二是理论学习不够深入，学用结合不够紧密，有时满足于完成规定篇目。", "三是作风不够扎实，调查研究不够深入，对基层情况掌握不全面。"])  # fmt: skip


def test_lists_are_large_enough_and_sourced() -> None:
    terms = tomllib.loads((data_dir("rules") / "terms.toml").read_text("utf-8"))["terms"]
    words = tomllib.loads((data_dir("rules") / "words.toml").read_text("utf-8"))["words"]
    assert len(terms) >= 60 and all(t["source"] for t in terms)
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
