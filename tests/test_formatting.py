"""The formatting resolver: fonts, sizes, bold, colour, indents, spacing and page set-up as Word
resolves them through runs, character styles, paragraph styles, document defaults and the theme
(checker/read/cascade.py, checker/read/page_setup.py). Each package is built part by part (tests/minidocx.py)."""

from __future__ import annotations

from checker.read import ReadError, read_bytes
from checker.read.formatting import DocFormat, ParagraphFormat
from tests.minidocx import GBT_SECTION, build, footer, paragraph, settings, styles, theme


def resolve(body: str, **parts: object) -> DocFormat:
    document = read_bytes("t.docx", build(body, **parts), formatting=True)  # type: ignore[arg-type]
    assert document.formatting is not None
    return document.formatting


def first(body: str, **parts: object) -> ParagraphFormat:
    return resolve(body, **parts).paragraphs[0]


def test_formatting_is_read_only_when_asked() -> None:
    assert read_bytes("t.docx", build(paragraph("正文"))).formatting is None


def test_theme_east_asian_font_falls_back_to_the_hans_script_font_when_ea_is_empty() -> None:
    # The WPS pattern (domain research §4.2): Normal says eastAsiaTheme=minorEastAsia, the
    # theme's <a:ea> is empty, <a:font script="Hans"> names 宋体; docDefaults say 仿宋, but the
    # style is nearer.
    fmt = first(
        paragraph("校规校纪", rpr='<w:rFonts w:hint="eastAsia"/>'),
        styles_xml=styles(
            '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/>'
            '<w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia" w:hAnsiTheme="minorHAnsi"/>'
            '<w:sz w:val="21"/><w:szCs w:val="24"/></w:rPr></w:style>',
            defaults_rpr='<w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋" w:hAnsi="Times New Roman"/>',
        ),
        theme_xml=theme(east_asia="", hans="宋体", latin="Calibri"),
        settings_xml=settings("zh-CN"),
    )
    (run,) = fmt.runs
    assert (run.east_asia, run.latin, run.size) == ("宋体", "Calibri", 10.5)


def test_theme_script_follows_the_documents_east_asian_language() -> None:
    fmt = first(
        paragraph("字", rpr='<w:rFonts w:eastAsiaTheme="minorEastAsia"/>'),
        styles_xml=styles(),
        theme_xml=theme(east_asia="", hans="宋体"),
        settings_xml=settings("zh-TW"),
    )
    assert fmt.runs[0].east_asia == "新細明體"


def test_a_filled_ea_typeface_wins_over_the_script_font() -> None:
    fmt = first(paragraph("字", rpr='<w:rFonts w:eastAsiaTheme="majorEastAsia"/>'),
                styles_xml=styles(), theme_xml=theme(major_east_asia="方正小标宋简体"))  # fmt: skip
    assert fmt.runs[0].east_asia == "方正小标宋简体"


def test_at_one_level_a_theme_reference_beats_the_explicit_name() -> None:
    fmt = first(paragraph("字", rpr='<w:rFonts w:eastAsia="楷体" w:eastAsiaTheme="minorEastAsia"/>'),
                styles_xml=styles(), theme_xml=theme(east_asia="", hans="宋体"))  # fmt: skip
    assert fmt.runs[0].east_asia == "宋体"


def test_each_font_slot_resolves_on_its_own_through_run_character_style_paragraph_style_defaults() -> None:
    style_xml = styles(
        '<w:style w:type="paragraph" w:styleId="Base"><w:rPr><w:rFonts w:eastAsia="黑体"/><w:sz w:val="32"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Body"><w:basedOn w:val="Base"/><w:rPr><w:b/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Kai"><w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/></w:rPr></w:style>',
        defaults_rpr='<w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体"/><w:sz w:val="21"/><w:color w:val="FF0000"/>',
    )
    body = (
        '<w:p><w:pPr><w:pStyle w:val="Body"/></w:pPr>'
        '<w:r><w:t>一</w:t></w:r>'  # paragraph style chain: 黑体 from Base, 16 pt, bold from Body
        '<w:r><w:rPr><w:rStyle w:val="Kai"/></w:rPr><w:t>二</w:t></w:r>'  # the character style's font
        '<w:r><w:rPr><w:rStyle w:val="Kai"/><w:rFonts w:eastAsia="仿宋_GB2312"/><w:sz w:val="28"/><w:szCs w:val="40"/>'
        '<w:color w:val="auto"/></w:rPr><w:t>三</w:t></w:r></w:p>'  # the run's own, w:sz not w:szCs
    )
    runs = first(body, styles_xml=style_xml).runs
    assert [(r.east_asia, r.latin, r.size, r.bold, r.color) for r in runs] == [
        ("黑体", "Times New Roman", 16.0, True, "FF0000"),
        ("楷体_GB2312", "Times New Roman", 16.0, True, "FF0000"),
        ("仿宋_GB2312", "Times New Roman", 14.0, True, None),
    ]


def test_bold_in_both_the_paragraph_and_the_character_style_cancels_out() -> None:
    style_xml = styles(
        '<w:style w:type="paragraph" w:styleId="Strong"><w:rPr><w:b/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Em"><w:rPr><w:b/></w:rPr></w:style>'
    )
    body = ('<w:p><w:pPr><w:pStyle w:val="Strong"/></w:pPr><w:r><w:t>甲</w:t></w:r>'
            '<w:r><w:rPr><w:rStyle w:val="Em"/></w:rPr><w:t>乙</w:t></w:r>'
            '<w:r><w:rPr><w:rStyle w:val="Em"/><w:b/></w:rPr><w:t>丙</w:t></w:r></w:p>')  # fmt: skip
    assert [r.bold for r in first(body, styles_xml=style_xml).runs] == [True, False, True]


def test_characters_are_counted_by_the_font_that_draws_them() -> None:
    (run,) = first(paragraph("2024年工作Q1，完成"), styles_xml=styles()).runs
    assert (run.cjk, run.latin_chars) == (6, 6)  # 年 工 作 ， 完 成 / 2 0 2 4 Q 1


def test_adjacent_runs_drawn_alike_merge_and_offsets_follow_the_text() -> None:
    body = ('<w:p><w:r><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr><w:t>一、</w:t></w:r>'
            '<w:r><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr><w:t>问题</w:t></w:r>'
            '<w:r><w:t>正文</w:t></w:r></w:p>')  # fmt: skip
    runs = first(body, styles_xml=styles()).runs
    assert [(r.start, r.end, r.east_asia) for r in runs] == [(0, 4, "黑体"), (4, 6, None)]


def test_first_line_indent_in_characters_beats_twips_and_hanging_beats_both() -> None:
    normal = styles(defaults_rpr='<w:sz w:val="32"/>')
    chars = first(paragraph("正文", ppr='<w:ind w:firstLine="480" w:firstLineChars="200"/>'), styles_xml=normal)
    twips = first(paragraph("正文", ppr='<w:ind w:firstLine="640"/>'), styles_xml=normal)
    hanging = first(paragraph("正文", ppr='<w:ind w:firstLine="640" w:hanging="320"/>'), styles_xml=normal)
    assert (chars.first_line_chars, chars.first_line, chars.indent_chars()) == (2.0, 32.0, 2.0)
    assert (twips.first_line_chars, twips.first_line, twips.indent_chars()) == (None, 32.0, 2.0)
    assert (hanging.first_line, hanging.indent_chars()) == (-16.0, -1.0)


def test_paragraph_properties_come_from_the_nearest_level_group_by_group() -> None:
    style_xml = styles(
        '<w:style w:type="paragraph" w:styleId="Body"><w:pPr><w:spacing w:line="560" w:lineRule="exact"/>'
        '<w:ind w:firstLineChars="200"/><w:jc w:val="both"/></w:pPr></w:style>',
        defaults_ppr='<w:spacing w:after="160" w:line="259" w:lineRule="auto"/>',
    )
    styled = first(paragraph("正文", ppr='<w:pStyle w:val="Body"/>'), styles_xml=style_xml)
    direct = first(paragraph("正文", ppr='<w:pStyle w:val="Body"/><w:spacing w:line="360" w:lineRule="auto"/><w:jc w:val="center"/>'),
                   styles_xml=style_xml)  # fmt: skip
    plain = first(paragraph("正文"), styles_xml=style_xml)
    assert (styled.line_rule, styled.line, styled.first_line_chars, styled.justification) == ("exact", 28.0, 2.0, "both")
    assert (direct.line_rule, direct.line, direct.first_line_chars, direct.justification) == ("auto", 1.5, 2.0, "center")
    assert (plain.line_rule, round(plain.line, 3), plain.after, plain.justification) == ("auto", 1.079, 8.0, "left")


def test_automatic_numbering_level_indent_and_label_font() -> None:
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{"http://schemas.openxmlformats.org/wordprocessingml/2006/main"}">'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr>'
        '<w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:lvl></w:abstractNum>'
        '<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    body = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>'
            '<w:r><w:rPr><w:rFonts w:eastAsia="仿宋"/></w:rPr><w:t>存在的问题</w:t></w:r></w:p>')  # fmt: skip
    document = read_bytes("t.docx", build(body, styles_xml=styles(defaults_rpr='<w:sz w:val="32"/>'),
                                          numbering_xml=numbering), formatting=True)  # fmt: skip
    assert document.paragraphs[0].text == "一、存在的问题"
    assert document.formatting is not None
    fmt = document.formatting.paragraphs[0]
    assert fmt.numbered and fmt.first_line == 32.0
    assert [(r.start, r.end, r.east_asia) for r in fmt.runs] == [(0, 2, "黑体"), (2, 7, "仿宋")]


def test_sections_margins_and_page_numbers_with_footers_inherited_by_later_sections() -> None:
    page = ('<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r>'
            '<w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            '<w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
            '<w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r></w:p>')  # fmt: skip
    first_section = ('<w:sectPr><w:footerReference w:type="default" r:id="rIdF"/><w:pgSz w:w="11906" w:h="16838"/>'
                     '<w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800"/></w:sectPr>')  # fmt: skip
    body = (paragraph("第一节") + f'<w:p><w:pPr>{first_section}</w:pPr></w:p>' + paragraph("第二节")
            + '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
              '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/></w:sectPr>')  # fmt: skip
    found = resolve(body, styles_xml=styles(), parts={"rIdF": ("footer1.xml", "footer", footer(page))})
    one, two = found.sections
    assert (one.first_line, one.last_line, two.first_line, two.last_line) == (1, 2, 3, 3)
    assert one.margins_mm() == {"top": 25.4, "bottom": 25.4, "left": 31.8, "right": 31.8}
    assert two.margins_mm() == {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0} and two.landscape
    assert [p.section for p in found.paragraphs] == [0, 0, 1]
    for section in (one, two):  # the second section has no reference of its own: it keeps the first's footer
        (number,) = section.page_numbers
        assert (number.text, number.size, number.justification) == ("— {PAGE} —", 14.0, "center")


def test_a_section_without_footer_has_no_page_numbers_and_numberindash_counts_as_dashed() -> None:
    assert resolve(paragraph("正文") + GBT_SECTION, styles_xml=styles()).sections[0].page_numbers == ()
    simple = footer('<w:p><w:fldSimple w:instr=" PAGE \\* MERGEFORMAT "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>')
    section = ('<w:sectPr><w:footerReference w:type="default" r:id="rIdF"/><w:pgNumType w:fmt="numberInDash"/></w:sectPr>')
    (number,) = resolve(paragraph("正文") + section, styles_xml=styles(),
                        parts={"rIdF": ("footer1.xml", "footer", simple)}).sections[0].page_numbers  # fmt: skip
    assert number.text == "{PAGE}" and number.dashed_format


def _styled(font: str) -> str:
    return styles('<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body"/>'
                  f'<w:rPr><w:rFonts w:eastAsia="{font}"/><w:sz w:val="32"/></w:rPr></w:style>')  # fmt: skip


def test_documents_with_the_same_styles_part_share_its_table_and_read_as_alone() -> None:
    # A batch from one template indexes the styles part once (checker/read/styles.py
    # shared_table); each document still reads its own paragraphs through it.
    from checker.read import styles as style_tables

    style_tables._SHARED.clear()
    body = paragraph("正文", ppr='<w:pStyle w:val="Body"/>') + paragraph("另一段", ppr='<w:pStyle w:val="Body"/>')
    alone = resolve(body, styles_xml=_styled("仿宋_GB2312"))
    assert len(style_tables._SHARED) == 1
    table = next(iter(style_tables._SHARED.values()))[1]
    again = resolve(body, styles_xml=_styled("仿宋_GB2312"))
    assert again == alone and next(iter(style_tables._SHARED.values()))[1] is table
    assert [run.east_asia for p in again.paragraphs for run in p.runs] == ["仿宋_GB2312", "仿宋_GB2312"]


def test_a_styles_part_that_differs_gets_a_table_of_its_own() -> None:
    from checker.read import styles as style_tables

    style_tables._SHARED.clear()
    body = paragraph("正文", ppr='<w:pStyle w:val="Body"/>')
    # The same length, one font apart: never read through the other document's table.
    fangsong = resolve(body, styles_xml=_styled("仿宋_GB2312"))
    kaiti = resolve(body, styles_xml=_styled("楷体_GB2312"))
    assert fangsong.paragraphs[0].runs[0].east_asia == "仿宋_GB2312"
    assert kaiti.paragraphs[0].runs[0].east_asia == "楷体_GB2312"
    assert len(style_tables._SHARED) == 2


def test_a_copy_to_be_written_keeps_a_styles_table_of_its_own() -> None:
    # The write stage may change the XML it is given: a shared table must never reach it.
    from checker.read import styles as style_tables
    from checker.read.docx import read_docx_layout

    style_tables._SHARED.clear()
    data = build(paragraph("正文", ppr='<w:pStyle w:val="Body"/>'), styles_xml=_styled("仿宋_GB2312"))
    read_bytes("t.docx", data, formatting=True)
    layout = read_docx_layout("t.docx", data, formatting=True)
    shared = {id(table) for _, table in style_tables._SHARED.values()}
    assert layout.styles.table is not None and id(layout.styles.table) not in shared


def _restored(data: bytes, name: str, compression: int) -> bytes:
    """The same package with part ``name`` stored again with another compression."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info), compress_type=compression if info.filename == name
                            else info.compress_type)  # fmt: skip
    return out.getvalue()


def _central_entry(data: bytes, name: bytes) -> int:
    """Where the central directory's entry for ``name`` begins."""
    at = data.find(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(name)] != name:
        at = data.find(b"PK\x01\x02", at + 4)
        assert at >= 0
    return at


def test_a_styles_part_stored_alike_is_known_without_inflating_it(monkeypatch: object) -> None:
    # The next document of a batch whose styles part is stored with the same bytes takes the
    # shared table at once; stored otherwise (another compression), its bytes are compared.
    import zipfile

    import pytest

    from checker.read import styles as style_tables
    from checker.read.docx.package import Package

    style_tables._SHARED.clear()
    style_tables._STORED.clear()
    body = paragraph("正文", ppr='<w:pStyle w:val="Body"/>')
    data = build(body, styles_xml=_styled("仿宋_GB2312"))
    alone = read_bytes("t.docx", data, formatting=True).formatting
    inflated: list[str] = []
    original = Package.checked_raw

    def checked_raw(self: Package, partname: str) -> bytes:
        inflated.append(partname)
        return original(self, partname)

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(Package, "checked_raw", checked_raw)
    again = read_bytes("u.docx", build(body, styles_xml=_styled("仿宋_GB2312")), formatting=True).formatting
    assert again == alone and inflated == []
    stored = read_bytes("v.docx", _restored(data, "word/styles.xml", zipfile.ZIP_STORED), formatting=True)
    assert stored.formatting == alone and inflated == ["word/styles.xml"]
    assert len(style_tables._SHARED) == 1

    # The part stored as first known again (inflated once more, since the last one was stored
    # otherwise); then a damaged header or an encrypted entry is refused as before, however well
    # its bytes are known.
    for _ in range(2):
        assert read_bytes("t.docx", data, formatting=True).formatting == alone and len(inflated) == 2
    damaged = bytearray(data)
    local = int.from_bytes(data[_central_entry(data, b"word/styles.xml") + 42 :][:4], "little")
    damaged[local : local + 4] = b"PK\x09\x09"
    encrypted = bytearray(data)
    encrypted[_central_entry(data, b"word/styles.xml") + 8] |= 1
    for bad, code in ((damaged, "E002"), (encrypted, "E004")):
        with pytest.raises(ReadError) as error:
            read_bytes("w.docx", bytes(bad), formatting=True)
        assert error.value.code == code


def test_small_parts_stored_alike_are_parsed_once_and_read_as_alone(monkeypatch: object) -> None:
    # A batch from one template parses its theme, settings and relationships once: a part stored
    # with the same bytes is the same tree. One stored otherwise (one font, one language apart,
    # the same length) is parsed for itself; a copy to be written parses its own.
    import pytest

    from checker.read.docx import package as packages
    from checker.read.docx import read_docx_layout

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    packages._SHARED_PARTS.clear()
    parsed: list[str] = []
    original = packages.Package._parse_part

    def parse_part(self: packages.Package, name: str, partname: str) -> object:
        parsed.append(name)
        return original(self, name, partname)

    monkeypatch.setattr(packages.Package, "_parse_part", parse_part)
    body = paragraph("字", rpr='<w:rFonts w:eastAsiaTheme="minorEastAsia"/>')

    def font(hans: str, lang: str) -> str | None:
        data = build(body, styles_xml=styles(), theme_xml=theme(east_asia="", hans=hans), settings_xml=settings(lang))
        document = read_bytes("t.docx", data, formatting=True)
        assert document.formatting is not None
        return document.formatting.paragraphs[0].runs[0].east_asia

    assert font("宋体", "zh-CN") == "宋体"
    assert "word/theme/theme1.xml" in parsed and "word/settings.xml" in parsed
    parsed.clear()
    assert font("宋体", "zh-CN") == "宋体"
    assert parsed == ["word/document.xml"]
    assert font("黑体", "zh-CN") == "黑体"
    assert font("宋体", "zh-TW") == "新細明體"
    assert parsed.count("word/theme/theme1.xml") == 1 and parsed.count("word/settings.xml") == 1
    parsed.clear()
    data = build(body, styles_xml=styles(), theme_xml=theme(east_asia="", hans="宋体"), settings_xml=settings("zh-CN"))
    read_docx_layout("t.docx", data, formatting=True)
    assert "word/theme/theme1.xml" in parsed


def test_properties_with_the_same_values_under_other_names_resolve_apart() -> None:
    # The resolver caches by the properties' content: an attribute's name is part of it (黑体 as the
    # Chinese font is not 黑体 as the Latin one; a first-line indent is not a left indent).
    for order in (1, -1):
        runs = [paragraph("甲字", rpr='<w:rFonts w:eastAsia="黑体"/>'), paragraph("乙字", rpr='<w:rFonts w:ascii="黑体"/>')]
        fonts = [(p.runs[0].east_asia, p.runs[0].latin)
                 for p in resolve("".join(runs[::order]), styles_xml=styles()).paragraphs]  # fmt: skip
        assert fonts == [("黑体", None), (None, "黑体")][::order]
        indents = [paragraph("甲", ppr='<w:ind w:firstLine="640"/>'), paragraph("乙", ppr='<w:ind w:left="640"/>')]
        found = [(p.first_line, p.left)
                 for p in resolve("".join(indents[::order]), styles_xml=styles()).paragraphs]  # fmt: skip
        assert found == [(32.0, 0.0), (0.0, 32.0)][::order]


def test_documents_read_one_after_another_read_as_each_alone() -> None:
    # A batch from one template shares its style table, theme tree and so the resolver and its
    # caches (checker/read/cascade.py shared_resolver): each document still reads as if alone,
    # whatever came before it: another list indent, other run fonts, another language.
    from checker.read import cascade
    from checker.read import styles as style_tables
    from checker.read.docx import package as packages

    def numbering(indent: int) -> str:
        return (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/'
                'wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/>'
                f'<w:pPr><w:ind w:left="{indent}" w:firstLine="640"/></w:pPr></w:lvl></w:abstractNum>'
                '<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num></w:numbering>')  # fmt: skip

    def body(font: str) -> str:
        return ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>'
                '<w:r><w:rPr><w:rFonts w:eastAsiaTheme="minorEastAsia"/></w:rPr><w:t>问题</w:t></w:r></w:p>'
                + paragraph("正文", rpr=f'<w:rFonts w:eastAsia="{font}"/>', ppr='<w:pStyle w:val="Body"/>'))  # fmt: skip

    documents = [build(body(font), styles_xml=_styled("仿宋_GB2312"), theme_xml=theme(east_asia="", hans="宋体"),
                       settings_xml=settings(lang), numbering_xml=numbering(indent))
                 for font, indent, lang in [("楷体", 0, "zh-CN"), ("黑体", 720, "zh-CN"), ("楷体", 1440, "zh-TW"),
                                            ("黑体", 720, "zh-CN")]]  # fmt: skip

    def clear() -> None:
        for cache in (cascade._SHARED_RESOLVERS, style_tables._SHARED, style_tables._STORED, packages._SHARED_PARTS):
            cache.clear()

    clear()
    in_turn = [read_bytes("t.docx", data, formatting=True).formatting for data in documents]
    assert len(cascade._SHARED_RESOLVERS) == 2  # zh-CN and zh-TW
    alone = []
    for data in documents:
        clear()
        alone.append(read_bytes("t.docx", data, formatting=True).formatting)
    assert in_turn == alone
    assert [f.paragraphs[0].left for f in alone if f is not None] == [0.0, 36.0, 72.0, 36.0]
    assert [f.paragraphs[0].runs[-1].east_asia for f in alone if f is not None] == ["宋体", "宋体", "新細明體", "宋体"]


def test_a_part_whose_directory_lies_about_its_stored_size_is_read_but_not_kept() -> None:
    # zipfile reads an entry whose directory claims more stored bytes than it has (the stream
    # ends first); such bytes are never held for later documents (they could be the whole file).
    from checker.read import styles as style_tables
    from checker.read.docx import package as packages

    style_tables._SHARED.clear()
    style_tables._STORED.clear()
    packages._SHARED_PARTS.clear()
    data = build(paragraph("正文", ppr='<w:pStyle w:val="Body"/>'), styles_xml=_styled("仿宋_GB2312"),
                 theme_xml=theme(east_asia="", hans="宋体"))  # fmt: skip
    lying = bytearray(data)
    for name in (b"word/styles.xml", b"word/theme/theme1.xml"):
        entry = _central_entry(data, name)
        lying[entry + 20 : entry + 24] = (len(data) - 100).to_bytes(4, "little")  # compressed size
    document = read_bytes("t.docx", bytes(lying), formatting=True)
    assert document.formatting == read_bytes("t.docx", data, formatting=True).formatting
    assert document.formatting is not None and document.formatting.paragraphs[0].runs[0].east_asia == "仿宋_GB2312"
    style_tables._STORED.clear()
    packages._SHARED_PARTS.clear()
    read_bytes("t.docx", bytes(lying), formatting=True)
    assert not style_tables._STORED and all(len(stored) < 2000 for stored, _ in packages._SHARED_PARTS.values())
