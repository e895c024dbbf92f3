"""Word documents (.docx from Word, WPS or LibreOffice): paragraphs as Word shows them.

The package is opened here rather than with python-docx's ``Document()``: that parses every
XML part (headers, theme, settings, comments …) and, with its import, cost more than the whole
check (bench/speed.py); the reader needs three parts, found through the relationships, parsed
with entities, DTDs and the network switched off. The text is gathered from the XML because
python-docx's ``paragraph.text`` omits automatic numbering, includes field codes and tracked
deletions, and skips content controls and table cells.
"""

from __future__ import annotations

import dataclasses
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from checker.read.formatting import (
    DocFormat,
    FormatResolver,
    PageNumber,
    ParagraphFormat,
    RunFormat,
    SectionBuilder,
    fill_missing,
    merge_runs,
    page_numbers,
)
from checker.read.limits import DEFAULT_LIMITS, MB, Limits
from checker.read.numbering import NumberingRenderer, Styles
from checker.read.styles import StyleTable
from checker.read.types import Cell, Document, Paragraph, ReadError, Remark

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_W = "{" + W + "}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_M = "{" + M + "}"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

RATIO_FLOOR = 1024 * 1024  # small entries may compress extremely well; only judge big ones

_PASS_THROUGH = {
    _W + "ins", _W + "moveTo", _W + "hyperlink", _W + "smartTag", _W + "customXml",
    _W + "fldSimple", _W + "dir", _W + "bdo",
}  # fmt: skip
_SKIPPED = {
    _W + "del",
    _W + "moveFrom",
    _W + "pPr",
    _W + "proofErr",
    _W + "bookmarkStart",
    _W + "bookmarkEnd",
}


_PLAIN_TAGS = (_W + "t", _W + "tab", _W + "ptab", _W + "br", _W + "cr", _W + "noBreakHyphen")
_PLAIN = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": " ", _W + "cr": " ", _W + "noBreakHyphen": "-"}
_NS = {"w": W, "m": M, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
_NEEDS_WALK = etree.XPath(
    "boolean(.//w:del | .//w:moveFrom | .//w:fldChar | .//w:instrText | .//w:vanish | .//w:fldSimple"
    " | .//m:oMath | .//m:oMathPara | .//w:drawing | .//w:pict | .//mc:AlternateContent | .//w:object"
    " | .//w:delText | .//w:txbxContent)",
    namespaces=_NS,
)
_HAS_RSTYLE = etree.XPath("boolean(.//w:rStyle)", namespaces=_NS)


def sniff_container(data: bytes) -> None:
    """Refuse what is not a readable .docx, with the reason a person can act on."""
    if not data:
        raise ReadError("E009", "empty file")
    if data.startswith(OLE_MAGIC):
        # An OLE2 compound file is either a legacy .doc or an encrypted OOXML package.
        if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
            raise ReadError("E004", "encrypted OOXML package")
        raise ReadError("E003", "OLE2 compound file (Word 97-2003 .doc)")
    if not data.startswith(b"PK"):
        if data.lstrip()[:5].lower() in (b"{\\rtf",):
            raise ReadError("E003", "RTF document")
        raise ReadError("E002", "not a zip archive")


def check_zip_limits(archive: zipfile.ZipFile, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a zip bomb from its central directory, before anything is inflated. (The sizes
    there may lie; zipfile then stops at the declared size and the CRC check fails: E002.)"""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if total > limits.max_total_bytes:
            raise ReadError("E006", f"over {limits.max_total_mb:g} MB uncompressed in all")
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise ReadError(
                "E006", f"{info.filename}: compression ratio {ratio:.0f}:1 (limit {limits.max_ratio:g}:1)"
            )
        if info.filename.lower().endswith((".xml", ".rels")) and info.file_size > limits.max_part_bytes:
            raise ReadError(
                "E006", f"{info.filename}: {info.file_size / MB:.1f} MB (limit {limits.max_part_mb:g} MB)"
            )


def _producer(archive: zipfile.ZipFile) -> str | None:
    try:
        app = archive.read("docProps/app.xml")[:20000].decode("utf-8", "replace")
    except KeyError:
        return None
    m = re.search(r"<Application>([^<]*)</Application>", app)
    return m.group(1) if m else None


@dataclass(slots=True)
class Segment:
    """Where a piece of a paragraph's shown text comes from: ``text[start:end]`` is produced by
    ``element`` (a w:t, w:tab, w:br … inside the run ``run``). ``editable`` is False for text that
    a fix must not touch: a field's result (Word recomputes it) and equations."""

    start: int
    end: int
    element: Any
    run: Any | None
    editable: bool
    # The outermost field whose result shows this text: its w:fldChar begin, or its w:fldSimple;
    # BEFORE when it began in an earlier paragraph. Comments anchor on a field as a whole.
    field: Any | None = None


BEFORE = "before"  # Segment.field of a field that began in an earlier paragraph


class _ParagraphText:
    """Gathers a paragraph's visible text. Field state outlives a paragraph: a TOC field begins
    in one paragraph and ends many paragraphs later, and its result (the entries) is shown."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.field_stack: list[str] = []  # "code" until w:fldChar separate, then "result" (or "toc")
        self._instruction: list[str] = []  # the field code being read (TOC \\o "1-3" …)
        self.record: list[Segment] | None = None  # set by segments(): where each piece comes from
        self._length = 0
        self._begins: list[Any] = []  # the w:fldChar begin of each open field (BEFORE: unknown)
        self._simple_fields: list[Any] = []  # the w:fldSimple elements the walk is inside

    def _in_field_code(self) -> bool:
        return bool(self.field_stack) and self.field_stack[-1] == "code"

    def _simple(self, p: Any) -> bool:
        """Most paragraphs are plain runs of w:t: gathered in C (lxml's iter) instead of walked in
        Python, unless the paragraph holds something that changes what is shown."""
        return not self._in_field_code() and not _NEEDS_WALK(p) and not (self.styles.hidden_ids and _HAS_RSTYLE(p))

    def text(self, p: Any) -> str:
        if self._simple(p):
            return "".join(piece for _, piece in _plain_pieces(p))
        return self.walk(p)

    def walk(self, p: Any) -> str:
        out: list[str] = []
        self._length = 0
        self._walk(p, out)
        return "".join(out)

    def run_spans(self, p: Any, field_stack: list[str]) -> tuple[str, list[tuple[int, int, Any]]]:
        """The paragraph's text and the (start, end, w:r) spans it is drawn from, consecutive
        pieces of one run merged: what formatting is resolved over. Plain paragraphs in one pass."""
        self.field_stack = list(field_stack)
        if not self._simple(p):
            text, segments = self.segments(p, field_stack)
            return text, [(s.start, s.end, s.run) for s in segments if s.run is not None and s.end > s.start]
        pieces: list[str] = []
        spans: list[tuple[int, int, Any]] = []
        run: Any = None
        start = length = 0
        for element, piece in _plain_pieces(p):
            if not piece:
                continue
            parent = element.getparent()
            if parent is not run:
                if run is not None and length > start:
                    spans.append((start, length, run))
                run, start = parent, length
            pieces.append(piece)
            length += len(piece)
        if run is not None and length > start:
            spans.append((start, length, run))
        return "".join(pieces), spans

    def segments(self, p: Any, field_stack: list[str]) -> tuple[str, list[Segment]]:
        """The paragraph's text and where each piece of it comes from, the field state at its
        start given (the same two ways ``text`` reads, so both agree)."""
        self.field_stack = list(field_stack)
        if self._simple(p):
            segments, pieces, length = [], [], 0
            for element, piece in _plain_pieces(p):
                segments.append(Segment(length, length + len(piece), element, element.getparent(), True))
                pieces.append(piece)
                length += len(piece)
            return "".join(pieces), segments
        self._begins = [BEFORE] * len(field_stack)
        self.record = []
        try:
            return self.walk(p), self.record
        finally:
            self.record = None

    def _emit(self, out: list[str], piece: str, element: Any, run: Any | None, editable: bool) -> None:
        out.append(piece)
        if self.record is not None:
            field = self._begins[0] if self._begins else self._simple_fields[0] if self._simple_fields else None
            self.record.append(Segment(self._length, self._length + len(piece), element, run,
                                       editable and field is None, field))  # fmt: skip
        self._length += len(piece)

    def _walk(self, el: Any, out: list[str]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == _W + "r":
                self._run(child, out)
            elif tag == _W + "fldSimple":
                self._simple_fields.append(child)
                self._walk(child, out)
                self._simple_fields.pop()
            elif tag in _PASS_THROUGH:
                self._walk(child, out)
            elif tag == _W + "sdt":
                content = child.find(_W + "sdtContent")
                if content is not None:
                    self._walk(content, out)
            elif tag in (_M + "oMathPara", _M + "oMath"):
                for t in child.iter(_M + "t"):
                    self._emit(out, t.text or "", t, None, False)

    def _run(self, r: Any, out: list[str]) -> None:
        rpr = r.find(_W + "rPr")
        hidden = False
        if rpr is not None:
            vanish = rpr.find(_W + "vanish")
            if vanish is not None and vanish.get(_W + "val") not in ("0", "false", "off"):
                hidden = True
            rstyle = rpr.find(_W + "rStyle")
            if rstyle is not None and self.styles.hidden(rstyle.get(_W + "val")):
                hidden = True
        for child in r:
            tag = child.tag
            if tag == _W + "fldChar":
                kind = child.get(_W + "fldCharType")
                if kind == "begin":
                    self.field_stack.append("code")
                    self._begins.append(child)
                    self._instruction = []
                elif kind == "separate" and self.field_stack:
                    # A table of contents is a field too: its result (the entries) is marked.
                    toc = "".join(self._instruction).lstrip().upper().startswith("TOC")
                    self.field_stack[-1] = "toc" if toc else "result"
                elif kind == "end" and self.field_stack:
                    self.field_stack.pop()
                    if self._begins:
                        self._begins.pop()
                continue
            if tag == _W + "instrText" and self._in_field_code():
                self._instruction.append(child.text or "")
                continue
            if hidden or self._in_field_code():
                continue
            if tag == _W + "t":
                self._emit(out, child.text or "", child, r, True)
            elif tag in (_W + "tab", _W + "ptab"):
                self._emit(out, "\t", child, r, True)
            elif tag in (_W + "br", _W + "cr"):
                if child.get(_W + "type") in (None, "textWrapping"):
                    self._emit(out, " ", child, r, True)
            elif tag == _W + "noBreakHyphen":
                self._emit(out, "-", child, r, True)


def _plain_pieces(p: Any) -> Iterator[tuple[Any, str]]:
    """(element, the text it shows) of a paragraph without fields, deletions or hidden text.
    (w:tab also defines tab stops in w:pPr/w:tabs: only a run's w:tab is a character.)"""
    for el in p.iter(*_PLAIN_TAGS):
        tag = el.tag
        if tag == _W + "t":
            yield el, el.text or ""
        elif (tag != _W + "br" or el.get(_W + "type") in (None, "textWrapping")) and (
            tag != _W + "tab" or el.getparent().tag == _W + "r"
        ):
            yield el, _PLAIN[tag]


def _is_toc_control(sdt: Any) -> bool:
    gallery = sdt.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
    return gallery is not None and "contents" in (gallery.get(_W + "val") or "").lower()


def _wrapped(parent: Any, tag: str) -> Any:
    """Children with ``tag`` (rows of a table, cells of a row), including those wrapped in
    content controls or custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if content is not None:
                yield from _wrapped(content, tag)


def _blocks(container: Any, cell: Cell | None, tables: list[int], toc: bool = False) -> Any:
    """Block-level paragraphs in reading order — body, table cells (nested tables too), content
    controls — each with the table cell it sits in and whether it sits in a table-of-contents
    content control. ``tables`` counts tables met so far."""
    for child in container:
        tag = child.tag
        if tag == _W + "p":
            yield child, cell, toc
        elif tag == _W + "tbl":
            number = tables[0]
            tables[0] += 1
            for r, row in enumerate(_wrapped(child, _W + "tr")):
                column = 0
                for tc in _wrapped(row, _W + "tc"):
                    tcpr = tc.find(_W + "tcPr")
                    span = 1
                    continued = False
                    if tcpr is not None:
                        grid = tcpr.find(_W + "gridSpan")
                        if grid is not None and (grid.get(_W + "val") or "").isdigit():
                            span = max(1, int(grid.get(_W + "val")))
                        merge = tcpr.find(_W + "vMerge")
                        continued = merge is not None and merge.get(_W + "val") in (None, "continue")
                    yield from _blocks(tc, Cell(number, r, column, continued), tables, toc)
                    column += span
        elif tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _blocks(content, cell, tables, toc or _is_toc_control(child))
        elif tag in (_W + "customXml", _W + "ins", _W + "moveTo"):
            yield from _blocks(child, cell, tables, toc)


_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_WORD_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def _xml_parser() -> Any:
    # Entities are never expanded or fetched, no DTD is loaded, no network is touched.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class _Package:
    """The OPC package: parts found through relationships, not by fixed names (WPS and other
    writers may call the main part word/document2.xml)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = {name.lower(): name for name in archive.namelist()}
        self.parser = _xml_parser()
        self._rels: dict[str, Any] = {}

    def xml(self, partname: str) -> Any | None:
        name = self.names.get(partname.lstrip("/").lower())
        if name is None:
            return None
        data = self.archive.read(name)
        # OPC forbids DTDs in package parts (ECMA-376 Part 2, 8.1.4); Word never writes one. A part
        # that declares one is refused: that is where entity bombs and external entities live.
        if _DOCTYPE.search(data[:4096]) or b"<!ENTITY" in data[:65536]:
            raise ReadError("E012", f"{partname}: DOCTYPE or ENTITY declaration")
        try:
            return etree.fromstring(data, self.parser)
        except etree.XMLSyntaxError as exc:
            raise ReadError("E002", f"{partname}: damaged XML ({exc})") from exc

    def checked_raw(self, partname: str) -> bytes:
        """A part's bytes, refused (E012) when they declare a DTD or entities, as ``xml`` does."""
        data = self.raw(partname)
        if _DOCTYPE.search(data[:4096]) or b"<!ENTITY" in data[:65536]:
            raise ReadError("E012", f"{partname}: DOCTYPE or ENTITY declaration")
        return data

    def parse(self, data: bytes) -> Any:
        try:
            return etree.fromstring(data, self.parser)
        except etree.XMLSyntaxError as exc:
            raise ReadError("E002", f"styles: damaged XML ({exc})") from exc

    def raw(self, partname: str) -> bytes:
        name = self.names.get(partname.lstrip("/").lower())
        return self.archive.read(name) if name is not None else b""

    def related(self, source: str, kind: str) -> str | None:
        """The part that ``source`` points to with a relationship of type …/``kind``."""
        return self._follow(source, lambda rel: (rel.get("Type") or "").rsplit("/", 1)[-1] == kind)

    def target(self, source: str, rel_id: str) -> str | None:
        """The part that ``source``'s relationship ``rel_id`` points to (a footer, a header)."""
        return self._follow(source, lambda rel: rel.get("Id") == rel_id)

    def _follow(self, source: str, wanted: Callable[[Any], bool]) -> str | None:
        """The part named by ``source``'s first internal relationship that ``wanted`` accepts."""
        folder, base = posixpath.split(source.lstrip("/"))
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in self._rels:
            self._rels[rels_name] = self.xml(rels_name)
        rels = self._rels[rels_name]
        if rels is None:
            return None
        for rel in rels.iter("{" + _REL + "}Relationship"):
            if rel.get("TargetMode") != "External" and wanted(rel):
                target = rel.get("Target") or ""
                return posixpath.normpath(
                    target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                )
        return None

    def content_type(self, partname: str) -> str | None:
        types = self.xml("[Content_Types].xml")
        if types is None:
            return None
        wanted = "/" + partname.lstrip("/").lower()
        for override in types.iter("{" + _CT + "}Override"):
            if (override.get("PartName") or "").lower() == wanted:
                content_type = override.get("ContentType")
                return str(content_type) if content_type is not None else None
        return None


def _style_blocks(styles_xml: bytes) -> Any:
    """Each <w:style …>…</w:style> of styles.xml as (opening tag, whole block), found by plain
    searches that move forward only (a lazy pattern would rescan a damaged part from every
    opening tag that has no end)."""
    pos = 0
    while True:
        start = styles_xml.find(b"<w:style ", pos)
        if start == -1:
            return
        tag_end = styles_xml.find(b">", start)
        end = styles_xml.find(b"</w:style>", tag_end)
        if tag_end == -1 or end == -1:
            return
        yield styles_xml[start : tag_end + 1], styles_xml[start : end + 10]
        pos = end + 10


def _styles_matter(root: Any, styles_xml: bytes) -> bool:
    """Whether styles.xml can change what the reader shows. A report typed in the default style
    (no w:pStyle or w:rStyle in the body) is read the same without it unless a style numbers or
    hides paragraphs; skipping it saves parsing a part that is often larger than the body."""
    body = root.find(_W + "body")
    if body is not None and next(body.iter(_W + "pStyle", _W + "rStyle"), None) is not None:
        return True
    if b"<w:style " not in styles_xml:
        return True  # an unusual namespace prefix: parse rather than guess
    # Only the default paragraph style (and the document defaults) apply to such a body.
    for opening, block in _style_blocks(styles_xml):
        if b'w:type="paragraph"' in opening and re.search(rb'w:default="(1|true|on)"', opening):
            return b"numPr" in block or b"vanish" in block or b"w:basedOn" in block
    defaults = styles_xml.split(b"<w:style ", 1)[0]
    return b"vanish" in defaults or b"numPr" in defaults


def read_docx(path: str, data: bytes, limits: Limits = DEFAULT_LIMITS, formatting: bool = False) -> Document:
    """The document's paragraphs; with ``formatting``, also the fonts, sizes, spacing and page
    set-up that Word resolves for them (``Document.formatting``)."""
    return _read(path, data, limits, keep=False, formatting=formatting)[0]


def read_docx_layout(path: str, data: bytes, limits: Limits = DEFAULT_LIMITS, formatting: bool = False) -> DocxLayout:
    """The document as read, with the XML it came from: what the write stage needs to anchor
    comments and replace text in the runs that show it (and, with ``formatting``, to lay it out)."""
    layout = _read(path, data, limits, keep=True, formatting=formatting)[1]
    assert layout is not None
    return layout


@dataclass(slots=True)
class DocxLayout:
    """A read .docx together with its main part's XML tree. ``elements[line - 1]`` is the w:p of
    paragraph ``line``; ``segments(line)`` says which element shows each character of its text."""

    document: Document
    main: str  # the main part's name in the package (word/document.xml, or WPS's document2.xml)
    root: Any  # its parsed tree; the write stage changes it and serialises it again
    comments: str | None  # the comments part, when there is one
    comments_root: Any | None
    elements: list[Any]
    styles: Styles
    field_states: dict[int, list[str]] = field(default_factory=dict)  # field stack before a line
    shifts: dict[int, int | None] = field(default_factory=dict)  # see _shift
    walks: dict[int, tuple[str, list[Segment]]] = field(default_factory=dict)  # until changed()

    def label_length(self, line: int) -> int:
        """Characters at the start of the paragraph's text that Word's automatic numbering shows
        (the label and the space after it): they are not in the XML's text."""
        shift = self._shift(line)
        return len(self.document.paragraphs[line - 1].label or "") if shift is None else shift

    def segments(self, line: int) -> list[Segment] | None:
        """Segments with offsets into the paragraph's text as read (label included), or None when
        the walk does not give that text back (then only the paragraph as a whole can be used).
        The check is made on first use, before the write stage changes the paragraph; later calls
        follow the changes."""
        shift = self._shift(line)
        if shift is None:
            return None
        segments = self._walk(line)[1]
        if shift:
            return [dataclasses.replace(s, start=s.start + shift, end=s.end + shift) for s in segments]
        return list(segments)

    def changed(self, line: int) -> None:
        """Say that the write stage changed paragraph ``line`` (its runs or text)."""
        self.walks.pop(line, None)

    def _walk(self, line: int) -> tuple[str, list[Segment]]:
        walked = self.walks.get(line)
        if walked is None:
            walked = _ParagraphText(self.styles).segments(self.elements[line - 1], self.field_states.get(line, []))
            self.walks[line] = walked
        return walked

    def _shift(self, line: int) -> int | None:
        """How many characters of the read text come before the XML's (the label), or None when the
        XML's text is not the read text's end."""
        if line not in self.shifts:
            text = self._walk(line)[0]
            paragraph = self.document.paragraphs[line - 1]
            shift = len(paragraph.text) - len(text)
            ok = shift >= 0 and paragraph.text[shift:] == text and (paragraph.label is not None or not shift)
            self.shifts[line] = shift if ok else None
        return self.shifts[line]


def _read(
    path: str, data: bytes, limits: Limits, keep: bool, formatting: bool = False
) -> tuple[Document, DocxLayout | None]:
    sniff_container(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError, OverflowError,
            struct.error) as exc:  # a damaged directory: "zip file version 14.0", a bad offset …
        raise ReadError("E002", f"{type(exc).__name__}: {exc}") from exc
    try:
        with archive:
            check_zip_limits(archive, limits)
            package = _Package(archive)
            main = package.related("", "officeDocument")
            if main is None:
                raise ReadError("E005", "no main document part in the package")
            content_type = package.content_type(main)
            if content_type is not None and content_type not in _WORD_MAIN_TYPES:
                raise ReadError("E005", f"content type {content_type}")
            root = package.xml(main)
            if root is None:
                raise ReadError("E005", f"{main} is missing")
            styles_name = package.related(main, "styles")
            numbering_name = package.related(main, "numbering")
            table = None
            if styles_name:
                styles_xml = package.checked_raw(styles_name)
                if formatting or _styles_matter(root, styles_xml):
                    table = StyleTable(styles_xml, package.parse)
            numbering_root = package.xml(numbering_name) if numbering_name else None
            comments_name = package.related(main, "comments")
            comments_root = package.xml(comments_name) if comments_name else None
            producer = _producer(archive)
            resolver = sections = None
            if formatting:
                resolver, sections = _formatting(package, main, root, table)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, NotImplementedError, ValueError,
            OverflowError, struct.error, OSError) as exc:  # a damaged directory: zipfile may seek anywhere
        raise ReadError("E002", f"{type(exc).__name__}: {exc}") from exc
    except RuntimeError as exc:  # zipfile: "File … is encrypted, password required"
        raise ReadError("E004", str(exc)) from exc

    styles = Styles(table)
    numbering = NumberingRenderer(numbering_root, styles)
    gather = _ParagraphText(styles)
    body = root.find(_W + "body")
    paragraphs: list[Paragraph] = []
    elements: list[Any] = []
    field_states: dict[int, list[str]] = {}
    anchors = _comment_anchors(body) if body is not None and comments_root is not None else {}
    anchored: dict[str, list[int]] = {}
    formats: list[ParagraphFormat] = []
    if body is not None:
        for line, (p, cell, in_toc_control) in enumerate(_blocks(body, None, [0]), start=1):
            for comment_id in anchors.get(p, ()):
                anchored.setdefault(comment_id, []).append(line)
            ppr = p.find(_W + "pPr")
            style_el = ppr.find(_W + "pStyle") if ppr is not None else None
            style_id = style_el.get(_W + "val") if style_el is not None else styles.default_paragraph
            if keep:
                elements.append(p)
                if gather.field_stack:
                    field_states[line] = list(gather.field_stack)
            in_toc_field = "toc" in gather.field_stack
            if resolver is not None:
                text, spans = gather.run_spans(p, gather.field_stack)
            else:
                text = gather.text(p)
            toc = in_toc_control or in_toc_field or "toc" in gather.field_stack
            label: str | None = None
            rendered = numbering.label(ppr, style_id)
            if rendered is not None and rendered[0]:
                label, suffix = rendered
                text = label + (" " if suffix in ("tab", "space") and text else "") + text
            if resolver is not None and sections is not None:
                formats.append(_paragraph_format(resolver, ppr, style_id, text, spans, label, numbering,
                                                 len(sections.sections), p, toc))  # fmt: skip
                sect_pr = ppr.find(_W + "sectPr") if ppr is not None else None
                if sect_pr is not None:
                    sections.end(sect_pr, line)
            paragraphs.append(
                Paragraph(
                    text=text,
                    line=line,
                    label=label,
                    style=styles.name(style_id),
                    in_table=cell is not None,
                    cell=cell,
                    toc=toc,
                )
            )
    remarks = tuple(
        Remark(text, lines[0], tuple(lines))
        for comment_id, text in _comment_texts(comments_root).items()
        if (lines := anchored.get(comment_id))
    )
    doc_format = None
    if resolver is not None and sections is not None:
        last = body.find(_W + "sectPr") if body is not None else None
        sections.end(last if last is not None else etree.Element(_W + "sectPr"), len(paragraphs))
        doc_format = DocFormat(tuple(formats), tuple(sections.sections), resolver.default_size())
    document = Document(
        path=path, format="docx", paragraphs=tuple(paragraphs), producer=producer, remarks=remarks,
        formatting=doc_format,
    )
    if not keep:
        return document, None
    return document, DocxLayout(document, main, root, comments_name, comments_root, elements, styles, field_states)


def _formatting(
    package: _Package, main: str, root: Any, table: StyleTable | None
) -> tuple[FormatResolver, SectionBuilder]:
    """The resolver, and the section builder with every footer and header the sections name
    already read (the package closes before the body is walked)."""
    theme_name = package.related(main, "theme")
    settings_name = package.related(main, "settings")
    resolver = FormatResolver(
        table,
        package.xml(theme_name) if theme_name else None,
        package.xml(settings_name) if settings_name else None,
    )
    found: dict[str, tuple[PageNumber, ...]] = {}
    for tag in ("footerReference", "headerReference"):
        for ref in root.iter(_W + tag):
            rel_id = ref.get(_R + "id")
            if rel_id and rel_id not in found:
                name = package.target(main, rel_id)
                found[rel_id] = page_numbers(package.xml(name) if name else None, tag[:6], resolver)

    def numbers(rel_id: str, part: str) -> tuple[PageNumber, ...]:
        return found.get(rel_id, ())

    return resolver, SectionBuilder(numbers)


def _paragraph_format(
    resolver: FormatResolver, ppr: Any | None, style_id: str | None, text: str,
    spans: list[tuple[int, int, Any]], label: str | None, numbering: NumberingRenderer, section: int,
    p: Any = None, toc: bool = False,
) -> ParagraphFormat:  # fmt: skip
    """The resolved formatting of a paragraph whose text (label included) is ``text``, drawn
    from the runs ``spans`` name. Consecutive runs drawn alike become one before their
    characters are counted."""
    shift = len(text) - (spans[-1][1] if spans else 0)
    runs: list[RunFormat] = []
    level = numbering.last_level if label else None
    if label and shift > 0:
        # Word draws the label with the level's run properties over the paragraph mark's.
        mark = ppr.find(_W + "rPr") if ppr is not None else None
        direct = resolver.run_props(level.rpr) if level is not None and level.rpr is not None else None
        mark_props = resolver.run_props(mark) if mark is not None else None
        if direct is None:
            direct = mark_props
        elif mark_props is not None:
            fill_missing(direct, mark_props)
        runs.append(resolver.run_format(0, shift, text[:shift], direct, resolver.styled(style_id, None)))
    current_props: Any = None
    start = end = 0
    rpr_tag = _W + "rPr"
    for span_start, span_end, run in spans:
        first = run[0] if len(run) else None  # w:rPr comes first when there is one
        props = resolver.resolved(style_id, first if first is not None and first.tag == rpr_tag else None)
        if props is current_props and span_start == end:
            end = span_end
            continue
        if current_props is not None:
            runs.append(resolver.format_of(start + shift, end + shift, text[start + shift : end + shift], current_props))
        current_props, start, end = props, span_start, span_end
    if current_props is not None:
        runs.append(resolver.format_of(start + shift, end + shift, text[start + shift : end + shift], current_props))
    in_force = resolver.paragraph_props(ppr, style_id, level.ppr if level is not None else None,
                                        numbering.last_direct)  # fmt: skip
    tabs = resolver.tab_stops(ppr, style_id) if toc else ()
    drawing = p is not None and next(p.iter(_W + "drawing", _W + "pict", _W + "object"), None) is not None
    return resolver.paragraph_format(in_force, merge_runs(runs), style_id, label is not None, section,
                                     _page_breaks(p) if p is not None else (False, False), tabs, drawing)  # fmt: skip


def _page_breaks(p: Any) -> tuple[bool, bool]:
    """Whether a page break (w:br w:type="page") stands before the paragraph's text, and after it."""
    if not any(br.get(_W + "type") == "page" for br in p.iter(_W + "br")):
        return False, False
    before = after = False
    seen_text = False
    for el in p.iter(_W + "t", _W + "br"):
        if el.tag == _W + "t":
            if el.text and el.text.strip():
                seen_text = True
                after = False
        elif el.get(_W + "type") == "page":
            if seen_text:
                after = True
            else:
                before = True
    return before, after


def _comment_texts(comments_root: Any | None) -> dict[str, str]:
    if comments_root is None:
        return {}
    texts = {}
    for comment in comments_root.iter(_W + "comment"):
        comment_id = comment.get(_W + "id")
        if comment_id is not None:
            texts[comment_id] = "\n".join(
                "".join(t.text or "" for t in p.iter(_W + "t")) for p in comment.iter(_W + "p")
            )
    return texts


def _comment_anchors(body: Any) -> dict[Any, set[str]]:
    """Each paragraph → the comments anchored to it: those whose range is open across it,
    starts or ends in it, or whose reference mark stands in it."""
    anchors: dict[Any, set[str]] = {}
    open_ids: set[str] = set()
    current: Any = None
    for element in body.iter(
        _W + "p", _W + "commentRangeStart", _W + "commentRangeEnd", _W + "commentReference"
    ):
        tag = element.tag
        if tag == _W + "p":
            current = element
            anchors[element] = set(open_ids)
            continue
        comment_id = element.get(_W + "id")
        if comment_id is None:
            continue
        paragraph = next(element.iterancestors(_W + "p"), None)
        if tag == _W + "commentRangeStart":
            open_ids.add(comment_id)
        elif tag == _W + "commentRangeEnd":
            open_ids.discard(comment_id)
        if paragraph is not None:
            anchors.setdefault(paragraph, set()).add(comment_id)
        elif tag == _W + "commentRangeEnd" and current is not None:
            anchors.setdefault(current, set()).add(comment_id)
    return anchors
