"""One file through the whole pipeline: read → parse → model → checks → diagnostics.

The engine decides nothing about reports; it wires the stages and turns a reader's refusal
into one E-code error for that file, so a batch goes on.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checker.checks import RULES, Severity
from checker.model import Report
from checker.read import Document, ReadError, read_bytes, read_path
from checker.read.limits import DEFAULT_LIMITS, Limits
from checker.template import Template

if TYPE_CHECKING:
    from checker.checklists import Checklist
    from checker.config import LengthOverrides, RuleFilter
    from checker.detect import Detection


@dataclass(frozen=True, slots=True)
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
    detection: Detection | None = None  # set when the template was chosen automatically

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)


def check_document(
    document: Document,
    template: Template | None = None,
    checklist: Checklist | None = None,
    links: str = "lexical",
    rules: RuleFilter | None = None,
    lengths: LengthOverrides | None = None,
) -> FileResult:
    """Check a read document with ``template``, or with the template detected from it;
    ``checklist`` attaches a yearly check-list for the K1xx rules."""
    from checker.parse.build import parse_document

    detection = None
    if template is None:
        from checker.detect import detect_template

        detection = detect_template(document)
        template = detection.template
    if checklist is not None:
        template = dataclasses.replace(template, checklist=checklist)
    if lengths is not None:
        changed = {k: v for k, v in dataclasses.asdict(lengths).items() if v is not None}
        if changed:
            template = dataclasses.replace(template, lengths=dataclasses.replace(template.lengths, **changed))

    report = parse_document(document, template, links)
    diagnostics: list[Diagnostic] = []
    for rule in RULES.values():
        if rule.check is None or (rules is not None and rule.code not in rules.enabled):
            continue
        for finding in rule.check(report, template):
            span = finding.span
            default = RULES[finding.code].severity
            diagnostics.append(
                Diagnostic(
                    code=finding.code,
                    rule=RULES[finding.code].name,
                    severity=Severity(rules.level(finding.code, default.value)) if rules else default,
                    line=span.line,
                    column=span.column,
                    end_line=max(span.end_line, span.line),
                    end_column=span.end_column
                    if span.end_line > span.line
                    else max(span.end_column, span.column),
                    args=finding.args,
                    excerpt=_excerpt(document.line_text(span.line), span.column),
                )
            )
    diagnostics.sort(key=lambda d: (d.line, d.column, d.code))
    return FileResult(
        path=document.path,
        template=template.name,
        chars=report.chars,
        paragraphs=sum(1 for p in document.paragraphs if p.text.strip()),
        report=report,
        document=document,
        diagnostics=diagnostics,
        detection=detection,
    )


MAX_EXCERPT = 400  # characters of a line kept in an excerpt (a report may hold a 2 MB paragraph)


def _excerpt(line: str, column: int) -> str:
    if len(line) <= MAX_EXCERPT:
        return line
    start = max(0, min(column - 1 - MAX_EXCERPT // 4, len(line) - MAX_EXCERPT))
    return (
        ("…" if start else "")
        + line[start : start + MAX_EXCERPT]
        + ("…" if start + MAX_EXCERPT < len(line) else "")
    )


def check_path(
    path: str,
    template: Template | None = None,
    data: bytes | None = None,
    checklist: Checklist | None = None,
    links: str = "lexical",
    limits: Limits = DEFAULT_LIMITS,
    rules: RuleFilter | None = None,
    lengths: LengthOverrides | None = None,
) -> FileResult:
    """Check one file; a file that cannot be read gives a result with ``error`` set."""
    try:
        document = read_bytes(path, data, limits) if data is not None else read_path(path, limits)
    except ReadError as exc:
        return FileResult(path=path, template=None, error=(exc.code, exc.detail))
    except MemoryError:
        return FileResult(path=path, template=None, error=("E006", "out of memory"))
    except RecursionError:
        return FileResult(path=path, template=None, error=("E002", "nesting too deep"))
    return check_document(document, template, checklist, links, rules, lengths)
