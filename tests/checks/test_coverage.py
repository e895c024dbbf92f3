from __future__ import annotations

from checker.checklists import checklist_names, load_checklist
from checker.pipeline import check_path
from checker.template import load_template, with_checklist
from tests.helpers import LONG, codes, report


def lint(text: str, checklist: str | None) -> list[str]:
    template = load_template("life-meeting")
    if checklist:
        template = with_checklist(template, checklist)
    return codes(check_path("r.txt", template, data=text.encode()))


COVERING = [
    f"一是政治站位不够高，对“两个确立”的决定性意义领悟不深。{LONG}",
    f"二是纪律规矩意识有所放松，对八项规定精神执行不够严格。{LONG}",
    f"三是担当作为不够，攻坚克难的劲头不足。{LONG}",
    f"四是落实全面从严治党主体责任不够到位，对班子成员监督偏软。{LONG}",
]


def test_every_aspect_covered_gives_no_finding() -> None:
    found = lint(report(problems=COVERING), "2024-mzshh")
    assert "K101" not in found and "K102" not in found


def test_uncovered_aspect_and_problem_outside_the_list() -> None:
    problems = [COVERING[0], COVERING[2], f"三是办公室的卫生保持得不够好，桌面经常堆放杂物。{LONG[:10]}"]
    result = check_path("r.txt", with_checklist(load_template("life-meeting"), "2024-mzshh"),
                        data=report(problems=problems).encode())  # fmt: skip
    uncovered = [d.args["aspect"] for d in result.diagnostics if d.code == "K101"]
    assert uncovered == ["带头增强党性、严守纪律规矩", "带头落实全面从严治党政治责任"]
    outside = [d.args["heading"] for d in result.diagnostics if d.code == "K102"]
    assert outside == ["办公室的卫生保持得不够好，桌面经常堆放杂物"]


def test_no_checklist_no_coverage_findings() -> None:
    assert not {"K101", "K102"} & set(lint(report(), None))


def test_builtin_checklists_load_and_mark_unconfirmed_wording() -> None:
    names = checklist_names()
    assert {"2022-mzshh", "2023-zhutijiaoyu", "2024-mzshh"} <= set(names)
    for name in names:
        checklist = load_checklist(name)
        assert checklist.aspects and all(a.keywords for a in checklist.aspects)
    assert load_checklist("2024-mzshh").aspects[0].confirmed
    assert not load_checklist("2022-mzshh").aspects[0].confirmed
