"""Writing a .docx package back: every part copied as it was (same names, order, dates and
compression), the changed parts replaced, new parts added; and writing a file atomically."""

from __future__ import annotations

import io
import os
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree


def xml_bytes(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def zip_name(data: bytes, part: str) -> str:
    """A part's name as the zip spells it (part names are case-insensitive in OPC)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = {n.lower(): n for n in archive.namelist()}
    return names.get(part.lstrip("/").lower(), part.lstrip("/"))


def rewrite_package(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """The package ``data`` with the parts named in ``replace`` given new bytes and the parts in
    ``add`` appended. Names are matched as the zip spells them.

    Unchanged parts are copied as they are stored, compressed bytes and all, without inflating
    and deflating them again (most of the cost of writing a copy otherwise); a small writer of our
    own does it, since zipfile cannot write stored bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        infos = source.infolist()
    out = io.BytesIO()
    central: list[bytes] = []
    for info in infos:
        body = replace.get(info.filename)
        if body is None and info.flag_bits & 0x1 == 0:
            raw = _stored_bytes(data, info)
            entry = _Entry(info.filename, info.compress_type, info.CRC, info.compress_size, info.file_size,
                           info.date_time, info.external_attr)  # fmt: skip
        else:
            if body is None:
                with zipfile.ZipFile(io.BytesIO(data)) as source:
                    body = source.read(info.filename)
            raw, entry = _deflated(info.filename, body, info.date_time, info.external_attr)
        central.append(entry.write(out, raw))
    for name, body in (add or {}).items():
        raw, entry = _deflated(name, body, (1980, 1, 1, 0, 0, 0), 0o600 << 16)
        central.append(entry.write(out, raw))
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), size, start, 0))
    return out.getvalue()


def _stored_bytes(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """An entry's bytes as stored (compressed), read after its local header."""
    offset = info.header_offset
    name_length, extra_length = struct.unpack("<HH", data[offset + 26 : offset + 30])
    start = offset + 30 + name_length + extra_length
    return data[start : start + info.compress_size]


def _deflated(name: str, body: bytes, date_time: tuple[int, ...], external_attr: int) -> tuple[bytes, _Entry]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = compressor.compress(body) + compressor.flush()
    return raw, _Entry(name, zipfile.ZIP_DEFLATED, zlib.crc32(body), len(raw), len(body), date_time, external_attr)


@dataclass(frozen=True, slots=True)
class _Entry:
    """A member of the .docx package as its zip directory describes it."""

    name: str
    method: int
    crc: int
    compressed: int
    size: int
    date_time: tuple[int, ...]
    external_attr: int

    def write(self, out: io.BytesIO, raw: bytes) -> bytes:
        """Write the local header and the bytes; return the central directory record."""
        offset = out.tell()
        name = self.name.encode("utf-8")
        flags = 0x800 if not self.name.isascii() else 0  # UTF-8 names
        year, month, day, hour, minute, second = self.date_time[:6]
        dos_time = hour << 11 | minute << 5 | second // 2
        dos_date = max(year - 1980, 0) << 9 | month << 5 | day
        fields = (20, flags, self.method, dos_time, dos_date, self.crc, self.compressed, self.size, len(name))
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0))
        out.write(name)
        out.write(raw)
        return (struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, self.external_attr, offset)
                + name)  # fmt: skip


@cache
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder, renamed over it:
    a reader never sees half a file, and a failure leaves the old one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=str(target.parent), prefix=".reportlint-", suffix=target.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
