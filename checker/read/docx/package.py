"""The .docx package: refused early when it is no readable Word document or a zip bomb, and read
as OPC says, its parts found through their relationships."""

from __future__ import annotations

import contextlib
import posixpath
import re
import struct
import zipfile
from collections.abc import Callable
from typing import Any

from lxml import etree

from checker.read.docx.ooxml import CT_NS, REL_NS, W_TAG, refuse_declarations, safe_xml_parser
from checker.read.limits import DEFAULT_LIMITS, MB, Limits
from checker.read.types import ReadError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


_LOCAL_HEADER = 30  # bytes of a zip entry's local header before its name and extra field


# Parsed parts shared by packages that store them with the same bytes (Package.xml): a few
# small ones kept, the oldest dropped; keyed by compression, CRC-32 and size, the stored bytes
# compared in full.
_SHARED_PARTS: dict[tuple[int, int, int], tuple[bytes, Any]] = {}
_SHARED_PARTS_MAX = 16
_SHARED_PART_BYTES = 64 * 1024


RATIO_FLOOR = 1024 * 1024  # small entries may compress extremely well; only judge big ones


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


def writing_application(archive: zipfile.ZipFile) -> str | None:
    try:
        app = archive.read("docProps/app.xml")[:20000].decode("utf-8", "replace")
    except KeyError:
        return None
    m = re.search(r"<Application>([^<]*)</Application>", app)
    return m.group(1) if m else None


def is_shared(root: Any) -> bool:
    """Whether ``root`` is a parsed part shared between packages (Package.xml)."""
    return any(entry[1] is root for entry in list(_SHARED_PARTS.values()))


class Package:
    """The OPC package: parts found through relationships, not by fixed names (WPS and other
    writers may call the main part word/document2.xml)."""

    def __init__(self, archive: zipfile.ZipFile, data: bytes, share: bool = False) -> None:
        self.archive = archive
        self.data = data  # the package's bytes, which ``archive`` reads
        self.share = share  # parts that are only read may be trees shared with other packages
        self.names = {name.lower(): name for name in archive.namelist()}
        self.parser = safe_xml_parser()
        self._rels: dict[str, Any] = {}

    def xml(self, partname: str, own: bool = False) -> Any | None:
        """A part's parsed tree, or None when there is no such part. Unless ``own`` is asked for,
        a package that shares (``share``) gives a small part stored with the same bytes as an
        earlier package's the same tree, which nobody may change: a batch from one template
        parses its theme, settings, relationships … once."""
        name = self.names.get(partname.lstrip("/").lower())
        if name is None:
            return None
        if self.share and not own:
            info = self.archive.getinfo(name)
            stored = self._stored(info) if info.file_size <= _SHARED_PART_BYTES else None
            if stored is not None:
                key = stored[:3]
                found = _SHARED_PARTS.get(key)
                if found is not None and found[0] == stored[3]:
                    return found[1]
                root = self._parse_part(name, partname)
                if key not in _SHARED_PARTS and len(_SHARED_PARTS) >= _SHARED_PARTS_MAX:
                    with contextlib.suppress(KeyError, RuntimeError, StopIteration):  # another thread's doing
                        del _SHARED_PARTS[next(iter(_SHARED_PARTS))]
                _SHARED_PARTS[key] = (stored[3], root)
                return root
        return self._parse_part(name, partname)

    def _parse_part(self, name: str, partname: str) -> Any:
        data = refuse_declarations(self.archive.read(name), partname)
        try:
            return etree.fromstring(data, self.parser)
        except etree.XMLSyntaxError as exc:
            raise ReadError("E002", f"{partname}: damaged XML ({exc})") from exc

    def checked_raw(self, partname: str) -> bytes:
        """A part's bytes, refused (E012) when they declare a DTD or entities, as ``xml`` does."""
        return refuse_declarations(self.raw(partname), partname)

    def parse(self, data: bytes) -> Any:
        try:
            return etree.fromstring(data, self.parser)
        except etree.XMLSyntaxError as exc:
            raise ReadError("E002", f"styles: damaged XML ({exc})") from exc

    def crc(self, partname: str) -> int | None:
        """The CRC-32 the zip directory gives a part (zipfile checks it against the bytes it
        reads), or None when there is no such part."""
        name = self.names.get(partname.lstrip("/").lower())
        return self.archive.getinfo(name).CRC if name is not None else None


    def stored(self, partname: str) -> tuple[int, int, int, bytes] | None:
        """What tells a part's bytes without inflating them: its compression method, CRC-32,
        size and its bytes as stored in the zip, after the checks zipfile makes before reading
        it (an encrypted entry or a damaged header raises here as reading it would). None when
        there is no such part, or when the directory claims more stored bytes than deflating
        its size could make (then it is only read)."""
        name = self.names.get(partname.lstrip("/").lower())
        return self._stored(self.archive.getinfo(name)) if name is not None else None

    def _stored(self, info: zipfile.ZipInfo) -> tuple[int, int, int, bytes] | None:
        if info.compress_size > info.file_size + info.file_size // 64 + 1024:
            return None  # more than deflate ever adds: a directory that lies is not kept for later
        self.archive.open(info).close()
        header = self.data[info.header_offset : info.header_offset + _LOCAL_HEADER]
        if len(header) < _LOCAL_HEADER:
            return None
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        start = info.header_offset + _LOCAL_HEADER + name_length + extra_length
        return info.compress_type, info.CRC, info.file_size, self.data[start : start + info.compress_size]

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
        for rel in rels.iter("{" + REL_NS + "}Relationship"):
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
        for override in types.iter("{" + CT_NS + "}Override"):
            if (override.get("PartName") or "").lower() == wanted:
                content_type = override.get("ContentType")
                return str(content_type) if content_type is not None else None
        return None


def style_blocks(styles_xml: bytes) -> Any:
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


def styles_matter(root: Any, styles_xml: bytes) -> bool:
    """Whether styles.xml can change what the reader shows. A report typed in the default style
    (no w:pStyle or w:rStyle in the body) is read the same without it unless a style numbers or
    hides paragraphs; skipping it saves parsing a part that is often larger than the body."""
    body = root.find(W_TAG + "body")
    if body is not None and next(body.iter(W_TAG + "pStyle", W_TAG + "rStyle"), None) is not None:
        return True
    if b"<w:style " not in styles_xml:
        return True  # an unusual namespace prefix: parse rather than guess
    # Only the default paragraph style (and the document defaults) apply to such a body.
    for opening, block in style_blocks(styles_xml):
        if b'w:type="paragraph"' in opening and re.search(rb'w:default="(1|true|on)"', opening):
            return b"numPr" in block or b"vanish" in block or b"w:basedOn" in block
    defaults = styles_xml.split(b"<w:style ", 1)[0]
    return b"vanish" in defaults or b"numPr" in defaults


def parse_styles(data: bytes) -> Any:
    """Package.parse with a parser of its own: for a style table that outlives its package."""
    try:
        return etree.fromstring(data, safe_xml_parser())
    except etree.XMLSyntaxError as exc:
        raise ReadError("E002", f"styles: damaged XML ({exc})") from exc
