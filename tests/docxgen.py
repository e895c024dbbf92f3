"""Write .docx reports for tests, examples and benchmarks with python-docx.

Features real files have and tidy generators lack: runs split mid-word, East-Asian fonts set on
w:eastAsia, level-1 headings numbered by Word's automatic numbering (the 「一、」 is not in the
text), table cells, tracked insertions and deletions, field codes and hidden text.

Reports are laid out as GB/T 9704 wants (``layout=True``, the default): body 仿宋_GB2312 三号
through the Normal style, fixed 28 pt lines, first lines 2 字 in, the title in 方正小标宋简体
二号 centred, level-1 headings 黑体, the lead sentence of level-2 headings 楷体, margins
37/35/28/26 mm and "— 1 —" page numbers; ``layout=False`` leaves Word's defaults.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

H1 = re.compile(r"^[一二三四五六七八九十]+、")
H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
DATE = re.compile(r"^\d{4}年\d{1,2}月(\d{1,2}日)?$")
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


def add_split_runs(paragraph: object, text: str, font: str | None = "仿宋_GB2312", chunk: int = 7,
                   size: float | None = None) -> None:  # fmt: skip
    """Add ``text`` as several runs cut every ``chunk`` characters, mid-word, as Word does after edits."""
    for start in range(0, len(text), chunk) or [0]:
        run = paragraph.add_run(text[start : start + chunk])  # type: ignore[attr-defined]
        if font:
            _set_east_asian_font(run, font)
        if size:
            run.font.size = Pt(size)


def lay_out_gbt9704(document: object) -> None:
    """GB/T 9704 defaults for the whole document: the Normal style, the page, the page numbers."""
    normal = document.styles["Normal"]  # type: ignore[attr-defined]
    normal.font.size = Pt(16)
    normal.font.name = "Times New Roman"
    rfonts = normal.element.get_or_add_rPr().find(qn("w:rFonts"))
    rfonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.first_line_indent = Pt(32)
    fmt.space_after = Pt(0)
    normal.element.get_or_add_pPr().find(qn("w:ind")).set(qn("w:firstLineChars"), "200")
    for section in document.sections:  # type: ignore[attr-defined]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.paragraph_format.first_line_indent = Pt(0)
        footer.add_run("— ").font.size = Pt(14)
        field = footer.add_run()
        field.font.size = Pt(14)
        for xml in ('<w:fldChar {ns} w:fldCharType="begin"/>', '<w:instrText {ns} xml:space="preserve"> PAGE </w:instrText>',
                    '<w:fldChar {ns} w:fldCharType="separate"/>', '<w:t {ns}>1</w:t>', '<w:fldChar {ns} w:fldCharType="end"/>'):  # fmt: skip
            field._r.append(parse_xml(xml.format(ns=W_NS)))
        footer.add_run(" —").font.size = Pt(14)


def _add_line(paragraph: object, line: str, index: int, lines: Sequence[str], chunk: int, font: str | None,
              layout: bool) -> None:  # fmt: skip
    """One line of a report, laid out by what it is when ``layout`` (title, heading, date …)."""
    if not layout:
        add_split_runs(paragraph, line, font=font, chunk=chunk)
        return
    fmt = paragraph.paragraph_format  # type: ignore[attr-defined]
    first = next((i for i, t in enumerate(lines) if t.strip()), 0)
    closing = [i for i, t in enumerate(lines) if DATE.match(t.strip())]
    if index == first and len(line.strip()) <= 40 and not line.strip().endswith("。"):
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.first_line_indent = Pt(0)
        fmt.line_spacing = Pt(36)
        add_split_runs(paragraph, line, font="方正小标宋简体", chunk=chunk, size=22)
    elif closing and (index in closing or (index + 1 in closing and len(line.strip()) <= 24)):
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.first_line_indent = Pt(0)
        add_split_runs(paragraph, line, font=font, chunk=chunk)
    elif H1.match(line):
        add_split_runs(paragraph, line, font="黑体", chunk=chunk)
    elif H2.match(line):
        end = line.find("。") + 1 or len(line)
        add_split_runs(paragraph, line[:end], font="楷体_GB2312", chunk=chunk)
        if end < len(line):
            add_split_runs(paragraph, line[end:], font=font, chunk=chunk)
    else:
        add_split_runs(paragraph, line, font=font, chunk=chunk)


def write_report(lines: Sequence[str], path: str | Path, *, auto_number_h1: bool = False,
                 chunk: int = 7, font: str | None = "仿宋_GB2312", layout: bool = True) -> Path:  # fmt: skip
    """One paragraph per line. With ``auto_number_h1`` the typed 「一、」 of level-1 headings is
    removed and Word's automatic numbering (chineseCounting, lvlText %1、) shows it instead."""
    document = Document()
    if layout:
        lay_out_gbt9704(document)
    num_id = add_chinese_numbering(document) if auto_number_h1 else None
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph()
        if num_id is not None and H1.match(line):
            set_numbering(paragraph, num_id)
            if layout:  # Word draws the label with the paragraph mark's font
                mark = parse_xml(f'<w:rPr {W_NS}><w:rFonts w:eastAsia="黑体" w:hint="eastAsia"/></w:rPr>')
                paragraph._p.get_or_add_pPr().append(mark)  # type: ignore[attr-defined]
            add_split_runs(paragraph, H1.sub("", line, count=1), font="黑体" if layout else font, chunk=chunk)
            continue
        _add_line(paragraph, line, index, lines, chunk, font, layout)
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
    lay_out_gbt9704(document)
    heading = document.add_paragraph()
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.first_line_indent = Pt(0)
    heading.paragraph_format.line_spacing = Pt(36)
    add_split_runs(heading, title, font="方正小标宋简体", size=22)
    add_split_runs(document.add_paragraph(), intro)
    table = document.add_table(rows=len(rows) + 1, cols=len(header))
    table.style = "Table Grid"
    for r, values in enumerate([list(header), *map(list, rows)]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = ""
            add_split_runs(cell.paragraphs[0], value)
    for text in closing:
        signature = document.add_paragraph()
        signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        signature.paragraph_format.first_line_indent = Pt(0)
        add_split_runs(signature, text)
    out = Path(path)
    document.save(str(out))
    return out


def _page_field_xml(text_before: str = "", text_after: str = "") -> str:
    runs = [f'<w:r><w:t xml:space="preserve">{text_before}</w:t></w:r>' if text_before else "",
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>',
            f'<w:r><w:t xml:space="preserve">{text_after}</w:t></w:r>' if text_after else ""]  # fmt: skip
    return f'<w:p {W_NS}><w:pPr><w:jc w:val="center"/></w:pPr>{"".join(runs)}</w:p>'


def write_report_with_front_matter(lines: Sequence[str], path: str | Path, *, sections: bool = False,
                                   cover_footer: bool = True) -> Path:  # fmt: skip
    """A report as organisers hand them in: a cover page (the title, the writer, the date), a
    table of contents that Word generated (a TOC field; entries in the "toc 1" style with a left
    tab after the number and a right tab with dot leaders before the page), then the report in
    Word's default layout. The parts are set apart by page breaks, or with ``sections`` by
    section breaks. ``cover_footer``: the page-number footer is on every page, cover included
    (one section), or on the cover's section (sections)."""
    document = Document()
    styles = document.styles.element  # type: ignore[attr-defined]
    styles.append(parse_xml(
        f'<w:style {W_NS} w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/>'
        '<w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:pPr><w:tabs><w:tab w:val="left" w:pos="840"/>'
        '<w:tab w:val="right" w:leader="dot" w:pos="8296"/></w:tabs><w:spacing w:after="100"/></w:pPr>'
        '<w:rPr><w:sz w:val="22"/></w:rPr></w:style>'))  # fmt: skip
    body = document.element.body  # type: ignore[attr-defined]
    final = body.find(qn("w:sectPr"))

    def add(xml: str) -> None:
        final.addprevious(parse_xml(xml))

    def run(text: str, size: int | None = None) -> str:
        rpr = f'<w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="{size}"/></w:rPr>' if size else ""
        return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'

    sect_xml = final.xml if hasattr(final, "xml") else ""
    page_break = '<w:r><w:br w:type="page"/></w:r>'
    title = lines[0]
    add(f'<w:p {W_NS}><w:pPr><w:jc w:val="center"/></w:pPr>{run(title, 44)}</w:p>')
    add(f'<w:p {W_NS}><w:pPr><w:jc w:val="center"/></w:pPr>{run("报告人：张某", 32)}</w:p>')
    cover_end = f'<w:pPr><w:jc w:val="center"/></w:pPr>{run("2024年12月", 32)}'
    headings = [(i, line) for i, line in enumerate(lines) if H1.match(line)]
    if sections:
        add(f'<w:p {W_NS}>{cover_end.replace("</w:pPr>", "<w:sectPr/></w:pPr>", 1)}</w:p>')
    else:
        add(f'<w:p {W_NS}>{cover_end}{page_break}</w:p>')
    add(f'<w:p {W_NS}><w:pPr><w:jc w:val="center"/></w:pPr>{run("目录", 32)}</w:p>')
    for n, (_, line) in enumerate(headings):
        number, rest = H1.match(line).group(0), H1.sub("", line)  # type: ignore[union-attr]
        begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>') if n == 0 else ""  # fmt: skip
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if n == len(headings) - 1 else ""
        add(f'<w:p {W_NS}><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>{begin}{run(number)}<w:r><w:tab/></w:r>'
            f'{run(rest)}<w:r><w:tab/></w:r>{run(str(n + 1))}{end}</w:p>')  # fmt: skip
    if sections:
        add(f'<w:p {W_NS}><w:pPr><w:sectPr/></w:pPr></w:p>')
    else:
        add(f'<w:p {W_NS}>{page_break}</w:p>')
    for line in lines:
        paragraph = document.add_paragraph()
        add_split_runs(paragraph, line, font=None)
    del sect_xml
    out = Path(path)
    document.save(str(out))
    _add_footer(out, sections, cover_footer)
    return out


def _add_footer(path: Path, sections: bool, cover_footer: bool) -> None:
    """A footer part with a plain PAGE field, referenced by the one section (cover included) or,
    with ``sections``, by the cover's section when ``cover_footer`` and by the body's."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    footer = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {W_NS}>'
              f'{_page_field_xml("第 ", " 页").replace(f" {W_NS}", "")}</w:ftr>').encode()  # fmt: skip
    parts["word/footerRL.xml"] = footer
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdRL1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"'
        b' Target="footerRL.xml"/></Relationships>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/footerRL.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'wordprocessingml.footer+xml"/></Types>',
    )
    document = parts["word/document.xml"].decode("utf-8")
    reference = '<w:footerReference w:type="default" r:id="rIdRL1"/>'
    if not sections:
        document = re.sub(r"(<w:sectPr[^/>]*>)(?!.*<w:sectPr)", lambda m: m.group(1) + reference, document, flags=re.S)
    else:
        first = document.index("<w:sectPr/>")
        if cover_footer:
            document = document[:first] + f"<w:sectPr>{reference}</w:sectPr>" + document[first + len("<w:sectPr/>"):]
        document = re.sub(r"(<w:sectPr[^/>]*>)(?!.*<w:sectPr)", lambda m: m.group(1) + reference, document, flags=re.S)
    parts["word/document.xml"] = document.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
