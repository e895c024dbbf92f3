"""Stage 1: bytes → paragraphs with locations. A reader never judges a report."""

from __future__ import annotations

import os

from checker.read.types import Document, Paragraph, ReadError

__all__ = ["SUPPORTED_SUFFIXES", "Document", "Paragraph", "ReadError", "read_bytes", "read_path"]

SUPPORTED_SUFFIXES = (".docx", ".txt", ".md", ".markdown", ".text")
MAX_FILE_BYTES = 200 * 1024 * 1024


def read_bytes(path: str, data: bytes) -> Document:
    """Read a report from its bytes; the format comes from the name's suffix, the encoding
    (for text) from the bytes."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".docx" or suffix in (".docm", ".dotx"):
        from checker.read.docx import read_docx

        return read_docx(path, data)
    if suffix == ".doc":
        from checker.read.docx import sniff_container

        sniff_container(data)  # raises E003 (legacy .doc) or E004 (encrypted) with the right words
        raise ReadError("E003", "legacy .doc")
    if not data:
        raise ReadError("E009", "empty file")
    if data.startswith(b"PK\x03\x04") and suffix not in (".md", ".markdown"):
        # A .docx renamed .txt is still a Word document: read it as one.
        from checker.read.docx import read_docx

        return read_docx(path, data)
    if suffix in (".md", ".markdown"):
        from checker.read.markdown import read_markdown

        return read_markdown(path, data)
    from checker.read.text import read_text

    return read_text(path, data)


def read_path(path: str) -> Document:
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise ReadError("E006", f"{size} bytes")
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
    return read_bytes(path, data)
