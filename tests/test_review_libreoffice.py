"""Annotated and corrected copies as a third-party program reads them: LibreOffice converts each
to .odt, and content.xml must hold one annotation per finding, each anchored on the finding's
text, and the document's text (unchanged by annotating; the expected corrected text after
fixing). Every .docx of examples/ and every report of ../shared/corpus written as .docx (plain,
and with Word's automatic numbering on the level-1 headings) is annotated; the inputs' bytes are
checked unchanged. Skipped without soffice (.ci/run installs it)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from checker.pipeline import check_path
from checker.read import read_bytes
from checker.write.annotate import annotate_docx
from checker.write.fix import fix_file
from tests.docxgen import write_report, write_xml_body
from tests.helpers import REPO, SHARED
from tests.odt import convert_all, read_odt, soffice
from tests.test_annotate import TRICKY_BODY

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) not installed")


def _inputs(folder: Path) -> list[Path]:
    files = sorted((REPO / "examples").glob("*.docx"))
    corpus = sorted((SHARED / "corpus").glob("d*.txt")) + sorted((SHARED / "corpus" / "harder").glob("d*.txt"))
    for source in corpus:
        lines = source.read_text("utf-8").split("\n")
        files.append(write_report(lines, folder / f"{source.stem}.docx"))
        files.append(write_report(lines, folder / f"{source.stem}-auto.docx", auto_number_h1=True))
    files.append(write_xml_body(TRICKY_BODY, folder / "tricky.docx"))
    return files


def _paragraphs_as_libreoffice_shows_them(document) -> list[str]:  # type: ignore[no-untyped-def]
    # LibreOffice keeps an automatic number outside the paragraph's text.
    out = []
    for p in document.paragraphs:
        text = p.text
        if p.label:
            text = text[len(p.label) :]
            text = text[1:] if text.startswith(" ") else text
        out.append(text)
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_annotation_anchored_on_its_finding(tmp_path: Path) -> None:
    sources = _inputs(tmp_path)
    digests = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in sources}
    out = tmp_path / "annotated"
    out.mkdir()
    expected: dict[str, tuple[list[str], list[str], int]] = {}
    for path in sources:
        result = check_path(str(path))
        assert result.document is not None
        annotated, placements = annotate_docx(str(path), path.read_bytes(), result.diagnostics, "zh")
        target = out / (path.stem + ".reportlint.docx")
        target.write_bytes(annotated)
        anchored = [_squash(p.anchored_text(result.document)) for p in placements]
        expected[target.stem] = (anchored, _paragraphs_as_libreoffice_shows_them(result.document), len(placements))
    converted = convert_all(sorted(out.glob("*.docx")), "odt", tmp_path / "odt")
    total = 0
    for stem, (anchored, paragraphs, count) in expected.items():
        content = read_odt(converted[stem])
        ours = [a for a in content.annotations if a.author == "reportlint"]
        assert len(ours) == count, stem
        assert sorted(_squash(a.anchored) for a in ours) == sorted(anchored), stem
        assert [_squash(p) for p in content.paragraphs if p.strip()] == [_squash(p) for p in paragraphs if p.strip()], stem
        total += count
    assert total > (100 if (SHARED / "corpus").is_dir() else 10)
    assert {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in sources} == digests


def test_fixed_docx_reads_like_the_fixed_text(tmp_path: Path) -> None:
    """flawed.docx was written from flawed.txt: fixing either must give the same text."""
    docx = REPO / "examples" / "flawed.docx"
    text = REPO / "examples" / "flawed.txt"
    fixed_docx = fix_file(str(docx), docx.read_bytes(), check_path(str(docx)), lambda d: check_path(str(docx), data=d), False)
    fixed_text = fix_file(str(text), text.read_bytes(), check_path(str(text)), lambda d: check_path(str(text), data=d), False)
    assert fixed_docx.count == fixed_text.count > 0
    target = tmp_path / "flawed.fixed.docx"
    target.write_bytes(fixed_docx.data)
    content = read_odt(convert_all([target], "odt", tmp_path / "odt")["flawed.fixed"])
    expected = [line for line in fixed_text.data.decode("utf-8").split("\n") if line.strip()]
    assert [p for p in content.paragraphs if p.strip()] == expected
    assert [p.text for p in read_bytes("x.docx", fixed_docx.data).paragraphs if p.text.strip()] == expected
