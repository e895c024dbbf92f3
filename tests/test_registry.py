"""Every rule is registered once, documented in both languages, and exercised by a test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.checks import RULES
from checker.messages import MESSAGES
from checker.output.rules import explain_text

TESTS = Path(__file__).resolve().parent


def test_codes_are_well_formed_and_unique() -> None:
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))
    for code, rule in RULES.items():
        assert re.fullmatch(r"[A-Z][0-9]{3}", code)
        assert rule.code == code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_has_messages_and_explain(code: str) -> None:
    rule = RULES[code]
    assert MESSAGES[code]["zh"] and MESSAGES[code]["en"]
    assert rule.summary["zh"] and rule.summary["en"]
    assert rule.why["zh"] and rule.why["en"]
    assert rule.bad.strip() and rule.good.strip() and rule.bad != rule.good
    for lang in ("zh", "en"):
        text = explain_text(code, lang)
        assert code in text and rule.bad.splitlines()[0] in text


@pytest.mark.parametrize("code", sorted(c for c, r in RULES.items() if r.check is not None and c != "S100"))
def test_every_check_is_asserted_by_a_test(code: str) -> None:
    """grep finds the code in a test that asserts it (beyond this registry test)."""
    users = [
        p
        for p in TESTS.rglob("test_*.py")
        if p.name != "test_registry.py" and f'"{code}"' in p.read_text("utf-8")
    ]
    assert users, f"no test mentions {code}"


def test_the_message_catalogue_names_exactly_the_registered_codes() -> None:
    """config.py reads the list of codes from the catalogue, to avoid importing every check."""
    assert set(MESSAGES) == set(RULES)


def test_the_readme_rules_table_lists_every_rule() -> None:
    import re

    from checker.checks import RULES
    from tests.helpers import REPO

    listed = set(re.findall(r"^\| ([A-Z]\d{3}) \| ", (REPO / "README.md").read_text("utf-8"), re.M))
    assert sorted(set(RULES) - listed) == []
