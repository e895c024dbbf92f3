"""A .docx package written part by part, for tests of what Word resolves from styles, document
defaults, the theme and the section properties: every part is the test's own XML."""

from __future__ import annotations

import io
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def theme(east_asia: str = "", hans: str = "宋体", latin: str = "Calibri", major_east_asia: str = "",
          major_hans: str = "黑体") -> str:  # fmt: skip
    """A theme whose minor (body) and major (heading) fonts are as given; an empty ``east_asia``
    is what Chinese templates carry, the script font then applies."""
    def group(kind: str, ea: str, script: str) -> str:
        return (f'<a:{kind}Font><a:latin typeface="{latin}"/><a:ea typeface="{ea}"/><a:cs typeface=""/>'
                f'<a:font script="Jpan" typeface="游明朝"/><a:font script="Hans" typeface="{script}"/>'
                f'<a:font script="Hant" typeface="新細明體"/></a:{kind}Font>')  # fmt: skip

    return (f'{_DECL}<a:theme xmlns:a="{A_NS}" name="Office"><a:themeElements><a:fontScheme name="Office">'
            f'{group("major", major_east_asia, major_hans)}{group("minor", east_asia, hans)}'
            f'</a:fontScheme></a:themeElements></a:theme>')  # fmt: skip


def styles(body: str = "", defaults_rpr: str = "", defaults_ppr: str = "") -> str:
    """styles.xml: the document defaults and the given <w:style> elements. A Normal style is added
    unless ``body`` defines a default paragraph style."""
    normal = "" if 'w:default="1"' in body else (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    )
    return (f'{_DECL}<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>{defaults_rpr}</w:rPr>'
            f'</w:rPrDefault><w:pPrDefault><w:pPr>{defaults_ppr}</w:pPr></w:pPrDefault></w:docDefaults>'
            f'{normal}{body}</w:styles>')  # fmt: skip


def build(body: str, styles_xml: str | None = None, theme_xml: str | None = None, settings_xml: str | None = None,
          parts: dict[str, tuple[str, str, str]] | None = None, numbering_xml: str | None = None) -> bytes:  # fmt: skip
    """A package whose document body is ``body`` (paragraphs and a final w:sectPr). ``parts``:
    relationship id → (part name under word/, relationship type's last word, XML), for footers."""
    rels = []
    overrides = [f'<Override PartName="/word/document.xml" ContentType="{_WORD}.document.main+xml"/>']
    files = {
        "word/document.xml": f'{_DECL}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>',
    }

    def add(rid: str, name: str, kind: str, xml: str, content_type: str) -> None:
        rels.append(f'<Relationship Id="{rid}" Type="{_REL}/{kind}" Target="{name}"/>')
        overrides.append(f'<Override PartName="/word/{name}" ContentType="{content_type}"/>')
        files[f"word/{name}"] = xml

    if styles_xml is not None:
        add("rIdStyles", "styles.xml", "styles", styles_xml, f"{_WORD}.styles+xml")
    if theme_xml is not None:
        add("rIdTheme", "theme/theme1.xml", "theme", theme_xml, "application/vnd.openxmlformats-officedocument.theme+xml")
    if settings_xml is not None:
        add("rIdSettings", "settings.xml", "settings", settings_xml, f"{_WORD}.settings+xml")
    if numbering_xml is not None:
        add("rIdNumbering", "numbering.xml", "numbering", numbering_xml, f"{_WORD}.numbering+xml")
    for rid, (name, kind, xml) in (parts or {}).items():
        add(rid, name, kind, xml, f"{_WORD}.{kind}+xml")
    files["word/_rels/document.xml.rels"] = (
        f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels) + "</Relationships>"
    )
    files["_rels/.rels"] = (
        f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    files["[Content_Types].xml"] = (
        f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def footer(inner: str) -> str:
    return f'{_DECL}<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{inner}</w:ftr>'


def settings(east_asia_lang: str = "zh-CN") -> str:
    return f'{_DECL}<w:settings xmlns:w="{W_NS}"><w:themeFontLang w:val="en-US" w:eastAsia="{east_asia_lang}"/></w:settings>'


def paragraph(text: str, ppr: str = "", rpr: str = "") -> str:
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


GBT_SECTION = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
               '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="992" w:gutter="0"/>'
               '</w:sectPr>')  # fmt: skip
