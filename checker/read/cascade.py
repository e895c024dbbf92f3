"""The style cascade of a .docx: formatting resolved the way Word resolves it.

What a format check needs to know about each paragraph — which font draws its Chinese characters
and which its digits, at what size, bold or not, in what colour; its justification, first-line
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

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.read.formatting import ParagraphFormat, RunFormat, points, shown_colour
from checker.read.styles import StyleTable

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


A = "http://schemas.openxmlformats.org/drawingml/2006/main"


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


W_TAG = "{" + W + "}"


A_TAG = "{" + A + "}"


R_TAG = "{" + R + "}"


# Characters drawn with the East-Asian font: CJK ideographs (with extensions), CJK and
# full-width punctuation, kana, hangul. (Spaces, ASCII, and the general punctuation “ ” … that
# w:hint decides are not counted either way.)
# Compiled when a resolver is first made (7 ms: the class reaches beyond the BMP), not at import:
# this module is imported with the .docx reader, whether or not formatting is read.
_CJK_CLASS = ("[\u3001-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
              "\ufe30-\ufe4f\uff01-\uffef\U00020000-\U0003ffff]")  # fmt: skip


_NOT_CJK: re.Pattern[str] = None  # type: ignore[assignment]  # runs of characters outside _CJK_CLASS


_LATIN: re.Pattern[str] = None  # type: ignore[assignment]


def _compile_patterns() -> None:
    global _NOT_CJK, _LATIN
    if _NOT_CJK is None:
        _NOT_CJK = re.compile("[^" + _CJK_CLASS[1:] + "+")
        _LATIN = re.compile("[0-9A-Za-z\u00c0-\u024f]")


def _cjk_count(text: str) -> int:
    """How many characters of ``text`` are of _CJK_CLASS: its length less the runs of other
    characters (a few in a report), rather than a list of every character that is."""
    return len(text) - sum(map(len, _NOT_CJK.findall(text)))


# The theme script that an East-Asian language uses when the theme's <a:ea> is empty.
_SCRIPTS = {"zh-cn": "Hans", "zh-sg": "Hans", "zh-tw": "Hant", "zh-hk": "Hant", "zh-mo": "Hant",
            "ja-jp": "Jpan", "ko-kr": "Hang"}  # fmt: skip


@dataclass(slots=True)
class RunProps:
    """A run's character formatting as resolved from direct formatting, styles and defaults."""

    east_asia: str | None = None
    latin: str | None = None
    size: int | None = None
    bold: bool | None = None
    color: str | None = None  # "auto" kept as "auto" so that it overrides a level below


def is_on(el: Any) -> bool:
    return el.get(W_TAG + "val") not in ("0", "false", "off")


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
        lang = _theme_language(settings_root)
        defaults = table.defaults() if table is not None else None
        default_rpr = defaults.find(f"{W_TAG}rPrDefault/{W_TAG}rPr") if defaults is not None else None
        if defaults is not None:
            if default_rpr is not None:
                language = default_rpr.find(W_TAG + "lang")
                if lang is None and language is not None:
                    lang = language.get(W_TAG + "eastAsia")
            self._defaults_par = defaults.find(f"{W_TAG}pPrDefault/{W_TAG}pPr")
        self.script = _SCRIPTS.get((lang or "zh-CN").lower(), "Hans")
        self._theme = _theme_fonts(theme_root, self.script)
        if default_rpr is not None:
            self._defaults_run = self.run_props(default_rpr)
        self._style_runs: dict[str | None, RunProps] = {}
        self._merged: dict[tuple[str | None, str | None], RunProps] = {}
        self._style_pars: dict[str | None, dict[str, Any]] = {}
        self._interned: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self._paragraph_props: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._run_resolvers: dict[str | None, Callable[[Any | None], tuple[Any, ...]]] = {}
        self._run_caches: dict[str | None, dict[tuple[Any, ...], tuple[Any, ...]]] = {}
        self._geometry: dict[int, tuple[dict[str, Any], tuple[Any, ...]]] = {}

    def entries(self) -> int:
        """How many results its caches hold."""
        return len(self._paragraph_props) + len(self._interned) + sum(map(len, self._run_caches.values()))

    # -- runs --

    def run_props(self, rpr: Any) -> RunProps:
        """The properties that one w:rPr sets (theme fonts looked up)."""
        props = RunProps()
        fonts = rpr.find(W_TAG + "rFonts")
        if fonts is not None:
            props.east_asia = self._font(fonts, "eastAsia")
            props.latin = self._font(fonts, "ascii")
        size = rpr.find(W_TAG + "sz")
        if size is not None:
            value = size.get(W_TAG + "val")
            if value is not None and value.isdigit():
                props.size = int(value)
        bold = rpr.find(W_TAG + "b")
        if bold is not None:
            props.bold = is_on(bold)
        color = rpr.find(W_TAG + "color")
        if color is not None:
            value = color.get(W_TAG + "val")
            if value:
                props.color = value.upper() if value.lower() != "auto" else "auto"
        return props

    def _font(self, fonts: Any, slot: str) -> str | None:
        theme = fonts.get(W_TAG + slot + "Theme")
        if theme:
            found = self._theme.get(theme)
            if found:
                return found
        name = fonts.get(W_TAG + slot)
        return str(name) if name else None

    def _chain(self, style_id: str | None) -> list[Any]:
        if self._table is None:
            return []
        return [self._table.element(each) for each in self._table.lineage(style_id)]

    def _style_run(self, style_id: str | None) -> RunProps:
        """The run properties a style gives with its basedOn chain, nearest first."""
        cached = self._style_runs.get(style_id)
        if cached is None:
            cached = RunProps()
            for style in self._chain(style_id):
                rpr = style.find(W_TAG + "rPr")
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
        """A run's (east-Asian font, Latin font, size, bold, colour) in a paragraph of ``style_id``.
        The same tuple object comes back for the same values (run_resolver caches by content)."""
        direct = self.run_props(rpr) if rpr is not None else None
        rstyle = rpr.find(W_TAG + "rStyle") if rpr is not None else None
        props = RunProps()
        if direct is not None:
            fill_missing(props, direct)
        fill_missing(props, self.styled(style_id, rstyle.get(W_TAG + "val") if rstyle is not None else None))
        values = (props.east_asia, props.latin, points(props.size), bool(props.bold), shown_colour(props.color))
        return self._interned.setdefault(values, values)

    def run_resolver(self, style_id: str | None) -> Callable[[Any | None], tuple[Any, ...]]:
        """``resolved`` for the runs of paragraphs of ``style_id``: one function per style, cached
        by the run properties' content (each element's tag and attributes, names with values: a
        document repeats a few dozen sets over thousands of runs)."""
        found = self._run_resolvers.get(style_id)
        if found is None:
            cache: dict[tuple[Any, ...], tuple[Any, ...]] = {}
            self._run_caches[style_id] = cache
            resolved = self.resolved

            def resolve(rpr: Any | None) -> tuple[Any, ...]:
                key: tuple[Any, ...]
                if rpr is None:
                    key = ()
                elif len(rpr) == 1:  # most runs set one property or two in one element (w:rFonts)
                    child = rpr[0]
                    key = (child.tag, *child.items())  # a tag first: never a key of several below
                else:
                    key = tuple([(child.tag, *child.items()) for child in rpr])
                values = cache.get(key)
                if values is None:
                    values = cache[key] = resolved(style_id, rpr)
                return values

            found = self._run_resolvers[style_id] = resolve
        return found

    @staticmethod
    def format_of(start: int, end: int, text: str, values: tuple[Any, ...]) -> RunFormat:
        return RunFormat(start, end, values[0], values[1], values[2], values[3], values[4],
                         _cjk_count(text), len(_LATIN.findall(text)))  # fmt: skip

    def run_format(self, start: int, end: int, text: str, direct: RunProps | None, base: RunProps) -> RunFormat:
        props = RunProps()
        if direct is not None:
            fill_missing(props, direct)
        fill_missing(props, base)
        return RunFormat(
            start=start,
            end=end,
            east_asia=props.east_asia,
            latin=props.latin,
            size=points(props.size),
            bold=bool(props.bold),
            color=shown_colour(props.color),
            cjk=_cjk_count(text),
            latin_chars=len(_LATIN.findall(text)),
        )

    # -- paragraphs --

    def _style_par(self, style_id: str | None) -> dict[str, Any]:
        cached = self._style_pars.get(style_id)
        if cached is None:
            cached = {}
            for style in self._chain(style_id):
                _fill_par(cached, style.find(W_TAG + "pPr"))
            _fill_par(cached, self._defaults_par)
            self._style_pars[style_id] = cached
        return cached

    def paragraph_props(self, ppr: Any | None, style_id: str | None, level_ppr: Any | None,
                        numbered_directly: bool) -> dict[str, Any]:  # fmt: skip
        """Alignment, indents and spacing in force: the paragraph's own, then its numbering
        level's, then its style's (a list attached by the style gives way to the style). Cached
        by content: body paragraphs repeat the same few sets (the result is not to be changed)."""
        signature = tuple([(child.tag, *child.items()) for child in ppr]) if ppr is not None else ()
        level = tuple([(child.tag, *child.items()) for child in level_ppr]) if level_ppr is not None else None
        key = (style_id, signature, level, numbered_directly)
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
        # What the properties in force say is worked out once per set of them (paragraph_props
        # gives the same dict for the same properties): a body repeats a few sets.
        found = self._geometry.get(id(props))
        if found is None or found[0] is not props:
            found = self._geometry[id(props)] = (props, _geometry(props))
        justification, first_chars, first_pt, left_pt, left_chars, rule, line, before, after, page_break = found[1]
        if first_chars is not None:
            # A character unit is one character at the size of the paragraph's first text (what
            # LibreOffice measures w:firstLineChars by; the style's size without text).
            first_run = next((r for r in runs if r.end > r.start), None)
            first_pt = first_chars * (first_run.size if first_run is not None
                                      else points(self.styled(style_id, None).size or None))  # fmt: skip
        return ParagraphFormat(style_id, justification, first_chars, first_pt, left_pt, left_chars, rule, line,
                               before, after, runs, numbered, section, breaks[0] or page_break, breaks[1], tabs,
                               drawing)  # fmt: skip

    def tab_stops(self, ppr: Any | None, style_id: str | None) -> tuple[tuple[int, str, str], ...]:
        """The tab stops in force: the style chain's, farthest first, then the paragraph's own; a
        stop of alignment ``clear`` removes the one at its position (ECMA-376 §17.3.1.37)."""
        stops: dict[int, tuple[int, str, str]] = {}
        levels = [style.find(W_TAG + "pPr") for style in reversed(self._chain(style_id))]
        for level in [*levels, ppr]:
            tabs = level.find(W_TAG + "tabs") if level is not None else None
            if tabs is None:
                continue
            for tab in tabs.iterchildren(W_TAG + "tab"):
                position = int(_number(tab.get(W_TAG + "pos")))
                kind = tab.get(W_TAG + "val") or "left"
                if kind == "clear":
                    stops.pop(position, None)
                else:
                    stops[position] = (position, {"start": "left", "end": "right"}.get(kind, kind),
                                       tab.get(W_TAG + "leader") or "none")  # fmt: skip
        return tuple(stops[p] for p in sorted(stops))

    def default_size(self) -> float:
        return points(self.styled(self.default_paragraph, None).size)


# Resolvers kept for the next document read from the same shared style table and theme tree
# (checker/read/styles.py shared_table, Package.xml) with the same East-Asian language: their
# caches hold results keyed by content alone, so a batch from one template resolves its styles
# once. A few kept, the oldest dropped; one whose caches grew past _RESOLVER_ENTRIES is not reused.
_SHARED_RESOLVERS: dict[tuple[int, int, str | None], tuple[Any, Any, FormatResolver]] = {}
_SHARED_RESOLVERS_MAX = 4
_RESOLVER_ENTRIES = 20_000


def shared_resolver(table: StyleTable | None, theme_root: Any | None, settings_root: Any | None) -> FormatResolver:
    """A resolver for a document whose style table and theme tree are shared ones (never changed):
    the one an earlier document with the same ones and language used, or a new one kept for the
    next. Its results are a new resolver's."""
    key = (id(table), id(theme_root), _theme_language(settings_root))
    found = _SHARED_RESOLVERS.get(key)
    if found is not None and found[0] is table and found[1] is theme_root and found[2].entries() <= _RESOLVER_ENTRIES:
        return found[2]
    resolver = FormatResolver(table, theme_root, settings_root)
    if key not in _SHARED_RESOLVERS and len(_SHARED_RESOLVERS) >= _SHARED_RESOLVERS_MAX:
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):  # another thread's doing
            del _SHARED_RESOLVERS[next(iter(_SHARED_RESOLVERS))]
    _SHARED_RESOLVERS[key] = (table, theme_root, resolver)
    return resolver


def _theme_language(settings_root: Any | None) -> str | None:
    """w:themeFontLang/@w:eastAsia of the settings part."""
    theme_lang = settings_root.find(W_TAG + "themeFontLang") if settings_root is not None else None
    return theme_lang.get(W_TAG + "eastAsia") if theme_lang is not None else None


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
        page_break = ppr.find(W_TAG + "pageBreakBefore")
        if page_break is not None:
            props["pageBreakBefore"] = is_on(page_break)
    if "jc" not in props:
        jc = ppr.find(W_TAG + "jc")
        if jc is not None and jc.get(W_TAG + "val"):
            props["jc"] = jc.get(W_TAG + "val")
    ind = ppr.find(W_TAG + "ind")
    if ind is not None:
        attrs = {k[len(W_TAG):]: v for k, v in ind.attrib.items() if k.startswith(W_TAG)}
        if "first" not in props and any(k in attrs for k in _FIRST):
            props["first"] = {k: attrs[k] for k in _FIRST if k in attrs}
        if "left" not in props and any(k in attrs for k in _LEFT):
            props["left"] = {
                "left": attrs.get("left", attrs.get("start", 0)),
                **({"leftChars": attrs.get("leftChars", attrs.get("startChars"))}
                   if "leftChars" in attrs or "startChars" in attrs else {}),
            }  # fmt: skip
    spacing = ppr.find(W_TAG + "spacing")
    if spacing is not None:
        attrs = {k[len(W_TAG):]: v for k, v in spacing.attrib.items() if k.startswith(W_TAG)}
        if "line" not in props and "line" in attrs:
            props["line"] = {"line": attrs["line"], "lineRule": attrs.get("lineRule", "auto")}
        if "before" not in props and "before" in attrs:
            props["before"] = {"before": attrs["before"]}
        if "after" not in props and "after" in attrs:
            props["after"] = {"after": attrs["after"]}


def _geometry(props: dict[str, Any]) -> tuple[Any, ...]:
    """ParagraphFormat's justification, first-line indent (in characters, or in points), left
    indent (points, characters), line rule and spacing, space before and after and whether a
    page break stands before it, from the paragraph properties in force."""
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
    left = props.get("left") or {}
    left_chars = _number(left["leftChars"]) / 100 if "leftChars" in left else None
    left_pt = _number(left.get("left", 0)) / 20
    spacing = props.get("line") or {}
    rule = spacing.get("lineRule", "auto")
    raw_line = _number(spacing.get("line", 240))
    line = raw_line / 240 if rule == "auto" else raw_line / 20
    before = props.get("before") or {}
    after = props.get("after") or {}
    justification = {"start": "left", "end": "right", "justify": "both"}.get(props.get("jc", "left"), props.get("jc", "left"))
    return (justification, first_chars, first_pt, left_pt, left_chars,
            rule if rule in ("auto", "exact", "atLeast") else "auto", line,
            _number(before.get("before", 0)) / 20, _number(after.get("after", 0)) / 20,
            bool(props.get("pageBreakBefore")))  # fmt: skip


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
    scheme = next(theme_root.iter(A_TAG + "fontScheme"), None)
    if scheme is None:
        return fonts
    for kind in ("major", "minor"):
        group = scheme.find(f"{A_TAG}{kind}Font")
        if group is None:
            continue
        latin = group.find(A_TAG + "latin")
        ea = group.find(A_TAG + "ea")
        east = ea.get("typeface") if ea is not None else ""
        if not east:
            for font in group.iterchildren(A_TAG + "font"):
                if font.get("script") == script:
                    east = font.get("typeface") or ""
                    break
        latin_face = latin.get("typeface") if latin is not None else ""
        if latin_face:
            fonts[kind + "Ascii"] = fonts[kind + "HAnsi"] = latin_face
        if east:
            fonts[kind + "EastAsia"] = east
    return fonts

