"""The body's paragraphs in reading order: through tables (each cell's paragraphs with their
coordinates), content controls and custom XML, tables of contents marked."""

from __future__ import annotations

from typing import Any

from checker.read.docx.ooxml import W_TAG
from checker.read.types import Cell


def is_toc_control(sdt: Any) -> bool:
    gallery = sdt.find(f"{W_TAG}sdtPr/{W_TAG}docPartObj/{W_TAG}docPartGallery")
    return gallery is not None and "contents" in (gallery.get(W_TAG + "val") or "").lower()


def wrapped(parent: Any, tag: str) -> Any:
    """Children with ``tag`` (rows of a table, cells of a row), including those wrapped in
    content controls or custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (W_TAG + "sdt", W_TAG + "customXml"):
            content = child.find(W_TAG + "sdtContent") if child.tag == W_TAG + "sdt" else child
            if content is not None:
                yield from wrapped(content, tag)


def body_blocks(container: Any, cell: Cell | None, tables: list[int], toc: bool = False) -> Any:
    """Block-level paragraphs in reading order — body, table cells (nested tables too), content
    controls — each with the table cell it sits in and whether it sits in a table-of-contents
    content control. ``tables`` counts tables met so far."""
    for child in container:
        tag = child.tag
        if tag == W_TAG + "p":
            yield child, cell, toc
        elif tag == W_TAG + "tbl":
            number = tables[0]
            tables[0] += 1
            for r, row in enumerate(wrapped(child, W_TAG + "tr")):
                column = 0
                for tc in wrapped(row, W_TAG + "tc"):
                    tcpr = tc.find(W_TAG + "tcPr")
                    span = 1
                    continued = False
                    if tcpr is not None:
                        grid = tcpr.find(W_TAG + "gridSpan")
                        if grid is not None and (grid.get(W_TAG + "val") or "").isdigit():
                            span = max(1, int(grid.get(W_TAG + "val")))
                        merge = tcpr.find(W_TAG + "vMerge")
                        continued = merge is not None and merge.get(W_TAG + "val") in (None, "continue")
                    yield from body_blocks(tc, Cell(number, r, column, continued), tables, toc)
                    column += span
        elif tag == W_TAG + "sdt":
            content = child.find(W_TAG + "sdtContent")
            if content is not None:
                yield from body_blocks(content, cell, tables, toc or is_toc_control(child))
        elif tag in (W_TAG + "customXml", W_TAG + "ins", W_TAG + "moveTo"):
            yield from body_blocks(child, cell, tables, toc)

