"""What the rules share in ``report.memo`` (the renumbering edits, the Q scan of every item, the F
rules' formats and roles): each rule declares the entries it reads (Rule.memos), the engine drops
an entry after the last rule that reads it, and no entry is dropped while a later rule still needs
it (it would be worked out again: the cost twice, and the memory it was dropped to save)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.checks import RULES
from checker.config import RuleFilter
from checker.pipeline import FileResult, check_path
from checker.profile import load_profile
from checker.template import load_template
from tests.docxgen import write_report
from tests.helpers import report

# The model's own entries (its item lists, each paragraph's role): kept until the checks are done.
MODEL_MEMOS = {"item_lists", "roles", "body_start"}

# A report whose lists have a gap and a repeat (N101, N102 and their renumbering edits) and whose
# problems are stock phrases only (the Q rules read every item's scan).
TEXT = "\n".join([
    "党性分析报告",
    "按照支部安排，我对照党章党规认真查找了差距，现报告如下。",
    "一、存在的问题",
    "（一）宗旨意识有所淡化。联系群众不够经常，下基层不够深入，为民服务的热情有所减弱。",
    "（三）理论学习不够深入。学习不够系统，理解不够透彻，运用不够充分。",
    "（三）作风不够扎实。工作标准不高，满足于完成任务。一是不够主动；三是不够深入；三是不够扎实。",
    "二、问题产生的原因",
    "（一）理论学习放松。把学习当成软任务，思想上放松了对自己的要求。",
    "三、整改措施",
    "（一）抓实理论学习。每周二晚上自学一小时，年底前写两篇体会，交支部书记审阅。",
    "以上材料，请同志们批评指正。",
]) + "\n"  # fmt: skip


class Recording(dict[str, Any]):
    """A report's memo that notes, in order, which rule made, read or dropped which entry."""

    def __init__(self) -> None:
        super().__init__()
        self.rule = ""  # the rule running ("" before the checks and after them)
        self.events: list[tuple[str, str, str]] = []  # (rule, what, entry)

    def get(self, key: str, default: Any = None) -> Any:
        self.events.append((self.rule, "read", key))
        return super().get(key, default)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self.events.append((self.rule, "read" if key in self else "made", key))
        return super().setdefault(key, default)

    def __setitem__(self, key: str, value: Any) -> None:
        self.events.append((self.rule, "made", key))
        super().__setitem__(key, value)

    def pop(self, key: str, *default: Any) -> Any:
        if key in self:
            self.events.append((self.rule, "dropped", key))
        return super().pop(key, *default)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Recording]]:
    """Every report's memo a Recording, and each check run under its rule's name."""
    import checker.model.build as build

    memos: list[Recording] = []
    making = build.build_report

    def build_report(*args: Any) -> Any:
        made = making(*args)
        made.memo = Recording()
        memos.append(made.memo)
        return made

    def running(code: str, check: Any) -> Any:
        def run(model: Any, *rest: Any) -> Iterator[Any]:
            model.memo.rule = code  # until the next rule: what the engine drops after this one is its
            yield from check(model, *rest)

        return run

    monkeypatch.setattr(build, "build_report", build_report)
    for code, rule in list(RULES.items()):
        if rule.check is not None:
            monkeypatch.setitem(RULES, code, dataclasses.replace(rule, check=running(code, rule.check)))
    yield memos


def _checked(tmp_path: Path, rules: RuleFilter | None = None) -> list[FileResult]:
    docx = tmp_path / "r.docx"
    write_report(report().splitlines(), docx)
    return [check_path("r.txt", load_template("party-spirit"), data=TEXT.encode(), rules=rules),
            check_path("r.docx", data=docx.read_bytes(), profile=load_profile("gbt9704"), rules=rules)]  # fmt: skip


def test_each_rule_declares_the_shared_entries_it_reads(tmp_path: Path, recorded: list[Recording]) -> None:
    results = _checked(tmp_path)
    codes = {d.code for result in results for d in result.diagnostics}
    assert {"N101", "N102", "Q101"} <= codes
    touched = {(rule, key) for memo in recorded for rule, what, key in memo.events if rule and what != "dropped"}
    shared = {key for _, key in touched} - MODEL_MEMOS
    assert {"renumbering", "numbered_lists", "substance_hits", "layout"} <= shared
    undeclared = sorted((rule, key) for rule, key in touched if key in shared and key not in RULES[rule].memos)
    assert undeclared == []


def test_an_entry_is_made_once_and_dropped_after_its_last_reader(tmp_path: Path, recorded: list[Recording]) -> None:
    _checked(tmp_path)
    for memo in recorded:
        made = [key for _, what, key in memo.events if what == "made"]
        assert len(made) == len(set(made))  # none worked out again after it was dropped
        for key in set(made) - MODEL_MEMOS:
            last = [code for code in RULES if key in RULES[code].memos][-1]
            dropped = [index for index, (rule, what, k) in enumerate(memo.events) if what == "dropped" and k == key]
            assert len(dropped) == 1 and memo.events[dropped[0]][0] == last, key  # after its last reader ran
            assert all(k != key for _, _, k in memo.events[dropped[0] + 1 :])  # and nobody asked again
    assert recorded and all(memo == {} for memo in recorded)


def test_the_last_enabled_reader_drops_an_entry(tmp_path: Path, recorded: list[Recording]) -> None:
    enabled = frozenset(code for code in RULES if code not in ("N102", "Q107"))
    _checked(tmp_path, RuleFilter(enabled=enabled, severity={}))
    memo = recorded[0]
    assert ("N101", "dropped", "renumbering") in memo.events
    dropped_hits = [rule for rule, what, key in memo.events if what == "dropped" and key == "substance_hits"]
    assert dropped_hits == ["Q106"]
