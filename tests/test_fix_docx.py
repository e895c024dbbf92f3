"""Fixes written into a .docx: inside the runs (formatting kept), never on Word's automatic
numbering, every part but the body untouched; renumbering and marker punctuation in every format;
a second fix changes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from docx import Document

from checker.pipeline import check_path
from checker.read import read_bytes
from checker.template import load_template
from checker.write.fix import fix_file
from tests.docxgen import _set_east_asian_font, add_chinese_numbering, set_numbering
from tests.helpers import REPO, filler
from tests.reviewkit import main_part, parts, run_formats

TEMPLATE = load_template("party-spirit")


def _check(path: str, data: bytes):  # type: ignore[no-untyped-def]
    return check_path(path, TEMPLATE, data=data)


def _fix(path: str, data: bytes, unsafe: bool = False):  # type: ignore[no-untyped-def]
    return fix_file(path, data, _check(path, data), lambda d: _check(path, d), unsafe)


def _report_with_faults(tmp_path: Path, auto: bool = False) -> Path:
    """A gap (1. 3.), a duplicate (（一）（一）), half-width marker punctuation ((三)), with runs
    split mid-word, bold and an East-Asian font; with ``auto`` the level-1 headings are Word's
    automatic numbering."""
    document = Document()
    num_id = add_chinese_numbering(document) if auto else None
    lines = ["党性分析报告", "按照安排，现将情况报告如下。" + filler(1), "一、存在的问题", "（一）理论学习方面",
             "1.学习不够系统。" + filler(2), "3.运用不够到位。" + filler(3), "（一）联系群众方面",
             "一是调研不够深入。" + filler(4), "(三)工作作风方面", "一是作风不够扎实。" + filler(5),
             "二、原因剖析", "一是理想信念有所放松。" + filler(6), "三、整改措施", "一是加强理论武装。" + filler(7)]  # fmt: skip
    for line in lines:
        paragraph = document.add_paragraph()
        if auto and line[:2] in ("一、", "二、", "三、"):
            set_numbering(paragraph, num_id)  # type: ignore[arg-type]
            line = line[2:]
        for start in range(0, len(line), 3):  # runs of three characters: markers cut in two
            run = paragraph.add_run(line[start : start + 3])
            run.bold = start == 0
            _set_east_asian_font(run, "仿宋_GB2312")
    path = tmp_path / ("auto.docx" if auto else "faults.docx")
    document.save(str(path))
    return path


def test_gap_duplicate_and_punctuation_fixed_formatting_kept(tmp_path: Path) -> None:
    path = _report_with_faults(tmp_path)
    data = path.read_bytes()
    before = _check(str(path), data)
    assert {"N101", "N102", "N105"} <= {d.code for d in before.diagnostics}
    fixed = _fix(str(path), data)
    assert fixed.count >= 3
    assert not {"N101", "N102", "N105"} & {d.code for d in fixed.result.diagnostics}
    texts = [p.text for p in read_bytes("x.docx", fixed.data).paragraphs]
    assert texts[5].startswith("2.运用") and texts[6] == "（二）联系群众方面" and texts[8] == "（三）工作作风方面"
    # Every character kept its run's formatting (bold, East-Asian font); replaced ones took the
    # formatting of the run they went into.
    old, new = run_formats(data), run_formats(fixed.data)
    assert len(old) == len(new)
    assert sum(a[1] != b[1] for a, b in zip(old, new, strict=True)) == 0
    # Every part but the body is byte for byte the same.
    old_parts, new_parts = parts(data), parts(fixed.data)
    assert old_parts.keys() == new_parts.keys()
    assert [n for n in old_parts if old_parts[n] != new_parts[n]] == [main_part(data)]
    # A second fix changes nothing.
    again = _fix(str(path), fixed.data)
    assert again.count == 0 and again.data == fixed.data


def test_automatic_numbering_is_never_rewritten(tmp_path: Path) -> None:
    path = _report_with_faults(tmp_path, auto=True)
    data = path.read_bytes()
    fixed = _fix(str(path), data, unsafe=True)
    assert parts(fixed.data)["word/numbering.xml"] == parts(data)["word/numbering.xml"]
    labels = [p.label for p in read_bytes("x.docx", fixed.data).paragraphs if p.label]
    assert labels == ["一、", "二、", "三、"]


def test_same_fixes_in_text_markdown_and_docx(tmp_path: Path) -> None:
    lines = ["党性分析报告", "一、存在的问题", "一是学习不够。" + filler(1), "二是作风不实。" + filler(2),
             "四是纪律松懈。" + filler(3), "五是担当不足。" + filler(4), "（一）、方面", "1、具体表现。" + filler(5)]  # fmt: skip
    text = "\n".join(lines) + "\n"
    from tests.docxgen import write_report

    docx = write_report(lines, tmp_path / "r.docx").read_bytes()
    results = {
        "r.txt": _fix("r.txt", text.encode()).data.decode(),
        "r.md": _fix("r.md", text.encode()).data.decode(),
        "r.docx": "\n".join(p.text for p in read_bytes("r.docx", _fix("r.docx", docx).data).paragraphs) + "\n",
    }
    assert len(set(results.values())) == 1, results
    fixed = results["r.txt"]
    assert "三是纪律松懈" in fixed and "四是担当不足" in fixed and "（一）方面" in fixed and "1.具体表现" in fixed


def test_mixed_styles_only_with_unsafe_fixes() -> None:
    text = "党性分析报告\n一、存在的问题\n首先，学习不够。\n二是作风不实。\n三是纪律松懈。\n"
    safe = _fix("r.txt", text.encode()).data.decode()
    unsafe = _fix("r.txt", text.encode(), unsafe=True).data.decode()
    assert "首先，学习" in safe
    assert "一是学习不够" in unsafe


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(cwd)}
    return subprocess.run([sys.executable, "-m", "checker", *args, "--no-cache"], capture_output=True, text=True,
                          cwd=cwd, env=env)  # fmt: skip


def test_cli_lines_diff_and_walk_skips_own_outputs(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(REPO / "examples" / "flawed.txt", folder / "a.txt")
    shutil.copy(REPO / "examples" / "clean.docx", folder / "b.docx")
    before = (folder / "a.txt").read_bytes()
    diff = run_cli(["reports", "--diff"], tmp_path)
    assert diff.returncode == 1 and "+2.运用不够到位" in diff.stdout
    assert "a.txt: 可修正 3 处（未写入）" in diff.stderr and "b.docx: 没有可自动修正的问题" in diff.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b.docx"]
    done = run_cli(["reports", "--fix", "--annotate", "--output-dir", "out", "--lang", "en"], tmp_path)
    assert "a.txt: 3 fixes written → out/a.fixed.txt" in done.stderr
    assert "comments → out/a.reportlint.docx" in done.stderr
    assert (tmp_path / "out" / "b.reportlint.docx").exists()
    assert (folder / "a.txt").read_bytes() == before
    # Copies beside the reports are not checked again when the folder is walked.
    run_cli(["reports", "--fix", "--annotate"], tmp_path)
    again = run_cli(["reports", "--format", "json"], tmp_path)
    import json

    assert sorted(Path(f["path"]).name for f in json.loads(again.stdout)["files"]) == ["a.txt", "b.docx"]
    named = run_cli([str(folder / "a.fixed.txt"), "--format", "json"], tmp_path)
    assert len(json.loads(named.stdout)["files"]) == 1


def test_spaces_between_chinese_characters_are_fixed_in_text_and_docx(tmp_path: Path) -> None:
    spaced = "按照安排，我们 深入学习了“十五五” 规划的部署要求，" + filler(1)
    lines = ["党性分析报告", spaced, "一、存在的问题", "一是学习不够系统。" + filler(2)]
    (tmp_path / "r.txt").write_text("\n".join(lines) + "\n", "utf-8")
    document = Document()
    for line in lines:
        paragraph = document.add_paragraph()
        for start in range(0, len(line), 5):  # the space a run of its own now and then
            paragraph.add_run(line[start : start + 5])
    document.save(str(tmp_path / "r.docx"))
    for name in ("r.txt", "r.docx"):
        path = tmp_path / name
        data = path.read_bytes()
        assert sum(d.code == "P105" for d in _check(str(path), data).diagnostics) == 2
        fixed = _fix(str(path), data)
        assert not any(d.code == "P105" for d in fixed.result.diagnostics), name
        text = read_bytes(str(path), fixed.data).paragraphs[1].text
        assert text.startswith("按照安排，我们深入学习了“十五五”规划"), (name, text)


def test_wps_plan_spaces_fixed_in_the_docx() -> None:
    from checker.profile import load_profile
    from tests.helpers import SHARED

    path = SHARED / "realdocx" / "wps-activity-plan-autonum.docx"
    if not path.is_file():
        import pytest

        pytest.skip("../shared/realdocx is not present")
    data = path.read_bytes()

    def check(d: bytes):  # type: ignore[no-untyped-def]
        return check_path(str(path), None, data=d, profile=load_profile("gbt9704"))

    before = check(data)
    assert sum(d.code == "P105" for d in before.diagnostics) == 7
    fixed = fix_file(str(path), data, before, check, False)
    assert fixed.count >= 7 and not any(d.code == "P105" for d in fixed.result.diagnostics)
    assert path.read_bytes() == data


def test_a_fix_a_docx_cannot_take_is_named_with_its_reason(tmp_path: Path) -> None:
    from tests.docxgen import write_xml_body

    body = ('<w:p><w:r><w:t>党性分析报告</w:t></w:r></w:p><w:p><w:r><w:t>一、存在的问题</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>一是</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
            ' QUOTE x </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>服务,群众</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>不够。' + filler(3) + '</w:t></w:r></w:p>')  # fmt: skip
    path = write_xml_body(body, tmp_path / "field.docx")
    fixed = _fix(str(path), path.read_bytes())
    assert [d.code for d in fixed.unfixable] == ["P101"]
    done = subprocess.run([sys.executable, "-m", "checker", "--no-cache", "--fix", str(path)], capture_output=True,
                          text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})  # fmt: skip
    said = done.stdout + done.stderr
    assert "field.docx:3:5: P101 未修正：这段文字是 Word 的自动编号、域结果" in said
