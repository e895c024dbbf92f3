"""`reportlint format`: a copy of a .docx laid out as the format profile says — fonts, sizes, line
spacing, first-line indents, margins, paper, page numbers — with its text and comments untouched.

Formatting is written where Word gives it the highest precedence, on the paragraphs and runs
themselves (a run's own w:eastAsia beats any style or theme), and the default paragraph style is
set to the body's layout too, so that text the writer adds later starts out right. Which
paragraph is the title, a heading or body text comes from the same model the F checks use: after
formatting, they find nothing to report on the copy (the date line's wording is text, left to
F110's --fix).
"""

from __future__ import annotations

import copy
import io
import os
import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from checker.model.roles import (
    ADDRESSEE,
    BODY,
    DATE,
    HEADING,
    SIGNATURE,
    SKIPPED,
    TITLE,
    Role,
    paragraph_roles,
)
from checker.profile import HeadingSpec, Profile, TextSpec
from checker.read.docx import _W, DocxLayout, W, _xml_parser, read_docx_layout
from checker.read.formatting import TWIPS_PER_MM
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


def formatted_name(path: str) -> str:
    return os.path.splitext(path)[0] + ".formatted.docx"


def _child(parent: Any, name: str, order: list[str]) -> Any:
    """``parent``'s w:``name`` child, created in its schema place when missing."""
    found = parent.find(_W + name)
    if found is not None:
        return found
    element = parent.makeelement(_W + name, {})
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
    found = parent.find(_W + tag)
    if found is None:
        found = parent.makeelement(_W + tag, {})
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
        fonts.attrib.pop(_W + theme, None)
    latin = spec.latin[0] if spec.latin else family.write
    fonts.set(_W + "ascii", latin)
    fonts.set(_W + "hAnsi", latin)
    fonts.set(_W + "eastAsia", family.write)
    half_points = str(round(spec.size * 2))
    _child(rpr, "sz", _RPR_ORDER).set(_W + "val", half_points)
    _child(rpr, "szCs", _RPR_ORDER).set(_W + "val", half_points)
    if spec.bold is not None:
        for tag in ("b", "bCs"):
            _child(rpr, tag, _RPR_ORDER).set(_W + "val", "1" if spec.bold else "0")
    if profile.black_text:
        color = rpr.find(_W + "color")
        if color is not None:
            rpr.remove(color)


def set_spacing(ppr: Any, profile: Profile) -> None:
    spacing = _child(ppr, "spacing", _PPR_ORDER)
    spacing.set(_W + "line", str(round(profile.line_spacing.write * 20)))
    spacing.set(_W + "lineRule", "exact")


def set_first_line(ppr: Any, chars: float, size: float) -> None:
    ind = _child(ppr, "ind", _PPR_ORDER)
    for name in ("hanging", "hangingChars"):
        ind.attrib.pop(_W + name, None)
    ind.set(_W + "firstLineChars", str(round(chars * 100)))
    ind.set(_W + "firstLine", str(round(chars * size * 20)))


def _spec(profile: Profile, role: Role) -> TextSpec | HeadingSpec | None:
    if role.kind == TITLE:
        return profile.document_title
    if role.kind == HEADING:
        return profile.heading(role.level) or profile.body
    if role.kind in (BODY, ADDRESSEE, SIGNATURE, DATE):
        return profile.body
    return None


def format_docx(path: str, data: bytes, profile: Profile) -> Formatted:
    """The formatted copy's bytes and what was done."""
    from checker.engine import check_document

    layout = read_docx_layout(path, data, formatting=True)
    report = check_document(layout.document, profile=profile).report
    assert report is not None
    roles = paragraph_roles(report)
    done = Formatted(data)
    for line, role in enumerate(roles, start=1):
        paragraph = layout.document.paragraphs[line - 1]
        element = layout.elements[line - 1]
        if role.kind == SKIPPED:
            if not paragraph.text.strip() and not paragraph.in_table and not paragraph.toc:
                ppr = _ppr(element)  # a blank line keeps the page's line grid
                set_spacing(ppr, profile)
                set_run(_child(ppr, "rPr", _PPR_ORDER), profile, profile.body)
            continue
        spec = _spec(profile, role)
        if spec is None:
            continue
        done.paragraphs += 1
        _format_paragraph(layout, line, element, role, spec, profile)
        if role.kind == HEADING and paragraph.label and profile.typed_numbering:
            done.typed_labels += _type_label(layout, line, element)
    done.sections = _format_sections(layout.root, profile)
    replace: dict[str, bytes] = {}
    add: dict[str, bytes] = {}
    _page_numbers(data, layout, profile, replace, add, done)
    _default_style(data, layout, profile, replace)
    replace[zip_name(data, layout.main)] = xml_bytes(layout.root)
    done.data = rewrite_package(data, replace, add)
    return done


def _format_paragraph(layout: DocxLayout, line: int, element: Any, role: Role, spec: TextSpec | HeadingSpec,
                      profile: Profile) -> None:  # fmt: skip
    ppr = _ppr(element)
    text = layout.document.paragraphs[line - 1].text
    if role.kind == TITLE:
        if profile.document_title.align != "any":
            _child(ppr, "jc", _PPR_ORDER).set(_W + "val", profile.document_title.align)
        set_first_line(ppr, 0, spec.size)
    else:
        set_spacing(ppr, profile)
    if role.kind == BODY and profile.body.indent is not None:
        set_first_line(ppr, profile.body.indent, profile.body.size)
    if role.kind == HEADING and spec.indent is not None:
        set_first_line(ppr, spec.indent, spec.size)
    set_run(_child(ppr, "rPr", _PPR_ORDER), profile, spec)  # the paragraph mark, and Word's label
    split = role.heading_end if role.kind == HEADING and 0 < role.heading_end < len(text) else None
    if split is not None:
        bounds(layout, line, {split}, {split})
        layout.changed(line)
    segments = layout.segments(line)
    if segments is None:  # text the reader could not map to runs: set every run alike
        for run in element.iter(_W + "r"):
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
    numpr = ppr.find(_W + "numPr")
    if numpr is not None:
        ppr.remove(numpr)
    numpr = _child(ppr, "numPr", _PPR_ORDER)
    etree.SubElement(numpr, _W + "ilvl", {_W + "val": "0"})
    etree.SubElement(numpr, _W + "numId", {_W + "val": "0"})
    run = element.makeelement(_W + "r", {})
    mark = ppr.find(_W + "rPr")
    if mark is not None:
        run.append(copy.deepcopy(mark))
    t = etree.SubElement(run, _W + "t")
    t.text = label
    ppr.addnext(run)
    layout.changed(line)
    return 1


def _format_sections(root: Any, profile: Profile) -> int:
    page = profile.page
    count = 0
    for sect in root.iter(_W + "sectPr"):
        if sect.getparent() is not None and sect.getparent().tag == _W + "sectPrChange":
            continue
        size = _child(sect, "pgSz", _SECT_ORDER)
        size.set(_W + "w", str(round(page.width * TWIPS_PER_MM)))
        size.set(_W + "h", str(round(page.height * TWIPS_PER_MM)))
        size.attrib.pop(_W + "orient", None)
        margins = _child(sect, "pgMar", _SECT_ORDER)
        for side in ("top", "bottom", "left", "right"):
            margins.set(_W + side, str(round(getattr(page, side) * TWIPS_PER_MM)))
        for name, default in (("header", "851"), ("footer", "992"), ("gutter", "0")):
            if margins.get(_W + name) is None:
                margins.set(_W + name, default)
        count += 1
    return count


# -- page numbers --------------------------------------------------------------------------------


def _page_paragraph(profile: Profile) -> Any:
    """A centred footer paragraph: — PAGE — in 宋体 at the profile's size."""
    size = str(round((profile.page_numbers.size or 14) * 2))
    p = etree.Element(_W + "p", nsmap={"w": W})
    ppr = etree.SubElement(p, _W + "pPr")
    etree.SubElement(ppr, _W + "jc", {_W + "val": "center"})

    def run(*children: tuple[str, dict[str, str], str | None]) -> None:
        r = etree.SubElement(p, _W + "r")
        rpr = etree.SubElement(r, _W + "rPr")
        etree.SubElement(rpr, _W + "rFonts", {_W + "ascii": "宋体", _W + "hAnsi": "宋体", _W + "eastAsia": "宋体"})
        etree.SubElement(rpr, _W + "sz", {_W + "val": size})
        etree.SubElement(rpr, _W + "szCs", {_W + "val": size})
        for tag, attrs, text in children:
            child = etree.SubElement(r, _W + tag, attrs)
            if text is not None:
                child.text = text
                child.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    dashes = profile.page_numbers.dashes
    if dashes:
        run(("t", {}, "— "))
    run(("fldChar", {_W + "fldCharType": "begin"}, None))
    run(("instrText", {}, " PAGE "))
    run(("fldChar", {_W + "fldCharType": "separate"}, None))
    run(("t", {}, "1"))
    run(("fldChar", {_W + "fldCharType": "end"}, None))
    if dashes:
        run(("t", {}, " —"))
    return p


def _page_numbers(data: bytes, layout: DocxLayout, profile: Profile, replace: dict[str, bytes], add: dict[str, bytes],
                  done: Formatted) -> None:  # fmt: skip
    """Every section gets a default footer with the page number in the profile's form: a footer
    that has the number in another form has that paragraph replaced, one without it gets the
    paragraph added, a section without a footer gets a new footer part."""
    spec = profile.page_numbers
    formatting = layout.document.formatting
    if not spec.required or formatting is None:
        return
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = {n.lower(): n for n in archive.namelist()}
        rels_name = posixpath.join(posixpath.dirname(layout.main), "_rels", posixpath.basename(layout.main) + ".rels")
        rels_zip = names.get(rels_name.lower())
        rels = etree.fromstring(archive.read(rels_zip), _xml_parser()) if rels_zip else None
        types_zip = names.get("[content_types].xml", "[Content_Types].xml")
        types = etree.fromstring(archive.read(types_zip), _xml_parser())
        targets = {}
        if rels is not None:
            for rel in rels:
                if (rel.get("Type") or "").endswith("/footer") and rel.get("TargetMode") != "External":
                    targets[rel.get("Id")] = posixpath.normpath(posixpath.join(posixpath.dirname(layout.main), rel.get("Target") or ""))
        footers = {rid: etree.fromstring(archive.read(names[t.lower()]), _xml_parser())
                   for rid, t in targets.items() if t.lower() in names}  # fmt: skip
    if rels is None:
        rels = etree.Element(f"{{{_REL_NS}}}Relationships", nsmap={None: _REL_NS})
    changed: set[str] = set()
    new_rid: str | None = None
    for sect in layout.root.iter(_W + "sectPr"):
        if sect.getparent() is not None and sect.getparent().tag == _W + "sectPrChange":
            continue
        reference = next((r for r in sect.iterchildren(_W + "footerReference") if r.get(_W + "type") in (None, "default")), None)
        rid = reference.get(_R + "id") if reference is not None else None
        if rid is not None and rid in footers:
            if rid not in changed:
                _fix_footer(footers[rid], profile)
                changed.add(rid)
            continue
        if new_rid is None:
            new_rid = _new_footer(layout, profile, rels, types, add, names)
            done.footers_added += 1
        if reference is None:
            reference = _child(sect, "footerReference", _SECT_ORDER)
            reference.set(_W + "type", "default")
        reference.set(_R + "id", new_rid)
    for rid in changed:
        replace[names[targets[rid].lower()]] = xml_bytes(footers[rid])
    if new_rid is not None:
        replace[types_zip] = xml_bytes(types)
        if rels_zip is not None:
            replace[rels_zip] = xml_bytes(rels)
        else:
            add[rels_name] = xml_bytes(rels)


def _fix_footer(footer: Any, profile: Profile) -> None:
    """Replace the footer paragraph that holds a PAGE field by one in the profile's form, or add
    one when the footer has none."""
    for p in footer.iter(_W + "p"):
        codes = "".join(t.text or "" for t in p.iter(_W + "instrText")).upper().split()
        simple = any("PAGE" in (f.get(_W + "instr") or "").upper().split() for f in p.iter(_W + "fldSimple"))
        if "PAGE" in codes or simple:
            p.getparent().replace(p, _page_paragraph(profile))
            return
    footer.append(_page_paragraph(profile))


def _new_footer(layout: DocxLayout, profile: Profile, rels: Any, types: Any, add: dict[str, bytes],
                names: dict[str, str]) -> str:  # fmt: skip
    folder = posixpath.dirname(layout.main)
    number = 1
    while posixpath.join(folder, f"footer{number}.xml").lower() in names or posixpath.join(folder, f"footer{number}.xml") in add:
        number += 1
    part = posixpath.join(folder, f"footer{number}.xml")
    footer = etree.Element(_W + "ftr", nsmap={"w": W, "r": _R[1:-1]})
    footer.append(_page_paragraph(profile))
    add[part] = xml_bytes(footer)
    used = {r.get("Id") for r in rels}
    index = 1
    while f"rId{index}" in used:
        index += 1
    rid = f"rId{index}"
    etree.SubElement(rels, f"{{{_REL_NS}}}Relationship", {"Id": rid, "Type": _FOOTER_REL,
                     "Target": posixpath.relpath(part, folder or ".")})  # fmt: skip
    etree.SubElement(types, f"{{{_CT_NS}}}Override", {"PartName": "/" + part, "ContentType": _FOOTER_TYPE})
    return rid


def _default_style(data: bytes, layout: DocxLayout, profile: Profile, replace: dict[str, bytes]) -> None:
    """The default paragraph style set to the body's layout: what the writer types next is right."""
    from checker.read.docx import _Package

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        package = _Package(archive)
        name = package.related(layout.main, "styles")
        styles = package.xml(name) if name else None
    if styles is None or name is None:
        return
    default = next((s for s in styles.iterchildren(_W + "style")
                    if s.get(_W + "type") == "paragraph" and s.get(_W + "default") in ("1", "true", "on")), None)  # fmt: skip
    if default is None:
        return
    ppr = default.find(_W + "pPr")
    if ppr is None:
        ppr = etree.SubElement(default, _W + "pPr")
        rpr_existing = default.find(_W + "rPr")
        if rpr_existing is not None:
            rpr_existing.addprevious(ppr)
    set_spacing(ppr, profile)
    if profile.body.indent is not None:
        set_first_line(ppr, profile.body.indent, profile.body.size)
    rpr = default.find(_W + "rPr")
    if rpr is None:
        rpr = etree.SubElement(default, _W + "rPr")
    set_run(rpr, profile, profile.body)
    replace[zip_name(data, name)] = xml_bytes(styles)
