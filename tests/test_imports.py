"""The import contract (pyproject.toml [tool.importlinter]): the pipeline's stages import only the
stages before them, check families and readers do not import each other. `lint-imports` holds it;
these tests run it on the real package, and on a copy with one bad import added, to show that the
real contract fails on an upward import, a cycle and a check importing another."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` with the project's contracts on the package under ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo", str(root / "pyproject.toml")], cwd=root,
                          env=env, capture_output=True, text=True, check=False)  # fmt: skip


def with_import(tmp_path: Path, module: str, line: str) -> Path:
    """A copy of the package and its contracts, with ``line`` added to ``module`` (a path under
    checker/)."""
    shutil.copytree(REPO / "checker", tmp_path / "checker", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "checker" / module
    target.write_text(target.read_text("utf-8") + f"\n{line}\n", "utf-8")
    return tmp_path


def test_the_package_keeps_every_contract() -> None:
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_copy_is_what_is_analysed(tmp_path: Path) -> None:
    """The copy keeps the contracts as it is: the failures below come from the added line."""
    root = with_import(tmp_path, "read/types.py", "")
    result = lint_imports(root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_reader_that_imports_a_later_stage_breaks_the_pipeline(tmp_path: Path) -> None:
    root = with_import(tmp_path, "read/types.py", "from checker.pipeline import check_path  # noqa")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "One-way pipeline" in result.stdout and "BROKEN" in result.stdout
    assert "checker.read.types -> checker.pipeline" in result.stdout


def test_a_cycle_between_two_stages_breaks_the_pipeline(tmp_path: Path) -> None:
    """The checks import the aligner; the aligner importing a check closes a cycle."""
    root = with_import(tmp_path, "align/sections.py", "from checker.checks import structure  # noqa")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "checker.align.sections -> checker.checks" in result.stdout


def test_a_type_only_import_counts_too(tmp_path: Path) -> None:
    """The model names no engine type, not even for the type checker."""
    line = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from checker.align import Alignment  # noqa"
    result = lint_imports(with_import(tmp_path, "model/__init__.py", line))
    assert result.returncode == 1
    assert "checker.model -> checker.align" in result.stdout


def test_a_check_that_imports_another_family_breaks_their_independence(tmp_path: Path) -> None:
    root = with_import(tmp_path, "checks/length.py", "from checker.checks.counts import count_items  # noqa")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "A check never imports another check family BROKEN" in result.stdout.replace("\n", " ")
