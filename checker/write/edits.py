"""Which fixes to apply in one pass: the edits of every fixable diagnostic, without overlaps.

A diagnostic's edits are applied all together or not at all. When two diagnostics want to change
the same characters differently, the first (in reading order) wins and the other waits for the
next pass, after the file has been checked again (as ruff does), so that no edit is applied to
text that another edit has already changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from checker.result import Diagnostic, Edit


@dataclass(slots=True)
class EditPlan:
    """The edits to make, by line, and the findings they fix."""

    by_line: dict[int, list[Edit]] = field(default_factory=dict)  # line → edits, left to right
    fixed: list[Diagnostic] = field(default_factory=list)  # the diagnostics these edits fix

    @property
    def empty(self) -> bool:
        return not self.by_line


def fixable(diagnostics: Iterable[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    return [d for d in diagnostics if (d.fix_safe or unsafe) and d.fix_edits()]


def plan_edits(diagnostics: Sequence[Diagnostic], unsafe: bool, current: dict[int, str] | None = None) -> EditPlan:
    """The edits to apply now. ``current`` (line → its text), when given, drops edits that
    would change nothing or fall outside their line."""
    plan = EditPlan()
    taken: dict[int, list[Edit]] = {}
    for diagnostic in fixable(diagnostics, unsafe):
        edits: list[Edit] = []
        for edit in diagnostic.fix_edits():
            line, column, end_column, text = edit
            if current is not None:
                source = current.get(line)
                if source is None or column < 1 or end_column > len(source) or end_column < column - 1:
                    edits = []
                    break
                if source[column - 1 : end_column] == text:
                    continue  # already so
            edits.append(edit)
        if not edits:
            continue
        if any(_conflicts(edit, other) for edit in edits for other in taken.get(edit[0], ())):
            continue
        for edit in edits:
            line_edits = taken.setdefault(edit[0], [])
            if edit not in line_edits:
                line_edits.append(edit)
        plan.fixed.append(diagnostic)
    plan.by_line = {line: sorted(edits, key=lambda e: (e[1], e[2])) for line, edits in taken.items()}
    return plan


def _conflicts(a: Edit, b: Edit) -> bool:
    """Two edits on one line touch the same characters (the same edit twice does not conflict).
    An insertion (end = column - 1) conflicts with another at the same point or inside a range."""
    if a == b:
        return False
    a_start, a_end = a[1], a[2] + 1  # half-open
    b_start, b_end = b[1], b[2] + 1
    if a_start == a_end or b_start == b_end:
        if a_start == a_end and b_start == b_end:
            return a_start == b_start
        point, (lo, hi) = (a_start, (b_start, b_end)) if a_start == a_end else (b_start, (a_start, a_end))
        return lo < point < hi
    return a_start < b_end and b_start < a_end


def apply_to_line(text: str, edits: Sequence[Edit]) -> str:
    """``edits`` (left to right, not overlapping) applied to one line, right to left so that the
    columns of the others stay true."""
    for _, column, end_column, replacement in reversed(edits):
        text = text[: column - 1] + replacement + text[end_column:]
    return text
