"""Inputs bench/fuzz.py found crashing, kept so that they stay fixed: each must be read as what
it is, or refused with one E-code, in every format it can be taken for."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.output.jsonout import render_json
from checker.pipeline import check_path

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "fuzz").glob("*.bin"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fuzz_finding_stays_fixed(path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.fuzz import as_docx

    data = path.read_bytes()
    for name, payload in (("f.txt", data), ("f.md", data), ("f.docx", as_docx(data)), ("g.docx", data)):
        result = check_path(name, None, data=payload)
        render_json([result], "zh")
        assert result.error is None or result.error[0].startswith("E0")


def test_damaged_zip_directories_are_e002() -> None:
    """negative-seek-*: a central directory pointing before the file's start (zipfile raised
    ValueError: negative seek value); zip-version: an entry "made by zip version 14.0" (zipfile
    raised NotImplementedError while opening the archive)."""
    for path in FIXTURES:
        if path.name.startswith(("negative-seek", "zip-version")):
            assert check_path("g.docx", None, data=path.read_bytes()).error[0] == "E002"  # type: ignore[index]
