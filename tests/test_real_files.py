"""Real Word and WPS files (../shared/realdocx, read in place, never copied) and LibreOffice as a
second writer and as the judge of what automatic numbering shows. Skips cleanly without them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from checker.read import read_path
from tests.helpers import REPO, SHARED

REALDOCX = SHARED / "realdocx"
REAL_FILES = sorted(REALDOCX.glob("*.docx")) if REALDOCX.is_dir() else []
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

needs_real = pytest.mark.skipif(not REAL_FILES, reason="../shared/realdocx not present")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")


def _convert(files: list[Path], target: str, outdir: Path) -> None:
    assert SOFFICE is not None
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{outdir}/profile", "--convert-to", target,
         "--outdir", str(outdir), *map(str, files)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip


@needs_real
@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_every_real_file_is_read(path: Path) -> None:
    doc = read_path(str(path))
    assert doc.paragraphs and any(p.text.strip() for p in doc.paragraphs)
    assert [p.line for p in doc.paragraphs] == list(range(1, len(doc.paragraphs) + 1))


@needs_real
def test_style_numbered_headings_of_the_wps_plan() -> None:
    doc = read_path(str(REALDOCX / "wps-activity-plan-autonum.docx"))
    labels = [p.label for p in doc.paragraphs if p.label and p.style == "heading 3"]
    assert labels == [
        "一、",
        "二、",
        "三、",
        "四、",
        "五、",
        "六、",
        "七、",
        "八、",
        "九、",
        "十、",
        "十一、",
    ]


def _squash(text: str) -> str:
    return "".join(text.split())


@needs_real
@needs_soffice
def test_automatic_labels_equal_libreoffice_text_export(tmp_path: Path) -> None:
    numbered = [p for p in REAL_FILES if any(par.label for par in read_path(str(p)).paragraphs)]
    assert numbered
    _convert(numbered, "txt:Text (encoded):UTF8", tmp_path)
    for path in numbered:
        exported = [
            _squash(line) for line in (tmp_path / (path.stem + ".txt")).read_text("utf-8-sig").splitlines()
        ]
        pointer = 0
        checked = 0
        for paragraph in read_path(str(path)).paragraphs:
            if not paragraph.label or not paragraph.text[len(paragraph.label) :].strip():
                continue
            # The label must open LibreOffice's line for the same paragraph. The body is matched by
            # its opening only: LibreOffice also exports comment anchors such as "[3] 批注内容".
            label = _squash(paragraph.label)
            body = _squash(paragraph.text[len(paragraph.label) :])[:8]
            found = next(
                (
                    j
                    for j in range(pointer, len(exported))
                    if exported[j].startswith(label) and body in exported[j]
                ),
                None,
            )
            assert found is not None, (
                f"{path.name}: line {paragraph.line} {paragraph.text!r} not in LibreOffice's export"
            )
            pointer = found + 1
            checked += 1
        assert checked > 0


@needs_soffice
def test_libreoffice_copy_reads_like_the_python_docx_original(tmp_path: Path) -> None:
    """nested.docx numbers its headings automatically; LibreOffice rewrites numbering.xml its own
    way (taiwaneseCountingThousand, its own abstractNums) and must still read the same."""
    original = REPO / "examples" / "nested.docx"
    outdir = tmp_path / "lo"
    outdir.mkdir()
    _convert([original], "docx", outdir)
    from checker.pipeline import check_path
    from checker.template import load_template

    template = load_template("party-spirit")
    ours = check_path(str(original), template)
    theirs = check_path(str(outdir / "nested.docx"), template)
    assert ours.report is not None and theirs.report is not None
    assert json.dumps(theirs.outline_data()) == json.dumps(ours.outline_data())
    assert [s.numeral for s in theirs.report.sections] == ["一", "二", "三"]
    assert [(d.code, d.line) for d in theirs.diagnostics] == [(d.code, d.line) for d in ours.diagnostics]
