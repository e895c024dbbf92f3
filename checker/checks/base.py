"""What a check is and what it yields.

A check is a pure function of (report, template) that yields findings, or of (report, template,
alignment) for a rule declared ``aligned=True`` (the sections matched and the links made by
checker/align, once per report); it never reads files, never prints and never imports another
check. The engine adds severity and rule name, and
the output stage renders the message from the catalogue in the chosen language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checker.model import Report, Span
from checker.read.types import Paragraph
from checker.severity import Severity

__all__ = [
    "RULES",
    "AlignedCheck",
    "CheckFunction",
    "Finding",
    "Rule",
    "Severity",
    "paragraph_span",
    "register_static",
    "rule",
]
from checker.template import Template

if TYPE_CHECKING:
    from checker.align import Alignment


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found: its code, where, the message's arguments, and a fix when there is one."""

    code: str
    span: Span
    args: dict[str, Any] = field(default_factory=dict)
    fix: str | None = None  # text to put in place of the span (on one line)
    fix_safe: bool = True  # unsafe fixes (a formulation, a word) need --unsafe-fixes
    # A fix that changes more than the span: each (span on one line, its new text). With edits,
    # ``fix`` only names the suggestion; () means there is nothing to apply here.
    edits: tuple[tuple[Span, str], ...] | None = None
    # A borderline case: reported one level below the rule's severity (a warning rule gives info).
    tentative: bool = False


CheckFunction = Callable[[Report, Template], Iterable[Finding]]
AlignedCheck = Callable[[Report, Template, "Alignment"], Iterable[Finding]]


def paragraph_span(p: Paragraph, start: int, end: int) -> Span:
    """The span of ``p.text[start:end]`` in the file (one character when the range is empty)."""
    line, col = p.position(start)
    end_line, end_col = p.position(max(end - 1, start))
    return Span(line, col, end_line, end_col)


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule as registered by @rule: its code, name, severity, family, messages' explanation and check."""

    code: str
    name: str
    severity: Severity
    family: str  # structure | numbering | counts | length | input
    summary: dict[str, str]  # one line, zh and en
    why: dict[str, str]  # why it matters, zh and en
    bad: str  # an example that triggers the rule
    good: str  # the same, corrected
    check: CheckFunction | AlignedCheck | None
    # How the rule decides, when that needs saying: what it counts, when it warns, how to tune it.
    detection: dict[str, str] = field(default_factory=dict)
    aligned: bool = False  # the check reads the alignment: check(report, template, alignment)
    # The entries of ``report.memo`` the check shares with other rules (the renumbering edits,
    # the Q scan of every item): the engine drops each after the last rule that reads it runs.
    memos: tuple[str, ...] = ()

    def findings(self, report: Report, template: Template, alignment: Alignment) -> Iterable[Finding]:
        """What the check finds in ``report``."""
        if self.check is None:
            return ()
        if self.aligned:
            return self.check(report, template, alignment)  # type: ignore[call-arg]
        return self.check(report, template)  # type: ignore[call-arg]


RULES: dict[str, Rule] = {}


def rule(
    *,
    code: str,
    name: str,
    severity: Severity,
    summary: dict[str, str],
    why: dict[str, str],
    bad: str,
    good: str,
    detection: dict[str, str] | None = None,
    aligned: bool = False,
    memos: tuple[str, ...] = (),
) -> Callable[[Any], Any]:
    """Register a check under its code. The family is the module the check lives in. With
    ``aligned``, the check takes the alignment as its third argument; ``memos`` names the
    entries of ``report.memo`` it reads or writes that other rules share (Rule.memos)."""

    def register(func: Any) -> Any:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        family = func.__module__.rsplit(".", 1)[-1]
        RULES[code] = Rule(code, name, severity, family, summary, why, bad, good, func, detection or {}, aligned, memos)
        return func

    return register


def register_static(
    *, code: str, name: str, severity: Severity, family: str, summary: dict[str, str], why: dict[str, str],
    bad: str, good: str,
) -> None:  # fmt: skip
    """A code that no check yields directly (the engine's parse and input errors)."""
    RULES[code] = Rule(code, name, severity, family, summary, why, bad, good, None)
