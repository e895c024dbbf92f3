"""Plain-text reports: encoding detected from the bytes, one paragraph per line."""

from __future__ import annotations

from checker.read.decode import comment_remarks, decode_text, split_lines
from checker.read.types import Document, Paragraph


def read_text(path: str, data: bytes) -> Document:
    text, encoding = decode_text(data)
    lines = split_lines(text)
    if lines and lines[-1] == "":
        lines.pop()
    remarks, taken = comment_remarks(lines)
    paragraphs = tuple(
        Paragraph(text="" if i in taken else line, line=i) for i, line in enumerate(lines, start=1)
    )
    return Document(
        path=path,
        format="txt",
        source_lines=tuple(lines),
        paragraphs=paragraphs,
        encoding=encoding,
        remarks=remarks,
    )

