"""The .docx reader on files written by python-docx in the test, with the features real Word and
WPS files have: automatic numbering, split runs, tracked changes, fields, content controls, tables."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from checker.read import ReadError, read_bytes, read_path
from tests.docxgen import add_chinese_numbering, add_split_runs, set_numbering, write_report, write_xml_body

LINES = [
    "党性分析报告",
    "导语。",
    "一、存在的问题",
    "一是学习不够。",
    "二、原因剖析",
    "一是信念不牢。",
    "三、整改措施",
    "一是加强学习。",
]


def texts(path: Path) -> list[str]:
    return [p.text for p in read_path(str(path)).paragraphs]


def test_split_runs_read_whole(tmp_path: Path) -> None:
    path = write_report(LINES, tmp_path / "r.docx", chunk=1)
    assert texts(path) == LINES


def test_automatic_numbering_gives_the_label_word_shows(tmp_path: Path) -> None:
    path = write_report(LINES, tmp_path / "r.docx", auto_number_h1=True)
    doc = read_path(str(path))
    assert [p.text for p in doc.paragraphs] == LINES
    assert [p.label for p in doc.paragraphs if p.label] == ["一、", "二、", "三、"]


@pytest.mark.parametrize(
    ("num_fmt", "lvl_text", "expected"),
    [
        ("chineseCountingThousand", "%1、", ["一、", "二、", "三、"]),
        ("decimal", "%1.", ["1.", "2.", "3."]),
        ("decimalEnclosedParen", "%1", ["(1)", "(2)", "(3)"]),
        ("chineseCounting", "（%1）", ["（一）", "（二）", "（三）"]),
        ("ideographTraditional", "%1、", ["甲、", "乙、", "丙、"]),
        ("decimalEnclosedCircle", "%1", ["①", "②", "③"]),
    ],
)
def test_number_formats(tmp_path: Path, num_fmt: str, lvl_text: str, expected: list[str]) -> None:
    document = Document()
    num_id = add_chinese_numbering(document, num_fmt=num_fmt, lvl_text=lvl_text)
    for word in ("甲", "乙", "丙"):
        p = document.add_paragraph()
        set_numbering(p, num_id)
        add_split_runs(p, word)
    document.save(str(tmp_path / "r.docx"))
    assert [p.label for p in read_path(str(tmp_path / "r.docx")).paragraphs] == expected


def test_counters_continue_restart_per_level_and_num_id_zero_switches_off(tmp_path: Path) -> None:
    document = Document()
    num_id = add_chinese_numbering(document)
    plan = [(0, "甲"), (1, "a"), (1, "b"), (0, "乙"), (1, "c"), (None, "正文"), (0, "丙")]
    for ilvl, word in plan:
        p = document.add_paragraph()
        if ilvl is not None:
            set_numbering(p, num_id, ilvl)
        add_split_runs(p, word)
    off = document.add_paragraph()
    set_numbering(off, 0)
    add_split_runs(off, "关闭")
    document.save(str(tmp_path / "r.docx"))
    labels = [p.label for p in read_path(str(tmp_path / "r.docx")).paragraphs]
    assert labels == ["一、", "（一）", "（二）", "二、", "（一）", None, "三、", None]


def test_numbering_through_the_paragraph_style(tmp_path: Path) -> None:
    document = Document()
    num_id = add_chinese_numbering(document)
    style = document.styles["Heading 1"]
    ppr = style.element.get_or_add_pPr()
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>'))
    for title in ("存在的问题", "原因剖析"):
        document.add_paragraph(title, style="Heading 1")
        document.add_paragraph("正文。")
    document.save(str(tmp_path / "r.docx"))
    assert texts(tmp_path / "r.docx") == ["一、存在的问题", "正文。", "二、原因剖析", "正文。"]


def test_text_as_word_shows_it(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><w:t>保留</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:sdt><w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt></w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>块级控件</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单元格一</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>嵌套</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>表后</w:t></w:r></w:p>"
    )
    doc = read_path(str(write_xml_body(body, tmp_path / "r.docx")))
    assert [p.text for p in doc.paragraphs] == ["保留插入7控件", "块级控件", "单元格一", "嵌套", "表后"]
    assert [p.in_table for p in doc.paragraphs] == [False, False, True, True, False]
    assert [p.line for p in doc.paragraphs] == [1, 2, 3, 4, 5]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "E009"),
        (b"\x00\x01garbage" * 100, "E002"),
        (b"PK\x03\x04truncated", "E002"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "WordDocument".encode("utf-16-le"), "E003"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptionInfo".encode("utf-16-le"), "E004"),
        (_zip({"hello.txt": b"hi"}), "E005"),
    ],
    ids=["empty", "random", "truncated", "legacy-doc", "encrypted", "zip-without-document"],
)
def test_bad_inputs_get_one_clear_code(data: bytes, code: str) -> None:
    with pytest.raises(ReadError) as error:
        read_bytes("r.docx", data)
    assert error.value.code == code


def test_legacy_doc_named_doc() -> None:
    with pytest.raises(ReadError) as error:
        read_bytes("r.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert error.value.code == "E003"


def test_truncated_real_docx(tmp_path: Path) -> None:
    data = write_report(LINES, tmp_path / "r.docx").read_bytes()
    with pytest.raises(ReadError) as error:
        read_bytes("r.docx", data[: len(data) // 2])
    assert error.value.code == "E002"


def test_numbering_on_the_default_style_is_seen_without_any_pstyle(tmp_path: Path) -> None:
    """styles.xml is skipped for a body in the default style unless that style numbers or hides."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    num_id = add_chinese_numbering(document)
    normal = document.styles["Normal"].element.get_or_add_pPr()
    normal.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>'))
    for word in ("甲", "乙"):
        add_split_runs(document.add_paragraph(), word)
    document.save(str(tmp_path / "r.docx"))
    assert [p.label for p in read_path(str(tmp_path / "r.docx")).paragraphs] == ["一、", "二、"]
    plain = write_report(["甲", "乙"], tmp_path / "plain.docx")
    assert [p.label for p in read_path(str(plain)).paragraphs] == [None, None]


def test_a_docx_renamed_doc_is_read_and_a_pdf_is_named(tmp_path: Path) -> None:
    # People rename a .docx to .doc for an old system: it is still a Word document. A PDF, whatever
    # its name, is a format reportlint does not read (E010 PDF), not "a binary file".
    data = write_report(LINES, tmp_path / "r.docx").read_bytes()
    assert read_bytes("r.doc", data).paragraphs
    pdf = b"%PDF-1.4\n1 0 obj\n<</Type/Catalog>>\nendobj\n%%EOF\n"
    for name in ("r.pdf", "r.docx", "r.txt", "r.doc"):
        with pytest.raises(ReadError) as error:
            read_bytes(name, pdf)
        assert (error.value.code, error.value.detail) == ("E010", "PDF")


def test_each_paragraph_read_its_own_way_with_and_without_formatting(tmp_path: Path) -> None:
    """The reader says once per document which paragraphs need the full walk (a field, a text box,
    hidden text …) and which hold tabs or breaks; every other paragraph is read from its w:t
    alone. A paragraph whose text box holds a field is walked (the box's text is not its own);
    a tab stop in w:pPr is no character; page breaks are placed from the same pass."""
    from docx.enum.style import WD_STYLE_TYPE

    box = (
        '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent><w:p>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>'
    )
    body = (
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="840"/></w:tabs></w:pPr>'
        "<w:r><w:t>甲</w:t></w:r><w:r><w:tab/><w:t>乙</w:t></w:r></w:p>"
        '<w:p><w:r><w:br w:type="page"/><w:t>新页</w:t><w:br/><w:t>续</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>页末</w:t><w:br w:type="page"/></w:r></w:p>'
        f"<w:p><w:r><w:t>框外</w:t></w:r>{box}</w:p>"
        "<w:p><w:r><w:t>普通</w:t></w:r></w:p>"
    )
    path = write_xml_body(body, tmp_path / "r.docx")
    expected = ["甲\t乙", "新页 续", "页末", "框外", "普通"]
    plain = read_path(str(path))
    formatted = read_path(str(path), formatting=True)
    assert [p.text for p in plain.paragraphs] == expected
    assert [p.text for p in formatted.paragraphs] == expected
    assert formatted.formatting is not None
    paragraphs = formatted.formatting.paragraphs
    assert [(f.break_before, f.break_after) for f in paragraphs] == [
        (False, False), (True, False), (False, True), (False, False), (False, False)]  # fmt: skip
    assert [f.drawing for f in paragraphs] == [False, False, False, True, False]
    assert [f.runs[-1].end for f in paragraphs] == [len(text) for text in expected]

    document = Document()
    document.styles.add_style("Secret", WD_STYLE_TYPE.CHARACTER).font.hidden = True
    shown = document.add_paragraph()
    shown.add_run("看得见")
    shown.add_run("看不见", style="Secret")
    document.add_paragraph("另一段")
    document.save(str(tmp_path / "hidden.docx"))
    for formatting in (False, True):
        read = read_path(str(tmp_path / "hidden.docx"), formatting=formatting)
        assert [p.text for p in read.paragraphs] == ["看得见", "另一段"]
