"""Run, paragraph and section properties written as the format profile says, each child element
in the place the schema gives it (ECMA-376 CT_RPr, CT_PPr, CT_SectPr): Word refuses a file whose
properties stand out of order."""

from __future__ import annotations

from typing import Any

from lxml import etree

from checker.profile import HeadingSpec, Profile, TextSpec
from checker.read.docx.ooxml import W_TAG

# Schema order of the children (ECMA-376 CT_RPr, CT_PPr, CT_SectPr): Word refuses a file whose
# properties stand out of order.
RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
              "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
              "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"]  # fmt: skip


PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange"]  # fmt: skip


SECT_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]  # fmt: skip


def child(parent: Any, name: str, order: list[str]) -> Any:
    """``parent``'s w:``name`` child, created in its schema place when missing."""
    found = parent.find(W_TAG + name)
    if found is not None:
        return found
    element = parent.makeelement(W_TAG + name, {})
    rank = order.index(name)
    for index, child in enumerate(parent):
        local = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if local in order and order.index(local) > rank:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def properties(parent: Any, tag: str) -> Any:
    """``parent``'s w:pPr or w:rPr, made as its first child when it has none (the schema's place)."""
    found = parent.find(W_TAG + tag)
    if found is None:
        found = parent.makeelement(W_TAG + tag, {})
        parent.insert(0, found)
    return found


def paragraph_properties(paragraph: Any) -> Any:
    return properties(paragraph, "pPr")


def run_properties(run: Any) -> Any:
    return properties(run, "rPr")


def set_run(rpr: Any, profile: Profile, spec: TextSpec | HeadingSpec) -> None:
    """Font, size, weight and colour of ``spec`` on a run (or a paragraph mark)."""
    family = profile.family(spec.font)
    fonts = child(rpr, "rFonts", RPR_ORDER)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme"):  # a theme font beats a name
        fonts.attrib.pop(W_TAG + theme, None)
    latin = spec.latin[0] if spec.latin else family.write
    fonts.set(W_TAG + "ascii", latin)
    fonts.set(W_TAG + "hAnsi", latin)
    fonts.set(W_TAG + "eastAsia", family.write)
    half_points = str(round(spec.size * 2))
    child(rpr, "sz", RPR_ORDER).set(W_TAG + "val", half_points)
    child(rpr, "szCs", RPR_ORDER).set(W_TAG + "val", half_points)
    if spec.bold is not None:
        for tag in ("b", "bCs"):
            child(rpr, tag, RPR_ORDER).set(W_TAG + "val", "1" if spec.bold else "0")
    if profile.black_text:  # automatic (black), also over a character style's colour (a hyperlink's blue)
        color = child(rpr, "color", RPR_ORDER)
        color.attrib.clear()
        color.set(W_TAG + "val", "auto")


def set_spacing(ppr: Any, profile: Profile) -> None:
    spacing = child(ppr, "spacing", PPR_ORDER)
    spacing.set(W_TAG + "line", str(round(profile.line_spacing.write * 20)))
    spacing.set(W_TAG + "lineRule", "exact")


def set_first_line(ppr: Any, chars: float, size: float) -> None:
    """A first-line indent of ``chars`` 字 and no left indent (GB/T 9704 7.3.3: 回行顶格)."""
    ind = child(ppr, "ind", PPR_ORDER)
    for name in ("hanging", "hangingChars", "start", "startChars"):
        ind.attrib.pop(W_TAG + name, None)
    ind.set(W_TAG + "left", "0")
    ind.set(W_TAG + "leftChars", "0")
    ind.set(W_TAG + "firstLineChars", str(round(chars * 100)))
    ind.set(W_TAG + "firstLine", str(round(chars * size * 20)))

