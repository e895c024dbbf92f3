"""Stage 3: the model. The report as sections and numbered items, every node with its place in the
file; plain dataclasses that hold no engine type (build.py makes them from the parse tree)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checker.parse.markers import Marker
from checker.read.types import Paragraph
from checker.text.chars import count_chars_like_word

if TYPE_CHECKING:
    from checker.read.formatting import DocFormat


@dataclass(frozen=True, slots=True)
class Span:
    """1-based, inclusive, as the output contract counts lines and columns."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(slots=True)
class Item:
    """A numbered item (一是…, （一）…, 1.…) with its heading, body, place and sub-items."""

    marker: Marker
    index: int  # 1-based within its list
    depth: int  # 2 for the items directly under a section heading, then 3, 4, 5
    heading: str  # the lead sentence or title, without the marker
    own_text: str  # this item's text, marker included, without its children
    line: int
    marker_span: Span
    heading_span: Span
    heading_alone: bool  # the heading fills its own paragraph (a （一） title line)
    from_label: bool  # the marker is Word's automatic numbering
    inline: bool  # found inside a paragraph (…。二是…)
    children: list[Item] = field(default_factory=list)
    text: str = ""  # the whole text: its own paragraphs, then its children's (see finish())
    chars: int = 0  # 字 in ``text`` as Word counts them

    @property
    def short_heading(self) -> str:
        """The heading cut to a length that reads well inside a message."""
        heading = self.heading or self.marker.text
        return heading if len(heading) <= 24 else heading[:22] + "…"

    def finish(self) -> None:
        """Compute ``text`` and ``chars`` once the children are in place."""
        if not self.children:
            self.text, self.chars = self.own_text, count_chars_like_word(self.own_text)
            return
        self.text = "\n".join(p for p in [self.own_text, *(child.text for child in self.children)] if p)
        # Counting is additive over lines (runs never cross a line break): no text counted twice.
        self.chars = count_chars_like_word(self.own_text) + sum(child.chars for child in self.children)

    def walk(self) -> Iterator[Item]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(slots=True)
class Section:
    """A top-level section (一、…) with its title, place and items."""

    marker: Marker | None
    number: int | None
    numeral: str | None  # as written: 一, 二 …
    title: str
    line: int
    span: Span
    role: str  # problems | causes | measures | achievements | other
    spec_id: str | None  # the template section it was matched to, None when unknown
    intro: str  # text under the heading before the first item
    items: list[Item] = field(default_factory=list)
    from_label: bool = False
    outro: str = ""  # a closing paragraph of the section after its last item (下一步，我将……)

    @property
    def text(self) -> str:
        parts = [self.intro] + [item.text for item in self.items] + [self.outro]
        return "\n".join(p for p in parts if p)

    def all_items(self) -> Iterator[Item]:
        for item in self.items:
            yield from item.walk()


@dataclass(slots=True)
class TableCell:
    """The text of one cell of a table in the report, and where it is."""

    text: str
    span: Span  # where the cell's first paragraph is (a one-character span for an empty cell)


@dataclass(slots=True)
class TableGrid:
    """A table as rows of cells (grid columns; a cell Word merges with the one above holds the
    text of that one)."""

    index: int
    rows: list[list[TableCell]]

    @property
    def line(self) -> int:
        return self.rows[0][0].span.line if self.rows and self.rows[0] else 1


@dataclass(frozen=True, slots=True)
class BackMatter:
    """A paragraph after the last section: closing, signature, date or attachment."""

    kind: str  # CLOSING | SIGNATURE | DATE | ATTACHMENT
    line: int
    text: str


@dataclass(slots=True)
class Report:
    """A parsed report: its paragraphs, title, preamble, sections and back matter."""

    path: str
    paragraphs: tuple[Paragraph, ...]
    title: str | None
    title_line: int | None
    preamble: str
    sections: list[Section]
    front_items: list[Item]  # numbered items before the first 一、 heading
    back: list[BackMatter]
    parse_error: str | None = None
    chars: int = 0  # 字 as Word counts them, over every paragraph
    tables: list[TableGrid] = field(default_factory=list)
    memo: dict[str, Any] = field(default_factory=dict, repr=False)  # results checks share
    formatting: DocFormat | None = field(default=None, repr=False)  # a .docx read with its formatting
    title_lines: tuple[int, ...] = ()  # every line of the title (a long title runs over two)
    addressee_lines: tuple[int, ...] = ()  # 主送机关 (各区县、各部门：)

    def first_section(self, role: str) -> Section | None:
        return next((s for s in self.sections if s.role == role), None)

    def item_lists(self) -> list[list[Item]]:
        """Every list of sibling items: each section's items, then each item's children. The
        model does not change once built, and most checks ask: computed once."""
        cached = self.memo.get("item_lists")
        if cached is None:
            cached = []

            def walk(items: list[Item]) -> None:
                if items:
                    cached.append(items)
                for item in items:
                    walk(item.children)

            walk(self.front_items)
            for section in self.sections:
                walk(section.items)
            self.memo["item_lists"] = cached
        return cached

    def all_items(self) -> Iterator[Item]:
        for lst in self.item_lists():
            yield from lst

    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)
