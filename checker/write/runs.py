"""Changing a .docx paragraph at a character offset of its shown text: splitting a run so that a
comment can start or end there (both halves keep the run's formatting), and replacing text
inside the runs that show it (so that bold, fonts and colours stay where they were).

Offsets are those of the reader's text (checker.read.docx), automatic numbering label included:
``DocxLayout.segments`` maps them to the w:t, w:tab … elements that show each character.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from checker.read.docx import DocxLayout
from checker.read.docx.ooxml import W_TAG
from checker.read.docx.text import BEFORE, Segment

_RPR = W_TAG + "rPr"
_T = W_TAG + "t"
_MATH = ("{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath",
         "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMathPara")  # fmt: skip
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _set_text(t: Any, text: str) -> None:
    t.text = text
    if text != text.strip():
        t.set(_XML_SPACE, "preserve")


def _split_run(run: Any, element: Any, at: int) -> Any:
    """Split ``run`` before ``element`` (a child of it), or ``at`` characters into it when it is a
    w:t. Returns the run that now starts there; the new run copies the old one's w:rPr."""
    children = [c for c in run if c.tag != _RPR]
    index = children.index(element)
    if at > 0:
        text = element.text or ""
        right = copy.copy(element)
        right.tail = None
        _set_text(right, text[at:])
        _set_text(element, text[:at])
        moving = [right, *children[index + 1 :]]
    else:
        if index == 0:
            return run
        moving = children[index:]
    new_run = run.makeelement(run.tag, dict(run.attrib))
    rpr = run.find(_RPR)
    if rpr is not None:
        new_run.append(copy.deepcopy(rpr))
    for child in moving:
        new_run.append(child)
    run.addnext(new_run)
    return new_run


def _holder(segment: Segment) -> Any:
    """The element a range marker can stand beside: the run, or the equation holding the text."""
    if segment.run is not None:
        return segment.element.getparent()
    return next(segment.element.iterancestors(*_MATH))


def _visible(segments: Sequence[Segment]) -> list[Segment]:
    return [s for s in segments if s.end > s.start]


def bounds(layout: DocxLayout, line: int, starts: set[int], ends: set[int]) -> dict[tuple[str, int], tuple[Any, int]] | None:
    """Split runs so that each offset in ``starts`` begins a run and each in ``ends`` ends one.
    Returns, for ("start", offset), the element a range should open before and, for ("end",
    offset), the element it should close after, each with the offset it really stands at: a
    range reaching into a field's result takes in the whole field (markers inside a result are
    lost when the field is updated, and LibreOffice drops them). None when the paragraph cannot
    be mapped."""
    segments = layout.segments(line)
    if segments is None:
        return None
    # Offsets inside a w:t: split the text, right to left so that earlier segments stay valid.
    for offset in sorted(starts | ends, reverse=True):
        inside = next((s for s in segments if s.start < offset < s.end), None)
        if inside is not None and inside.run is not None and inside.element.tag == _T and inside.field is None:
            _split_run(inside.run, inside.element, offset - inside.start)
            layout.changed(line)
    segments = _visible(layout.segments(line) or [])
    layout.changed(line)  # runs are split below: the segments' runs go stale
    paragraph = layout.elements[line - 1]
    found: dict[tuple[str, int], tuple[Any, int]] = {}
    for offset in starts:
        # The first segment at or after the offset (an offset inside an equation starts it).
        segment = next((s for s in segments if s.end > offset), None)
        if segment is None:
            continue
        if segment.field is not None:
            start = min(s.start for s in segments if s.field is segment.field)
            found["start", offset] = (_field_start(paragraph, segment.field), start)
        elif segment.run is not None:
            parent = segment.element.getparent()
            found["start", offset] = (_split_run(parent, segment.element, 0), max(offset, segment.start))
        else:
            found["start", offset] = (_holder(segment), segment.start)
    for offset in ends:
        segment = next((s for s in reversed(segments) if s.start < offset), None)
        if segment is None:
            continue
        if segment.field is not None:
            end = max(s.end for s in segments if s.field is segment.field)
            found["end", offset] = (_field_end(paragraph, segment.field), end)
        elif segment.run is not None:
            run = segment.element.getparent()
            children = [c for c in run if c.tag != _RPR]
            index = children.index(segment.element)
            if index + 1 < len(children):
                _split_run(run, children[index + 1], 0)
            found["end", offset] = (run, min(offset, segment.end))
        else:
            found["end", offset] = (_holder(segment), segment.end)
    return found


def _top(paragraph: Any, element: Any) -> Any:
    """The child of the paragraph that holds ``element``."""
    while element.getparent() is not None and element.getparent() is not paragraph:
        element = element.getparent()
    return element


def _field_start(paragraph: Any, field: Any) -> Any:
    if field == BEFORE:  # begun in an earlier paragraph: from this paragraph's start
        return next((c for c in paragraph if c.tag != W_TAG + "pPr"), paragraph)
    return field if field.tag == W_TAG + "fldSimple" else field.getparent()


def _field_end(paragraph: Any, field: Any) -> Any:
    """The run holding the w:fldChar end that closes ``field`` in this paragraph (the paragraph's
    last child when the field goes on past it)."""
    if field != BEFORE and field.tag == W_TAG + "fldSimple":
        return field
    depth = 0
    started = field == BEFORE
    for element in paragraph.iter(W_TAG + "fldChar"):
        if not started:
            started = element is field
            continue
        kind = element.get(W_TAG + "fldCharType")
        if kind == "begin":
            depth += 1
        elif kind == "end":
            if depth == 0:
                return element.getparent()
            depth -= 1
    return paragraph[len(paragraph) - 1]


def editable(layout: DocxLayout, line: int, start: int, end: int) -> bool:
    """Whether characters [start, end) of paragraph ``line`` can be replaced: not the automatic
    numbering label, not a field's result or an equation, and text the reader could map."""
    if not 0 < line <= len(layout.elements) or start < layout.label_length(line) or end < start:
        return False
    segments = layout.segments(line)
    if segments is None:
        return False
    covered = _covered(_visible(segments), start, end)
    return bool(covered) and all(s.editable for s in covered) and covered[-1].end >= end


def _covered(segments: Sequence[Segment], start: int, end: int) -> list[Segment]:
    if start == end:  # an insertion: the segment holding that point, or the last one when at the end
        holder = next((s for s in segments if s.start <= start < s.end), None)
        if holder is None and segments and segments[-1].end == start:
            holder = segments[-1]
        return [holder] if holder is not None else []
    return [s for s in segments if s.start < end and s.end > start]


def replace_text(layout: DocxLayout, line: int, start: int, end: int, text: str) -> bool:
    """Replace characters [start, end) of paragraph ``line`` with ``text`` inside the runs that show
    them: the replacement goes into the first run, the others shrink. False (and nothing changed)
    when the range touches the automatic numbering label, a field result, an equation, or text
    the reader could not map."""
    if not editable(layout, line, start, end):
        return False
    covered = _covered(_visible(layout.segments(line) or []), start, end)
    first = covered[0]
    if first.element.tag == _T:
        old = first.element.text or ""
        a = max(start - first.start, 0)
        b = min(end, first.end) - first.start
        if start == end and start == first.end:
            a = b = len(old)
        _set_text(first.element, old[:a] + text + old[b:])
    else:  # a tab, break or hyphen, one character, wholly replaced
        if text:
            t = first.element.makeelement(_T, {})
            _set_text(t, text)
            first.element.addprevious(t)
        first.element.getparent().remove(first.element)
    for segment in covered[1:]:
        if segment.element.tag == _T:
            old = segment.element.text or ""
            _set_text(segment.element, old[min(end, segment.end) - segment.start :])
        elif segment.end <= end:
            segment.element.getparent().remove(segment.element)
    layout.changed(line)
    return True
