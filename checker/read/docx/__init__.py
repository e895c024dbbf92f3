"""Word documents (.docx from Word, WPS or LibreOffice): paragraphs as Word shows them.

The package is opened here rather than with python-docx's ``Document()``: that parses every
XML part (headers, theme, settings, comments …) and, with its import, cost more than the whole
check (bench/speed.py); the reader needs three parts, found through the relationships, parsed
with entities, DTDs and the network switched off. The text is gathered from the XML because
python-docx's ``paragraph.text`` omits automatic numbering, includes field codes and tracked
deletions, and skips content controls and table cells.

- ooxml.py: namespaces and the safe XML parser
- package.py: refusing what is no .docx or a zip bomb; parts found through relationships
- blocks.py: the body's paragraphs in reading order, table cells and contents marked
- text.py: a paragraph's text as Word shows it, and which element shows each character
- comments.py: comments and where they are anchored
- formats.py: the formatting and page set-up, when asked for
- layout.py: the read document with its XML, for the write stage
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Any

from lxml import etree

from checker.read.docx.blocks import body_blocks
from checker.read.docx.comments import comment_anchors, comment_texts
from checker.read.docx.formats import document_format, paragraph_format
from checker.read.docx.layout import DocxLayout
from checker.read.docx.ooxml import W_TAG, WORD_MAIN_TYPES
from checker.read.docx.package import (
    Package,
    check_zip_limits,
    parse_styles,
    sniff_container,
    styles_matter,
    writing_application,
)
from checker.read.docx.text import ParagraphText
from checker.read.formatting import DocFormat, ParagraphFormat
from checker.read.limits import DEFAULT_LIMITS, Limits
from checker.read.numbering import NumberingRenderer, Styles
from checker.read.styles import StyleTable, known_styles, shared_table
from checker.read.types import Document, Paragraph, ReadError, Remark

__all__ = ["DocxLayout", "check_zip_limits", "read_docx", "read_docx_layout", "sniff_container"]

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
            package = Package(archive, data, share=not keep)
            main = package.related("", "officeDocument")
            if main is None:
                raise ReadError("E005", "no main document part in the package")
            content_type = package.content_type(main)
            if content_type is not None and content_type not in WORD_MAIN_TYPES:
                raise ReadError("E005", f"content type {content_type}")
            root = package.xml(main, own=True)
            if root is None:
                raise ReadError("E005", f"{main} is missing")
            styles_name = package.related(main, "styles")
            numbering_name = package.related(main, "numbering")
            table = None
            if styles_name:
                # read only, unless the write stage is to change this copy's XML
                stored = None if keep else package.stored(styles_name)
                known = known_styles(stored) if stored is not None else None
                styles_xml = known[0] if known is not None else package.checked_raw(styles_name)
                if formatting or styles_matter(root, styles_xml):
                    table = (StyleTable(styles_xml, package.parse) if keep else known[1] if known is not None
                             else shared_table(styles_xml, package.crc(styles_name), parse_styles, stored))  # fmt: skip
            numbering_root = package.xml(numbering_name) if numbering_name else None
            comments_name = package.related(main, "comments")
            comments_root = package.xml(comments_name, own=True) if comments_name else None
            producer = writing_application(archive)
            resolver = sections = None
            if formatting:
                resolver, sections = document_format(package, main, root, table)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, NotImplementedError, ValueError,
            OverflowError, struct.error, OSError) as exc:  # a damaged directory: zipfile may seek anywhere
        raise ReadError("E002", f"{type(exc).__name__}: {exc}") from exc
    except RuntimeError as exc:  # zipfile: "File … is encrypted, password required"
        raise ReadError("E004", str(exc)) from exc

    styles = Styles(table)
    numbering = NumberingRenderer(numbering_root, styles)
    gather = ParagraphText(styles)
    body = root.find(W_TAG + "body")
    paragraphs: list[Paragraph] = []
    elements: list[Any] = []
    field_states: dict[int, list[str]] = {}
    if body is not None:
        gather.survey(body)
    anchors = comment_anchors(body) if body is not None and comments_root is not None else {}
    anchored: dict[str, list[int]] = {}
    formats: list[ParagraphFormat] = []
    if body is not None:
        for line, (p, cell, in_toc_control) in enumerate(body_blocks(body, None, [0]), start=1):
            for comment_id in anchors.get(p, ()):
                anchored.setdefault(comment_id, []).append(line)
            ppr = p.find(W_TAG + "pPr")
            style_el = ppr.find(W_TAG + "pStyle") if ppr is not None else None
            style_id = style_el.get(W_TAG + "val") if style_el is not None else styles.default_paragraph
            if keep:
                elements.append(p)
                if gather.field_stack:
                    field_states[line] = list(gather.field_stack)
            in_toc_field = "toc" in gather.field_stack
            breaks = None
            if resolver is not None:
                text, drawn, breaks = gather.drawn_runs(p, gather.field_stack, resolver.run_resolver(style_id))
            else:
                text = gather.text(p)
            toc = in_toc_control or in_toc_field or "toc" in gather.field_stack
            label: str | None = None
            rendered = numbering.label(ppr, style_id)
            if rendered is not None and rendered[0]:
                label, suffix = rendered
                text = label + (" " if suffix in ("tab", "space") and text else "") + text
            if resolver is not None and sections is not None:
                formats.append(paragraph_format(resolver, ppr, style_id, text, drawn, label, numbering,
                                                 len(sections.sections), p, toc, breaks))  # fmt: skip
                sect_pr = ppr.find(W_TAG + "sectPr") if ppr is not None else None
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
        for comment_id, text in comment_texts(comments_root).items()
        if (lines := anchored.get(comment_id))
    )
    doc_format = None
    if resolver is not None and sections is not None:
        last = body.find(W_TAG + "sectPr") if body is not None else None
        sections.end(last if last is not None else etree.Element(W_TAG + "sectPr"), len(paragraphs))
        doc_format = DocFormat(tuple(formats), tuple(sections.sections), resolver.default_size())
    document = Document(
        path=path, format="docx", paragraphs=tuple(paragraphs), producer=producer, remarks=remarks,
        formatting=doc_format,
    )
    if not keep:
        return document, None
    return document, DocxLayout(document, main, root, comments_name, comments_root, elements, styles, field_states)

