"""The page set-up of a .docx: its sections (paper, margins, how each starts) and the page numbers
their footers and headers show, collected while the reader walks the body."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.read.cascade import R_TAG, W_TAG, FormatResolver, is_on
from checker.read.formatting import PageNumber, SectionFormat, points


def _int_attr(el: Any, name: str, default: int) -> int:
    if el is None:
        return default
    value = el.get(W_TAG + name)
    try:
        return int(float(value)) if value is not None else default
    except ValueError:
        return default


@dataclass(slots=True)
class SectionBuilder:
    """Collects sections while the reader walks the body: a w:sectPr in a paragraph's w:pPr ends
    a section with that paragraph; the body's last w:sectPr describes the last one."""

    footer_numbers: Any  # callable: relationship id → tuple[PageNumber, ...]
    sections: list[SectionFormat] = field(default_factory=list)
    first_line: int = 1
    inherited: dict[str, tuple[PageNumber, ...]] = field(default_factory=dict)

    def end(self, sect_pr: Any, last_line: int) -> None:
        size = sect_pr.find(W_TAG + "pgSz")
        margins = sect_pr.find(W_TAG + "pgMar")
        # A reference replaces the footer (header) of its kind; kinds not referenced carry on
        # from the section before (ECMA-376 §17.10.5).
        for tag in ("footerReference", "headerReference"):
            for ref in sect_pr.iterchildren(W_TAG + tag):
                kind = tag[:6] + ":" + (ref.get(W_TAG + "type") or "default")
                rel_id = ref.get(R_TAG + "id")
                self.inherited[kind] = self.footer_numbers(rel_id, tag[:6]) if rel_id else ()
        number_type = sect_pr.find(W_TAG + "pgNumType")
        dashed = number_type is not None and number_type.get(W_TAG + "fmt") == "numberInDash"
        numbers: list[PageNumber] = []
        first_numbers: list[PageNumber] = []
        for kind, found in sorted(self.inherited.items(), key=lambda item: not item[0].endswith(":default")):
            if kind.endswith((":default", ":even")):  # the default footer's number first
                numbers.extend(PageNumber(n.part, n.text, n.size, n.justification, dashed) for n in found)
            elif kind.endswith(":first"):
                first_numbers.extend(PageNumber(n.part, n.text, n.size, n.justification, dashed) for n in found)
        title_page = sect_pr.find(W_TAG + "titlePg")
        start_type = sect_pr.find(W_TAG + "type")
        start = number_type.get(W_TAG + "start") if number_type is not None else None
        self.sections.append(
            SectionFormat(
                width=_int_attr(size, "w", 12240),
                height=_int_attr(size, "h", 15840),
                top=abs(_int_attr(margins, "top", 1440)),
                bottom=abs(_int_attr(margins, "bottom", 1440)),
                left=_int_attr(margins, "left", 1800),
                right=_int_attr(margins, "right", 1800),
                gutter=_int_attr(margins, "gutter", 0),
                first_line=self.first_line,
                last_line=max(last_line, self.first_line),
                page_numbers=tuple(numbers),
                landscape=size is not None and size.get(W_TAG + "orient") == "landscape",
                start_type=(start_type.get(W_TAG + "val") or "nextPage") if start_type is not None else "nextPage",
                title_page=title_page is not None and is_on(title_page),
                first_page_numbers=tuple(first_numbers),
                number_start=int(start) if start is not None and start.lstrip("-").isdigit() else None,
                number_format=number_type.get(W_TAG + "fmt") if number_type is not None else None,
            )
        )
        self.first_line = last_line + 1


def page_numbers(part_root: Any | None, part: str, resolver: FormatResolver) -> tuple[PageNumber, ...]:
    """The PAGE fields in a footer or header part, each with its paragraph's text around it."""
    if part_root is None:
        return ()
    found: list[PageNumber] = []
    for p in part_root.iter(W_TAG + "p"):
        pieces: list[str] = []
        size: float | None = None
        in_code = False
        code: list[str] = []
        showing_page = False
        has_page = False
        for el in p.iter(W_TAG + "t", W_TAG + "fldChar", W_TAG + "instrText", W_TAG + "fldSimple", W_TAG + "p"):
            if el.tag == W_TAG + "p":
                continue
            if next(el.iterancestors(W_TAG + "p"), None) is not p:
                continue  # a nested paragraph (a text box) is walked on its own
            if el.tag == W_TAG + "fldSimple":
                if "PAGE" in (el.get(W_TAG + "instr") or "").upper().split():
                    pieces.append("{PAGE}")
                    has_page = True
                    size = size or _run_size(next(el.iter(W_TAG + "r"), None), p, resolver)
                continue
            if el.tag == W_TAG + "fldChar":
                kind = el.get(W_TAG + "fldCharType")
                if kind == "begin":
                    in_code, code = True, []
                elif kind == "separate":
                    in_code = False
                    if "PAGE" in "".join(code).upper().split():
                        pieces.append("{PAGE}")
                        has_page = showing_page = True
                elif kind == "end":
                    in_code = False
                    if not showing_page and "PAGE" in "".join(code).upper().split():
                        pieces.append("{PAGE}")  # a field without a cached result
                        has_page = True
                        size = size or _run_size(el.getparent(), p, resolver)
                    showing_page = False
                continue
            if el.tag == W_TAG + "instrText":
                if in_code:
                    code.append(el.text or "")
                continue
            if showing_page and size is None:
                size = _run_size(el.getparent(), p, resolver)  # the first run of the field's result
            if in_code or showing_page or next(el.iterancestors(W_TAG + "fldSimple"), None) is not None:
                continue
            pieces.append(el.text or "")
        if has_page:
            ppr = p.find(W_TAG + "pPr")
            style = ppr.find(W_TAG + "pStyle") if ppr is not None else None
            props = resolver.paragraph_props(ppr, style.get(W_TAG + "val") if style is not None else None, None, False)
            found.append(PageNumber(part, "".join(pieces).strip(), size, props.get("jc", "left"), False))
    return tuple(found)


def _run_size(run: Any | None, p: Any, resolver: FormatResolver) -> float | None:
    ppr = p.find(W_TAG + "pPr")
    style_el = ppr.find(W_TAG + "pStyle") if ppr is not None else None
    style = style_el.get(W_TAG + "val") if style_el is not None else resolver.default_paragraph
    rpr = run.find(W_TAG + "rPr") if run is not None else None
    rstyle_el = rpr.find(W_TAG + "rStyle") if rpr is not None else None
    base = resolver.styled(style, rstyle_el.get(W_TAG + "val") if rstyle_el is not None else None)
    direct = resolver.run_props(rpr) if rpr is not None else None
    return points(direct.size if direct is not None and direct.size is not None else base.size)

