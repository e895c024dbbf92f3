"""Reading what LibreOffice made of a .docx: convert it to .odt with soffice and read content.xml
(the text of every paragraph and each annotation with the text it is anchored on)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DC = "http://purl.org/dc/elements/1.1/"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_all(sources: list[Path], target_format: str, out_dir: Path) -> dict[str, Path]:
    """``soffice --headless --convert-to FORMAT`` over many files in one start, with a profile of
    its own; the converted files by their sources' stems."""
    binary = soffice()
    assert binary is not None
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / ".lo-profile"
    subprocess.run(
        [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target_format,
         "--outdir", str(out_dir), *map(str, sources)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    produced = {}
    for source in sources:
        target = out_dir / (source.stem + "." + target_format.split(":")[0])
        assert target.exists(), f"soffice wrote nothing for {source}"
        produced[source.stem] = target
    return produced


@dataclass
class Annotation:
    author: str
    text: str  # the comment's own text
    anchored: str  # the document text between the annotation and its end


@dataclass
class OdtContent:
    paragraphs: list[str]
    annotations: list[Annotation]


def read_odt(path: Path) -> OdtContent:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("content.xml"))
    body = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    assert body is not None
    paragraphs: list[str] = []
    stream: list[str] = []  # the whole text, paragraphs joined by \n
    opened: dict[str, tuple[int, Annotation]] = {}
    annotations: list[Annotation] = []

    def inline(element: etree._Element, out: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag == f"{{{OFFICE}}}annotation":
                name = child.get(f"{{{OFFICE}}}name")
                creator = child.find(f"{{{DC}}}creator")
                own = "\n".join("".join(p.itertext()) for p in child.iter(f"{{{TEXT}}}p"))
                note = Annotation(creator.text or "" if creator is not None else "", own, "")
                annotations.append(note)
                if name:
                    opened[name] = (len("".join(stream)) + len("".join(out)), note)
            elif tag == f"{{{OFFICE}}}annotation-end":
                name = child.get(f"{{{OFFICE}}}name")
                if name in opened:
                    start, note = opened.pop(name)
                    whole = "".join(stream) + "".join(out)
                    note.anchored = whole[start:]
            elif tag == f"{{{TEXT}}}s":
                out.append(" " * int(child.get(f"{{{TEXT}}}c", "1")))
            elif tag == f"{{{TEXT}}}tab":
                out.append("\t")
            elif tag == f"{{{TEXT}}}line-break":
                out.append(" ")
            elif tag in (f"{{{TEXT}}}span", f"{{{TEXT}}}a", f"{{{TEXT}}}bookmark-ref", f"{{{TEXT}}}meta"):
                if child.text:
                    out.append(child.text)
                inline(child, out)
            elif tag in (f"{{{TEXT}}}changed-region", f"{{{TEXT}}}tracked-changes"):
                pass
            elif child.text and not tag.startswith(f"{{{TEXT}}}soft"):
                out.append(child.text)
            if child.tail:
                out.append(child.tail)

    def blocks(element: etree._Element) -> None:
        for child in element:
            if child.tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
                out: list[str] = [child.text or ""]
                inline(child, out)
                text = "".join(out)
                paragraphs.append(text)
                stream.append(text + "\n")
            elif child.tag == f"{{{TEXT}}}tracked-changes":
                continue
            else:
                blocks(child)

    blocks(body)
    return OdtContent(paragraphs, annotations)
