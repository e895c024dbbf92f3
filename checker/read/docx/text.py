"""A paragraph's text as Word shows it: runs, tabs and breaks, fields' results without their
codes, tracked insertions without deletions, hidden text left out; and which XML element shows
each character (the write stage replaces text and anchors comments there)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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


_T, _BR, _TAB, _R, _RPR, _TYPE, _P = (W_TAG + name for name in ("t", "br", "tab", "r", "rPr", "type", "p"))


_TEXT_ONLY = (_T,)


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
        # From survey(): the paragraphs that need the walk, and those with pieces besides w:t.
        self._walked: set[Any] | None = None
        self._mixed: set[Any] | None = None

    def survey(self, body: Any) -> None:
        """Say once for the whole body which paragraphs need the walk and which hold pieces other
        than w:t, instead of asking each paragraph: lxml sets up an iterator over many tags at a
        cost that grows with the tags, and a document has few such elements or none. Only while
        the body is not changed."""
        self._walked = _holders(body, (*_NEEDS_WALK, W_TAG + "rStyle") if self.styles.hidden_ids else _NEEDS_WALK)
        self._mixed = _holders(body, _PLAIN_TAGS[1:])

    def _in_field_code(self) -> bool:
        return bool(self.field_stack) and self.field_stack[-1] == "code"

    def _simple(self, p: Any) -> bool:
        """Most paragraphs are plain runs of w:t: gathered in C (lxml's iter) instead of walked in
        Python, unless the paragraph holds something that changes what is shown."""
        if self._in_field_code():
            return False
        if self._walked is not None:
            return p not in self._walked
        return next(p.iter(*_NEEDS_WALK), None) is None and not (self.styles.hidden_ids and _HAS_RSTYLE(p))

    def _piece_tags(self, p: Any) -> tuple[str, ...]:
        """The tags of the elements that show a plain paragraph's text."""
        return _TEXT_ONLY if self._mixed is not None and p not in self._mixed else _PLAIN_TAGS

    def text(self, p: Any) -> str:
        if self._simple(p):
            return "".join(piece for _, piece in plain_pieces(p, self._piece_tags(p)))
        return self.walk(p)

    def walk(self, p: Any) -> str:
        out: list[str] = []
        self._length = 0
        self._walk(p, out)
        return "".join(out)

    def drawn_runs(
        self, p: Any, field_stack: list[str], props_of: Callable[[Any | None], Any]
    ) -> tuple[str, list[tuple[int, int, Any]], tuple[bool, bool] | None]:
        """The paragraph's text, its stretches drawn alike as (start, end, props), where
        ``props_of(w:rPr or None)`` gives the same object for runs drawn alike, and where page
        breaks stand (``page_breaks``); for a plain paragraph all three in one pass over its runs,
        else (breaks None) the walk's segments with their runs' properties."""
        self.field_stack = list(field_stack)
        if self._simple(p):
            return _plain_drawn(p, self._piece_tags(p), props_of)
        text, segments = self.segments(p, field_stack)
        spans: list[tuple[int, int, Any]] = []
        props: Any = None
        start = end = 0
        for segment in segments:
            run = segment.run
            if run is None or segment.end <= segment.start:
                continue
            first = run[0] if len(run) else None  # w:rPr comes first when there is one
            found = props_of(first if first is not None and first.tag == _RPR else None)
            if found is props and segment.start == end:
                end = segment.end
                continue
            if props is not None:
                spans.append((start, end, props))
            props, start, end = found, segment.start, segment.end
        if props is not None:
            spans.append((start, end, props))
        return text, spans, None

    def segments(self, p: Any, field_stack: list[str]) -> tuple[str, list[Segment]]:
        """The paragraph's text and where each piece of it comes from, the field state at its
        start given (the same two ways ``text`` reads, so both agree)."""
        self.field_stack = list(field_stack)
        if self._simple(p):
            segments, pieces, length = [], [], 0
            for element, piece in plain_pieces(p, self._piece_tags(p)):
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


def plain_pieces(p: Any, tags: tuple[str, ...] = _PLAIN_TAGS) -> Iterator[tuple[Any, str]]:
    """(element, the text it shows) of a paragraph without fields, deletions or hidden text,
    looking for the elements of ``tags`` (all of _PLAIN_TAGS unless some are known absent).
    (w:tab also defines tab stops in w:pPr/w:tabs: only a run's w:tab is a character.)"""
    for el in p.iter(*tags):
        tag = el.tag
        if tag == W_TAG + "t":
            yield el, el.text or ""
        elif (tag != W_TAG + "br" or el.get(W_TAG + "type") in (None, "textWrapping")) and (
            tag != W_TAG + "tab" or el.getparent().tag == W_TAG + "r"
        ):
            yield el, _PLAIN[tag]



def _holders(body: Any, tags: tuple[str, ...]) -> set[Any]:
    """The paragraphs (nested ones too) that hold an element of ``tags``; each paragraph added
    once, its enclosing paragraphs with it."""
    found: set[Any] = set()
    for el in body.iter(*tags):
        for p in el.iterancestors(_P):
            if p in found:
                break  # and so are the paragraphs around it
            found.add(p)
    return found


def _plain_drawn(
    p: Any, tags: tuple[str, ...], props_of: Callable[[Any | None], Any]
) -> tuple[str, list[tuple[int, int, Any]], tuple[bool, bool]]:
    """``ParagraphText.drawn_runs`` of a paragraph without fields, deletions, drawings or hidden
    text, in one pass over the elements of ``tags`` that show its text. The page breaks as
    ``page_breaks`` finds them: before any text that is not blank, or after it."""
    pieces: list[str] = []
    spans: list[tuple[int, int, Any]] = []
    run: Any = None
    props: Any = None
    start = length = 0
    if tags is _TEXT_ONLY:  # most paragraphs: w:t alone, no break among them
        # The run handling below repeats the general loop's on purpose: this loop runs for every
        # w:t of most paragraphs, and a call per run, or the general loop's tests per element,
        # cost more than the lines saved.
        for el in p.iter(_T):
            piece = el.text
            if not piece:
                continue
            parent = el.getparent()
            if parent is not run:
                run = parent
                first = run[0]  # w:rPr comes first when there is one
                found = props_of(first if first.tag == _RPR else None)
                if found is not props:
                    if props is not None:
                        spans.append((start, length, props))
                    props, start = found, length
            pieces.append(piece)
            length += len(piece)
        if props is not None:
            spans.append((start, length, props))
        return "".join(pieces), spans, (False, False)
    before = after = seen_text = False
    for el in p.iter(*tags):
        tag = el.tag
        if tag == _T:
            piece = el.text
            if not piece:
                continue
            if (after or not seen_text) and piece.strip():
                seen_text, after = True, False
        elif tag == _BR:
            kind = el.get(_TYPE)
            if kind == "page":
                if seen_text:
                    after = True
                else:
                    before = True
                continue
            if kind is not None and kind != "textWrapping":
                continue
            piece = " "
        elif tag == _TAB and el.getparent().tag != _R:
            continue  # a tab stop in w:pPr/w:tabs
        else:
            piece = _PLAIN[tag]
        parent = el.getparent()
        if parent is not run:
            run = parent
            first = run[0]  # w:rPr comes first when there is one
            found = props_of(first if first.tag == _RPR else None)
            if found is not props:
                if props is not None:
                    spans.append((start, length, props))
                props, start = found, length
        pieces.append(piece)
        length += len(piece)
    if props is not None:
        spans.append((start, length, props))
    return "".join(pieces), spans, (before, after)
