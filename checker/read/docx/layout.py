"""A read .docx with the XML it came from: what the write stage needs to anchor comments, replace
text in the runs that show it and lay the document out."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from checker.read.docx.text import ParagraphText, Segment
from checker.read.numbering import Styles
from checker.read.types import Document


@dataclass(slots=True)
class DocxLayout:
    """A read .docx together with its main part's XML tree. ``elements[line - 1]`` is the w:p of
    paragraph ``line``; ``segments(line)`` says which element shows each character of its text."""

    document: Document
    main: str  # the main part's name in the package (word/document.xml, or WPS's document2.xml)
    root: Any  # its parsed tree; the write stage changes it and serialises it again
    comments: str | None  # the comments part, when there is one
    comments_root: Any | None
    elements: list[Any]
    styles: Styles
    field_states: dict[int, list[str]] = field(default_factory=dict)  # field stack before a line
    shifts: dict[int, int | None] = field(default_factory=dict)  # see _shift
    walks: dict[int, tuple[str, list[Segment]]] = field(default_factory=dict)  # until changed()

    def label_length(self, line: int) -> int:
        """Characters at the start of the paragraph's text that Word's automatic numbering shows
        (the label and the space after it): they are not in the XML's text."""
        shift = self._shift(line)
        return len(self.document.paragraphs[line - 1].label or "") if shift is None else shift

    def segments(self, line: int) -> list[Segment] | None:
        """Segments with offsets into the paragraph's text as read (label included), or None when
        the walk does not give that text back (then only the paragraph as a whole can be used).
        The check is made on first use, before the write stage changes the paragraph; later calls
        follow the changes."""
        shift = self._shift(line)
        if shift is None:
            return None
        segments = self._walk(line)[1]
        if shift:
            return [dataclasses.replace(s, start=s.start + shift, end=s.end + shift) for s in segments]
        return list(segments)

    def changed(self, line: int) -> None:
        """Say that the write stage changed paragraph ``line`` (its runs or text)."""
        self.walks.pop(line, None)

    def _walk(self, line: int) -> tuple[str, list[Segment]]:
        walked = self.walks.get(line)
        if walked is None:
            walked = ParagraphText(self.styles).segments(self.elements[line - 1], self.field_states.get(line, []))
            self.walks[line] = walked
        return walked

    def _shift(self, line: int) -> int | None:
        """How many characters of the read text come before the XML's (the label), or None when the
        XML's text is not the read text's end."""
        if line not in self.shifts:
            text = self._walk(line)[0]
            paragraph = self.document.paragraphs[line - 1]
            shift = len(paragraph.text) - len(text)
            ok = shift >= 0 and paragraph.text[shift:] == text and (paragraph.label is not None or not shift)
            self.shifts[line] = shift if ok else None
        return self.shifts[line]

