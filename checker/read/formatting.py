"""The formatting facts of a .docx that the format checks read: per paragraph its justification,
indents, spacing and runs (which font draws its Chinese characters and which its digits, at what
size, bold or not, in what colour), per section its page set-up and page numbers. The reader
resolves them (checker/read/cascade.py: the style cascade; page_setup.py: sections) and only
describes; the format checks judge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

DEFAULT_SIZE = 20  # half-points: Word's size when no level sets w:sz (10 pt)
TWIPS_PER_MM = 1440 / 25.4


def points(half_points: int | None) -> float:
    """A w:sz value in points; Word's default size when no level sets one."""
    return (half_points if half_points is not None else DEFAULT_SIZE) / 2


def shown_colour(color: str | None) -> str | None:
    """A run's colour as the checks compare it: None for automatic or black."""
    return color if color not in (None, "auto", "000000") else None


@dataclass(frozen=True, slots=True)
class RunFormat:
    """A stretch of a paragraph's text (``text[start:end]``) drawn with one set of properties."""

    start: int
    end: int
    east_asia: str | None  # the font of its Chinese characters; None: no level names one
    latin: str | None  # the font of its ASCII letters and digits
    size: float  # points, of the East-Asian and Latin text (w:sz)
    bold: bool
    color: str | None  # RRGGBB, upper case; None for automatic (black)
    cjk: int  # how many of its characters use the East-Asian font
    latin_chars: int  # how many are ASCII letters or digits


@dataclass(frozen=True, slots=True)
class ParagraphFormat:
    """A paragraph's layout facts as Word would render them (the layout rules read these)."""

    style_id: str | None
    justification: str  # w:jc: left | center | right | both | distribute
    first_line_chars: float | None  # the first-line indent in 字 when written in characters
    first_line: float  # the first-line indent in points (negative: hanging)
    left: float  # the left indent in points
    left_chars: float | None
    line_rule: str  # auto | exact | atLeast
    line: float  # points for exact and atLeast; a multiple of single spacing for auto
    before: float  # points
    after: float
    runs: tuple[RunFormat, ...]
    numbered: bool  # Word's automatic numbering draws its label
    section: int  # index into DocFormat.sections
    break_before: bool = False  # a new page before it: w:pageBreakBefore, or a page break ahead of its text
    break_after: bool = False  # a page break after its text
    # Tab stops in force (read for table-of-contents entries only): (position in twips from the
    # indent's origin, alignment, leader), by position; cleared stops removed.
    tabs: tuple[tuple[int, str, str], ...] = ()
    drawing: bool = False  # holds a picture, chart or embedded object

    def size(self) -> float | None:
        """The size most of its Chinese text (else its text) is drawn at."""
        return _dominant(self.runs, lambda r: r.size)

    def east_asia(self) -> str | None:
        return _dominant(self.runs, lambda r: r.east_asia)

    def indent_chars(self) -> float:
        """The first-line indent in 字: as written in characters, or in points over the size."""
        if self.first_line_chars is not None:
            return self.first_line_chars
        size = self.size() or DEFAULT_SIZE / 2
        return self.first_line / size


_V = TypeVar("_V")


def _dominant(runs: tuple[RunFormat, ...], key: Callable[[RunFormat], _V]) -> _V | None:
    weights: dict[_V, int] = {}
    for run in runs:
        weight = run.cjk or run.latin_chars
        if weight:
            value = key(run)
            weights[value] = weights.get(value, 0) + weight
    return max(weights, key=lambda v: weights[v]) if weights else None


@dataclass(frozen=True, slots=True)
class PageNumber:
    """A PAGE field in a footer or header: the text around it (``{PAGE}`` where it stands)."""

    part: str  # footer | header
    text: str  # e.g. "— {PAGE} —"
    size: float | None  # points, of the field's result
    justification: str  # of its paragraph (w:jc)
    dashed_format: bool  # w:pgNumType/@w:fmt = numberInDash: Word draws "- 1 -" itself


@dataclass(frozen=True, slots=True)
class SectionFormat:
    """A section's page size and margins, in twips."""

    width: int  # twips
    height: int
    top: int
    bottom: int
    left: int
    right: int
    gutter: int
    first_line: int  # the first and last paragraph (line) of the section
    last_line: int
    page_numbers: tuple[PageNumber, ...]  # in the section's own or inherited footers/headers
    landscape: bool = False
    start_type: str = "nextPage"  # w:type: how the section starts (continuous: on the same page)
    title_page: bool = False  # w:titlePg: its first page has the first-page footer
    first_page_numbers: tuple[PageNumber, ...] = ()  # in that first-page footer/header
    number_start: int | None = None  # w:pgNumType/@w:start: numbering restarts at this number
    number_format: str | None = None  # w:pgNumType/@w:fmt (decimal, upperRoman …)

    def margins_mm(self) -> dict[str, float]:
        return {side: round(getattr(self, side) / TWIPS_PER_MM + 1e-9, 1) for side in ("top", "bottom", "left", "right")}


@dataclass(frozen=True, slots=True)
class DocFormat:
    """Per paragraph (aligned with Document.paragraphs) and per section."""

    paragraphs: tuple[ParagraphFormat, ...]
    sections: tuple[SectionFormat, ...]
    default_size: float = DEFAULT_SIZE / 2  # of the default paragraph style


def merge_runs(runs: list[RunFormat]) -> tuple[RunFormat, ...]:
    """Adjacent runs drawn alike as one (Word splits runs for spell-checking and revisions)."""
    merged: list[RunFormat] = []
    for run in runs:
        last = merged[-1] if merged else None
        if (last is not None and last.end == run.start and last.east_asia == run.east_asia
                and last.latin == run.latin and last.size == run.size and last.bold == run.bold
                and last.color == run.color):  # fmt: skip
            merged[-1] = RunFormat(last.start, run.end, last.east_asia, last.latin, last.size, last.bold,
                                   last.color, last.cjk + run.cjk, last.latin_chars + run.latin_chars)  # fmt: skip
        else:
            merged.append(run)
    return tuple(merged)


# --- properties of one level ---------------------------------------------------------------


# --- sections and page numbers -------------------------------------------------------------


