"""Writing a .docx package back: every part copied as it was (same names, order, dates and
compression), the changed parts replaced, new parts added; and writing a file atomically."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
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
    ``add`` appended. Names are matched as the zip spells them."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = replace.get(info.filename)
            if body is None:
                body = source.read(info.filename)
            clone = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            clone.compress_type = info.compress_type
            clone.external_attr = info.external_attr
            target.writestr(clone, body)
        for name, body in (add or {}).items():
            target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


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
