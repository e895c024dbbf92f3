"""What checking one file gives: its diagnostics, or the error that stopped it. A module of its
own, light to import: outputs, the cache and the baseline read results without loading the
parser, the model or any check."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checker.severity import Severity

if TYPE_CHECKING:
    from checker.model import Report
    from checker.read import Document


# One change a fix makes: (line, column, end_column, text) replaces columns column..end_column of
# that line (1-based, inclusive; end_column = column - 1 inserts). Every edit stays on one line.
Edit = tuple[int, int, int, str]


@dataclass(slots=True)  # not frozen: a frozen __init__ costs 7× more, felt when 2,000 cached results load
class Diagnostic:
    code: str
    rule: str
    severity: Severity
    line: int
    column: int
    end_line: int
    end_column: int
    args: dict[str, Any]
    excerpt: str
    fix: str | None = None  # what the span becomes (shown as the suggestion)
    fix_safe: bool = True
    edits: list[Edit] | None = None  # when a fix changes more than the span (renumbering a list)

    def suggestion(self) -> str | None:
        """What the fix writes in place of the finding's span, shown as the suggestion."""
        if self.fix:
            return self.fix
        texts = [text for line, _, _, text in self.fix_edits() if line == self.line]
        return "".join(texts) or None

    def fix_edits(self) -> list[Edit]:
        """The edits that apply this finding's fix (none when it has no fix)."""
        if self.edits is not None:
            return self.edits
        if self.fix is not None and self.line == self.end_line:
            return [(self.line, self.column, self.end_column, self.fix)]
        return []


@dataclass(slots=True)
class FileResult:
    path: str
    template: str | None
    error: tuple[str, str] | None = None  # (E-code, detail)
    chars: int = 0
    paragraphs: int = 0
    report: Report | None = None
    document: Document | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    detection: DetectionInfo | None = None  # set when the template was chosen automatically
    outline: dict[str, Any] | None = None  # the JSON outline, kept when report is dropped
    signature: Any = None  # paragraph MinHash signatures (checker.similar) when copies are looked for
    # The reviewers' verdict on the substance (checker.verdict): per aspect, items and how many fall short.
    substance: dict[str, Any] | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def slim(self, outline: bool = True) -> FileResult:
        """What the outputs need, without the document and model (to cross processes or be cached);
        the outline (every item's text) only when ``outline``: JSON output is the one that shows it."""
        if outline and self.report is not None and self.outline is None:
            from checker.output.jsonout import outline_json

            self.outline = outline_json(self.report)
        return dataclasses.replace(self, report=None, document=None)


@dataclass(frozen=True, slots=True)
class DetectionInfo:
    """How sure auto-detection was and why (the Detection without its template object).
    ``known`` is False for a document that fits no kind of report (only the language rules ran);
    ``candidates`` then names the closest kinds."""

    confidence: float
    reasons: tuple[tuple[str, str], ...]
    known: bool = True
    candidates: tuple[str, ...] = ()
