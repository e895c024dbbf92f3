from __future__ import annotations

from pathlib import Path

from tests.helpers import LONG, codes, lint_text, report


def test_too_few_items() -> None:
    result = lint_text(report(problems=[f"一是{LONG}", f"二是{LONG}"]))
    c101 = [d for d in result.diagnostics if d.code == "C101"]
    assert len(c101) == 1 and c101[0].args == {"title": "存在的问题", "count": 2, "minimum": 3}
    assert "C101" not in codes(lint_text(report()))


def test_too_many_items() -> None:
    thirteen = [f"{n}.{LONG}" for n in range(1, 14)]
    assert "C102" in codes(lint_text(report(measures=thirteen)))
    assert "C102" not in codes(lint_text(report(measures=thirteen[:12])))


def test_count_mismatch_only_where_the_template_demands_one_to_one(tmp_path: Path) -> None:
    builtin = Path(__file__).resolve().parents[2] / "rules" / "templates" / "party-spirit.toml"
    strict = tmp_path / "strict.toml"
    strict.write_text(
        builtin.read_text("utf-8")
        .replace('name = "party-spirit"', 'name = "strict"')
        .replace("one_to_one = false", "one_to_one = true"),
        "utf-8",
    )
    four = [f"{n}是{LONG}" for n in "一二三四"]
    uneven = report(problems=four)
    assert "C103" in codes(lint_text(uneven, template=str(strict)))
    assert "C103" not in codes(lint_text(uneven))
    assert "C103" not in codes(lint_text(report(), template=str(strict)))
