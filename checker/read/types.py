"""What every reader produces: the same list of paragraphs, whatever the format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.read.formatting import DocFormat


@dataclass(frozen=True, slots=True)
class Cell:
    """Where a paragraph sits in a table: the table's number in reading order (0-based), the row,
    and the grid column (merged cells counted by their span). ``continued`` marks a cell that
    Word merges with the one above (w:vMerge), whose text is the one above's."""

    table: int
    row: int
    column: int
    continued: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph (a line of a .txt file, a w:p of a .docx) as the reader shows it.

    ``text`` is what a person sees, automatic numbering included: for a .docx heading whose
    「二、」 comes from numbering.xml, ``label`` is "二、" and ``text`` starts with it.
    ``line`` follows the output contract: the file's line for .txt/.md, the paragraph's
    position in reading order for .docx (empty paragraphs counted).
    """

    text: str
    line: int
    label: str | None = None
    style: str | None = None
    in_table: bool = False
    cell: Cell | None = None
    toc: bool = False  # in a table of contents that Word generated (a TOC field or content control)
    # For readers that strip markup (Markdown) or join lines: the (line, column) of each
    # character of ``text``. None means every character sits on ``line`` at index + 1.
    source_map: tuple[tuple[int, int], ...] | None = field(default=None, repr=False, compare=False)

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of the character at ``offset`` in ``text``."""
        if self.source_map:
            if offset < 0:
                offset = 0
            if offset >= len(self.source_map):
                line, col = self.source_map[-1]
                return line, col + (offset - len(self.source_map) + 1)
            return self.source_map[offset]
        return self.line, max(offset, 0) + 1


@dataclass(frozen=True, slots=True)
class Remark:
    """A reviewer's comment or an HTML comment in the source, and the paragraphs it is anchored to."""

    text: str
    line: int  # where it stands (the comment's first anchored paragraph, or the <!-- --> line)
    lines: tuple[int, ...]  # the paragraphs it is anchored to (for <!-- -->: the next paragraph)


@dataclass(frozen=True, slots=True)
class Document:
    """A read file: its paragraphs and facts about where it came from."""

    path: str
    format: str  # "docx" | "txt" | "md"
    paragraphs: tuple[Paragraph, ...]
    encoding: str | None = None
    producer: str | None = None
    # The file's own lines (.txt, .md), for showing a diagnostic's line as the editor shows it.
    source_lines: tuple[str, ...] | None = field(default=None, repr=False)
    # Remarks the writer left outside the text: Word comments with the lines they are anchored
    # to, and <!-- … --> lines of .txt/.md with the line after them (the engine reads
    # "reportlint: ignore[…]" in them).
    remarks: tuple[Remark, ...] = ()
    # Fonts, sizes, spacing and page set-up as Word resolves them (.docx read with formatting).
    formatting: DocFormat | None = field(default=None, repr=False, compare=False)

    def line_text(self, line: int) -> str:
        if self.source_lines is not None:
            return self.source_lines[line - 1] if 0 < line <= len(self.source_lines) else ""
        if 0 < line <= len(self.paragraphs) and self.paragraphs[line - 1].line == line:
            return self.paragraphs[line - 1].text
        return next((p.text for p in self.paragraphs if p.line == line), "")


class ReadError(Exception):
    """A file that cannot be read at all. ``code`` is an E-code from the message catalogue."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
