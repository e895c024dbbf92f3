"""Fixes write a corrected copy; the input changes only with --fix-in-place, atomically."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO

TEXT = "党性分析报告\n一、存在的问题\n一是学习不够,联系实际不够。。思想上松懈...做为党员，学习习近平新时代中国特色社会义思想不够，２０２４年。\n"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "checker", *args, "--no-cache"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
    )


def test_safe_fixes_go_to_a_copy(tmp_path: Path) -> None:
    source = tmp_path / "r.txt"
    source.write_text(TEXT, "utf-8")
    before = source.read_bytes(), source.stat().st_mtime_ns
    run(["r.txt", "--fix"], tmp_path)
    assert (source.read_bytes(), source.stat().st_mtime_ns) == before
    fixed = (tmp_path / "r.fixed.txt").read_text("utf-8")
    assert "学习不够，联系实际不够。思想上松懈……做为党员" in fixed and "2024年" in fixed
    assert "社会义思想" in fixed  # a formulation is an unsafe fix: not without --unsafe-fixes


def test_unsafe_fixes_and_encoding_kept(tmp_path: Path) -> None:
    source = tmp_path / "r.txt"
    source.write_bytes(TEXT.encode("gb18030"))
    run(["r.txt", "--fix", "--unsafe-fixes"], tmp_path)
    fixed = (tmp_path / "r.fixed.txt").read_bytes().decode("gb18030")
    assert "作为党员" in fixed and "社会主义思想" in fixed


def test_fix_in_place_is_explicit_and_atomic(tmp_path: Path) -> None:
    source = tmp_path / "r.md"
    source.write_text("# 党性分析报告\n\n" + TEXT.split("\n", 1)[1], "utf-8")
    run(["r.md", "--fix-in-place"], tmp_path)
    assert "学习不够，联系实际不够。" in source.read_text("utf-8")
    assert not (tmp_path / "r.fixed.md").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".reportlint-")] == []


def test_docx_fix_goes_to_a_copy_and_in_place_only_when_asked(tmp_path: Path) -> None:
    import shutil

    shutil.copy(REPO / "examples" / "flawed.docx", tmp_path / "f.docx")
    before = (tmp_path / "f.docx").read_bytes()
    run(["f.docx", "--fix"], tmp_path)
    assert (tmp_path / "f.docx").read_bytes() == before
    assert (tmp_path / "f.fixed.docx").exists()
    run(["f.docx", "--fix-in-place"], tmp_path)
    assert (tmp_path / "f.docx").read_bytes() != before
    assert (tmp_path / "f.docx").read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".reportlint-")] == []
