"""`reportlint format`: a copy of a .docx laid out as the format profile says — fonts, sizes, line
spacing, first-line indents, margins, paper, page numbers — with its text and comments untouched.

Formatting is written where Word gives it the highest precedence, on the paragraphs and runs
themselves (a run's own w:eastAsia beats any style or theme). Styles are left alone: the table
of contents, headers and footers build on the Normal style, and changing it broke them (a TOC
entry's number pushed past its tab stop). A paragraph the writer presses Enter after carries its
formatting on, so new text starts out right all the same.

What `format` owns is the body: from its first page on (checker.model.roles.body_start). A
cover, a title page and a table of contents before it, and the sections that hold them with
their headers and footers, stay as they were. Page numbers start where the body starts, by
Word's own mechanism: the body's section restarts them at 1 (a section break takes the place of
the page break after the front matter when they shared a section). Which paragraph is the
title, a heading or body text comes from the same model the F checks use: after formatting,
they find nothing to report on the copy (the date line's wording is text, left to F110's --fix).
"""

from __future__ import annotations

import copy
import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from checker.model import Report
from checker.model.roles import (
    BODY,
    HEADING,
    SKIPPED,
    TITLE,
    Role,
    body_start,
    paragraph_roles,
    profile_spec,
)
from checker.profile import HeadingSpec, Profile, TextSpec
from checker.read.docx import DocxLayout, read_docx_layout
from checker.read.docx.ooxml import W_TAG, W, safe_xml_parser
from checker.read.formatting import TWIPS_PER_MM
from checker.read.types import Document
from checker.write.package import rewrite_package, xml_bytes, zip_name
from checker.write.runs import bounds

_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_FOOTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"

# Schema order of the children (ECMA-376 CT_RPr, CT_PPr, CT_SectPr): Word refuses a file whose
# properties stand out of order.
_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
              "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
              "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"]  # fmt: skip
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange"]  # fmt: skip
_SECT_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]  # fmt: skip


@dataclass(slots=True)
class Formatted:
    data: bytes
    paragraphs: int = 0  # paragraphs whose layout was set
    typed_labels: int = 0  # automatic numbers turned into typed text
    sections: int = 0
    footers_added: int = 0
    notes: list[str] = field(default_factory=list)


def _child(parent: Any, name: str, order: list[str]) -> Any:
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


def _properties(parent: Any, tag: str) -> Any:
    """``parent``'s w:pPr or w:rPr, made as its first child when it has none (the schema's place)."""
    found = parent.find(W_TAG + tag)
    if found is None:
        found = parent.makeelement(W_TAG + tag, {})
        parent.insert(0, found)
    return found


def _ppr(paragraph: Any) -> Any:
    return _properties(paragraph, "pPr")


def _rpr(run: Any) -> Any:
    return _properties(run, "rPr")


def set_run(rpr: Any, profile: Profile, spec: TextSpec | HeadingSpec) -> None:
    """Font, size, weight and colour of ``spec`` on a run (or a paragraph mark)."""
    family = profile.family(spec.font)
    fonts = _child(rpr, "rFonts", _RPR_ORDER)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme"):  # a theme font beats a name
        fonts.attrib.pop(W_TAG + theme, None)
    latin = spec.latin[0] if spec.latin else family.write
    fonts.set(W_TAG + "ascii", latin)
    fonts.set(W_TAG + "hAnsi", latin)
    fonts.set(W_TAG + "eastAsia", family.write)
    half_points = str(round(spec.size * 2))
    _child(rpr, "sz", _RPR_ORDER).set(W_TAG + "val", half_points)
    _child(rpr, "szCs", _RPR_ORDER).set(W_TAG + "val", half_points)
    if spec.bold is not None:
        for tag in ("b", "bCs"):
            _child(rpr, tag, _RPR_ORDER).set(W_TAG + "val", "1" if spec.bold else "0")
    if profile.black_text:  # automatic (black), also over a character style's colour (a hyperlink's blue)
        color = _child(rpr, "color", _RPR_ORDER)
        color.attrib.clear()
        color.set(W_TAG + "val", "auto")


def set_spacing(ppr: Any, profile: Profile) -> None:
    spacing = _child(ppr, "spacing", _PPR_ORDER)
    spacing.set(W_TAG + "line", str(round(profile.line_spacing.write * 20)))
    spacing.set(W_TAG + "lineRule", "exact")


def set_first_line(ppr: Any, chars: float, size: float) -> None:
    """A first-line indent of ``chars`` 字 and no left indent (GB/T 9704 7.3.3: 回行顶格)."""
    ind = _child(ppr, "ind", _PPR_ORDER)
    for name in ("hanging", "hangingChars", "start", "startChars"):
        ind.attrib.pop(W_TAG + name, None)
    ind.set(W_TAG + "left", "0")
    ind.set(W_TAG + "leftChars", "0")
    ind.set(W_TAG + "firstLineChars", str(round(chars * 100)))
    ind.set(W_TAG + "firstLine", str(round(chars * size * 20)))


def _model(document: Document) -> Report:
    """The model, its sections matched to the template they follow: what each paragraph is comes
    from the parse alone; no check runs."""
    from checker.align.sections import match_sections
    from checker.detect import detect_template
    from checker.model.build import build_report
    from checker.parse.lexer import lex

    blocks = lex(list(document.paragraphs))
    report = build_report(document, blocks)
    match_sections(report, detect_template(document, blocks).template)  # a report of 一是 … sections
    return report


def format_docx(path: str, data: bytes, profile: Profile) -> Formatted:
    """The formatted copy's bytes and what was done."""
    layout = read_docx_layout(path, data, formatting=True)
    report = _model(layout.document)
    roles = paragraph_roles(report)
    formats = layout.document.formatting.paragraphs if layout.document.formatting is not None else None
    start = body_start(report)
    done = Formatted(data)
    for line, role in enumerate(roles, start=1):
        if line < start:
            continue  # a cover, title page or table of contents: laid out by the writer, not the profile
        paragraph = layout.document.paragraphs[line - 1]
        element = layout.elements[line - 1]
        drawing = formats is not None and formats[line - 1].drawing
        if role.kind == SKIPPED:
            if not paragraph.text.strip() and not paragraph.in_table and not paragraph.toc and not drawing:
                ppr = _ppr(element)  # a blank line keeps the page's line grid
                set_spacing(ppr, profile)
                set_run(_child(ppr, "rPr", _PPR_ORDER), profile, profile.body)
            continue
        spec = profile_spec(profile, role)
        if spec is None:
            continue
        done.paragraphs += 1
        _format_paragraph(layout, line, element, role, spec, profile, fixed_lines=not drawing)
        if role.kind == HEADING and paragraph.label and profile.typed_numbering:
            done.typed_labels += _type_label(layout, line, element)
    sections = _sections(layout, start)
    body = next(i for i, section in enumerate(sections) if section.last >= start)
    done.sections = _format_sections([section.element for section in sections[body:]], profile)
    replace: dict[str, bytes] = {}
    add: dict[str, bytes] = {}
    _page_numbers(data, layout, profile, sections, body, replace, add, done)
    replace[zip_name(data, layout.main)] = xml_bytes(layout.root)
    done.data = rewrite_package(data, replace, add)
    return done


def _format_paragraph(layout: DocxLayout, line: int, element: Any, role: Role, spec: TextSpec | HeadingSpec,
                      profile: Profile, fixed_lines: bool = True) -> None:  # fmt: skip
    """``fixed_lines`` False: the paragraph holds a picture, which a fixed line height would crop."""
    ppr = _ppr(element)
    text = layout.document.paragraphs[line - 1].text
    if role.kind == TITLE:
        if profile.document_title.align != "any":
            _child(ppr, "jc", _PPR_ORDER).set(W_TAG + "val", profile.document_title.align)
        set_first_line(ppr, 0, spec.size)
    elif fixed_lines:
        set_spacing(ppr, profile)
    if role.kind == BODY and profile.body.indent is not None:
        set_first_line(ppr, profile.body.indent, profile.body.size)
    if role.kind == HEADING:
        # Every heading starts alike: no left indent left over from a list or a style, and the
        # first-line indent the profile gives headings, else the body's (GB/T 9704: every line
        # that starts a paragraph, a heading's too, is two characters in).
        indent = spec.indent if spec.indent is not None else profile.body.indent
        set_first_line(ppr, indent or 0, spec.size)
    set_run(_child(ppr, "rPr", _PPR_ORDER), profile, spec)  # the paragraph mark, and Word's label
    split = role.heading_end if role.kind == HEADING and 0 < role.heading_end < len(text) else None
    if split is not None:
        bounds(layout, line, {split}, {split})
        layout.changed(line)
    segments = layout.segments(line)
    if segments is None:  # text the reader could not map to runs: set every run alike
        for run in element.iter(W_TAG + "r"):
            set_run(_rpr(run), profile, spec)
        layout.changed(line)
        return
    done: set[int] = set()
    for segment in segments:
        run = segment.run
        if run is None or id(run) in done or segment.end <= segment.start:
            continue
        done.add(id(run))
        part = spec if split is None or segment.start < split else profile.body
        set_run(_rpr(run), profile, part)
    layout.changed(line)


def _type_label(layout: DocxLayout, line: int, element: Any) -> int:
    """Turn Word's automatic number into typed text: a run with the label first, the numbering
    switched off on the paragraph (numId 0 also stops a style's list)."""
    paragraph = layout.document.paragraphs[line - 1]
    label = paragraph.label or ""
    ppr = _ppr(element)
    numpr = ppr.find(W_TAG + "numPr")
    if numpr is not None:
        ppr.remove(numpr)
    numpr = _child(ppr, "numPr", _PPR_ORDER)
    etree.SubElement(numpr, W_TAG + "ilvl", {W_TAG + "val": "0"})
    etree.SubElement(numpr, W_TAG + "numId", {W_TAG + "val": "0"})
    run = element.makeelement(W_TAG + "r", {})
    mark = ppr.find(W_TAG + "rPr")
    if mark is not None:
        run.append(copy.deepcopy(mark))
    t = etree.SubElement(run, W_TAG + "t")
    t.text = label
    ppr.addnext(run)
    layout.changed(line)
    return 1


def _format_sections(elements: list[Any], profile: Profile) -> int:
    page = profile.page
    count = 0
    for sect in elements:
        size = _child(sect, "pgSz", _SECT_ORDER)
        size.set(W_TAG + "w", str(round(page.width * TWIPS_PER_MM)))
        size.set(W_TAG + "h", str(round(page.height * TWIPS_PER_MM)))
        size.attrib.pop(W_TAG + "orient", None)
        margins = _child(sect, "pgMar", _SECT_ORDER)
        for side in ("top", "bottom", "left", "right"):
            margins.set(W_TAG + side, str(round(getattr(page, side) * TWIPS_PER_MM)))
        for name, default in (("header", "851"), ("footer", "992"), ("gutter", "0")):
            if margins.get(W_TAG + name) is None:
                margins.set(W_TAG + name, default)
        count += 1
    return count


# -- page numbers --------------------------------------------------------------------------------


def _page_paragraph(profile: Profile) -> Any:
    """A centred footer paragraph: — PAGE — in 宋体 at the profile's size."""
    size = str(round((profile.page_numbers.size or 14) * 2))
    p = etree.Element(W_TAG + "p", nsmap={"w": W})
    ppr = etree.SubElement(p, W_TAG + "pPr")
    etree.SubElement(ppr, W_TAG + "jc", {W_TAG + "val": "center"})

    def run(*children: tuple[str, dict[str, str], str | None]) -> None:
        r = etree.SubElement(p, W_TAG + "r")
        rpr = etree.SubElement(r, W_TAG + "rPr")
        etree.SubElement(rpr, W_TAG + "rFonts", {W_TAG + "ascii": "宋体", W_TAG + "hAnsi": "宋体", W_TAG + "eastAsia": "宋体"})
        etree.SubElement(rpr, W_TAG + "sz", {W_TAG + "val": size})
        etree.SubElement(rpr, W_TAG + "szCs", {W_TAG + "val": size})
        for tag, attrs, text in children:
            child = etree.SubElement(r, W_TAG + tag, attrs)
            if text is not None:
                child.text = text
                child.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    dashes = profile.page_numbers.dashes
    if dashes:
        run(("t", {}, "— "))
    run(("fldChar", {W_TAG + "fldCharType": "begin"}, None))
    run(("instrText", {}, " PAGE "))
    run(("fldChar", {W_TAG + "fldCharType": "separate"}, None))
    run(("t", {}, "1"))
    run(("fldChar", {W_TAG + "fldCharType": "end"}, None))
    if dashes:
        run(("t", {}, " —"))
    return p


@dataclass(slots=True)
class _Section:
    element: Any  # its w:sectPr
    first: int  # its first and last line
    last: int
    split: bool = False  # front matter split off the body's section by `format`


def _sections(layout: DocxLayout, start: int) -> list[_Section]:
    """The document's sections in order with their lines. When the body starts inside a section,
    after a cover or a table of contents and a page break, that section is split in two there
    (Word's own way of starting the page numbers where the body starts: a new section that
    restarts them); the page break becomes the section break."""
    found: list[_Section] = []
    first = 1
    for line, element in enumerate(layout.elements, start=1):
        ppr = element.find(W_TAG + "pPr")
        sect = ppr.find(W_TAG + "sectPr") if ppr is not None else None
        if sect is not None:
            found.append(_Section(sect, first, line))
            first = line + 1
    body = layout.root.find(W_TAG + "body")
    last = body.find(W_TAG + "sectPr") if body is not None else None
    if last is None and body is not None:
        last = etree.SubElement(body, W_TAG + "sectPr")
    found.append(_Section(last, first, max(len(layout.elements), first)))
    if start > 1:
        index = next((i for i, s in enumerate(found) if s.first <= start <= s.last), None)
        if index is not None and found[index].first < start:
            front = _split(layout, found[index], start)
            if front is not None:
                found[index : index + 1] = [front, _Section(found[index].element, start, found[index].last)]
    return found


def _split(layout: DocxLayout, section: _Section, start: int) -> _Section | None:
    formatting = layout.document.formatting
    end_line = start - 1
    if formatting is None or layout.document.paragraphs[end_line - 1].in_table:
        return None  # a section cannot end inside a table
    formats = formatting.paragraphs
    paragraphs = layout.document.paragraphs
    first, end = layout.elements[start - 1], layout.elements[end_line - 1]
    if formats[end_line - 1].break_before and not paragraphs[end_line - 1].text.strip():
        _remove_page_breaks(end, leading=True)  # a paragraph that only breaks the page: the section ends there
    elif formats[start - 1].break_before:
        _child(_ppr(first), "pageBreakBefore", _PPR_ORDER).set(W_TAG + "val", "0")
        _remove_page_breaks(first, leading=True)
        layout.changed(start)
    elif formats[end_line - 1].break_after:
        _remove_page_breaks(end, leading=False)
    front = copy.deepcopy(section.element)
    if paragraphs[end_line - 1].toc:
        # Not inside a table of contents, which Word rewrites when it updates the field.
        holder = first.makeelement(W_TAG + "p", {})
        first.addprevious(holder)
        _ppr(holder).append(front)
    else:
        placeholder = _child(_ppr(end), "sectPr", _PPR_ORDER)
        placeholder.getparent().replace(placeholder, front)
        layout.changed(end_line)
    kind = section.element.find(W_TAG + "type")  # the body now starts on a new page of its own
    if kind is not None:
        section.element.remove(kind)
    return _Section(front, section.first, end_line, split=True)


def _remove_page_breaks(paragraph: Any, leading: bool) -> None:
    """Remove the page breaks before the paragraph's text (``leading``) or after it."""
    seen_text = False
    breaks: list[Any] = []
    for el in paragraph.iter(W_TAG + "t", W_TAG + "br"):
        if el.tag == W_TAG + "t":
            if el.text and el.text.strip():
                seen_text = True
                if not leading:
                    breaks = []
        elif el.get(W_TAG + "type") == "page" and (not seen_text if leading else seen_text):
            breaks.append(el)
    for br in breaks:
        run = br.getparent()
        run.remove(br)
        if run.tag == W_TAG + "r" and all(isinstance(c.tag, str) and c.tag == W_TAG + "rPr" for c in run):
            run.getparent().remove(run)


class _Parts:
    """The main part's relationships, the content types and the header and footer parts, read
    once; new parts added to ``add``."""

    def __init__(self, data: bytes, layout: DocxLayout, add: dict[str, bytes]) -> None:
        self.layout, self.add = layout, add
        self.folder = posixpath.dirname(layout.main)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.names = {n.lower(): n for n in archive.namelist()}
            self.rels_name = posixpath.join(self.folder, "_rels", posixpath.basename(layout.main) + ".rels")
            self.rels_zip = self.names.get(self.rels_name.lower())
            self.rels = (etree.fromstring(archive.read(self.rels_zip), safe_xml_parser()) if self.rels_zip
                         else etree.Element(f"{{{_REL_NS}}}Relationships", nsmap={None: _REL_NS}))  # fmt: skip
            self.types_zip = self.names.get("[content_types].xml", "[Content_Types].xml")
            self.types = etree.fromstring(archive.read(self.types_zip), safe_xml_parser())
            self.targets: dict[str, str] = {}
            self.roots: dict[str, Any] = {}
            self.own_rels: dict[str, bytes] = {}
            for rel in self.rels:
                kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
                if kind in ("footer", "header") and rel.get("TargetMode") != "External":
                    target = posixpath.normpath(posixpath.join(self.folder, rel.get("Target") or ""))
                    zipped = self.names.get(target.lower())
                    if zipped is None:
                        continue
                    self.targets[rel.get("Id") or ""] = zipped
                    self.roots[rel.get("Id") or ""] = etree.fromstring(archive.read(zipped), safe_xml_parser())
                    part_rels = posixpath.join(posixpath.dirname(zipped), "_rels", posixpath.basename(zipped) + ".rels")
                    if part_rels.lower() in self.names:
                        self.own_rels[rel.get("Id") or ""] = archive.read(self.names[part_rels.lower()])
        self.changed: set[str] = set()
        self.added = False

    def new_part(self, kind: str, root: Any, like: str | None = None) -> str:
        """Add a header or footer part holding ``root`` (with the relationships of part ``like``,
        whose pictures it may show); its relationship id."""
        number = 1
        while (posixpath.join(self.folder, f"{kind}{number}.xml").lower() in self.names
               or posixpath.join(self.folder, f"{kind}{number}.xml") in self.add):  # fmt: skip
            number += 1
        part = posixpath.join(self.folder, f"{kind}{number}.xml")
        self.add[part] = xml_bytes(root)
        if like is not None and like in self.own_rels:
            self.add[posixpath.join(self.folder, "_rels", f"{kind}{number}.xml.rels")] = self.own_rels[like]
        used = {r.get("Id") for r in self.rels}
        index = 1
        while f"rId{index}" in used:
            index += 1
        rid = f"rId{index}"
        etree.SubElement(self.rels, f"{{{_REL_NS}}}Relationship", {"Id": rid, "Type": _REL_TYPES[kind],
                         "Target": posixpath.relpath(part, self.folder or ".")})  # fmt: skip
        etree.SubElement(self.types, f"{{{_CT_NS}}}Override", {"PartName": "/" + part, "ContentType": _PART_TYPES[kind]})
        self.targets[rid] = part
        self.roots[rid] = root
        self.added = True
        return rid

    def write(self, replace: dict[str, bytes]) -> None:
        for rid in self.changed:
            if self.targets[rid] not in self.add:
                replace[self.targets[rid]] = xml_bytes(self.roots[rid])
        for rid, part in self.targets.items():
            if part in self.add:
                self.add[part] = xml_bytes(self.roots[rid])
        if self.added:
            replace[self.types_zip] = xml_bytes(self.types)
            if self.rels_zip is not None:
                replace[self.rels_zip] = xml_bytes(self.rels)
            else:
                self.add[self.rels_name] = xml_bytes(self.rels)


_REL_TYPES = {"footer": _FOOTER_REL, "header": _FOOTER_REL.replace("footer", "header")}
_PART_TYPES = {"footer": _FOOTER_TYPE, "header": _FOOTER_TYPE.replace("footer", "header")}
_REFERENCES = (W_TAG + "headerReference", W_TAG + "footerReference")


def _references(sections: list[_Section]) -> list[dict[tuple[str, str], str]]:
    """Per section, the header and footer parts in force by (header|footer, default|first|even):
    its own references, and the previous section's for the kinds it does not name (§17.10.5)."""
    in_force: list[dict[tuple[str, str], str]] = []
    current: dict[tuple[str, str], str] = {}
    for section in sections:
        current = dict(current)
        for ref in section.element.iterchildren(*_REFERENCES):
            rid = ref.get(_R + "id")
            if rid:
                current[(etree.QName(ref).localname[:6], ref.get(W_TAG + "type") or "default")] = rid
        in_force.append(current)
    return in_force


# Page number formats of front matter numbered apart from the body (ST_NumberFormat).
_FRONT_FORMATS = frozenset({"upperRoman", "lowerRoman", "upperLetter", "lowerLetter"})


def arabic_numbers(sect: Any) -> bool:
    """Whether a section numbers its pages as the body does (not i, ii or A, B)."""
    numbering = sect.find(W_TAG + "pgNumType")
    return numbering is None or numbering.get(W_TAG + "fmt") not in _FRONT_FORMATS


def _has_page_field(root: Any) -> bool:
    return any(_page_paragraph_of(p) for p in root.iter(W_TAG + "p"))


def _page_paragraph_of(p: Any) -> bool:
    codes = " ".join(t.text or "" for t in p.iter(W_TAG + "instrText")).upper().split()  # PAGE, NUMPAGES …
    return "PAGE" in codes or any("PAGE" in (f.get(W_TAG + "instr") or "").upper().split() for f in p.iter(W_TAG + "fldSimple"))


def _without_page_numbers(root: Any) -> Any:
    """A copy of a header or footer whose paragraphs with a PAGE field are left empty (their
    paragraph formatting kept, so the footer keeps its height)."""
    copied = copy.deepcopy(root)
    for p in list(copied.iter(W_TAG + "p")):
        if _page_paragraph_of(p):
            for child in list(p):
                if child.tag != W_TAG + "pPr":
                    p.remove(child)
    return copied


def _page_numbers(data: bytes, layout: DocxLayout, profile: Profile, sections: list[_Section], body: int,
                  replace: dict[str, bytes], add: dict[str, bytes], done: Formatted) -> None:  # fmt: skip
    """Page numbers in the profile's form from the body's first page on, restarting at 1 there
    when a cover or table of contents comes first. Sections before the body keep their headers
    and footers, except that a cover or table of contents numbered as the body is (1, 2 …) shows
    no number any more (a copy of its footer without the PAGE field; front matter numbered i, ii
    keeps it). A part they share with the body is copied for the body, not changed under them."""
    spec = profile.page_numbers
    if not spec.required or layout.document.formatting is None:
        return
    parts = _Parts(data, layout, add)
    in_force = _references(sections)
    for index, section in enumerate(sections[:body]):
        if not section.split and not arabic_numbers(section.element):
            continue  # front matter numbered in its own way (i, ii …), as a thesis's is
        for (kind, which), shown in in_force[index].items():
            root = parts.roots.get(shown)
            if root is not None and _has_page_field(root):
                own_ref = next((r for r in section.element.iterchildren(W_TAG + kind + "Reference")
                                if (r.get(W_TAG + "type") or "default") == which), None)  # fmt: skip
                if own_ref is None:
                    own_ref = _child(section.element, kind + "Reference", _SECT_ORDER)
                    own_ref.set(W_TAG + "type", which)
                own_ref.set(_R + "id", parts.new_part(kind, _without_page_numbers(root), like=shown))
    front = {rid for refs in in_force[:body] for rid in refs.values()}
    if body > 0:
        numbering = _child(sections[body].element, "pgNumType", _SECT_ORDER)
        numbering.set(W_TAG + "start", "1")
        if numbering.get(W_TAG + "fmt") not in (None, "decimal", "numberInDash"):
            numbering.set(W_TAG + "fmt", "decimal")  # the body's numbers are Arabic (GB/T 9704 7.5)
    fixed: dict[str, str] = {}
    rid: str | None
    for index in range(body, len(sections)):
        element = sections[index].element
        ref: Any = next((r for r in element.iterchildren(W_TAG + "footerReference")
                         if (r.get(W_TAG + "type") or "default") == "default"), None)  # fmt: skip
        own: str | None = ref.get(_R + "id") if ref is not None else None
        if ref is None and index != body:
            continue  # carries on the footer of the section before, already numbered
        rid = own if own in parts.roots else None
        if rid is None and index > 0:
            inherited = in_force[index - 1].get(("footer", "default"))
            rid = inherited if inherited in parts.roots else None
        if ref is None:
            ref = _child(element, "footerReference", _SECT_ORDER)
            ref.set(W_TAG + "type", "default")
        if rid is None:
            footer = etree.Element(W_TAG + "ftr", nsmap={"w": W, "r": _R[1:-1]})
            footer.append(_page_paragraph(profile))
            ref.set(_R + "id", parts.new_part("footer", footer))
            done.footers_added += 1
            continue
        if rid not in fixed:
            if rid in front or own != rid:  # shared with the front matter, or inherited from it
                fixed[rid] = parts.new_part("footer", copy.deepcopy(parts.roots[rid]), like=rid)
                done.footers_added += 1
            else:
                fixed[rid] = rid
            _fix_footer(parts.roots[fixed[rid]], profile)
            parts.changed.add(fixed[rid])
        ref.set(_R + "id", fixed[rid])
    parts.write(replace)


def _fix_footer(footer: Any, profile: Profile) -> None:
    """Replace the footer paragraph that holds a PAGE field by one in the profile's form, or add
    one when the footer has none."""
    for p in footer.iter(W_TAG + "p"):
        if _page_paragraph_of(p):
            p.getparent().replace(p, _page_paragraph(profile))
            return
    footer.append(_page_paragraph(profile))
