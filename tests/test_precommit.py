"""The pre-commit hook, for real: `pre-commit try-repo` in a temporary git repository with one bad
and one good report fails on the bad one only."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import REPO

PRE_COMMIT = shutil.which("pre-commit") or str(Path(os.sys.executable).parent / "pre-commit")  # type: ignore[attr-defined]


@pytest.mark.skipif(not Path(PRE_COMMIT).exists(), reason="pre-commit not installed")
@pytest.mark.skipif(not (REPO / ".git").exists(), reason="needs the repository's git history")
def test_try_repo_fails_on_the_bad_report_only(tmp_path: Path) -> None:
    work = tmp_path / "reports"
    work.mkdir()
    env = {**os.environ, "HOME": str(tmp_path), "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}  # fmt: skip
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, env=env)
    shutil.copy(REPO / "examples" / "flawed.txt", work / "bad.txt")
    shutil.copy(REPO / "examples" / "clean.docx", work / "good.docx")
    subprocess.run(["git", "add", "."], cwd=work, check=True, env=env)
    result = subprocess.run(
        [PRE_COMMIT, "try-repo", str(REPO), "reportlint", "--all-files", "--verbose"],
        cwd=work, capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "bad.txt" in output and "good.docx:" not in output
    assert "N101" in output
