"""One file through the whole pipeline, each stage once and in order: read → parse (lex; the
template detected from the same blocks when none is given) → model → align → checks →
diagnostics (suppressions applied, the substance verdict drawn).

The pipeline decides nothing about reports; it wires the stages and turns a reader's refusal
into one E-code error for that file, so a batch goes on.
"""

from __future__ import annotations

import dataclasses
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from checker.read import Document, ReadError, read_bytes, read_path
from checker.read.limits import DEFAULT_LIMITS, Limits
from checker.result import (
    PICKLE_PIECE,
    DetectionInfo,
    Diagnostic,
    Edit,
    FileResult,
    Pieces,
    pack,
    pack_findings,
    pack_piece,
)
from checker.severity import Severity
from checker.template import Template

if TYPE_CHECKING:
    from checker.checklists import Checklist
    from checker.config import LengthOverrides, RuleFilter
    from checker.model import Report, Span
    from checker.profile import Profile
    from checker.substance import SubstanceChanges

__all__ = ["DetectionInfo", "Diagnostic", "FileResult", "check_document", "check_path"]


def check_document(
    document: Document,
    template: Template | None = None,
    checklist: Checklist | None = None,
    links: str = "lexical",
    rules: RuleFilter | None = None,
    lengths: LengthOverrides | None = None,
    profile: Profile | None = None,
    substance: SubstanceChanges | None = None,
) -> FileResult:
    """Check a read document with ``template``, or with the template detected from it;
    ``checklist`` attaches a yearly check-list for the K1xx rules, ``profile`` the format
    profile for the F1xx rules, ``substance`` a configuration's changes to the Q1xx settings."""
    from checker.align import align
    from checker.checks import RULES
    from checker.model.build import build_report
    from checker.parse.lexer import lex

    blocks = lex(list(document.paragraphs))
    detection = None
    known = True
    if template is None:
        from checker.detect import detect_template

        detected = detect_template(document, blocks)
        template = detected.template
        known = detected.known
        candidates = tuple(name for name, evidence in detected.scores[:3] if evidence > 0)
        detection = DetectionInfo(detected.confidence, detected.reasons, known, () if known else candidates)
    template = effective_template(template, checklist, profile, lengths, substance)

    report = build_report(document, blocks)
    del blocks  # the lexer's blocks (a marker and offsets per item): the model holds what it needs
    # A document that is no known kind of report (a notice, a thesis) gets the language rules
    # only: structure, counts, lengths and links of a template it does not follow mean nothing.
    alignment = align(report, template, links, linked=known)
    if detection is not None and known and alignment.sections.by_meaning:
        # Detection counted the headings a synonym names; say which parts were found by content,
        # or its "必备部分齐 2/3" would contradict the absent S101.
        detection = dataclasses.replace(detection, reasons=detection.reasons + tuple(
            (f"“{section.title[:20]}”按内容识别为“{spec.label}”",
             f"“{section.title[:20]}” recognised by its content as {spec.label_en or spec.label}")
            for section, spec in alignment.sections.by_meaning))  # fmt: skip
    # Each rule's findings sorted, and when there are more than PICKLE_PIECE packed (Pieces), as
    # soon as the rule is done: a hostile 2 MB paragraph gives three rules 100,000 findings each,
    # which held as objects (750 bytes each) were most of the check's memory.
    streams: list[Sequence[Diagnostic]] = []
    per_code: dict[str, tuple[str, Severity]] = {}  # rule name and effective severity
    windows: dict[tuple[int, int], str] = {}  # the excerpts of long lines, shared (_excerpt)
    running = [rule for rule in RULES.values() if rule.check is not None
               and (rules is None or rule.code in rules.enabled) and (known or rule.family in LANGUAGE_FAMILIES)]  # fmt: skip
    # What the rules share goes as soon as the last rule that reads it has run: on a hostile 2 MB
    # paragraph the renumbering edits (50 MB) and the Q scan of every item (65 MB) were otherwise
    # held together, and with them the later rules' work.
    last_reader = {memo: rule.code for rule in running for memo in rule.memos}
    for rule in running:
        found = _Collected(windows)
        for finding in rule.findings(report, template, alignment):
            span = finding.span
            excerpt, excerpt_start = _excerpt(document.line_text(span.line), span.column, span.line, windows)
            meta = per_code.get(finding.code)
            if meta is None:  # once per code: a report may hold 20,000 findings of one rule
                spec = RULES[finding.code]
                default = template.level(spec.code) or spec.severity.value  # the template's, else the rule's
                level = Severity(rules.level(spec.code, default) if rules else default)
                meta = per_code[finding.code] = (spec.name, level)
            found.add(
                Diagnostic(
                    code=finding.code,
                    rule=meta[0],
                    severity=_LOWER[meta[1]] if finding.tentative else meta[1],
                    line=span.line,
                    column=span.column,
                    end_line=max(span.end_line, span.line),
                    end_column=span.end_column
                    if span.end_line > span.line
                    else max(span.end_column, span.column),
                    args=finding.args,
                    excerpt=excerpt,
                    excerpt_start=excerpt_start,
                    fix=finding.fix if span.end_line == span.line or finding.edits is not None else None,
                    fix_safe=finding.fix_safe,
                    edits=_edits(finding.edits) if finding.edits is not None else None,
                )
            )
        if found.count:
            streams.append(found.done())
        for memo in rule.memos:
            if last_reader[memo] == rule.code:
                report.memo.pop(memo, None)
    # The checks are done: what is left of what they shared (the model's item lists and roles)
    # goes before the outline is built, so the two are never held together; whatever reads the
    # model later computes again what it needs.
    report.memo.clear()
    if not known and (rules is None or "S109" in rules.enabled) and detection is not None:
        streams.append([_unknown_kind(document, report, detection, rules)])
    diagnostics = _in_order(streams, document, rules)
    verdict = None
    if known:
        from checker.verdict import substance_verdict

        verdict = substance_verdict(report, template, diagnostics, rules.enabled if rules else None)
    return FileResult(
        path=document.path,
        template=template.name if known else None,
        chars=report.chars,
        paragraphs=sum(1 for p in document.paragraphs if p.text.strip()),
        report=report,
        alignment=alignment,
        document=document,
        diagnostics=diagnostics,
        detection=detection,
        substance=verdict,
    )


def _order(d: Diagnostic) -> tuple[int, int, str]:
    return d.line, d.column, d.code


class _Collected:
    """One rule's findings, sorted by place; past PICKLE_PIECE of them, packed a piece at a time
    as they come while they come in order (as the checks walk the report), so that a rule's
    100,000 findings are never all held as objects. Out of order, they are held and sorted."""

    __slots__ = ("count", "in_order", "last", "piece", "pieces", "windows")

    def __init__(self, windows: dict[tuple[int, int], str]) -> None:
        self.pieces: list[bytes] = []
        self.piece: list[Diagnostic] = []
        self.last: tuple[int, int, str] = (0, 0, "")
        self.count = 0
        self.in_order = True
        self.windows = windows

    def add(self, d: Diagnostic) -> None:
        key = (d.line, d.column, d.code)
        if key < self.last:
            self.in_order = False
        self.last = key
        if len(self.piece) == PICKLE_PIECE and self.in_order:
            self.pieces.append(pack_piece(self.piece))
            self.piece = []
            self.windows.clear()  # the excerpts packed: the next piece makes its own
        self.piece.append(d)
        self.count += 1

    def done(self) -> Sequence[Diagnostic]:
        if not self.pieces:
            self.piece.sort(key=_order)
            return self.piece
        self.windows.clear()
        if self.in_order:
            return Pieces([*self.pieces, pack_piece(self.piece)], self.count)
        every = [*Pieces(self.pieces, self.count - len(self.piece)), *self.piece]  # rare: held, then sorted
        every.sort(key=_order)
        return pack(every)


def _in_order(streams: list[Sequence[Diagnostic]], document: Document, rules: RuleFilter | None) -> Sequence[Diagnostic]:
    """Every rule's findings, in the order of the rules, suppressions applied and sorted by place
    (a stable sort of them all). Rules whose findings were packed are merged from their Pieces,
    each sorted apart, and the whole packed as it is made (heapq.merge keeps the first stream's
    of equal keys first: the same order)."""
    if not any(isinstance(stream, Pieces) for stream in streams) or document.remarks:
        diagnostics = [d for stream in streams for d in stream]
        diagnostics = _apply_suppressions(document, diagnostics, rules)
        diagnostics.sort(key=_order)
        return pack_findings(diagnostics)
    import heapq

    return pack_findings(heapq.merge(*streams, key=_order))


# A tentative finding (a borderline case) is reported one level below its rule's severity.
_LOWER = {Severity.ERROR: Severity.WARNING, Severity.WARNING: Severity.INFO, Severity.INFO: Severity.INFO}

# Rules that apply to any document, report or not: its language and its layout.
LANGUAGE_FAMILIES = frozenset({"typography", "terms", "typos", "style", "suppression", "layout"})

# Templates with a file's settings over them, by the identity of the parts (kept alive here, so
# that an id is never reused while its entry stands).
_EFFECTIVE: dict[tuple[object, ...], tuple[tuple[object, ...], Template]] = {}


def effective_template(template: Template, checklist: Checklist | None = None, profile: Profile | None = None,
                       lengths: LengthOverrides | None = None, substance: SubstanceChanges | None = None) -> Template:  # fmt: skip
    """``template`` with a file's settings over it: a yearly check-list, a format profile, a
    configuration's length thresholds and [substance] changes. Built once per combination in a
    process, then the same object for every file that has it: the checks keep what they derive
    from a template (compiled word lists, resolved settings) by its identity."""
    parts = (template, checklist, profile, lengths, substance)
    key = tuple(id(part) for part in parts)
    found = _EFFECTIVE.get(key)
    if found is not None and all(a is b for a, b in zip(found[0], parts, strict=True)):
        return found[1]
    combined = template
    if checklist is not None:
        combined = dataclasses.replace(combined, checklist=checklist)
    if profile is not None:
        combined = dataclasses.replace(combined, profile=profile)
    if lengths is not None:
        changed = {k: v for k, v in dataclasses.asdict(lengths).items() if v is not None}
        if changed:
            combined = dataclasses.replace(combined, lengths=dataclasses.replace(combined.lengths, **changed))
    if substance is not None and not substance.is_empty():
        from checker.substance import merge_changes

        combined = dataclasses.replace(combined, substance=merge_changes(combined.substance, substance))
    _EFFECTIVE[key] = (parts, combined)
    return combined


def _unknown_kind(document: Document, report: Report, detection: DetectionInfo, rules: RuleFilter | None) -> Diagnostic:
    """S109, once, on the title or the first line: no known kind fits; the closest named."""
    from checker.checks import RULES
    from checker.template import load_template

    line = report.title_line or next((p.line for p in document.paragraphs if p.text.strip()), 1)
    names = [f"{load_template(name).title}（{name}）" for name in detection.candidates]
    names_en = [f"{load_template(name).title_en or name} ({name})" for name in detection.candidates]
    spec = RULES["S109"]
    level = Severity(rules.level("S109", spec.severity.value)) if rules else spec.severity
    args = {"closest": "最接近的是" + "、".join(names) if names else "没有哪种报告的特征",
            "closest_en": "closest: " + ", ".join(names_en) if names else "no report's features"}  # fmt: skip
    return Diagnostic("S109", spec.name, level, line, 1, line, 1, args, _excerpt(document.line_text(line), 1)[0])


def _edits(edits: tuple[tuple[Span, str], ...]) -> list[Edit]:
    return [(span.line, span.column, span.end_column, text) for span, text in edits if span.end_line == span.line]


def _apply_suppressions(
    document: Document, diagnostics: list[Diagnostic], rules: RuleFilter | None
) -> list[Diagnostic]:
    """Drop what the writer's `reportlint: ignore[…]` remarks silence; report the remarks that
    silence nothing (X101)."""
    if not document.remarks:
        return diagnostics
    from checker.checks import RULES
    from checker.suppress import parse_suppressions

    suppressions = parse_suppressions(document.remarks)
    used: set[int] = set()
    kept = []
    for d in diagnostics:
        hit = next((i for i, s in enumerate(suppressions) if s.covers(d.code, d.line)), None)
        if hit is None:
            kept.append(d)
        else:
            used.add(hit)
    if rules is None or "X101" in rules.enabled:
        for i, s in enumerate(suppressions):
            if i not in used:
                line = s.remark.line
                directive = s.remark.text.strip().splitlines()[0][:60]
                default = RULES["X101"].severity
                kept.append(Diagnostic("X101", RULES["X101"].name,
                                       Severity(rules.level("X101", default.value)) if rules else default,
                                       line, 1, line, 1, {"directive": directive}, _excerpt(document.line_text(line), 1)[0]))  # fmt: skip
    return kept


MAX_EXCERPT = 400  # characters of a line kept in an excerpt (a report may hold a 2 MB paragraph)
EXCERPT_LEAD = 100  # characters of a long line kept before the finding …
EXCERPT_STEP = 50  # … give or take this many: the findings near one another share one window


def _excerpt(line: str, column: int, number: int = 0,
             windows: dict[tuple[int, int], str] | None = None) -> tuple[str, int]:  # fmt: skip
    """The excerpt of line ``number`` (its text ``line``) for a finding at ``column``, and where
    it starts in the line: the line itself, or for a long line a window around the finding (marked
    with …). Windows start at multiples of EXCERPT_STEP (or end where the line does), and
    ``windows`` keeps each one made, so that the hundred thousand findings of a hostile 2 MB
    paragraph share a few thousand strings rather than holding one each."""
    if len(line) <= MAX_EXCERPT:
        return line, 0
    start = max(0, min((column - 1 - EXCERPT_LEAD) // EXCERPT_STEP * EXCERPT_STEP, len(line) - MAX_EXCERPT))
    key = (number, start)
    text = windows.get(key) if windows is not None else None
    if text is None:
        text = ("…" if start else "") + line[start : start + MAX_EXCERPT] + ("…" if start + MAX_EXCERPT < len(line) else "")
        if windows is not None:
            windows[key] = text
    return text, start


def check_path(
    path: str,
    template: Template | None = None,
    data: bytes | None = None,
    checklist: Checklist | None = None,
    links: str = "lexical",
    limits: Limits = DEFAULT_LIMITS,
    rules: RuleFilter | None = None,
    lengths: LengthOverrides | None = None,
    profile: Profile | None = None,
    substance: SubstanceChanges | None = None,
) -> FileResult:
    """Check one file; a file that cannot be read, or whose check runs past ``limits.timeout``
    seconds, gives a result with ``error`` set."""
    try:
        with time_limit(limits.timeout):
            try:
                formatting = profile is not None  # fonts and page set-up are read only to be checked
                document = (read_bytes(path, data, limits, formatting) if data is not None
                            else read_path(path, limits, formatting))  # fmt: skip
            except ReadError as exc:
                return FileResult(path=path, template=None, error=(exc.code, exc.detail))
            except MemoryError:
                return FileResult(path=path, template=None, error=("E006", "out of memory"))
            except RecursionError:
                return FileResult(path=path, template=None, error=("E002", "nesting too deep"))
            return check_document(document, template, checklist, links, rules, lengths, profile, substance)
    except CheckTimeout:
        return FileResult(path=path, template=None, error=("E013", f"{limits.timeout:g}"))


class CheckTimeout(BaseException):
    """Raised into a check that ran past its time (a BaseException, so that no ``except
    Exception`` on the way swallows it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` with CheckTimeout. A timer signal, so only in a
    process's main thread (the command line, each worker process, the warm worker); elsewhere,
    and with 0, no limit."""
    if (not seconds or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):  # fmt: skip
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise CheckTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
