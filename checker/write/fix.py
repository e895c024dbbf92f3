"""Corrected copies: the fixes of the findings written into the text of a .txt/.md report, or into
the runs of a .docx (so that fonts and bold stay where they were; Word's automatic numbering and
every part but the document's body are untouched).

Fixing loops as ruff does: apply every fix that does not collide with another, check the result
again, and repeat until nothing more can be fixed (at most MAX_PASSES times). So a marker that
needs renumbering and a new bracket gets both, and fixing twice changes nothing the second time.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from checker.read.decode import decode_text, encode_text
from checker.result import Diagnostic, FileResult
from checker.write import names
from checker.write.edits import apply_to_line, plan_edits

MAX_PASSES = 10
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
FIXABLE_SUFFIXES = (*TEXT_SUFFIXES, ".docx")

Recheck = Callable[[bytes], FileResult]


@dataclass(slots=True)
class Fixed:
    """A corrected file: its bytes, what was fixed, and the check of what remains."""

    data: bytes  # the corrected file
    count: int  # findings fixed, over every pass
    result: FileResult  # the check of the corrected file: what remains
    fixed: list[Diagnostic]  # the findings fixed, each as found in the pass that fixed it
    # Findings whose fix --fix applies to a .txt but not here: text Word draws itself (an
    # automatic number) or recomputes (a field's result, a table of contents), or an equation.
    unfixable: list[Diagnostic] = field(default_factory=list)


def can_fix(path: str) -> bool:
    return path.lower().endswith(FIXABLE_SUFFIXES)


def fix_file(path: str, data: bytes, result: FileResult, recheck: Recheck, unsafe: bool) -> Fixed:
    """Apply the fixes of ``result`` to ``data`` until none is left that applies."""
    fixed: list[Diagnostic] = []
    for _ in range(MAX_PASSES):
        new_data, applied = fix_once(path, data, result.diagnostics, unsafe)
        if not applied or new_data == data:
            break
        fixed.extend(applied)
        data = new_data
        result = recheck(data)
        if result.error is not None:
            break
    unfixable = unfixable_in_docx(path, data, result.diagnostics, unsafe) if path.lower().endswith(".docx") else []
    return Fixed(data, len(fixed), result, fixed, unfixable)


def unfixable_in_docx(path: str, data: bytes, diagnostics: Sequence[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    """The findings left whose fix this run offers but a .docx cannot take in its text."""
    from checker.read.docx import read_docx_layout
    from checker.write.runs import editable

    wanted = [d for d in diagnostics if d.fix_edits() and (d.fix_safe or unsafe)]
    if not wanted:
        return []
    layout = read_docx_layout(path, data)
    return [d for d in wanted if not all(editable(layout, line, column - 1, end) for line, column, end, _ in d.fix_edits())]


def fix_once(path: str, data: bytes, diagnostics: Sequence[Diagnostic], unsafe: bool) -> tuple[bytes, list[Diagnostic]]:
    """One pass: every fix that does not collide with another; the new bytes and what they fix."""
    if path.lower().endswith(".docx"):
        return _fix_docx_once(path, data, diagnostics, unsafe)
    return _fix_text_once(data, diagnostics, unsafe)


def _fix_text_once(data: bytes, diagnostics: Sequence[Diagnostic], unsafe: bool) -> tuple[bytes, list[Diagnostic]]:
    text, encoding = decode_text(data)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    plan = plan_edits(diagnostics, unsafe, dict(enumerate(lines, start=1)))
    if plan.empty:
        return data, []
    for line, edits in plan.by_line.items():
        lines[line - 1] = apply_to_line(lines[line - 1], edits)
    return encode_text(newline.join(lines), data, encoding), plan.fixed


def _fix_docx_once(path: str, data: bytes, diagnostics: Sequence[Diagnostic], unsafe: bool) -> tuple[bytes, list[Diagnostic]]:
    from checker.read.docx import read_docx_layout
    from checker.write.package import rewrite_package, xml_bytes, zip_name
    from checker.write.runs import editable, replace_text

    layout = read_docx_layout(path, data)
    current = {p.line: p.text for p in layout.document.paragraphs}
    applicable = [d for d in diagnostics if all(editable(layout, line, column - 1, end) for line, column, end, _ in d.fix_edits())]
    plan = plan_edits(applicable, unsafe, current)
    if plan.empty:
        return data, []
    for line, edits in plan.by_line.items():
        for _, column, end_column, text in reversed(edits):  # right to left: offsets stay true
            replace_text(layout, line, column - 1, end_column, text)
    return rewrite_package(data, {zip_name(data, layout.main): xml_bytes(layout.root)}), plan.fixed


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    """The change as a unified diff of the text, a paragraph per line (what ``--diff`` prints)."""
    old, new = _lines(path, before), _lines(path, after)
    return "".join(difflib.unified_diff(old, new, fromfile=path, tofile=names.fixed_name(path)))


def _lines(path: str, data: bytes) -> list[str]:
    if path.lower().endswith(".docx"):
        from checker.read.docx import read_docx

        return [p.text + "\n" for p in read_docx(path, data).paragraphs]
    text = decode_text(data)[0].replace("\r\n", "\n")
    return [line + "\n" for line in text.split("\n")]

