"""`reportlint format`: a copy of a .docx laid out as the format profile says — fonts, sizes, line
spacing, first-line indents, margins, paper, page numbers — with its text and comments untouched.

Formatting is written where Word gives it the highest precedence, on the paragraphs and runs
themselves (a run's own w:eastAsia beats any style or theme). Styles are left alone: the table
of contents, headers and footers build on the Normal style, and changing it broke them (a TOC
entry's number pushed past its tab stop). A paragraph the writer presses Enter after carries its
formatting on, so new text starts out right all the same.

What `format` owns is the body: from its first page on (checker.model.roles.body_start). A
cover, a title page and a table of contents before it, and the sections that hold them with
their headers and footers, stay as they were. Page numbers start where the body starts, by
Word's own mechanism: the body's section restarts them at 1 (a section break takes the place of
the page break after the front matter when they shared a section). Which paragraph is the
title, a heading or body text comes from the same model the F checks use: after formatting,
they find nothing to report on the copy (the date line's wording is text, left to F110's --fix).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from checker.model import Report
from checker.model.roles import (
    BODY,
    HEADING,
    SKIPPED,
    TITLE,
    Role,
    body_start,
    paragraph_roles,
    profile_spec,
)
from checker.profile import HeadingSpec, Profile, TextSpec
from checker.read.docx import DocxLayout, read_docx_layout
from checker.read.docx.ooxml import W_TAG
from checker.read.types import Document
from checker.write.package import rewrite_package, xml_bytes, zip_name
from checker.write.pages import format_sections, sections_of, set_page_numbers
from checker.write.props import (
    PPR_ORDER,
    child,
    paragraph_properties,
    run_properties,
    set_first_line,
    set_run,
    set_spacing,
)
from checker.write.runs import bounds


@dataclass(slots=True)
class Formatted:
    """A formatted copy's bytes and what `format` changed in it."""

    data: bytes
    paragraphs: int = 0  # paragraphs whose layout was set
    typed_labels: int = 0  # automatic numbers turned into typed text
    sections: int = 0
    footers_added: int = 0
    notes: list[str] = field(default_factory=list)


def _model(document: Document) -> Report:
    """The model, its sections matched to the template they follow: what each paragraph is comes
    from the parse alone; no check runs."""
    from checker.align.sections import match_sections
    from checker.detect import detect_template
    from checker.model.build import build_report
    from checker.parse.lexer import lex

    blocks = lex(list(document.paragraphs))
    report = build_report(document, blocks)
    match_sections(report, detect_template(document, blocks).template)  # a report of 一是 … sections
    return report


def format_docx(path: str, data: bytes, profile: Profile) -> Formatted:
    """The formatted copy's bytes and what was done."""
    layout = read_docx_layout(path, data, formatting=True)
    report = _model(layout.document)
    roles = paragraph_roles(report)
    formats = layout.document.formatting.paragraphs if layout.document.formatting is not None else None
    start = body_start(report)
    done = Formatted(data)
    for line, role in enumerate(roles, start=1):
        if line < start:
            continue  # a cover, title page or table of contents: laid out by the writer, not the profile
        paragraph = layout.document.paragraphs[line - 1]
        element = layout.elements[line - 1]
        drawing = formats is not None and formats[line - 1].drawing
        if role.kind == SKIPPED:
            if not paragraph.text.strip() and not paragraph.in_table and not paragraph.toc and not drawing:
                ppr = paragraph_properties(element)  # a blank line keeps the page's line grid
                set_spacing(ppr, profile)
                set_run(child(ppr, "rPr", PPR_ORDER), profile, profile.body)
            continue
        spec = profile_spec(profile, role)
        if spec is None:
            continue
        done.paragraphs += 1
        _format_paragraph(layout, line, element, role, spec, profile, fixed_lines=not drawing)
        if role.kind == HEADING and paragraph.label and profile.typed_numbering:
            done.typed_labels += _type_label(layout, line, element)
    sections = sections_of(layout, start)
    body = next(i for i, section in enumerate(sections) if section.last >= start)
    done.sections = format_sections([section.element for section in sections[body:]], profile)
    replace: dict[str, bytes] = {}
    add: dict[str, bytes] = {}
    done.footers_added = set_page_numbers(data, layout, profile, sections, body, replace, add)
    replace[zip_name(data, layout.main)] = xml_bytes(layout.root)
    done.data = rewrite_package(data, replace, add)
    return done


def _format_paragraph(layout: DocxLayout, line: int, element: Any, role: Role, spec: TextSpec | HeadingSpec,
                      profile: Profile, fixed_lines: bool = True) -> None:  # fmt: skip
    """``fixed_lines`` False: the paragraph holds a picture, which a fixed line height would crop."""
    ppr = paragraph_properties(element)
    text = layout.document.paragraphs[line - 1].text
    if role.kind == TITLE:
        if profile.document_title.align != "any":
            child(ppr, "jc", PPR_ORDER).set(W_TAG + "val", profile.document_title.align)
        set_first_line(ppr, 0, spec.size)
    elif fixed_lines:
        set_spacing(ppr, profile)
    if role.kind == BODY and profile.body.indent is not None:
        set_first_line(ppr, profile.body.indent, profile.body.size)
    if role.kind == HEADING:
        # Every heading starts alike: no left indent left over from a list or a style, and the
        # first-line indent the profile gives headings, else the body's (GB/T 9704: every line
        # that starts a paragraph, a heading's too, is two characters in).
        indent = spec.indent if spec.indent is not None else profile.body.indent
        set_first_line(ppr, indent or 0, spec.size)
    set_run(child(ppr, "rPr", PPR_ORDER), profile, spec)  # the paragraph mark, and Word's label
    split = role.heading_end if role.kind == HEADING and 0 < role.heading_end < len(text) else None
    if split is not None:
        bounds(layout, line, {split}, {split})
        layout.changed(line)
    segments = layout.segments(line)
    if segments is None:  # text the reader could not map to runs: set every run alike
        for run in element.iter(W_TAG + "r"):
            set_run(run_properties(run), profile, spec)
        layout.changed(line)
        return
    done: set[int] = set()
    for segment in segments:
        run = segment.run
        if run is None or id(run) in done or segment.end <= segment.start:
            continue
        done.add(id(run))
        part = spec if split is None or segment.start < split else profile.body
        set_run(run_properties(run), profile, part)
    layout.changed(line)


def _type_label(layout: DocxLayout, line: int, element: Any) -> int:
    """Turn Word's automatic number into typed text: a run with the label first, the numbering
    switched off on the paragraph (numId 0 also stops a style's list)."""
    paragraph = layout.document.paragraphs[line - 1]
    label = paragraph.label or ""
    ppr = paragraph_properties(element)
    numpr = ppr.find(W_TAG + "numPr")
    if numpr is not None:
        ppr.remove(numpr)
    numpr = child(ppr, "numPr", PPR_ORDER)
    etree.SubElement(numpr, W_TAG + "ilvl", {W_TAG + "val": "0"})
    etree.SubElement(numpr, W_TAG + "numId", {W_TAG + "val": "0"})
    run = element.makeelement(W_TAG + "r", {})
    mark = ppr.find(W_TAG + "rPr")
    if mark is not None:
        run.append(copy.deepcopy(mark))
    t = etree.SubElement(run, W_TAG + "t")
    t.text = label
    ppr.addnext(run)
    layout.changed(line)
    return 1


# -- page numbers --------------------------------------------------------------------------------


