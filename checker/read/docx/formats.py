"""The formatting Word resolves for each paragraph of a .docx (fonts, sizes, spacing, indents,
page breaks) and the page set-up with its page numbers, read only when it is to be checked or
laid out (checker/read/cascade.py resolves the style cascade)."""

from __future__ import annotations

from typing import Any

from checker.read.cascade import FormatResolver, fill_missing, shared_resolver
from checker.read.docx.ooxml import R_TAG, W_TAG
from checker.read.docx.package import Package
from checker.read.docx.package import is_shared as shared_part
from checker.read.formatting import PageNumber, ParagraphFormat, RunFormat, merge_runs
from checker.read.numbering import NumberingRenderer
from checker.read.page_setup import SectionBuilder, page_numbers
from checker.read.styles import StyleTable, is_shared


def document_format(
    package: Package, main: str, root: Any, table: StyleTable | None
) -> tuple[FormatResolver, SectionBuilder]:
    """The resolver, and the section builder with every footer and header the sections name
    already read (the package closes before the body is walked)."""
    theme_name = package.related(main, "theme")
    settings_name = package.related(main, "settings")
    theme_root = package.xml(theme_name) if theme_name else None
    settings_root = package.xml(settings_name) if settings_name else None
    if package.share and (table is None or is_shared(table)) and (theme_root is None or shared_part(theme_root)):
        resolver = shared_resolver(table, theme_root, settings_root)  # inputs no one changes: its caches reused
    else:
        resolver = FormatResolver(table, theme_root, settings_root)
    found: dict[str, tuple[PageNumber, ...]] = {}
    for tag in ("footerReference", "headerReference"):
        for ref in root.iter(W_TAG + tag):
            rel_id = ref.get(R_TAG + "id")
            if rel_id and rel_id not in found:
                name = package.target(main, rel_id)
                found[rel_id] = page_numbers(package.xml(name) if name else None, tag[:6], resolver)

    def numbers(rel_id: str, part: str) -> tuple[PageNumber, ...]:
        return found.get(rel_id, ())

    return resolver, SectionBuilder(numbers)


def paragraph_format(
    resolver: FormatResolver, ppr: Any | None, style_id: str | None, text: str,
    drawn: list[tuple[int, int, tuple[Any, ...]]], label: str | None, numbering: NumberingRenderer, section: int,
    p: Any = None, toc: bool = False, breaks: tuple[bool, bool] | None = None,
) -> ParagraphFormat:  # fmt: skip
    """The resolved formatting of a paragraph whose text (label included) is ``text``, drawn
    as the stretches ``drawn`` say (ParagraphText.drawn_runs, the label's characters not counted:
    consecutive runs drawn alike already one) before their characters are counted. ``breaks``:
    the page breaks when the walk found them, the paragraph then known to hold no drawing."""
    shift = len(text) - (drawn[-1][1] if drawn else 0)
    runs: list[RunFormat] = []
    level = numbering.last_level if label else None
    if label and shift > 0:
        # Word draws the label with the level's run properties over the paragraph mark's.
        mark = ppr.find(W_TAG + "rPr") if ppr is not None else None
        direct = resolver.run_props(level.rpr) if level is not None and level.rpr is not None else None
        mark_props = resolver.run_props(mark) if mark is not None else None
        if direct is None:
            direct = mark_props
        elif mark_props is not None:
            fill_missing(direct, mark_props)
        runs.append(resolver.run_format(0, shift, text[:shift], direct, resolver.styled(style_id, None)))
    format_of = resolver.format_of
    for start, end, props in drawn:
        runs.append(format_of(start + shift, end + shift, text[start + shift : end + shift], props))
    in_force = resolver.paragraph_props(ppr, style_id, level.ppr if level is not None else None,
                                        numbering.last_direct)  # fmt: skip
    tabs = resolver.tab_stops(ppr, style_id) if toc else ()
    if breaks is None:
        drawing = p is not None and next(p.iter(W_TAG + "drawing", W_TAG + "pict", W_TAG + "object"), None) is not None
        breaks = page_breaks(p) if p is not None else (False, False)
    else:
        drawing = False
    return resolver.paragraph_format(in_force, merge_runs(runs), style_id, label is not None, section,
                                     breaks, tabs, drawing)  # fmt: skip


def page_breaks(p: Any) -> tuple[bool, bool]:
    """Whether a page break (w:br w:type="page") stands before the paragraph's text, and after it."""
    if not any(br.get(W_TAG + "type") == "page" for br in p.iter(W_TAG + "br")):
        return False, False
    before = after = False
    seen_text = False
    for el in p.iter(W_TAG + "t", W_TAG + "br"):
        if el.tag == W_TAG + "t":
            if el.text and el.text.strip():
                seen_text = True
                after = False
        elif el.get(W_TAG + "type") == "page":
            if seen_text:
                after = True
            else:
                before = True
    return before, after

