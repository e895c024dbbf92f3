"""Write .docx reports for tests, examples and benchmarks with python-docx.

Features real files have and tidy generators lack: runs split mid-word, East-Asian fonts set on
w:eastAsia, level-1 headings numbered by Word's automatic numbering (the 「一、」 is not in the
text), table cells, tracked insertions and deletions, field codes and hidden text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

H1 = re.compile(r"^[一二三四五六七八九十]+、")
W_NS = nsdecls("w")


def _set_east_asian_font(run: object, name: str) -> None:
    rpr = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {W_NS}/>")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:hint"), "eastAsia")


def add_chinese_numbering(document: object, num_fmt: str = "chineseCounting", lvl_text: str = "%1、",
                          suffix: str = "nothing", abstract_id: int = 90, num_id: int = 90) -> int:  # fmt: skip
    """Define a one-level list (一、二、三、 by default) and return its numId."""
    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    abstract = parse_xml(
        f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="hybridMultilevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{num_fmt}"/><w:suff w:val="{suffix}"/>'
        f'<w:lvlText w:val="{lvl_text}"/><w:lvlJc w:val="left"/></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="{num_fmt}"/><w:suff w:val="{suffix}"/>'
        f'<w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    )
    return num_id


def set_numbering(paragraph: object, num_id: int, ilvl: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    ppr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def add_split_runs(paragraph: object, text: str, font: str | None = "仿宋_GB2312", chunk: int = 7) -> None:
    """Add ``text`` as several runs cut every ``chunk`` characters, mid-word, as Word does after edits."""
    for start in range(0, len(text), chunk) or [0]:
        run = paragraph.add_run(text[start : start + chunk])  # type: ignore[attr-defined]
        if font:
            _set_east_asian_font(run, font)


def write_report(lines: Sequence[str], path: str | Path, *, auto_number_h1: bool = False,
                 chunk: int = 7, font: str | None = "仿宋_GB2312") -> Path:  # fmt: skip
    """One paragraph per line. With ``auto_number_h1`` the typed 「一、」 of level-1 headings is
    removed and Word's automatic numbering (chineseCounting, lvlText %1、) shows it instead."""
    document = Document()
    num_id = add_chinese_numbering(document) if auto_number_h1 else None
    for line in lines:
        paragraph = document.add_paragraph()
        if num_id is not None and H1.match(line):
            set_numbering(paragraph, num_id)
            line = H1.sub("", line, count=1)
        add_split_runs(paragraph, line, font=font, chunk=chunk)
    out = Path(path)
    document.save(str(out))
    return out


def write_xml_body(body_xml: str, path: str | Path) -> Path:
    """A document whose body is the given WordprocessingML (for tracked changes, fields, sdt …)."""
    document = Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    sect = body.find(qn("w:sectPr"))
    for element in parse_xml(f"<w:body {W_NS}>{body_xml}</w:body>"):
        if sect is not None:
            sect.addprevious(element)
        else:
            body.append(element)
    out = Path(path)
    document.save(str(out))
    return out


def write_table_report(title: str, intro: str, header: Sequence[str], rows: Sequence[Sequence[str]],
                       path: str | Path, closing: Sequence[str] = ()) -> Path:  # fmt: skip
    """A title, an opening paragraph, then a Word table (header row first), then closing lines."""
    document = Document()
    for text in (title, intro):
        add_split_runs(document.add_paragraph(), text)
    table = document.add_table(rows=len(rows) + 1, cols=len(header))
    table.style = "Table Grid"
    for r, values in enumerate([list(header), *map(list, rows)]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = ""
            add_split_runs(cell.paragraphs[0], value)
    for text in closing:
        add_split_runs(document.add_paragraph(), text)
    out = Path(path)
    document.save(str(out))
    return out
