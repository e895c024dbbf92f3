"""The page set-up of a formatted copy: the body's sections get the profile's paper and margins,
and page numbers that start at 1 on the body's first page (a section break takes the place of
the page break after the front matter when they shared a section); footers gain a PAGE field
where they lack one. A cover and a table of contents before the body keep their own."""

from __future__ import annotations

import copy
import io
import posixpath
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

from checker.profile import Profile
from checker.read.docx import DocxLayout
from checker.read.docx.ooxml import CT_NS, R_TAG, REL_NS, W_TAG, W, safe_xml_parser
from checker.read.formatting import TWIPS_PER_MM
from checker.write.package import xml_bytes
from checker.write.props import (
    PPR_ORDER,
    SECT_ORDER,
    child,
    paragraph_properties,
)

_FOOTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"


_FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"


def format_sections(elements: list[Any], profile: Profile) -> int:
    page = profile.page
    count = 0
    for sect in elements:
        size = child(sect, "pgSz", SECT_ORDER)
        size.set(W_TAG + "w", str(round(page.width * TWIPS_PER_MM)))
        size.set(W_TAG + "h", str(round(page.height * TWIPS_PER_MM)))
        size.attrib.pop(W_TAG + "orient", None)
        margins = child(sect, "pgMar", SECT_ORDER)
        for side in ("top", "bottom", "left", "right"):
            margins.set(W_TAG + side, str(round(getattr(page, side) * TWIPS_PER_MM)))
        for name, default in (("header", "851"), ("footer", "992"), ("gutter", "0")):
            if margins.get(W_TAG + name) is None:
                margins.set(W_TAG + name, default)
        count += 1
    return count


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
class Section:
    """A section of the document (its w:sectPr) and the lines it holds."""

    element: Any  # its w:sectPr
    first: int  # its first and last line
    last: int
    split: bool = False  # front matter split off the body's section by `format`


def sections_of(layout: DocxLayout, start: int) -> list[Section]:
    """The document's sections in order with their lines. When the body starts inside a section,
    after a cover or a table of contents and a page break, that section is split in two there
    (Word's own way of starting the page numbers where the body starts: a new section that
    restarts them); the page break becomes the section break."""
    found: list[Section] = []
    first = 1
    for line, element in enumerate(layout.elements, start=1):
        ppr = element.find(W_TAG + "pPr")
        sect = ppr.find(W_TAG + "sectPr") if ppr is not None else None
        if sect is not None:
            found.append(Section(sect, first, line))
            first = line + 1
    body = layout.root.find(W_TAG + "body")
    last = body.find(W_TAG + "sectPr") if body is not None else None
    if last is None and body is not None:
        last = etree.SubElement(body, W_TAG + "sectPr")
    found.append(Section(last, first, max(len(layout.elements), first)))
    if start > 1:
        index = next((i for i, s in enumerate(found) if s.first <= start <= s.last), None)
        if index is not None and found[index].first < start:
            front = _split(layout, found[index], start)
            if front is not None:
                found[index : index + 1] = [front, Section(found[index].element, start, found[index].last)]
    return found


def _split(layout: DocxLayout, section: Section, start: int) -> Section | None:
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
        child(paragraph_properties(first), "pageBreakBefore", PPR_ORDER).set(W_TAG + "val", "0")
        _remove_page_breaks(first, leading=True)
        layout.changed(start)
    elif formats[end_line - 1].break_after:
        _remove_page_breaks(end, leading=False)
    front = copy.deepcopy(section.element)
    if paragraphs[end_line - 1].toc:
        # Not inside a table of contents, which Word rewrites when it updates the field.
        holder = first.makeelement(W_TAG + "p", {})
        first.addprevious(holder)
        paragraph_properties(holder).append(front)
    else:
        placeholder = child(paragraph_properties(end), "sectPr", PPR_ORDER)
        placeholder.getparent().replace(placeholder, front)
        layout.changed(end_line)
    kind = section.element.find(W_TAG + "type")  # the body now starts on a new page of its own
    if kind is not None:
        section.element.remove(kind)
    return Section(front, section.first, end_line, split=True)


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
                         else etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS}))  # fmt: skip
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
        etree.SubElement(self.rels, f"{{{REL_NS}}}Relationship", {"Id": rid, "Type": _REL_TYPES[kind],
                         "Target": posixpath.relpath(part, self.folder or ".")})  # fmt: skip
        etree.SubElement(self.types, f"{{{CT_NS}}}Override", {"PartName": "/" + part, "ContentType": _PART_TYPES[kind]})
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


def _references(sections: list[Section]) -> list[dict[tuple[str, str], str]]:
    """Per section, the header and footer parts in force by (header|footer, default|first|even):
    its own references, and the previous section's for the kinds it does not name (§17.10.5)."""
    in_force: list[dict[tuple[str, str], str]] = []
    current: dict[tuple[str, str], str] = {}
    for section in sections:
        current = dict(current)
        for ref in section.element.iterchildren(*_REFERENCES):
            rid = ref.get(R_TAG + "id")
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


def set_page_numbers(data: bytes, layout: DocxLayout, profile: Profile, sections: list[Section], body: int,
                  replace: dict[str, bytes], add: dict[str, bytes]) -> int:  # fmt: skip
    """Page numbers in the profile's form from the body's first page on, restarting at 1 there
    when a cover or table of contents comes first. Sections before the body keep their headers
    and footers, except that a cover or table of contents numbered as the body is (1, 2 …) shows
    no number any more (a copy of its footer without the PAGE field; front matter numbered i, ii
    keeps it). A part they share with the body is copied for the body, not changed under them.
    Returns how many footers were given a page number."""
    spec = profile.page_numbers
    if not spec.required or layout.document.formatting is None:
        return 0
    added = 0  # footers given a page number
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
                    own_ref = child(section.element, kind + "Reference", SECT_ORDER)
                    own_ref.set(W_TAG + "type", which)
                own_ref.set(R_TAG + "id", parts.new_part(kind, _without_page_numbers(root), like=shown))
    front = {rid for refs in in_force[:body] for rid in refs.values()}
    if body > 0:
        numbering = child(sections[body].element, "pgNumType", SECT_ORDER)
        numbering.set(W_TAG + "start", "1")
        if numbering.get(W_TAG + "fmt") not in (None, "decimal", "numberInDash"):
            numbering.set(W_TAG + "fmt", "decimal")  # the body's numbers are Arabic (GB/T 9704 7.5)
    fixed: dict[str, str] = {}
    rid: str | None
    for index in range(body, len(sections)):
        element = sections[index].element
        ref: Any = next((r for r in element.iterchildren(W_TAG + "footerReference")
                         if (r.get(W_TAG + "type") or "default") == "default"), None)  # fmt: skip
        own: str | None = ref.get(R_TAG + "id") if ref is not None else None
        if ref is None and index != body:
            continue  # carries on the footer of the section before, already numbered
        rid = own if own in parts.roots else None
        if rid is None and index > 0:
            inherited = in_force[index - 1].get(("footer", "default"))
            rid = inherited if inherited in parts.roots else None
        if ref is None:
            ref = child(element, "footerReference", SECT_ORDER)
            ref.set(W_TAG + "type", "default")
        if rid is None:
            footer = etree.Element(W_TAG + "ftr", nsmap={"w": W, "r": R_TAG[1:-1]})
            footer.append(_page_paragraph(profile))
            ref.set(R_TAG + "id", parts.new_part("footer", footer))
            added += 1
            continue
        if rid not in fixed:
            if rid in front or own != rid:  # shared with the front matter, or inherited from it
                fixed[rid] = parts.new_part("footer", copy.deepcopy(parts.roots[rid]), like=rid)
                added += 1
            else:
                fixed[rid] = rid
            _fix_footer(parts.roots[fixed[rid]], profile)
            parts.changed.add(fixed[rid])
        ref.set(R_TAG + "id", fixed[rid])
    parts.write(replace)
    return added


def _fix_footer(footer: Any, profile: Profile) -> None:
    """Replace the footer paragraph that holds a PAGE field by one in the profile's form, or add
    one when the footer has none."""
    for p in footer.iter(W_TAG + "p"):
        if _page_paragraph_of(p):
            p.getparent().replace(p, _page_paragraph(profile))
            return
    footer.append(_page_paragraph(profile))

