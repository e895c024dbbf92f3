"""Markdown reports: headings and list items become lines, inline markup is removed; each
line is a paragraph, as in .txt.

Each output paragraph keeps a map from its characters back to (line, column) in the file,
so diagnostics point at the source even after ``**`` or ``[text](url)`` were stripped.
"""

from __future__ import annotations

import re

from checker.read.decode import comment_remarks, decode_text, split_lines
from checker.read.types import Cell, Document, Paragraph

_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BULLET = re.compile(r"^(\s*)[-*+][ \t]+")
_ORDERED = re.compile(r"^(\s*)(\d{1,9})([.)])[ \t]+")
_QUOTE = re.compile(r"^(\s*>[ \t]?)+")
_HRULE = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_RULE_CELL = re.compile(r"\s*:?-{2,}:?\s*")
_HTML_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
_EMPHASIS = ("**", "__", "*", "_", "~~")  # tried in this order, as CommonMark's delimiter runs
MAX_NESTING = 4  # markup inside markup, stripped this deep (deeper stays as typed)

# Every pattern below is matched by hand rather than by a regular expression: a pattern such as
# \[[^\]]+\] searched over a line without "]" rescans the rest of the line from every "[" (and a
# line of a report may be 2 MB long). Each scan here finds the next closing mark once and reuses
# it while the position moves on, so a line is read a bounded number of times.


def _atx(body: str) -> tuple[str, int] | None:
    """An ATX heading (# …): its text and where the text starts, or None."""
    start = len(body) - len(body.lstrip(" "))
    if start > 3 or not body.startswith("#", start):
        return None
    end = start
    while end < len(body) and body[end] == "#":
        end += 1
    if end - start > 6 or (end < len(body) and body[end] not in " \t"):
        return None
    while end < len(body) and body[end] in " \t":
        end += 1
    content = body[end:].rstrip(" \t")
    hashes = len(content) - len(content.rstrip("#"))
    if hashes and (hashes == len(content) or content[-hashes - 1] in " \t"):
        content = content[:-hashes]  # the closing sequence: # 标题 ##
    return content, end


def _table_rule(line: str) -> bool:
    """| --- | :---: | : a table's delimiter row."""
    body = line.strip()
    if "|" not in body:
        return False
    body = body.removeprefix("|").removesuffix("|")
    return all(_RULE_CELL.fullmatch(cell) for cell in body.split("|"))


class _Next:
    """Where the next closing mark is, for positions that only move forward: each part of the
    text is searched at most once per kind of mark."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[tuple[str, bool], tuple[int, int]] = {}  # (mark, …) → (from, at or -1)

    def find(self, mark: str, start: int, after_non_space: bool = False) -> int:
        key = (mark, after_non_space)
        known = self.found.get(key)
        if known is not None and known[0] <= start and (known[1] == -1 or start <= known[1]):
            return known[1]
        at = self.text.find(mark, start)
        while after_non_space and at != -1 and self.text[at - 1].isspace():
            at = self.text.find(mark, at + 1)
        self.found[key] = (start, at)
        return at


def _strip_inline(text: str, cols: list[int], depth: int = 0) -> tuple[str, list[int]]:
    """Remove inline markup from ``text`` whose characters sit at columns ``cols``: images,
    links (their text kept), code spans, emphasis (kept), inline HTML tags."""
    if depth >= MAX_NESTING or not any(c in text for c in "![`*_~<"):
        return text, cols
    out: list[str] = []
    out_cols: list[int] = []
    find = _Next(text).find
    n = len(text)
    pos = 0  # text[pos:i] is plain, not yet copied
    i = 0
    while i < n:
        c = text[i]
        kept: tuple[int, int] | None = None  # the visible part of a construct found at i
        end = -1  # just after the construct
        if c == "!" and text.startswith("[", i + 1):
            close = find("]", i + 2)
            if close != -1 and text.startswith("(", close + 1):
                paren = find(")", close + 2)
                if paren != -1:
                    end = paren + 1
        elif c == "[":
            close = find("]", i + 1)
            if close > i + 1 and text.startswith("(", close + 1):
                paren = find(")", close + 2)
                if paren != -1:
                    kept, end = (i + 1, close), paren + 1
        elif c == "`":
            close = find("`", i + 1)
            if close > i + 1:
                kept, end = (i + 1, close), close + 1
        elif c in "*_~":
            for mark in _EMPHASIS:
                inner = i + len(mark)
                if text.startswith(mark, i) and inner < n and not text[inner].isspace():
                    close = find(mark, inner + 1, after_non_space=True)
                    if close != -1:
                        kept, end = (inner, close), close + len(mark)
                        break
        elif c == "<":
            close = find(">", i + 1)
            if close > i + 1:
                end = close + 1
        if end == -1:
            i += 1
            continue
        out.append(text[pos:i])
        out_cols.extend(cols[pos:i])
        if kept is not None:
            inner_text, inner_cols = _strip_inline(text[kept[0] : kept[1]], cols[kept[0] : kept[1]], depth + 1)
            out.append(inner_text)
            out_cols.extend(inner_cols)
        pos = i = end
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
        if not raw.strip() or _HTML_COMMENT.match(raw) or _table_rule(raw):
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
        atx = _atx(body)
        if atx:
            flush()
            emit(i, atx[0], offset + atx[1] + 1, "heading")
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
                table_last_line == i - 2 and _table_rule(lines[i - 2])
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
