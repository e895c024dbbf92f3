"""The annotated copy: the input .docx with a Word comment (批注) on every finding, anchored on
the finding's own characters, everything else kept as it was.

Only word/document.xml (range markers, and runs split where a finding starts or ends inside
one) and the comments part change; a package without comments gets a comments part, its
relationship and its content type. Every other part is copied byte for byte. A .txt or .md report
becomes a .docx first (a paragraph per line, headings in heading styles), then is annotated the
same way.
"""

from __future__ import annotations

import dataclasses
import io
import posixpath
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from checker.messages import SEVERITY_WORDS, first_sentence, render
from checker.read.docx import DocxLayout, read_docx_layout
from checker.read.docx.ooxml import W_TAG, W
from checker.read.types import Document
from checker.result import Diagnostic
from checker.write.package import rewrite_package, xml_bytes, zip_name
from checker.write.runs import bounds

AUTHOR, INITIALS = "reportlint", "RL"
_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a finding's comment was anchored: paragraph lines and offsets into their text as
    read (end exclusive), and the automatic number it speaks of when its span was one."""

    diagnostic: Diagnostic
    line: int
    start: int
    end_line: int
    end: int
    label: str | None = None
    # A finding over several paragraphs is anchored on its first: the last line of its range.
    range_end: int | None = None

    def anchored_text(self, document: Document) -> str:
        texts = [p.text for p in document.paragraphs[self.line - 1 : self.end_line]]
        if not texts:
            return ""
        if len(texts) == 1:
            return texts[0][self.start : self.end]
        return "\n".join([texts[0][self.start :], *texts[1:-1], texts[-1][: self.end]])


def comment_lines(d: Diagnostic, lang: str, label: str | None = None, range_text: str | None = None) -> list[str]:
    """What a comment says: code, severity and message; the range it covers when it is anchored
    on the first of several paragraphs; the suggested fix; one line of why."""
    from checker.checks import RULES

    zh = lang != "en"
    lines = [f"[{d.code} {SEVERITY_WORDS['zh' if zh else 'en'][d.severity.value]}] {render(d.code, lang, d.args)}"]
    if label is not None:
        lines[0] += f"（指自动编号“{label}”）" if zh else f" (the automatic number “{label}”)"
    if range_text is not None:
        lines.append(range_text)
    suggestion = d.suggestion()
    if suggestion:
        lines.append(("建议改为：" if zh else "Suggested fix: ") + f"“{suggestion}”")
    rule = RULES.get(d.code)
    if rule is not None:
        lines.append(("为什么：" if zh else "Why: ") + first_sentence(rule.why["zh" if zh else "en"]))
    return lines


def _place(layout: DocxLayout, d: Diagnostic) -> Placement:
    paragraphs = layout.document.paragraphs
    last = len(paragraphs)
    line = min(max(d.line, 1), last)
    end_line = min(max(d.end_line, line), last)
    start = d.column - 1 if line == d.line else 0
    end = d.end_column if end_line == d.end_line else len(paragraphs[end_line - 1].text)
    label = None
    own = layout.label_length(line)
    if start < own:  # the span is (or starts on) Word's automatic number: not text to anchor on
        label = paragraphs[line - 1].label
        width = max(min(end, own) - start, 1) if end_line == line else 1
        start = own
        if end_line == line and end <= own:
            end = own + width
    if end_line > line and end <= layout.label_length(end_line):
        end_line, end = line, len(paragraphs[line - 1].text)
    end = min(end, len(paragraphs[end_line - 1].text))
    start = min(start, len(paragraphs[line - 1].text))
    if end_line == line:
        end = max(end, start)
    if end_line > line:
        # One comment on the range's first paragraph, naming the range: a comment spanning
        # dozens of paragraphs would highlight most of the document in Word.
        text = paragraphs[line - 1].text
        return Placement(d, line, start, line, max(len(text), start), label, range_end=end_line)
    return Placement(d, line, start, end_line, end, label)


def range_words(document: Document, placement: Placement, lang: str) -> str | None:
    """“范围：从本段到“……”，共N段”: where a finding anchored on its first paragraph ends."""
    if placement.range_end is None:
        return None
    last = document.paragraphs[placement.range_end - 1].text.strip()
    shown = last[:16] + ("…" if len(last) > 16 else "")
    count = placement.range_end - placement.line + 1
    if lang == "en":
        return f"Range: from this paragraph to “{shown}” ({count} paragraphs)"
    return f"范围：从本段到“{shown}”（共{count}段）"


def annotate_docx(path: str, data: bytes, diagnostics: Sequence[Diagnostic], lang: str) -> tuple[bytes, list[Placement]]:
    """The package with one comment per diagnostic, and where each was anchored."""
    layout = read_docx_layout(path, data)
    body = layout.root.find(W_TAG + "body")
    if not layout.elements:  # a document without a paragraph: give the comments one to stand on
        paragraph = etree.SubElement(body, W_TAG + "p") if body is not None else None
        if paragraph is None:
            return data, []
        body.insert(0, paragraph)
        layout.elements.append(paragraph)
        layout.document = Document(layout.document.path, "docx", (_empty_paragraph(),))
    placements = [_place(layout, d) for d in diagnostics]

    starts: dict[int, set[int]] = {}
    ends: dict[int, set[int]] = {}
    for p in placements:
        if p.start < p.end or p.end_line > p.line:
            starts.setdefault(p.line, set()).add(p.start)
            ends.setdefault(p.end_line, set()).add(p.end)
    anchors: dict[int, dict[tuple[str, int], tuple[Any, int]] | None] = {
        line: bounds(layout, line, starts.get(line, set()), ends.get(line, set()))
        for line in sorted(starts.keys() | ends.keys())
    }

    comments_root = layout.comments_root
    if comments_root is None:
        comments_root = etree.Element(W_TAG + "comments", nsmap={"w": W})
    next_id = 1 + max((int(v) for v in _ids(layout.root, comments_root)), default=-1)
    date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for number, p in enumerate(placements):
        comment_id = str(next_id + number)
        start_at, start = (anchors.get(p.line) or {}).get(("start", p.start), (None, p.start))
        end_at, end = (anchors.get(p.end_line) or {}).get(("end", p.end), (None, p.end))
        if start_at is not None and end_at is not None and (start, end) != (p.start, p.end):
            placements[number] = p = dataclasses.replace(p, start=start, end=end)  # widened to a field
        start_marker = etree.Element(W_TAG + "commentRangeStart", {W_TAG + "id": comment_id})
        end_marker = etree.Element(W_TAG + "commentRangeEnd", {W_TAG + "id": comment_id})
        reference = _reference_run(comment_id)
        if start_at is not None and end_at is not None:
            start_at.addprevious(start_marker)
            _after_container(end_at).addnext(reference)
            end_at.addnext(end_marker)
        else:  # a point, or a paragraph that cannot be mapped: the whole paragraph
            paragraph = layout.elements[p.line - 1]
            ppr = paragraph.find(W_TAG + "pPr")
            paragraph.insert(0 if ppr is None else paragraph.index(ppr) + 1, start_marker)
            if p.start < p.end or p.end_line > p.line:
                paragraph = layout.elements[p.end_line - 1]
            paragraph.append(end_marker)
            paragraph.append(reference)
        words = range_words(layout.document, p, lang)
        comments_root.append(_comment(comment_id, date, comment_lines(p.diagnostic, lang, p.label, words)))

    replace = {zip_name(data, layout.main): xml_bytes(layout.root)}
    add: dict[str, bytes] = {}
    if layout.comments is not None:
        replace[zip_name(data, layout.comments)] = xml_bytes(comments_root)
    else:
        part = _free_name(data, posixpath.join(posixpath.dirname(layout.main), "comments.xml"))
        add[part] = xml_bytes(comments_root)
        changed, new = _register_part(data, layout.main, part)
        replace.update(changed)
        add.update(new)
    return rewrite_package(data, replace, add), placements


def _empty_paragraph() -> Any:
    from checker.read.types import Paragraph

    return Paragraph("", 1)


def _ids(root: Any, comments_root: Any) -> list[str]:
    ids = [c.get(W_TAG + "id") for c in comments_root.iter(W_TAG + "comment")]
    ids += [e.get(W_TAG + "id") for e in root.iter(W_TAG + "commentRangeStart", W_TAG + "commentReference")]
    return [i for i in ids if i is not None and i.lstrip("-").isdigit()]


def _reference_run(comment_id: str) -> Any:
    run = etree.Element(W_TAG + "r")
    rpr = etree.SubElement(run, W_TAG + "rPr")
    etree.SubElement(rpr, W_TAG + "rStyle", {W_TAG + "val": "CommentReference"})
    etree.SubElement(run, W_TAG + "commentReference", {W_TAG + "id": comment_id})
    return run


def _after_container(element: Any) -> Any:
    """Where the comment's reference mark goes: after the paragraph-level element that holds the
    range's end, so that it is never inside a hyperlink, a tracked insertion or a field."""
    while element.getparent() is not None and element.getparent().tag != W_TAG + "p":
        element = element.getparent()
    return element


def _comment(comment_id: str, date: str, lines: Sequence[str]) -> Any:
    comment = etree.Element(W_TAG + "comment", {W_TAG + "id": comment_id, W_TAG + "author": AUTHOR, W_TAG + "date": date,
                                             W_TAG + "initials": INITIALS})  # fmt: skip
    for number, text in enumerate(lines):
        paragraph = etree.SubElement(comment, W_TAG + "p")
        ppr = etree.SubElement(paragraph, W_TAG + "pPr")
        etree.SubElement(ppr, W_TAG + "pStyle", {W_TAG + "val": "CommentText"})
        if number == 0:
            mark = etree.SubElement(paragraph, W_TAG + "r")
            etree.SubElement(etree.SubElement(mark, W_TAG + "rPr"), W_TAG + "rStyle", {W_TAG + "val": "CommentReference"})
            etree.SubElement(mark, W_TAG + "annotationRef")
        run = etree.SubElement(paragraph, W_TAG + "r")
        t = etree.SubElement(run, W_TAG + "t")
        t.text = _xml_safe(text)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return comment


def _xml_safe(text: str) -> str:
    """Characters XML 1.0 cannot hold (control characters from a hostile report) dropped."""
    return "".join(c for c in text if c in "\t\n\r" or (c >= " " and c not in "\ufffe\uffff" and not "\ud800" <= c <= "\udfff"))


def _free_name(data: bytes, wanted: str) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = {n.lower() for n in archive.namelist()}
    base, ext = posixpath.splitext(wanted)
    candidate, n = wanted, 1
    while candidate.lower() in names:
        candidate, n = f"{base}{n}{ext}", n + 1
    return candidate


def _register_part(data: bytes, main: str, part: str) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The relationship from the main part to a new comments part, and its content type: the
    parts to replace, and the relationships part to add when the main part had none."""
    import zipfile

    from checker.read.docx.ooxml import safe_xml_parser

    folder, base = posixpath.split(main.lstrip("/"))
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = {n.lower(): n for n in archive.namelist()}
        rels_zip = names.get(rels_name.lower())
        rels = (etree.fromstring(archive.read(rels_zip), safe_xml_parser()) if rels_zip
                else etree.Element(f"{{{_REL_NS}}}Relationships", nsmap={None: _REL_NS}))  # fmt: skip
        types_zip = names.get("[content_types].xml", "[Content_Types].xml")
        types = etree.fromstring(archive.read(types_zip), safe_xml_parser())
    used = {r.get("Id") for r in rels}
    number = 1
    while f"rId{number}" in used:
        number += 1
    etree.SubElement(rels, f"{{{_REL_NS}}}Relationship", {"Id": f"rId{number}", "Type": _COMMENTS_REL,
                     "Target": posixpath.relpath(part, folder or ".")})  # fmt: skip
    etree.SubElement(types, f"{{{_CT_NS}}}Override", {"PartName": "/" + part, "ContentType": _COMMENTS_TYPE})
    if rels_zip is None:
        return {types_zip: xml_bytes(types)}, {rels_name: xml_bytes(rels)}
    return {rels_zip: xml_bytes(rels), types_zip: xml_bytes(types)}, {}


def annotate(path: str, data: bytes, diagnostics: Sequence[Diagnostic], lang: str) -> tuple[bytes, int]:
    """The annotated copy of any report: a .docx as it is, a .txt or .md turned into one first."""
    if path.lower().endswith(".docx") or data.startswith(b"PK\x03\x04"):
        annotated, placements = annotate_docx(path, data, diagnostics, lang)
        return annotated, len(placements)
    from checker.read import read_bytes

    document = read_bytes(path, data)
    converted, shifts = docx_from_text(document)
    moved = [_shift_columns(d, shifts) for d in diagnostics]
    annotated, placements = annotate_docx(path.rsplit(".", 1)[0] + ".docx", converted, moved, lang)
    return annotated, len(placements)


_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+")


def docx_from_text(document: Document) -> tuple[bytes, dict[int, int]]:
    """A .docx of a text report: a paragraph per line of the file (so that line N is paragraph
    N and columns stay), the title in the Title style, section headings in Heading 1 and item
    headings on a line of their own in Heading 2. A Markdown heading loses its #s; ``shifts``
    says by how many characters each such line moved left."""
    from docx import Document as NewDocument
    from docx.oxml.ns import qn

    from checker.parse.lexer import lex

    lines = list(document.source_lines or [p.text for p in document.paragraphs])
    styles: dict[int, str] = {}
    for block in lex(list(document.paragraphs), inline=False):
        paragraph = document.paragraphs[block.para]
        line = paragraph.position(block.start)[0]
        if block.kind == "TITLE":
            styles.setdefault(line, "Title")
        elif block.kind == "H1":
            styles[line] = "Heading 1"
        elif block.kind == "D2" and _heading_alone(paragraph.text):
            styles[line] = "Heading 2"
    shifts: dict[int, int] = {}
    if document.format == "md":
        for number, text in enumerate(lines, start=1):
            m = _MD_HEADING.match(text)
            if m:
                lines[number - 1] = text[m.end() :]
                shifts[number] = m.end()
    new = NewDocument()
    normal = new.styles["Normal"]
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    for number, text in enumerate(lines, start=1):
        added = new.add_paragraph(style=styles.get(number))
        if text:
            added.add_run(_xml_safe(text))
    out = io.BytesIO()
    new.save(out)
    return out.getvalue(), shifts


def _heading_alone(text: str) -> bool:
    stripped = text.strip()
    return 0 < len(stripped) <= 40 and not any(c in stripped for c in "。；;！？!?")


def _shift_columns(d: Diagnostic, shifts: dict[int, int]) -> Diagnostic:
    if d.line not in shifts and d.end_line not in shifts:
        return d
    column = max(d.column - shifts.get(d.line, 0), 1)
    end_column = max(d.end_column - shifts.get(d.end_line, 0), 0)
    return dataclasses.replace(d, column=column, end_column=end_column)
