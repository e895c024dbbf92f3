"""Stage 1: bytes → paragraphs with locations. A reader never judges a report."""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING, Any

from checker.read.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from checker.read.types import Document, Paragraph, ReadError

__all__ = ["SUPPORTED_SUFFIXES", "Document", "Paragraph", "ReadError", "is_archive", "read_bytes", "read_path",
           "sniff_suffix"]  # fmt: skip

SUPPORTED_SUFFIXES = (".docx", ".txt", ".md", ".markdown", ".text")


_TYPES = ("Document", "Paragraph", "ReadError")


def __getattr__(name: str) -> Any:
    """Document, Paragraph and ReadError (checker/read/types.py), imported when first asked for:
    the command line's own process plans a batch with is_archive and the limits here and reads
    no file itself (a warm run's, 0.7 ms)."""
    if name in _TYPES:
        from checker.read import types

        value = getattr(types, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_archive(path: str) -> bool:
    """A .zip of reports (read by checker/read/archive.py; told here, where planning a batch of
    thousands of files asks it without importing zipfile)."""
    return path.lower().endswith(".zip")


def read_bytes(path: str, data: bytes, limits: Limits = DEFAULT_LIMITS, formatting: bool = False) -> Document:
    """Read a report from its bytes; the format comes from the name's suffix, the encoding
    (for text) from the bytes. ``formatting``: resolve a .docx's fonts, sizes and page set-up."""
    from checker.read.types import ReadError

    suffix = os.path.splitext(path)[1].lower()
    if data.startswith(b"%PDF-"):
        raise ReadError("E010", "PDF")  # whatever its name: not "binary" but a format we do not read
    if suffix == ".doc" and data.startswith(b"PK\x03\x04"):
        suffix = ".docx"  # a .docx renamed .doc (as people do for old systems) is still a .docx
    if suffix == ".docx" or suffix in (".docm", ".dotx"):
        from checker.read.docx import read_docx

        return read_docx(path, data, limits, formatting)
    if suffix == ".doc":
        from checker.read.docx import sniff_container

        sniff_container(data)  # raises E003 (legacy .doc) or E004 (encrypted) with the right words
        raise ReadError("E003", "legacy .doc")
    if not data:
        raise ReadError("E009", "empty file")
    if data.startswith(b"PK\x03\x04") and suffix not in (".md", ".markdown"):
        # A .docx renamed .txt is still a Word document: read it as one.
        from checker.read.docx import read_docx

        return read_docx(path, data, limits, formatting)
    if suffix in (".md", ".markdown"):
        from checker.read.markdown import read_markdown

        return read_markdown(path, data)
    from checker.read.text import read_text

    return read_text(path, data)


def sniff_suffix(data: bytes) -> str:
    """The reader for bytes that came without a trustworthy name (an upload), decided from the
    bytes: a zip is a Word document, an OLE2 file a legacy .doc (or an encrypted package),
    anything else text, Markdown when it is marked up as such (# headings, | --- | tables)."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return ".docx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ".doc"
    lines = data[:65536].removeprefix(b"\xef\xbb\xbf").split(b"\n")[:400]
    marked = any(line.lstrip()[:2] in (b"# ", b"##") or line.lstrip().startswith((b"|---", b"| ---")) for line in lines)
    return ".md" if marked else ".txt"


def read_path(path: str, limits: Limits = DEFAULT_LIMITS, formatting: bool = False) -> Document:
    from checker.read.types import ReadError

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("E001", "not a regular file")  # a FIFO or device would block or never end
        size = info.st_size
        if size > limits.max_file_bytes:
            raise ReadError("E006", f"{size / 1024 / 1024:.0f} MB (limit {limits.max_file_mb:g} MB)")
        with open(path, "rb") as handle:
            data = handle.read()
    except IsADirectoryError as exc:
        raise ReadError("E001", "is a directory") from exc
    except FileNotFoundError as exc:
        raise ReadError("E001", "no such file") from exc
    except PermissionError as exc:
        raise ReadError("E001", "permission denied") from exc
    except OSError as exc:
        raise ReadError("E001", exc.strerror or str(exc)) from exc
    return read_bytes(path, data, limits, formatting)
