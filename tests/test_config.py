"""Configuration next to the files: discovery, rule selection, severities, per-file ignores,
thresholds, validation — in a temporary repository, run through the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

FLAWED = REPO / "examples" / "flawed.txt"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(cwd)})  # fmt: skip


def codes_by_file(stdout: str) -> dict[str, list[str]]:
    payload = json.loads(stdout)
    return {
        Path(f["path"]).as_posix(): sorted({d["code"] for d in f["diagnostics"]}) for f in payload["files"]
    }


def make_repo(tmp_path: Path) -> Path:
    (tmp_path / "reports" / "archive").mkdir(parents=True)
    shutil.copy(FLAWED, tmp_path / "reports" / "a.txt")
    shutil.copy(FLAWED, tmp_path / "reports" / "archive" / "old.txt")
    return tmp_path


def test_config_ignores_and_per_file_ignores_give_exactly_the_expected_findings(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    (repo / "reportlint.toml").write_text(
        'ignore = ["L"]\n[per-file-ignores]\n"reports/archive/**" = ["N", "S1"]\n[severity]\nN105 = "error"\n',
        "utf-8",
    )
    result = run(["reports", "--format", "json"], repo)
    found = codes_by_file(result.stdout)
    alone = codes_by_file(
        run([str(FLAWED), "--format", "json", "--config", str(repo / "reportlint.toml")], repo).stdout
    )
    full = next(iter(alone.values()))
    assert found["reports/a.txt"] == [c for c in full if not c.startswith("L")]
    assert found["reports/archive/old.txt"] == [c for c in full if not c.startswith(("L", "N", "S1"))]
    severities = {
        d["code"]: d["severity"] for f in json.loads(result.stdout)["files"] for d in f["diagnostics"]
    }
    assert severities["N105"] == "error"


def test_select_extend_select_and_nearest_config_wins(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    (repo / "pyproject.toml").write_text(
        '[tool.reportlint]\nselect = ["N10"]\nextend-select = ["S101"]\n', "utf-8"
    )
    (repo / "reports" / "archive" / "reportlint.toml").write_text('select = ["L101"]\n', "utf-8")
    found = codes_by_file(run(["reports", "--format", "json"], repo).stdout)
    assert (
        all(c.startswith("N10") or c == "S101" for c in found["reports/a.txt"])
        and "S101" in found["reports/a.txt"]
    )
    assert found["reports/archive/old.txt"] == ["L101"]


def test_thresholds_template_exclude_lang_and_fail_on_from_config(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    (repo / "reportlint.toml").write_text(
        'lang = "en"\nfail-on = "error"\nexclude = ["archive/**"]\ntemplate = "duty-report"\nselect = ["L101", "S101"]\n'
        "[lengths]\ndocument_min_chars = 100\n",
        "utf-8",
    )
    shutil.copy(repo / "reportlint.toml", repo / "reports" / "reportlint.toml")
    result = run(["reports"], repo)
    assert "old.txt" not in result.stdout and "a.txt" in result.stdout
    assert "L101" not in result.stdout  # 485 字 ≥ 100
    assert "missing section" in result.stdout  # English, and duty-report's sections
    assert result.returncode == 1  # S101 is an error
    (repo / "reports" / "reportlint.toml").write_text('fail-on = "error"\nselect = ["L101"]\n', "utf-8")
    assert run(["reports/a.txt"], repo).returncode == 0  # L101 is a warning, below fail-on


def test_invalid_configuration_names_file_key_and_allowed_values(tmp_path: Path) -> None:
    for body, expected in [
        ('fail-on = "sometimes"\n', "fail-on: expected one of 'error', 'warning', 'info'"),
        ('select = ["X9"]\n', "select: 'X9' matches no rule"),
        ("colour = true\n", "colour: unknown key"),
        (
            '[severity]\nN101 = "fatal"\n',
            "severity.N101: 'fatal' is not allowed; expected one of error, warning, info",
        ),
        ('[per-file-ignores]\n"*.txt" = "N"\n', "per-file-ignores.*.txt: expected a list"),
    ]:
        (tmp_path / "reportlint.toml").write_text(body, "utf-8")
        result = run([str(FLAWED)], tmp_path)
        assert result.returncode == 2 and "reportlint.toml" in result.stderr and expected in result.stderr, (
            body,
            result.stderr,
        )


def test_init_and_config_commands(tmp_path: Path) -> None:
    assert run(["init"], tmp_path).returncode == 0
    assert (tmp_path / "reportlint.toml").read_text("utf-8").startswith("# reportlint configuration")
    assert run(["init"], tmp_path).returncode == 2  # never overwrites without --force
    shown = json.loads(run(["config", "."], tmp_path).stdout)
    assert shown["config_file"].endswith("reportlint.toml") and shown["template"] == "auto"
    (tmp_path / "reportlint.toml").write_text('ignore = ["N"]\n[severity]\nS101 = "warning"\n', "utf-8")
    shown = json.loads(run(["config", "."], tmp_path).stdout)
    assert "N101" in shown["disabled_rules"] and shown["severity"]["S101"] == "warning"


def test_outline_and_matrix_read_the_report_as_check_does(tmp_path: Path) -> None:
    """The configuration's template applies to `outline` and `matrix` too (they check the file as
    `check` does); --template still overrides it, and --config names another configuration."""
    repo = make_repo(tmp_path)
    (repo / "reportlint.toml").write_text('template = "duty-report"\n', "utf-8")
    for command in ("outline", "matrix"):
        configured = run([command, "reports/a.txt"], repo)
        assert configured.returncode == 0, configured.stderr
        assert configured.stdout.splitlines()[0].startswith("reports/a.txt: 模板 duty-report"), configured.stdout
        named = run([command, "reports/a.txt", "--template", "party-spirit"], repo)
        assert named.stdout.splitlines()[0].startswith("reports/a.txt: 模板 party-spirit"), named.stdout
    (repo / "other.toml").write_text('template = "rectification"\n', "utf-8")
    other = run(["outline", "reports/a.txt", "--config", "other.toml"], repo)
    assert other.stdout.splitlines()[0].startswith("reports/a.txt: 模板 rectification"), other.stdout
    outline = json.loads(run(["outline", "reports/a.txt", "--format", "json"], repo).stdout)
    assert [s["template_section"] for s in outline["sections"]] != [None] * len(outline["sections"])


def test_a_plan_shares_settings_by_folder_and_kind_and_keeps_per_file_globs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan works a folder's settings out once, and one settings object per kind of file
    there, but only where the configuration names no per-file glob: an exclude and a per-file
    ignore still decide file by file."""
    from checker.run.plan import CheckOptions, plan

    for name in ("plain/a.txt", "plain/b.txt", "plain/c.docx", "globs/a.txt", "globs/skip.txt", "globs/c.docx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        source = "clean.docx" if name.endswith(".docx") else "clean.txt"
        shutil.copy(REPO / "examples" / source, tmp_path / name)
    (tmp_path / "globs" / "reportlint.toml").write_text(
        'exclude = ["skip.txt"]\n[per-file-ignores]\n"a.txt" = ["S"]\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    tasks = {t.path: t for t in plan(["."], CheckOptions()).tasks}
    assert sorted(tasks) == ["./globs/a.txt", "./globs/c.docx", "./plain/a.txt", "./plain/b.txt", "./plain/c.docx"]
    assert tasks["./plain/a.txt"].settings is tasks["./plain/b.txt"].settings
    assert tasks["./plain/c.docx"].settings is not tasks["./plain/a.txt"].settings
    assert tasks["./plain/c.docx"].settings.profile is not None and tasks["./plain/a.txt"].settings.profile is None
    ignored = tasks["./globs/a.txt"].settings.rules
    assert ignored is not None and not any(c.startswith("S") for c in ignored.enabled)
    kept = tasks["./globs/c.docx"].settings.rules
    assert kept is not None and any(c.startswith("S") for c in kept.enabled)


def test_a_configuration_without_substance_leaves_its_module_unimported(tmp_path: Path) -> None:
    """The substance rules' module is imported for a [substance] table only: the command line's own
    process reads the configuration of every run, and a warm one checks nothing itself."""
    (tmp_path / "reportlint.toml").write_text('select = ["S", "N"]\n', "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "reportlint.toml").write_text("[substance]\nthought_items = 2\n", "utf-8")
    code = ("import sys\nfrom pathlib import Path\nfrom checker.config import find_config\n"
            "plain = find_config(Path.cwd())\nprint(plain.substance, 'checker.substance' in sys.modules)\n"
            "table = find_config(Path.cwd() / 'sub')\nprint(table.substance.changed(), 'checker.substance' in sys.modules)")  # fmt: skip
    assert lines_printed(code, tmp_path) == ["None False", "{'thought_items': 2} True"]


def test_the_default_profile_is_named_in_the_plan_and_loaded_where_the_file_is_checked(tmp_path: Path) -> None:
    """Under `auto` a .docx is given the built-in GB/T 9704 profile by name: the command line's
    plan (a warm run's whole work) imports no profile code, and the file is checked as with the
    profile itself. A configuration that changes the profile ([format]) or names a TOML file
    still has it loaded and validated in the plan, where its errors are usage errors (and under
    auto that is the built-in one, not a file or folder of its name beside the configuration)."""
    from checker.batch.task import FileSettings, Task
    from checker.profile import load_profile

    (tmp_path / "plain").mkdir()
    shutil.copy(REPO / "examples" / "nested.docx", tmp_path / "plain" / "a.docx")  # F111 under GB/T 9704
    (tmp_path / "changed").mkdir()
    shutil.copy(REPO / "examples" / "flawed.docx", tmp_path / "changed" / "b.docx")
    (tmp_path / "changed" / "reportlint.toml").write_text("[format.headings.2]\nbold = true\n", "utf-8")
    (tmp_path / "changed" / "gbt9704").mkdir()  # auto's profile is the built-in one, whatever stands beside
    code = ("import sys\nfrom checker.run.plan import CheckOptions, plan\n"
            "tasks = {t.path: t.settings.profile for t in plan(['plain'], CheckOptions()).tasks}\n"
            "print(repr(tasks['plain/a.docx']), 'checker.profile' in sys.modules)\n"
            "changed = plan(['changed'], CheckOptions()).tasks[0].settings.profile\n"
            "print(type(changed).__name__, [h.bold for h in changed.headings if h.level == 2])")  # fmt: skip
    assert lines_printed(code, tmp_path) == ["'gbt9704' False", "Profile [True]"]
    named = Task(str(tmp_path / "plain" / "a.docx"), None, FileSettings(profile="gbt9704")).run()
    loaded = Task(str(tmp_path / "plain" / "a.docx"), None, FileSettings(profile=load_profile("gbt9704"))).run()
    assert named.diagnostics == loaded.diagnostics and any(d.code.startswith("F") for d in named.diagnostics)
    assert FileSettings(profile="gbt9704").format_profile() is load_profile("gbt9704")
    (tmp_path / "changed" / "reportlint.toml").write_text("[format.headings.2]\nbold = 3\n", "utf-8")
    bad = run(["check", "changed"], tmp_path)
    assert bad.returncode == 2 and "invalid" in bad.stderr, bad.stderr


def lines_printed(code: str, cwd: Path) -> list[str]:
    """What ``code`` prints in a fresh interpreter (what it imports is its own), line by line."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()
