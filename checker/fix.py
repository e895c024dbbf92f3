"""Fixes: a corrected copy of a .txt or .md report, never the input changed in place unless
asked (`--fix-in-place`), and then atomically (a temporary file renamed over it).

Safe fixes (punctuation width, doubled marks, ellipses and dashes, full-width digits) are applied
with --fix; unsafe ones (a formulation, a word, a traditional character — a person should look)
only with --unsafe-fixes too. Each line's fixes are applied right to left so that columns stay true.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from checker.read.text import decode_text
from checker.result import Diagnostic, FileResult

FIXABLE_FORMATS = (".txt", ".md", ".markdown", ".text")


def fixed_name(path: str) -> str:
    """报告.txt → 报告.fixed.txt"""
    base, ext = os.path.splitext(path)
    return f"{base}.fixed{ext}"


def apply_fixes(text: str, diagnostics: Sequence[Diagnostic], unsafe: bool) -> tuple[str, int]:
    """``text`` with the fixes applied; returns it and how many were applied."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    by_line: dict[int, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.fix is not None and d.line == d.end_line and (d.fix_safe or unsafe):
            by_line.setdefault(d.line, []).append(d)
    applied = 0
    for line_no, fixes in by_line.items():
        if not 0 < line_no <= len(lines):
            continue
        line = lines[line_no - 1]
        taken_from = len(line) + 1
        for d in sorted(fixes, key=lambda d: d.column, reverse=True):
            start, end = d.column - 1, d.end_column
            if end > taken_from or start < 0 or end > len(line):
                continue  # overlaps a fix already applied
            line = line[:start] + (d.fix or "") + line[end:]
            taken_from = start
            applied += 1
        lines[line_no - 1] = line
    return newline.join(lines), applied


def write_fixed(result: FileResult, unsafe: bool, in_place: bool) -> tuple[str | None, int]:
    """Write the corrected copy (or replace the input with --fix-in-place); return its path and
    the number of fixes, or (None, 0) when the format cannot be fixed or nothing applies."""
    if result.error is not None or not result.path.lower().endswith(FIXABLE_FORMATS):
        return None, 0
    source = Path(result.path)
    raw = source.read_bytes()
    text, encoding = decode_text(raw)
    fixed, count = apply_fixes(text, result.diagnostics, unsafe)
    if count == 0:
        return None, 0
    target = source if in_place else Path(fixed_name(result.path))
    codec = {"utf-8-bom": "utf-8-sig", "utf-16": "utf-16"}.get(encoding, encoding)
    data = fixed.encode(codec)
    handle, temporary = tempfile.mkstemp(dir=str(target.parent), prefix=".reportlint-", suffix=target.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return str(target), count
