"""Word documents (.docx from Word, WPS or LibreOffice): paragraphs as Word shows them.

python-docx opens the package (safely: its XML parser does not resolve entities); the text is
gathered here from the XML, because ``paragraph.text`` omits automatic numbering, includes
field codes and tracked deletions, and skips content controls and table cells.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from checker.read.numbering import NumberingRenderer, Styles
from checker.read.types import Document, Paragraph, ReadError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_W = "{" + W + "}"
_M = "{" + M + "}"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Limits checked before anything is inflated (a zip bomb is refused, not read).
MAX_TOTAL_UNCOMPRESSED = 512 * 1024 * 1024
MAX_PART_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 1000
RATIO_FLOOR = 4 * 1024 * 1024  # small parts may compress extremely well; only judge big ones

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


def check_zip_limits(archive: zipfile.ZipFile) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > MAX_PART_UNCOMPRESSED or total > MAX_TOTAL_UNCOMPRESSED:
            raise ReadError("E006", f"{info.filename}: {info.file_size} bytes uncompressed")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadError("E006", f"{info.filename}: compression ratio over {MAX_RATIO}:1")


def _producer(archive: zipfile.ZipFile) -> str | None:
    try:
        app = archive.read("docProps/app.xml")[:20000].decode("utf-8", "replace")
    except KeyError:
        return None
    m = re.search(r"<Application>([^<]*)</Application>", app)
    return m.group(1) if m else None


class _ParagraphText:
    """Gathers a paragraph's visible text. Field state outlives a paragraph: a TOC field begins
    in one paragraph and ends many paragraphs later, and its result (the entries) is shown."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.field_stack: list[str] = []  # "code" until w:fldChar separate, then "result"

    def _in_field_code(self) -> bool:
        return bool(self.field_stack) and self.field_stack[-1] == "code"

    def text(self, p: Any) -> str:
        out: list[str] = []
        self._walk(p, out)
        return "".join(out)

    def _walk(self, el: Any, out: list[str]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == _W + "r":
                self._run(child, out)
            elif tag in _PASS_THROUGH:
                self._walk(child, out)
            elif tag == _W + "sdt":
                content = child.find(_W + "sdtContent")
                if content is not None:
                    self._walk(content, out)
            elif tag in (_M + "oMathPara", _M + "oMath"):
                out.extend(t.text or "" for t in child.iter(_M + "t"))

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
                elif kind == "separate" and self.field_stack:
                    self.field_stack[-1] = "result"
                elif kind == "end" and self.field_stack:
                    self.field_stack.pop()
                continue
            if hidden or self._in_field_code():
                continue
            if tag == _W + "t":
                out.append(child.text or "")
            elif tag in (_W + "tab", _W + "ptab"):
                out.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                if child.get(_W + "type") in (None, "textWrapping"):
                    out.append(" ")
            elif tag == _W + "noBreakHyphen":
                out.append("-")


def _blocks(container: Any, in_table: bool) -> Any:
    """Block-level paragraphs in reading order: body, table cells (nested), content controls."""
    for child in container:
        tag = child.tag
        if tag == _W + "p":
            yield child, in_table
        elif tag == _W + "tbl":
            for row in child.iter(_W + "tr"):
                if row.getparent() is not child:
                    continue  # rows of nested tables are reached through their cells
                for cell in row.findall(_W + "tc"):
                    yield from _blocks(cell, True)
        elif tag in (_W + "sdt",):
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _blocks(content, in_table)
        elif tag in (_W + "customXml", _W + "ins", _W + "moveTo"):
            yield from _blocks(child, in_table)


def read_docx(path: str, data: bytes) -> Document:
    sniff_container(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ReadError("E002", str(exc)) from exc
    with archive:
        check_zip_limits(archive)
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
            raise ReadError("E005", "zip archive without word/document.xml")
        producer = _producer(archive)
    try:
        import docx  # heavy: imported only when a .docx is read
        from docx.opc.exceptions import PackageNotFoundError

        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError as exc:
        raise ReadError("E005", str(exc)) from exc
    except (ValueError, KeyError) as exc:
        raise ReadError("E005", str(exc)) from exc
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise ReadError("E002", str(exc)) from exc
    except Exception as exc:  # lxml.etree.XMLSyntaxError and kin: a damaged part
        raise ReadError("E002", f"{type(exc).__name__}: {exc}") from exc

    part = document.part
    styles_root = _related_root(part, "styles")
    numbering_root = _related_root(part, "numbering")
    styles = Styles(styles_root)
    numbering = NumberingRenderer(numbering_root, styles)
    gather = _ParagraphText(styles)

    body = part.element.find(_W + "body")
    paragraphs: list[Paragraph] = []
    if body is not None:
        for line, (p, in_table) in enumerate(_blocks(body, False), start=1):
            ppr = p.find(_W + "pPr")
            style_el = ppr.find(_W + "pStyle") if ppr is not None else None
            style_id = style_el.get(_W + "val") if style_el is not None else styles.default_paragraph
            text = gather.text(p)
            label: str | None = None
            rendered = numbering.label(ppr, style_id)
            if rendered is not None and rendered[0]:
                label, suffix = rendered
                text = label + (" " if suffix in ("tab", "space") and text else "") + text
            paragraphs.append(
                Paragraph(text=text, line=line, label=label, style=styles.name(style_id), in_table=in_table)
            )
    return Document(path=path, format="docx", paragraphs=tuple(paragraphs), producer=producer)


def _related_root(part: Any, kind: str) -> Any | None:
    """The XML root of the document part's styles or numbering part, or None when absent."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    reltype = RT.STYLES if kind == "styles" else RT.NUMBERING
    try:
        related = part.part_related_by(reltype)
    except KeyError:
        return None
    element = getattr(related, "element", None)
    if element is not None:
        return element
    try:
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        return etree.fromstring(related.blob, parser)
    except Exception:
        return None
