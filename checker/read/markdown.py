"""Markdown reports: headings and list items become lines, inline markup is removed; each
line is a paragraph, as in .txt.

Each output paragraph keeps a map from its characters back to (line, column) in the file,
so diagnostics point at the source even after ``**`` or ``[text](url)`` were stripped.
"""

from __future__ import annotations

import re

from checker.read.text import comment_remarks, decode_text, split_lines
from checker.read.types import Cell, Document, Paragraph

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+[ \t]*)?$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BULLET = re.compile(r"^(\s*)[-*+][ \t]+")
_ORDERED = re.compile(r"^(\s*)(\d{1,9})([.)])[ \t]+")
_QUOTE = re.compile(r"^(\s*>[ \t]?)+")
_HRULE = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HTML_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")

# Inline markup: (pattern, group that holds the visible text or None to drop all).
_INLINE = re.compile(
    r"!\[[^\]]*\]\([^)]*\)"  # image: dropped
    r"|\[([^\]]+)\]\([^)]*\)"  # link: keep its text
    r"|`([^`]+)`"  # code span: keep its text
    r"|(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\3"  # emphasis: keep its text
    r"|<[^>\n]+>"  # inline HTML tag: dropped
)


def _strip_inline(text: str, cols: list[int]) -> tuple[str, list[int]]:
    """Remove inline markup from ``text`` whose characters sit at columns ``cols``."""
    out: list[str] = []
    out_cols: list[int] = []
    pos = 0
    for m in _INLINE.finditer(text):
        out.append(text[pos : m.start()])
        out_cols.extend(cols[pos : m.start()])
        for group in (1, 2, 4):
            if m.group(group) is not None:
                inner, inner_cols = _strip_inline(m.group(group), cols[m.start(group) : m.end(group)])
                out.append(inner)
                out_cols.extend(inner_cols)
                break
        pos = m.end()
    out.append(text[pos:])
    out_cols.extend(cols[pos:])
    return "".join(out), out_cols


def read_markdown(path: str, data: bytes) -> Document:
    text, encoding = decode_text(data)
    lines = split_lines(text)
    if lines and lines[-1] == "":
        lines.pop()

    paragraphs: list[Paragraph] = []
    # The paragraph being gathered from consecutive plain lines: its text and per-char positions.
    pending_text: list[str] = []
    pending_map: list[tuple[int, int]] = []
    pending_line = 0
    in_fence: str | None = None
    table_count, table_row, table_last_line = -1, 0, -10

    def flush() -> None:
        nonlocal pending_text, pending_map
        if pending_text:
            paragraphs.append(
                Paragraph(text="".join(pending_text), line=pending_line, source_map=tuple(pending_map))
            )
        pending_text, pending_map = [], []

    def emit(line_no: int, content: str, start_col: int, style: str | None) -> None:
        cols = list(range(start_col, start_col + len(content)))
        clean, clean_cols = _strip_inline(content, cols)
        stripped = clean.strip()
        lead = len(clean) - len(clean.lstrip())
        clean_cols = clean_cols[lead : lead + len(stripped)]
        paragraphs.append(
            Paragraph(
                text=stripped,
                line=line_no,
                style=style,
                source_map=tuple((line_no, c) for c in clean_cols) or None,
            )
        )

    for i, raw in enumerate(lines, start=1):
        if in_fence is not None:
            if raw.strip().startswith(in_fence):
                in_fence = None
            continue
        fence = _FENCE.match(raw)
        if fence:
            flush()
            in_fence = fence.group(1)[:3]
            continue
        if not raw.strip() or _HTML_COMMENT.match(raw) or (_TABLE_RULE.match(raw) and "|" in raw):
            flush()
            continue
        if _SETEXT.match(raw) and pending_text:
            # The gathered paragraph was a heading; the underline itself is no paragraph.
            flush()
            continue
        if _HRULE.match(raw):
            flush()
            continue
        body = raw
        offset = 0
        quote = _QUOTE.match(body)
        if quote:
            offset = quote.end()
            body = body[offset:]
        atx = _ATX.match(body)
        if atx:
            flush()
            emit(i, atx.group(2), offset + atx.start(2) + 1, "heading")
            continue
        bullet = _BULLET.match(body)
        if bullet:
            flush()
            emit(i, body[bullet.end() :], offset + bullet.end() + 1, "list")
            continue
        ordered = _ORDERED.match(body)
        if ordered:
            flush()
            # Keep the written number: "1. 加强学习" is the report's own "1." marker.
            start = offset + ordered.start(2)
            content = ordered.group(2) + "." + body[ordered.end() :]
            cols = [start + k + 1 for k in range(len(ordered.group(2)) + 1)]
            cols += list(
                range(offset + ordered.end() + 1, offset + ordered.end() + 1 + len(body) - ordered.end())
            )
            clean, clean_cols = _strip_inline(content, cols)
            paragraphs.append(
                Paragraph(
                    text=clean.rstrip(), line=i, style="list", source_map=tuple((i, c) for c in clean_cols)
                )
            )
            continue
        if body.lstrip().startswith("|"):
            flush()
            if table_last_line != i - 1 and not (
                table_last_line == i - 2 and _TABLE_RULE.match(lines[i - 2])
            ):
                table_count += 1
                table_row = 0
            table_last_line = i
            # One paragraph per cell, each knowing its place in the table.
            pos = body.index("|") + 1
            column = 0
            while pos <= len(body):
                bar = body.find("|", pos)
                end = bar if bar >= 0 else len(body)
                raw_cell = body[pos:end]
                if bar < 0 and not raw_cell.strip():
                    break
                lead = len(raw_cell) - len(raw_cell.lstrip())
                content = raw_cell.strip()
                cols = list(range(offset + pos + lead + 1, offset + pos + lead + 1 + len(content)))
                clean, clean_cols = _strip_inline(content, cols)
                paragraphs.append(
                    Paragraph(text=clean, line=i, style="table", in_table=True,
                              cell=Cell(table_count, table_row, column),
                              # an empty cell still points at its place in the row
                              source_map=tuple((i, c) for c in clean_cols) or ((i, offset + pos + 1),))
                )  # fmt: skip
                column += 1
                if bar < 0:
                    break
                pos = bar + 1
            table_row += 1
            continue
        # A plain line is a paragraph of its own. CommonMark would join consecutive lines, but
        # Chinese reports are not hard-wrapped, and a heading typed on the line after a paragraph
        # (no blank line between) must stay a heading; the setext check above still works.
        flush()
        lead = len(body) - len(body.lstrip())
        content = body.strip()
        cols = list(range(offset + lead + 1, offset + lead + 1 + len(content)))
        clean, clean_cols = _strip_inline(content, cols)
        pending_line = i
        pending_text.append(clean)
        pending_map.extend((i, c) for c in clean_cols)
    flush()
    return Document(
        path=path,
        format="md",
        source_lines=tuple(lines),
        paragraphs=tuple(paragraphs),
        encoding=encoding,
        remarks=comment_remarks(lines)[0],
    )
