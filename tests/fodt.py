"""What LibreOffice makes of a .docx's formatting: convert it to flat ODF (.fodt) and resolve each
paragraph's properties through ODF's own chain — the automatic style, its named parents, the
default style; spans over the paragraph — to compare with reportlint's resolver."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
}
_CJK = re.compile("[\u3001-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uffef]")
_UNITS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "pc": 12.0}


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def length_pt(value: str | None) -> float | None:
    if not value:
        return None
    m = re.fullmatch(r"(-?[0-9.]+)(pt|in|cm|mm|pc)", value)
    return float(m.group(1)) * _UNITS[m.group(2)] if m else None


@dataclass
class LoParagraph:
    text: str
    east_asia: str | None  # the font of most of its Chinese characters
    size: float | None  # their size (style:font-size-asian)
    alignment: str | None  # start | center | end | justify
    first_line: float  # fo:text-indent in points
    line_rule: str  # exact | atLeast | auto
    line: float | None  # points (exact, atLeast) or a multiple (auto)


class Styles:
    def __init__(self, root: Any) -> None:
        self.fonts = {f.get(_q("style:name")): (f.get(_q("svg:font-family")) or "").strip("'\"")
                      for f in root.iter(_q("style:font-face"))}  # fmt: skip
        self.styles: dict[tuple[str, str], Any] = {}
        for style in root.iter(_q("style:style")):
            self.styles[(style.get(_q("style:family")), style.get(_q("style:name")))] = style
        self.defaults = {d.get(_q("style:family")): d for d in root.iter(_q("style:default-style"))}

    def chain(self, family: str, name: str | None, defaults: bool = True) -> list[Any]:
        out, seen = [], set()
        while name and (family, name) in self.styles and name not in seen:
            seen.add(name)
            style = self.styles[(family, name)]
            out.append(style)
            name = style.get(_q("style:parent-style-name"))
        if defaults and family in self.defaults:
            out.append(self.defaults[family])
        return out

    @staticmethod
    def prop(chain: list[Any], kind: str, attribute: str) -> str | None:
        for style in chain:
            props = style.find(_q(f"style:{kind}-properties"))
            if props is not None and props.get(_q(attribute)) is not None:
                return str(props.get(_q(attribute)))
        return None


def read_fodt(path: Path) -> list[LoParagraph]:
    """Every paragraph outside tables and frames, in order, with its resolved properties."""
    root = etree.parse(str(path)).getroot()
    styles = Styles(root)
    body = root.find(f"{_q('office:body')}/{_q('office:text')}")
    assert body is not None
    found = []
    for p in body.iter(_q("text:p"), _q("text:h")):
        if any(a.tag in (_q("table:table"), _q("draw:frame"), _q("office:annotation")) for a in p.iterancestors()):
            continue
        found.append(_paragraph(p, styles))
    return found


def _paragraph(p: Any, styles: Styles) -> LoParagraph:
    chain = styles.chain("paragraph", p.get(_q("text:style-name")))
    fonts: Counter[str | None] = Counter()
    sizes: Counter[float | None] = Counter()
    pieces: list[str] = []

    def walk(element: Any, span_chain: list[Any]) -> None:
        if element.text:
            _count(element.text, span_chain)
        for child in element:
            if child.tag == _q("office:annotation"):
                pass
            elif child.tag == _q("text:span"):
                walk(child, styles.chain("text", child.get(_q("text:style-name")), defaults=False) + span_chain)
            elif child.tag == _q("text:s"):
                _count(" " * int(child.get(_q("text:c")) or 1), span_chain)
            elif child.tag == _q("text:tab"):
                _count("\t", span_chain)
            elif child.tag in (_q("text:a"), _q("text:bookmark-ref")):
                walk(child, span_chain)
            if child.tail:
                _count(child.tail, span_chain)

    def _count(text: str, span_chain: list[Any]) -> None:
        pieces.append(text)
        cjk = len(_CJK.findall(text))
        if not cjk:
            return
        every = span_chain + chain
        font = Styles.prop(every, "text", "style:font-name-asian")
        fonts[styles.fonts.get(font, font) if font else None] += cjk
        sizes[length_pt(Styles.prop(every, "text", "style:font-size-asian"))] += cjk

    walk(p, [])
    height = Styles.prop(chain, "paragraph", "fo:line-height")
    at_least = Styles.prop(chain, "paragraph", "style:line-height-at-least")
    if at_least:
        rule, line = "atLeast", length_pt(at_least)
    elif height and height.endswith("%"):
        rule, line = "auto", float(height[:-1]) / 100
    elif height:
        rule, line = "exact", length_pt(height)
    else:
        rule, line = "auto", 1.0
    return LoParagraph(
        text="".join(pieces),
        east_asia=fonts.most_common(1)[0][0] if fonts else None,
        size=sizes.most_common(1)[0][0] if sizes else None,
        alignment=Styles.prop(chain, "paragraph", "fo:text-align"),
        first_line=length_pt(Styles.prop(chain, "paragraph", "fo:text-indent")) or 0.0,
        line_rule=rule,
        line=line,
    )
