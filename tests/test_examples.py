"""The shipped examples: each is detected as its template and, but for flawed, is clean."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from checker.pipeline import check_path
from checker.template import builtin_names
from tests.helpers import REPO

EXAMPLES = sorted(p for p in (REPO / "examples").iterdir() if p.suffix in (".txt", ".md", ".docx"))
EXPECTED = {
    "clean": "party-spirit", "party-spirit-2": "party-spirit", "nested": "life-meeting", "flawed": "life-meeting",
    "self-examination-1": "self-examination", "self-examination-2": "self-examination",
    "duty-report-1": "duty-report", "duty-report-2": "duty-report", "rectification-1": "rectification",
    "rectification-2": "rectification", "checklist-table-1": "checklist-table", "checklist-table-2": "checklist-table",
    "thin": "party-spirit",
}  # fmt: skip



@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_is_detected_and_clean(path: Path) -> None:
    result = check_path(str(path))
    assert result.error is None
    assert result.template == EXPECTED[path.stem]
    if path.stem == "flawed":
        assert len(result.diagnostics) > 10
    elif path.stem == "thin":
        # every substance rule a 党性分析报告 can show, as a warning, and nothing else above info
        warned = sorted({d.code for d in result.diagnostics if d.severity.value != "info"})
        assert warned == ["Q101", "Q102", "Q103", "Q104", "Q105", "Q106"]
    else:
        assert [(d.code, d.line) for d in result.diagnostics if d.severity.value != "info"] == []


def test_every_template_has_two_example_reports() -> None:
    per_template = Counter(EXPECTED[stem] for stem in {p.stem for p in EXAMPLES})
    assert {name for name in builtin_names() if per_template[name] < 2} == set()
