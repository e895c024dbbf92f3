from __future__ import annotations

import codecs

import pytest

from checker.read import ReadError, read_bytes

TEXT = "党性分析报告\r\n一、存在的问题\r\n\r\n一是理论学习不够深入。\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("gb18030"),
        TEXT.encode("gbk"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "gb18030", "gbk"],
)
def test_encodings_detected_from_bytes(data: bytes) -> None:
    doc = read_bytes("r.txt", data)
    assert [p.text for p in doc.paragraphs] == [
        "党性分析报告",
        "一、存在的问题",
        "",
        "一是理论学习不够深入。",
    ]
    assert [p.line for p in doc.paragraphs] == [1, 2, 3, 4]


def test_utf16_without_bom_for_mostly_ascii_text() -> None:
    doc = read_bytes("r.txt", "Report 2024\nline two 一\n".encode("utf-16-le"))
    assert doc.paragraphs[0].text == "Report 2024"


def test_extension_does_not_decide_the_encoding() -> None:
    doc = read_bytes("report.md", TEXT.encode("gb18030"))
    assert [p.text for p in doc.paragraphs] == ["党性分析报告", "一、存在的问题", "一是理论学习不够深入。"]


def test_only_cr_lf_end_lines() -> None:
    doc = read_bytes("r.txt", "甲\u2028乙\x0c丙\n丁".encode())
    assert [p.text for p in doc.paragraphs] == ["甲\u2028乙\x0c丙", "丁"]


def test_binary_and_empty_inputs_are_refused_with_codes() -> None:
    with pytest.raises(ReadError) as binary:
        read_bytes("r.txt", bytes(range(256)) * 20)
    assert binary.value.code in ("E007", "E008")
    with pytest.raises(ReadError) as empty:
        read_bytes("r.txt", b"")
    assert empty.value.code == "E009"


def test_the_read_package_names_its_types_when_asked() -> None:
    """checker.read gives Document, Paragraph and ReadError as before, but imports them only
    when one is asked for: a process that plans (is_archive, the limits) reads no file."""
    import subprocess
    import sys

    from tests.helpers import REPO

    code = ("import sys\nimport checker.read as read\nfrom checker.read.limits import DEFAULT_LIMITS\n"
            "print(read.is_archive('a.zip'), 'checker.read.types' in sys.modules)\n"
            "from checker.read import ReadError\nfrom checker.read.types import ReadError as Same\n"
            "print(ReadError is Same, read.Document.__name__, read.Paragraph.__name__)\n"
            "try:\n    read.Nothing\nexcept AttributeError:\n    print('no Nothing')")  # fmt: skip
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["True False", "True Document Paragraph", "no Nothing"]
