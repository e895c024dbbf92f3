"""A paragraph's text as Word shows it: runs, tabs and breaks, fields' results without their
codes, tracked insertions without deletions, hidden text left out; and which XML element shows
each character (the write stage replaces text and anchors comments there)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from checker.read.docx.ooxml import M_TAG, NS, W_TAG
from checker.read.numbering import Styles

_PASS_THROUGH = {
    W_TAG + "ins", W_TAG + "moveTo", W_TAG + "hyperlink", W_TAG + "smartTag", W_TAG + "customXml",
    W_TAG + "fldSimple", W_TAG + "dir", W_TAG + "bdo",
}  # fmt: skip


_SKIPPED = {
    W_TAG + "del",
    W_TAG + "moveFrom",
    W_TAG + "pPr",
    W_TAG + "proofErr",
    W_TAG + "bookmarkStart",
    W_TAG + "bookmarkEnd",
}


_PLAIN_TAGS = (W_TAG + "t", W_TAG + "tab", W_TAG + "ptab", W_TAG + "br", W_TAG + "cr", W_TAG + "noBreakHyphen")


_PLAIN = {W_TAG + "tab": "\t", W_TAG + "ptab": "\t", W_TAG + "br": " ", W_TAG + "cr": " ", W_TAG + "noBreakHyphen": "-"}


# What makes a paragraph need the walk, looked for in one pass over its descendants (an XPath
# union of as many `.//` steps walked the paragraph once per step).
_NEEDS_WALK = (
    *(W_TAG + name for name in ("del", "moveFrom", "fldChar", "instrText", "vanish", "fldSimple", "drawing", "pict",
                                "object", "delText", "txbxContent")),
    M_TAG + "oMath", M_TAG + "oMathPara", "{" + NS["mc"] + "}AlternateContent",
)  # fmt: skip


_HAS_RSTYLE = etree.XPath("boolean(.//w:rStyle)", namespaces=NS)


@dataclass(slots=True)
class Segment:
    """Where a piece of a paragraph's shown text comes from: ``text[start:end]`` is produced by
    ``element`` (a w:t, w:tab, w:br … inside the run ``run``). ``editable`` is False for text that
    a fix must not touch: a field's result (Word recomputes it) and equations."""

    start: int
    end: int
    element: Any
    run: Any | None
    editable: bool
    # The outermost field whose result shows this text: its w:fldChar begin, or its w:fldSimple;
    # BEFORE when it began in an earlier paragraph. Comments anchor on a field as a whole.
    field: Any | None = None


BEFORE = "before"  # Segment.field of a field that began in an earlier paragraph


class ParagraphText:
    """Gathers a paragraph's visible text. Field state outlives a paragraph: a TOC field begins
    in one paragraph and ends many paragraphs later, and its result (the entries) is shown."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.field_stack: list[str] = []  # "code" until w:fldChar separate, then "result" (or "toc")
        self._instruction: list[str] = []  # the field code being read (TOC \\o "1-3" …)
        self.record: list[Segment] | None = None  # set by segments(): where each piece comes from
        self._length = 0
        self._begins: list[Any] = []  # the w:fldChar begin of each open field (BEFORE: unknown)
        self._simple_fields: list[Any] = []  # the w:fldSimple elements the walk is inside

    def _in_field_code(self) -> bool:
        return bool(self.field_stack) and self.field_stack[-1] == "code"

    def _simple(self, p: Any) -> bool:
        """Most paragraphs are plain runs of w:t: gathered in C (lxml's iter) instead of walked in
        Python, unless the paragraph holds something that changes what is shown."""
        return (not self._in_field_code() and next(p.iter(*_NEEDS_WALK), None) is None
                and not (self.styles.hidden_ids and _HAS_RSTYLE(p)))  # fmt: skip

    def text(self, p: Any) -> str:
        if self._simple(p):
            return "".join(piece for _, piece in plain_pieces(p))
        return self.walk(p)

    def walk(self, p: Any) -> str:
        out: list[str] = []
        self._length = 0
        self._walk(p, out)
        return "".join(out)

    def run_spans(self, p: Any, field_stack: list[str]) -> tuple[str, list[tuple[int, int, Any]]]:
        """The paragraph's text and the (start, end, w:r) spans it is drawn from, consecutive
        pieces of one run merged: what formatting is resolved over. Plain paragraphs in one pass."""
        self.field_stack = list(field_stack)
        if not self._simple(p):
            text, segments = self.segments(p, field_stack)
            return text, [(s.start, s.end, s.run) for s in segments if s.run is not None and s.end > s.start]
        pieces: list[str] = []
        spans: list[tuple[int, int, Any]] = []
        run: Any = None
        start = length = 0
        for element, piece in plain_pieces(p):
            if not piece:
                continue
            parent = element.getparent()
            if parent is not run:
                if run is not None and length > start:
                    spans.append((start, length, run))
                run, start = parent, length
            pieces.append(piece)
            length += len(piece)
        if run is not None and length > start:
            spans.append((start, length, run))
        return "".join(pieces), spans

    def segments(self, p: Any, field_stack: list[str]) -> tuple[str, list[Segment]]:
        """The paragraph's text and where each piece of it comes from, the field state at its
        start given (the same two ways ``text`` reads, so both agree)."""
        self.field_stack = list(field_stack)
        if self._simple(p):
            segments, pieces, length = [], [], 0
            for element, piece in plain_pieces(p):
                segments.append(Segment(length, length + len(piece), element, element.getparent(), True))
                pieces.append(piece)
                length += len(piece)
            return "".join(pieces), segments
        self._begins = [BEFORE] * len(field_stack)
        self.record = []
        try:
            return self.walk(p), self.record
        finally:
            self.record = None

    def _emit(self, out: list[str], piece: str, element: Any, run: Any | None, editable: bool) -> None:
        out.append(piece)
        if self.record is not None:
            field = self._begins[0] if self._begins else self._simple_fields[0] if self._simple_fields else None
            self.record.append(Segment(self._length, self._length + len(piece), element, run,
                                       editable and field is None, field))  # fmt: skip
        self._length += len(piece)

    def _walk(self, el: Any, out: list[str]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == W_TAG + "r":
                self._run(child, out)
            elif tag == W_TAG + "fldSimple":
                self._simple_fields.append(child)
                self._walk(child, out)
                self._simple_fields.pop()
            elif tag in _PASS_THROUGH:
                self._walk(child, out)
            elif tag == W_TAG + "sdt":
                content = child.find(W_TAG + "sdtContent")
                if content is not None:
                    self._walk(content, out)
            elif tag in (M_TAG + "oMathPara", M_TAG + "oMath"):
                for t in child.iter(M_TAG + "t"):
                    self._emit(out, t.text or "", t, None, False)

    def _run(self, r: Any, out: list[str]) -> None:
        rpr = r.find(W_TAG + "rPr")
        hidden = False
        if rpr is not None:
            vanish = rpr.find(W_TAG + "vanish")
            if vanish is not None and vanish.get(W_TAG + "val") not in ("0", "false", "off"):
                hidden = True
            rstyle = rpr.find(W_TAG + "rStyle")
            if rstyle is not None and self.styles.hidden(rstyle.get(W_TAG + "val")):
                hidden = True
        for child in r:
            tag = child.tag
            if tag == W_TAG + "fldChar":
                kind = child.get(W_TAG + "fldCharType")
                if kind == "begin":
                    self.field_stack.append("code")
                    self._begins.append(child)
                    self._instruction = []
                elif kind == "separate" and self.field_stack:
                    # A table of contents is a field too: its result (the entries) is marked.
                    toc = "".join(self._instruction).lstrip().upper().startswith("TOC")
                    self.field_stack[-1] = "toc" if toc else "result"
                elif kind == "end" and self.field_stack:
                    self.field_stack.pop()
                    if self._begins:
                        self._begins.pop()
                continue
            if tag == W_TAG + "instrText" and self._in_field_code():
                self._instruction.append(child.text or "")
                continue
            if hidden or self._in_field_code():
                continue
            if tag == W_TAG + "t":
                self._emit(out, child.text or "", child, r, True)
            elif tag in (W_TAG + "tab", W_TAG + "ptab"):
                self._emit(out, "\t", child, r, True)
            elif tag in (W_TAG + "br", W_TAG + "cr"):
                if child.get(W_TAG + "type") in (None, "textWrapping"):
                    self._emit(out, " ", child, r, True)
            elif tag == W_TAG + "noBreakHyphen":
                self._emit(out, "-", child, r, True)


def plain_pieces(p: Any) -> Iterator[tuple[Any, str]]:
    """(element, the text it shows) of a paragraph without fields, deletions or hidden text.
    (w:tab also defines tab stops in w:pPr/w:tabs: only a run's w:tab is a character.)"""
    for el in p.iter(*_PLAIN_TAGS):
        tag = el.tag
        if tag == W_TAG + "t":
            yield el, el.text or ""
        elif (tag != W_TAG + "br" or el.get(W_TAG + "type") in (None, "textWrapping")) and (
            tag != W_TAG + "tab" or el.getparent().tag == W_TAG + "r"
        ):
            yield el, _PLAIN[tag]

