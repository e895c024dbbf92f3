"""Effective formatting of a .docx, resolved the way Word resolves it.

What a format check needs to know about each paragraph — which font draws its Chinese characters
and which its digits, at what size, bold or not, in what colour; its alignment, first-line
indent, line spacing — is rarely written on the paragraph itself. It comes from a chain
(ECMA-376 §17.7.2, [MS-OI29500] 2.1.87, and docx4j's RunFontSelector, which follows them):

1. the run's own properties (``w:rPr``);
2. its character style (``w:rStyle``) and that style's ``basedOn`` chain;
3. the paragraph style (``w:pStyle``, or the default paragraph style) and its chain;
4. the document defaults (``w:docDefaults``);
5. the application's default.

Each property is resolved on its own: the first level that sets it wins. For fonts, at each
level a theme reference (``w:eastAsiaTheme="minorEastAsia"``) beats an explicit name; the
theme's ``<a:ea typeface>`` is often empty in Chinese templates, and then the script font
(``<a:font script="Hans">``) for the document's East-Asian language applies. Chinese characters
are drawn with the East-Asian font and ``w:sz`` (``w:szCs`` is for complex scripts); ASCII
letters and digits with the ``w:ascii`` font. Bold is a toggle property: a paragraph style and
a character style that both set it cancel out (§17.7.3).

Paragraph properties come from the paragraph, its numbering level, its style chain and the
defaults, one group at a time (the first-line indent as a whole, the line spacing as a whole).
An indent written in characters (``w:firstLineChars``) beats one in twips at the same level.

The reader only describes; the format checks judge.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from checker.read.styles import StyleTable

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "{" + W + "}"
_A = "{" + A + "}"
_R = "{" + R + "}"

# Characters drawn with the East-Asian font: CJK ideographs (with extensions), CJK and
# full-width punctuation, kana, hangul. (Spaces, ASCII, and the general punctuation “ ” … that
# w:hint decides are not counted either way.)
# Compiled when a resolver is first made (7 ms: the class reaches beyond the BMP), not at import:
# this module is imported with the .docx reader, whether or not formatting is read.
_CJK_CLASS = ("[\u3001-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
              "\ufe30-\ufe4f\uff01-\uffef\U00020000-\U0003ffff]")  # fmt: skip
_CJK: re.Pattern[str] = None  # type: ignore[assignment]
_LATIN: re.Pattern[str] = None  # type: ignore[assignment]


def _compile_patterns() -> None:
    global _CJK, _LATIN
    if _CJK is None:
        _CJK = re.compile(_CJK_CLASS)
        _LATIN = re.compile("[0-9A-Za-z\u00c0-\u024f]")

# The theme script that an East-Asian language uses when the theme's <a:ea> is empty.
_SCRIPTS = {"zh-cn": "Hans", "zh-sg": "Hans", "zh-tw": "Hant", "zh-hk": "Hant", "zh-mo": "Hant",
            "ja-jp": "Jpan", "ko-kr": "Hang"}  # fmt: skip

DEFAULT_SIZE = 20  # half-points: Word's size when no level sets w:sz (10 pt)
TWIPS_PER_MM = 1440 / 25.4


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
    style_id: str | None
    alignment: str  # left | center | right | both | distribute
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
    alignment: str
    dashed_format: bool  # w:pgNumType/@w:fmt = numberInDash: Word draws "- 1 -" itself


@dataclass(frozen=True, slots=True)
class SectionFormat:
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


@dataclass(slots=True)
class RunProps:
    east_asia: str | None = None
    latin: str | None = None
    size: int | None = None
    bold: bool | None = None
    color: str | None = None  # "auto" kept as "auto" so that it overrides a level below


def _on(el: Any) -> bool:
    return el.get(_W + "val") not in ("0", "false", "off")


class FormatResolver:
    """Resolves run and paragraph properties of one document. Style chains are merged once per
    style and cached: a report uses a handful of styles over thousands of runs."""

    def __init__(self, table: StyleTable | None, theme_root: Any | None, settings_root: Any | None) -> None:
        _compile_patterns()
        self._table = table
        self.default_paragraph = table.default_paragraph if table is not None else None
        self.default_character = table.default_character if table is not None else None
        self._defaults_run = RunProps()
        self._defaults_par: Any = None
        lang = None
        if settings_root is not None:
            theme_lang = settings_root.find(_W + "themeFontLang")
            if theme_lang is not None:
                lang = theme_lang.get(_W + "eastAsia")
        defaults = table.defaults() if table is not None else None
        default_rpr = defaults.find(f"{_W}rPrDefault/{_W}rPr") if defaults is not None else None
        if defaults is not None:
            if default_rpr is not None:
                language = default_rpr.find(_W + "lang")
                if lang is None and language is not None:
                    lang = language.get(_W + "eastAsia")
            self._defaults_par = defaults.find(f"{_W}pPrDefault/{_W}pPr")
        self.script = _SCRIPTS.get((lang or "zh-CN").lower(), "Hans")
        self._theme = _theme_fonts(theme_root, self.script)
        if default_rpr is not None:
            self._defaults_run = self.run_props(default_rpr)
        self._style_runs: dict[str | None, RunProps] = {}
        self._merged: dict[tuple[str | None, str | None], RunProps] = {}
        self._style_pars: dict[str | None, dict[str, Any]] = {}
        self._resolved: dict[tuple[str | None, tuple[Any, ...]], tuple[Any, ...]] = {}
        self._interned: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self._paragraph_props: dict[tuple[Any, ...], dict[str, Any]] = {}

    # -- runs --

    def run_props(self, rpr: Any) -> RunProps:
        """The properties that one w:rPr sets (theme fonts looked up)."""
        props = RunProps()
        fonts = rpr.find(_W + "rFonts")
        if fonts is not None:
            props.east_asia = self._font(fonts, "eastAsia")
            props.latin = self._font(fonts, "ascii")
        size = rpr.find(_W + "sz")
        if size is not None:
            value = size.get(_W + "val")
            if value is not None and value.isdigit():
                props.size = int(value)
        bold = rpr.find(_W + "b")
        if bold is not None:
            props.bold = _on(bold)
        color = rpr.find(_W + "color")
        if color is not None:
            value = color.get(_W + "val")
            if value:
                props.color = value.upper() if value.lower() != "auto" else "auto"
        return props

    def _font(self, fonts: Any, slot: str) -> str | None:
        theme = fonts.get(_W + slot + "Theme")
        if theme:
            found = self._theme.get(theme)
            if found:
                return found
        name = fonts.get(_W + slot)
        return str(name) if name else None

    def _chain(self, style_id: str | None) -> list[Any]:
        chain, seen = [], set()
        while style_id and style_id not in seen and self._table is not None:
            style = self._table.element(style_id)
            if style is None:
                break
            seen.add(style_id)
            chain.append(style)
            based = style.find(_W + "basedOn")
            style_id = based.get(_W + "val") if based is not None else None
        return chain

    def _style_run(self, style_id: str | None) -> RunProps:
        """The run properties a style gives with its basedOn chain, nearest first."""
        cached = self._style_runs.get(style_id)
        if cached is None:
            cached = RunProps()
            for style in self._chain(style_id):
                rpr = style.find(_W + "rPr")
                if rpr is not None:
                    fill_missing(cached, self.run_props(rpr))
            self._style_runs[style_id] = cached
        return cached

    def styled(self, paragraph_style: str | None, character_style: str | None) -> RunProps:
        """Character style over paragraph style over the document defaults."""
        key = (paragraph_style, character_style)
        merged = self._merged.get(key)
        if merged is None:
            para = self._style_run(paragraph_style)
            char = self._style_run(character_style or self.default_character)
            merged = RunProps()
            fill_missing(merged, char)
            fill_missing(merged, para)
            if char.bold is not None and para.bold is not None:
                merged.bold = char.bold != para.bold  # a toggle: both styles bold cancel out
            fill_missing(merged, self._defaults_run)
            self._merged[key] = merged
        return merged

    def resolved(self, style_id: str | None, rpr: Any | None) -> tuple[Any, ...]:
        """A run's (east-Asian font, Latin font, size, bold, colour) in a paragraph of ``style_id``,
        cached by the run properties' content: a document repeats a few dozen sets over thousands
        of runs. The same tuple object comes back for the same properties."""
        key = (style_id, tuple([(child.tag, *child.values()) for child in rpr]) if rpr is not None else ())
        found = self._resolved.get(key)
        if found is None:
            direct = self.run_props(rpr) if rpr is not None else None
            rstyle = rpr.find(_W + "rStyle") if rpr is not None else None
            props = RunProps()
            if direct is not None:
                fill_missing(props, direct)
            fill_missing(props, self.styled(style_id, rstyle.get(_W + "val") if rstyle is not None else None))
            color = props.color if props.color not in (None, "auto", "000000") else None
            values = (props.east_asia, props.latin, (props.size if props.size is not None else DEFAULT_SIZE) / 2,
                      bool(props.bold), color)  # fmt: skip
            found = self._interned.setdefault(values, values)
            self._resolved[key] = found
        return found

    @staticmethod
    def format_of(start: int, end: int, text: str, values: tuple[Any, ...]) -> RunFormat:
        return RunFormat(start, end, values[0], values[1], values[2], values[3], values[4],
                         len(_CJK.findall(text)), len(_LATIN.findall(text)))  # fmt: skip

    def run_format(self, start: int, end: int, text: str, direct: RunProps | None, base: RunProps) -> RunFormat:
        props = RunProps()
        if direct is not None:
            fill_missing(props, direct)
        fill_missing(props, base)
        color = props.color if props.color not in (None, "auto", "000000") else None
        return RunFormat(
            start=start,
            end=end,
            east_asia=props.east_asia,
            latin=props.latin,
            size=(props.size if props.size is not None else DEFAULT_SIZE) / 2,
            bold=bool(props.bold),
            color=color,
            cjk=len(_CJK.findall(text)),
            latin_chars=len(_LATIN.findall(text)),
        )

    # -- paragraphs --

    def _style_par(self, style_id: str | None) -> dict[str, Any]:
        cached = self._style_pars.get(style_id)
        if cached is None:
            cached = {}
            for style in self._chain(style_id):
                _fill_par(cached, style.find(_W + "pPr"))
            _fill_par(cached, self._defaults_par)
            self._style_pars[style_id] = cached
        return cached

    def paragraph_props(self, ppr: Any | None, style_id: str | None, level_ppr: Any | None,
                        numbered_directly: bool) -> dict[str, Any]:  # fmt: skip
        """Alignment, indents and spacing in force: the paragraph's own, then its numbering
        level's, then its style's (a list attached by the style gives way to the style). Cached
        by content: body paragraphs repeat the same few sets (the result is not to be changed)."""
        signature = tuple([(child.tag, *child.values()) for child in ppr]) if ppr is not None else ()
        key = (style_id, signature, id(level_ppr) if level_ppr is not None else 0, numbered_directly)
        cached = self._paragraph_props.get(key)
        if cached is None:
            cached = self._paragraph_props[key] = self._paragraph_props_of(ppr, style_id, level_ppr, numbered_directly)
        return cached

    def _paragraph_props_of(self, ppr: Any | None, style_id: str | None, level_ppr: Any | None,
                            numbered_directly: bool) -> dict[str, Any]:  # fmt: skip
        props: dict[str, Any] = {}
        _fill_par(props, ppr)
        if numbered_directly:
            _fill_par(props, level_ppr)
        style = self._style_par(style_id)
        for key, value in style.items():
            props.setdefault(key, value)
        if not numbered_directly:
            _fill_par(props, level_ppr)
        return props

    def paragraph_format(self, props: dict[str, Any], runs: tuple[RunFormat, ...], style_id: str | None,
                         numbered: bool, section: int, breaks: tuple[bool, bool] = (False, False),
                         tabs: tuple[tuple[int, str, str], ...] = (), drawing: bool = False) -> ParagraphFormat:  # fmt: skip
        style_size = (self.styled(style_id, None).size or DEFAULT_SIZE) / 2
        first = props.get("first") or {}
        first_chars: float | None = None
        first_pt = 0.0
        if "hangingChars" in first:
            first_chars = -_number(first["hangingChars"]) / 100
        elif "hanging" in first:
            first_pt = -_number(first["hanging"]) / 20
        elif "firstLineChars" in first:
            first_chars = _number(first["firstLineChars"]) / 100
        elif "firstLine" in first:
            first_pt = _number(first["firstLine"]) / 20
        if first_chars is not None:
            # A character unit is one character at the size of the paragraph's first text (what
            # LibreOffice measures w:firstLineChars by; the style's size without text).
            first_run = next((r for r in runs if r.end > r.start), None)
            first_pt = first_chars * (first_run.size if first_run is not None else style_size)
        left = props.get("left") or {}
        left_chars = _number(left["leftChars"]) / 100 if "leftChars" in left else None
        left_pt = _number(left.get("left", 0)) / 20
        spacing = props.get("line") or {}
        rule = spacing.get("lineRule", "auto")
        raw_line = _number(spacing.get("line", 240))
        line = raw_line / 240 if rule == "auto" else raw_line / 20
        before = props.get("before") or {}
        after = props.get("after") or {}
        alignment = {"start": "left", "end": "right", "justify": "both"}.get(props.get("jc", "left"), props.get("jc", "left"))
        return ParagraphFormat(
            style_id=style_id,
            alignment=alignment,
            first_line_chars=first_chars,
            first_line=first_pt,
            left=left_pt,
            left_chars=left_chars,
            line_rule=rule if rule in ("auto", "exact", "atLeast") else "auto",
            line=line,
            before=_number(before.get("before", 0)) / 20,
            after=_number(after.get("after", 0)) / 20,
            runs=runs,
            numbered=numbered,
            section=section,
            break_before=breaks[0] or bool(props.get("pageBreakBefore")),
            break_after=breaks[1],
            tabs=tabs,
            drawing=drawing,
        )

    def tab_stops(self, ppr: Any | None, style_id: str | None) -> tuple[tuple[int, str, str], ...]:
        """The tab stops in force: the style chain's, farthest first, then the paragraph's own; a
        stop of alignment ``clear`` removes the one at its position (ECMA-376 §17.3.1.37)."""
        stops: dict[int, tuple[int, str, str]] = {}
        levels = [style.find(_W + "pPr") for style in reversed(self._chain(style_id))]
        for level in [*levels, ppr]:
            tabs = level.find(_W + "tabs") if level is not None else None
            if tabs is None:
                continue
            for tab in tabs.iterchildren(_W + "tab"):
                position = int(_number(tab.get(_W + "pos")))
                kind = tab.get(_W + "val") or "left"
                if kind == "clear":
                    stops.pop(position, None)
                else:
                    stops[position] = (position, {"start": "left", "end": "right"}.get(kind, kind),
                                       tab.get(_W + "leader") or "none")  # fmt: skip
        return tuple(stops[p] for p in sorted(stops))

    def default_size(self) -> float:
        size = self.styled(self.default_paragraph, None).size
        return (size if size is not None else DEFAULT_SIZE) / 2


def fill_missing(target: RunProps, source: RunProps) -> None:
    """Set what ``target`` lacks from ``source`` (a farther level)."""
    if target.east_asia is None:
        target.east_asia = source.east_asia
    if target.latin is None:
        target.latin = source.latin
    if target.size is None:
        target.size = source.size
    if target.bold is None:
        target.bold = source.bold
    if target.color is None:
        target.color = source.color


_FIRST = ("firstLine", "firstLineChars", "hanging", "hangingChars")
_LEFT = ("left", "start", "leftChars", "startChars")


def _fill_par(props: dict[str, Any], ppr: Any | None) -> None:
    """Add the groups ``ppr`` sets that ``props`` lacks."""
    if ppr is None:
        return
    if "pageBreakBefore" not in props:
        page_break = ppr.find(_W + "pageBreakBefore")
        if page_break is not None:
            props["pageBreakBefore"] = _on(page_break)
    if "jc" not in props:
        jc = ppr.find(_W + "jc")
        if jc is not None and jc.get(_W + "val"):
            props["jc"] = jc.get(_W + "val")
    ind = ppr.find(_W + "ind")
    if ind is not None:
        attrs = {k[len(_W):]: v for k, v in ind.attrib.items() if k.startswith(_W)}
        if "first" not in props and any(k in attrs for k in _FIRST):
            props["first"] = {k: attrs[k] for k in _FIRST if k in attrs}
        if "left" not in props and any(k in attrs for k in _LEFT):
            props["left"] = {
                "left": attrs.get("left", attrs.get("start", 0)),
                **({"leftChars": attrs.get("leftChars", attrs.get("startChars"))}
                   if "leftChars" in attrs or "startChars" in attrs else {}),
            }  # fmt: skip
    spacing = ppr.find(_W + "spacing")
    if spacing is not None:
        attrs = {k[len(_W):]: v for k, v in spacing.attrib.items() if k.startswith(_W)}
        if "line" not in props and "line" in attrs:
            props["line"] = {"line": attrs["line"], "lineRule": attrs.get("lineRule", "auto")}
        if "before" not in props and "before" in attrs:
            props["before"] = {"before": attrs["before"]}
        if "after" not in props and "after" in attrs:
            props["after"] = {"after": attrs["after"]}


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _theme_fonts(theme_root: Any | None, script: str) -> dict[str, str]:
    """Theme font references (minorEastAsia, majorHAnsi …) → typeface."""
    fonts: dict[str, str] = {}
    if theme_root is None:
        return fonts
    scheme = next(theme_root.iter(_A + "fontScheme"), None)
    if scheme is None:
        return fonts
    for kind in ("major", "minor"):
        group = scheme.find(f"{_A}{kind}Font")
        if group is None:
            continue
        latin = group.find(_A + "latin")
        ea = group.find(_A + "ea")
        east = ea.get("typeface") if ea is not None else ""
        if not east:
            for font in group.iterchildren(_A + "font"):
                if font.get("script") == script:
                    east = font.get("typeface") or ""
                    break
        latin_face = latin.get("typeface") if latin is not None else ""
        if latin_face:
            fonts[kind + "Ascii"] = fonts[kind + "HAnsi"] = latin_face
        if east:
            fonts[kind + "EastAsia"] = east
    return fonts


# --- sections and page numbers -------------------------------------------------------------


def _int_attr(el: Any, name: str, default: int) -> int:
    if el is None:
        return default
    value = el.get(_W + name)
    try:
        return int(float(value)) if value is not None else default
    except ValueError:
        return default


@dataclass(slots=True)
class SectionBuilder:
    """Collects sections while the reader walks the body: a w:sectPr in a paragraph's w:pPr ends
    a section with that paragraph; the body's last w:sectPr describes the last one."""

    footer_numbers: Any  # callable: relationship id → tuple[PageNumber, ...]
    sections: list[SectionFormat] = field(default_factory=list)
    first_line: int = 1
    inherited: dict[str, tuple[PageNumber, ...]] = field(default_factory=dict)

    def end(self, sect_pr: Any, last_line: int) -> None:
        size = sect_pr.find(_W + "pgSz")
        margins = sect_pr.find(_W + "pgMar")
        # A reference replaces the footer (header) of its kind; kinds not referenced carry on
        # from the section before (ECMA-376 §17.10.5).
        for tag in ("footerReference", "headerReference"):
            for ref in sect_pr.iterchildren(_W + tag):
                kind = tag[:6] + ":" + (ref.get(_W + "type") or "default")
                rel_id = ref.get(_R + "id")
                self.inherited[kind] = self.footer_numbers(rel_id, tag[:6]) if rel_id else ()
        number_type = sect_pr.find(_W + "pgNumType")
        dashed = number_type is not None and number_type.get(_W + "fmt") == "numberInDash"
        numbers: list[PageNumber] = []
        first_numbers: list[PageNumber] = []
        for kind, found in sorted(self.inherited.items(), key=lambda item: not item[0].endswith(":default")):
            if kind.endswith((":default", ":even")):  # the default footer's number first
                numbers.extend(PageNumber(n.part, n.text, n.size, n.alignment, dashed) for n in found)
            elif kind.endswith(":first"):
                first_numbers.extend(PageNumber(n.part, n.text, n.size, n.alignment, dashed) for n in found)
        title_page = sect_pr.find(_W + "titlePg")
        start_type = sect_pr.find(_W + "type")
        start = number_type.get(_W + "start") if number_type is not None else None
        self.sections.append(
            SectionFormat(
                width=_int_attr(size, "w", 12240),
                height=_int_attr(size, "h", 15840),
                top=abs(_int_attr(margins, "top", 1440)),
                bottom=abs(_int_attr(margins, "bottom", 1440)),
                left=_int_attr(margins, "left", 1800),
                right=_int_attr(margins, "right", 1800),
                gutter=_int_attr(margins, "gutter", 0),
                first_line=self.first_line,
                last_line=max(last_line, self.first_line),
                page_numbers=tuple(numbers),
                landscape=size is not None and size.get(_W + "orient") == "landscape",
                start_type=(start_type.get(_W + "val") or "nextPage") if start_type is not None else "nextPage",
                title_page=title_page is not None and _on(title_page),
                first_page_numbers=tuple(first_numbers),
                number_start=int(start) if start is not None and start.lstrip("-").isdigit() else None,
                number_format=number_type.get(_W + "fmt") if number_type is not None else None,
            )
        )
        self.first_line = last_line + 1


def page_numbers(part_root: Any | None, part: str, resolver: FormatResolver) -> tuple[PageNumber, ...]:
    """The PAGE fields in a footer or header part, each with its paragraph's text around it."""
    if part_root is None:
        return ()
    found: list[PageNumber] = []
    for p in part_root.iter(_W + "p"):
        pieces: list[str] = []
        size: float | None = None
        in_code = False
        code: list[str] = []
        showing_page = False
        has_page = False
        for el in p.iter(_W + "t", _W + "fldChar", _W + "instrText", _W + "fldSimple", _W + "p"):
            if el.tag == _W + "p":
                continue
            if next(el.iterancestors(_W + "p"), None) is not p:
                continue  # a nested paragraph (a text box) is walked on its own
            if el.tag == _W + "fldSimple":
                if "PAGE" in (el.get(_W + "instr") or "").upper().split():
                    pieces.append("{PAGE}")
                    has_page = True
                    size = size or _run_size(next(el.iter(_W + "r"), None), p, resolver)
                continue
            if el.tag == _W + "fldChar":
                kind = el.get(_W + "fldCharType")
                if kind == "begin":
                    in_code, code = True, []
                elif kind == "separate":
                    in_code = False
                    if "PAGE" in "".join(code).upper().split():
                        pieces.append("{PAGE}")
                        has_page = showing_page = True
                elif kind == "end":
                    in_code = False
                    if not showing_page and "PAGE" in "".join(code).upper().split():
                        pieces.append("{PAGE}")  # a field without a cached result
                        has_page = True
                        size = size or _run_size(el.getparent(), p, resolver)
                    showing_page = False
                continue
            if el.tag == _W + "instrText":
                if in_code:
                    code.append(el.text or "")
                continue
            if showing_page and size is None:
                size = _run_size(el.getparent(), p, resolver)  # the first run of the field's result
            if in_code or showing_page or next(el.iterancestors(_W + "fldSimple"), None) is not None:
                continue
            pieces.append(el.text or "")
        if has_page:
            ppr = p.find(_W + "pPr")
            style = ppr.find(_W + "pStyle") if ppr is not None else None
            props = resolver.paragraph_props(ppr, style.get(_W + "val") if style is not None else None, None, False)
            found.append(PageNumber(part, "".join(pieces).strip(), size, props.get("jc", "left"), False))
    return tuple(found)


def _run_size(run: Any | None, p: Any, resolver: FormatResolver) -> float | None:
    ppr = p.find(_W + "pPr")
    style_el = ppr.find(_W + "pStyle") if ppr is not None else None
    style = style_el.get(_W + "val") if style_el is not None else resolver.default_paragraph
    rpr = run.find(_W + "rPr") if run is not None else None
    rstyle_el = rpr.find(_W + "rStyle") if rpr is not None else None
    base = resolver.styled(style, rstyle_el.get(_W + "val") if rstyle_el is not None else None)
    direct = resolver.run_props(rpr) if rpr is not None else None
    size = direct.size if direct is not None and direct.size is not None else base.size
    return (size if size is not None else DEFAULT_SIZE) / 2
