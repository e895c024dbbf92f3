"""The formatting resolver and `reportlint format` checked against LibreOffice: what soffice makes
of the same .docx (exported to flat ODF and resolved through ODF's own style chain, tests/fodt.py)
must be what reportlint resolved, and a formatted copy must open there as the profile says."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from checker.model.roles import BODY, HEADING, TITLE, paragraph_roles
from checker.profile import load_profile
from checker.read import read_bytes
from checker.read.types import Document
from checker.write.layout import format_docx
from tests.docxgen import write_report
from tests.fodt import LoParagraph, read_fodt
from tests.helpers import SHARED, report
from tests.odt import convert_all, soffice

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")

REAL = ["word-news-kso-testcopy", "wps-notice-after", "wps-decision-after", "wps-notice-before",
        "word-university-notice", "wps-rulesheet", "word-news-spec"]  # fmt: skip
ALIGN = {"left": "start", "both": "justify", "right": "end", "center": "center", "distribute": "justify"}


def pairs(document: Document, lo: list[LoParagraph]) -> list[tuple[int, LoParagraph]]:
    """Each non-empty paragraph outside tables with LibreOffice's paragraph of the same text."""
    used: set[int] = set()
    found = []
    for p in document.paragraphs:
        if not p.text.strip() or p.in_table:
            continue
        index = next((i for i, q in enumerate(lo) if i not in used and q.text.strip() == p.text.strip()), None)
        assert index is not None, f"LibreOffice lost paragraph {p.line}: {p.text[:30]}"
        used.add(index)
        found.append((p.line, lo[index]))
    return found


def differences(document: Document, lo: list[LoParagraph]) -> list[str]:
    assert document.formatting is not None
    out = []
    for line, theirs in pairs(document, lo):
        mine = document.formatting.paragraphs[line - 1]
        checks = {
            "east-asian font": (mine.east_asia(), theirs.east_asia, mine.east_asia() == theirs.east_asia),
            "size": (mine.size(), theirs.size, mine.size() == theirs.size),
            "alignment": (ALIGN.get(mine.justification), theirs.alignment or "start", ALIGN.get(mine.justification) == (theirs.alignment or "start")),
            "first-line indent": (mine.first_line, theirs.first_line, abs(mine.first_line - theirs.first_line) < 0.2),
            "line spacing": ((mine.line_rule, mine.line), (theirs.line_rule, theirs.line),
                             mine.line_rule == theirs.line_rule and abs(mine.line - (theirs.line or 0)) < 0.05),
        }  # fmt: skip
        out += [f"{line} {name}: reportlint {a!r}, LibreOffice {b!r}" for name, (a, b, same) in checks.items() if not same]
    return out


@pytest.mark.skipif(not (SHARED / "realdocx").is_dir(), reason="../shared/realdocx is not present")
def test_the_resolver_agrees_with_libreoffice_on_real_word_and_wps_files(tmp_path: Path) -> None:
    sources = [SHARED / "realdocx" / f"{name}.docx" for name in REAL]
    converted = convert_all(sources, "fodt", tmp_path)
    compared = 0
    problems = []
    for source in sources:
        document = read_bytes(str(source), source.read_bytes(), formatting=True)
        lo = read_fodt(converted[source.stem])
        compared += len(pairs(document, lo))
        problems += [f"{source.stem}:{d}" for d in differences(document, lo)]
    assert compared >= 100 and problems == []


def _before_files(tmp_path: Path) -> list[Path]:
    made = []
    generated = tmp_path / "generated.docx"
    write_report(report().splitlines(), generated, layout=False, auto_number_h1=True)
    made.append(generated)
    if (SHARED / "realdocx").is_dir():
        for name in ("wps-notice-before", "wps-decision-before", "word-news-kso-testcopy"):
            made.append(SHARED / "realdocx" / f"{name}.docx")
    return made


def test_formatted_copies_open_in_libreoffice_laid_out_as_the_profile_says(tmp_path: Path) -> None:
    profile = load_profile("gbt9704")
    copies = {}
    for source in _before_files(tmp_path):
        data = source.read_bytes()
        formatted = format_docx(str(source), data, profile)
        assert source.read_bytes() == data  # the input is never touched
        target = tmp_path / "out" / f"{source.stem}.docx"
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(formatted.data)
        copies[target] = read_bytes(str(source), data)
    converted = convert_all(list(copies), "fodt", tmp_path / "lo")
    for target, original in copies.items():
        document = read_bytes(str(target), target.read_bytes(), formatting=True)
        # The text is the original's (automatic numbers now typed show the same characters).
        assert [p.text.replace(" ", "") for p in document.paragraphs] == [p.text.replace(" ", "") for p in original.paragraphs]
        from checker.pipeline import check_document

        result = check_document(document, profile=profile)
        assert result.report is not None
        roles = paragraph_roles(result.report)
        lo = read_fodt(converted[target.stem])
        for line, theirs in pairs(document, lo):
            role = roles[line - 1]
            if role.kind == BODY:
                assert (theirs.east_asia, theirs.size, theirs.line_rule) == ("仿宋_GB2312", 16.0, "exact"), (target.stem, line)
                assert abs((theirs.line or 0) - 28) < 0.05 and abs(theirs.first_line - 32) < 0.2, (target.stem, line)
            elif role.kind == TITLE:
                assert (theirs.east_asia, theirs.size, theirs.alignment) == ("方正小标宋简体", 22.0, "center")
            elif role.kind == HEADING and role.level == 1:
                assert theirs.east_asia == "黑体", (target.stem, line)
        text = converted[target.stem].read_text("utf-8")
        assert "<text:page-number" in text and "— " in text  # the footer's — 1 —


_TOC_LINE = re.compile(r"^(.*?)\s*(?:\.{4,}|…{2,}|·{4,})\s*(\d+)\s*$")
_NUMBER_LINE = re.compile(r"^\s*(?:[—–-]\s*\d{1,3}\s*[—–-]|\d{1,3}|第\s*\d{1,3}\s*页.*|\d{1,3}\s*/\s*\d+)\s*$")


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _toc_titles(pages: list[str]) -> list[str]:
    return ["".join(m.group(1).split()) for page in pages for line in page.splitlines() if (m := _TOC_LINE.match(line.strip()))]


def _first_body_page(pages: list[str], document: Document, start: int) -> int:
    """The page (0-based) that shows the body's first words."""
    if start == 1:
        return 0
    text = next(p.text for p in document.paragraphs[start - 1 :] if p.text.strip() and not p.in_table)
    probe = "".join(text.split())[:8]
    after_toc = max((i + 1 for i, page in enumerate(pages) if _toc_titles([page])), default=0)
    return next(i for i, page in enumerate(pages) if i >= after_toc and probe in "".join(page.split()))


@pytest.mark.skipif(not (SHARED / "realdocx").is_dir(), reason="../shared/realdocx is not present")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_every_real_document_formatted_renders_with_its_contents_cover_and_page_count(tmp_path: Path) -> None:
    """Each real .docx and its formatted copy printed to PDF by LibreOffice: the table of contents
    keeps its entries on their lines, the cover and contents take the same pages as before and
    show no page number (front matter numbered i, ii keeps it), the body's first page is — 1 —,
    and a document already set at the profile's body size keeps its page count within one."""
    from checker.model.roles import BODY, body_start
    from checker.pipeline import check_document

    profile = load_profile("gbt9704")
    sources = sorted((SHARED / "realdocx").glob("*.docx"))
    copies = tmp_path / "copies"
    copies.mkdir()
    starts: dict[str, tuple[Document, int, bool]] = {}
    for source in sources:
        data = source.read_bytes()
        (copies / source.name).write_bytes(format_docx(str(source), data, profile).data)
        document = read_bytes(str(source), data, formatting=True)
        report_ = check_document(document, profile=profile).report
        assert report_ is not None and document.formatting is not None
        start = body_start(report_)
        body = [document.formatting.paragraphs[line - 1] for line, role in enumerate(paragraph_roles(report_), start=1)
                if role.kind == BODY and line >= start]  # fmt: skip
        sizes = {f.size() for f in body}
        laid_out = bool(body) and sizes == {profile.body.size} and all(f.line_rule == "exact" for f in body)
        starts[source.stem] = (document, start, laid_out)
    before = convert_all(sources, "pdf", tmp_path / "before")
    after = convert_all(sorted(copies.glob("*.docx")), "pdf", tmp_path / "after")
    compared = 0
    for stem, (document, start, laid_out) in starts.items():
        old, new = _pdf_pages(before[stem]), _pdf_pages(after[stem])
        assert _toc_titles(new) == _toc_titles(old), stem  # every entry on its line, with its page number
        if any(p.toc for p in document.paragraphs):
            assert _toc_titles(new), stem
        old_front, new_front = _first_body_page(old, document, start), _first_body_page(new, document, start)
        assert new_front == old_front, stem  # the cover and contents take the pages they took
        for page in new[:new_front]:
            lines = [line for line in page.splitlines() if line.strip()]
            assert not any(_NUMBER_LINE.match(line) for line in lines[-3:]), (stem, lines[-3:])
        first_body = [line for line in new[new_front].splitlines() if line.strip()]
        assert any(re.fullmatch(r"\s*—\s*1\s*—\s*", line) for line in first_body[-3:]), (stem, first_body[-3:])
        if laid_out:
            assert abs(len(new) - len(old)) <= 1, (stem, len(old), len(new))
            compared += 1
    assert compared >= 2
