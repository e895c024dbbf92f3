from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.helpers import REPO

SCHEMA = json.loads((REPO / "docs" / "report.schema.json").read_text("utf-8"))
EXAMPLES = REPO / "examples"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd or REPO
    )


def test_clean_example_exits_zero() -> None:
    for name in ("clean.txt", "clean.docx", "nested.txt", "nested.docx"):
        result = run(str(EXAMPLES / name))
        assert result.returncode == 0, result.stdout
        assert "0 个错误，0 个警告" in result.stdout


def test_flawed_example_exits_one_and_shows_each_code() -> None:
    result = run(str(EXAMPLES / "flawed.docx"), "--format", "json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    jsonschema.validate(payload, SCHEMA)
    shown = {d["code"] for d in payload["files"][0]["diagnostics"]}
    expected = (
        {f"S10{i}" for i in range(1, 7)} | {f"N10{i}" for i in range(1, 7)} | {"C101", "L101", "L103", "L105"}
    )
    assert expected <= shown


def test_text_output_has_location_code_and_carets() -> None:
    result = run(str(EXAMPLES / "flawed.txt"))
    assert "flawed.txt:9:1: N101 [错误] 编号不连续" in result.stdout
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "flawed.txt:9:1: N101" in line)
    assert lines[at + 1].startswith(" 9 | 3.运用")
    assert lines[at + 2] == "   | ^^"


def test_english_messages() -> None:
    result = run(str(EXAMPLES / "flawed.txt"), "--lang", "en", "--no-source")
    assert "N101 [error] numbering gap" in result.stdout
    assert "files checked" in result.stdout or "file checked" in result.stdout


def test_corrupt_file_among_good_ones(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 this is not a zip")
    result = run(str(EXAMPLES / "clean.docx"), str(bad), str(EXAMPLES / "clean.txt"), "--format", "json")
    assert result.returncode == 2
    payload = json.loads(result.stdout)
    jsonschema.validate(payload, SCHEMA)
    assert [f["error"]["code"] if f["error"] else None for f in payload["files"]] == [None, "E002", None]
    assert payload["summary"]["unreadable"] == 1
    text = run(str(EXAMPLES / "clean.docx"), str(bad))
    assert text.returncode == 2 and text.stdout.count("E002") == 1 and "Traceback" not in text.stderr


def test_directories_are_walked_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text((EXAMPLES / "clean.txt").read_text("utf-8"), "utf-8")
    (tmp_path / "a.md").write_text((EXAMPLES / "clean.txt").read_text("utf-8"), "utf-8")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    payload = json.loads(run(str(tmp_path), "--format", "json").stdout)
    assert [Path(f["path"]).name for f in payload["files"]] == ["a.md", "z.txt"]


def test_fail_on_quiet_and_exit_zero() -> None:
    flawed = str(EXAMPLES / "flawed.txt")
    assert run(flawed, "--fail-on", "error").returncode == 1
    quiet = run(flawed, "-q")
    assert quiet.returncode == 1 and len(quiet.stdout.strip().splitlines()) == 1
    assert run(str(EXAMPLES / "clean.txt"), "-q").stdout == ""
    assert run(flawed, "--exit-zero").returncode == 0


def test_missing_file_and_bad_template(tmp_path: Path) -> None:
    assert run(str(tmp_path / "nope.docx")).returncode == 2
    broken = tmp_path / "t.toml"
    broken.write_text(
        'name = "x"\ntitle = "x"\n[[sections]]\nid = "p"\nrole = "problemz"\nlabel = "问题"\nkeywords = ["问题"]\n',
        "utf-8",
    )
    result = run(str(EXAMPLES / "clean.txt"), "--template", str(broken))
    assert result.returncode == 2
    assert "sections.0.role" in result.stderr and "problemz" in result.stderr


def test_rules_explain_outline_commands() -> None:
    rules = json.loads(run("rules", "--format", "json").stdout)
    assert {"N101", "S101", "L103", "C101"} <= {r["code"] for r in rules}
    explain = run("explain", "n101")
    assert explain.returncode == 0 and "错误示例" in explain.stdout and "一是……二是……四是……" in explain.stdout
    assert run("explain", "X999").returncode == 2
    outline = json.loads(run("outline", str(EXAMPLES / "nested.docx"), "--format", "json").stdout)
    assert [s["role"] for s in outline["sections"]] == ["problems", "causes", "measures"]
    assert [i["marker"] for i in outline["sections"][0]["items"]] == ["（一）", "（二）", "（三）"]
    tree = run("outline", str(EXAMPLES / "nested.txt"))
    assert "对照检查情况" in tree.stdout and "（一）政治理论学习方面" in tree.stdout


@pytest.mark.parametrize("name", ["clean.txt", "flawed.txt", "nested.docx"])
def test_json_validates(name: str) -> None:
    payload = json.loads(run(str(EXAMPLES / name), "--format", "json").stdout)
    jsonschema.validate(payload, SCHEMA)
    diagnostics = payload["files"][0]["diagnostics"]
    assert diagnostics == sorted(diagnostics, key=lambda d: (d["line"], d["column"], d["code"]))


def test_matrix_reads_at_80_columns_and_explains_links() -> None:
    import os

    env = dict(os.environ, COLUMNS="80", NO_COLOR="1")
    result = subprocess.run(
        [sys.executable, "-m", "checker", "matrix", str(EXAMPLES / "nested.txt"), "--explain-links"],
        capture_output=True, text=True, cwd=REPO, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    from checker.output.text import cell_width

    assert max(sum(cell_width(c) for c in line) for line in lines[1:]) <= 80
    assert "●" in result.stdout and "P1 → C1" in result.stdout and "P3 → M3" in result.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only")
def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = b"r\xff.txt"
    with open(bytes(tmp_path) + b"/" + name, "wb") as handle:
        handle.write((EXAMPLES / "flawed.txt").read_bytes())
    for output in ("json", "sarif", "text"):
        result = subprocess.run([sys.executable, "-m", "checker", ".", "--format", output], cwd=tmp_path,
                                capture_output=True, check=False)  # fmt: skip
        assert result.returncode == 1 and b"Traceback" not in result.stderr, (output, result.stderr)
    payload = json.loads(subprocess.run([sys.executable, "-m", "checker", ".", "--format", "json"], cwd=tmp_path,
                                        capture_output=True, check=False).stdout.decode("utf-8", "surrogateescape"))  # fmt: skip
    assert payload["files"][0]["diagnostics"]
    for step in (["--write-baseline", "base.json"], ["--baseline", "base.json"]):
        result = subprocess.run([sys.executable, "-m", "checker", ".", *step], cwd=tmp_path, capture_output=True,
                                check=False)  # fmt: skip
        assert b"Traceback" not in result.stderr
    assert result.returncode == 0  # every finding is in the baseline


def _cells(text: str) -> int:
    from checker.output.text import cell_width

    return sum(map(cell_width, text))


def test_options_may_stand_before_the_command_as_in_git_and_ruff(tmp_path: Path) -> None:
    from tests.docxgen import write_report
    from tests.helpers import report

    write_report(report().splitlines(), tmp_path / "x.docx", layout=False)
    english = run("--lang", "en", "format", "x.docx", cwd=tmp_path)
    assert english.returncode == 0, english.stdout + english.stderr
    assert "laid out" in english.stdout and "E001" not in english.stdout and (tmp_path / "x.formatted.docx").is_file()
    (tmp_path / "x.formatted.docx").unlink()
    no_cache = run("--no-cache", "format", "x.docx", cwd=tmp_path)
    assert no_cache.returncode == 0 and (tmp_path / "x.formatted.docx").is_file(), no_cache.stdout + no_cache.stderr
    check = run("--no-cache", "--lang", "en", "x.docx", cwd=tmp_path)
    assert "E001" not in check.stdout and "1 file checked" in check.stdout
    assert run("--format", "json", "-q", "x.docx", cwd=tmp_path).stdout.lstrip().startswith("{")


def test_every_option_that_takes_a_value_is_known_before_the_command() -> None:
    import typer

    from checker.cli.app import app
    from checker.main import VALUE_OPTIONS, command_line

    group = typer.main.get_command(app)
    taking: set[str] = set()
    flags: set[str] = set()

    def walk(command: Any) -> None:
        if isinstance(command, typer.core.TyperGroup):  # through the group's API: its commands are built when asked for
            context = typer.Context(command)
            for name in command.list_commands(context):
                walk(command.get_command(context, name))
        for param in getattr(command, "params", []):
            if param.param_type_name == "option":
                (flags if param.is_flag or param.count else taking).update(param.opts)

    walk(group)
    assert taking <= VALUE_OPTIONS and not (flags & VALUE_OPTIONS), (taking - VALUE_OPTIONS, flags & VALUE_OPTIONS)
    assert command_line(["--template", "duty-report", "format", "a.docx"]) == ["format", "--template", "duty-report", "a.docx"]
    assert command_line(["--lang=en", "x.docx"]) == ["check", "--lang=en", "x.docx"]
    assert command_line(["--help"]) == ["--help"] and command_line(["x.docx"]) == ["check", "x.docx"]


def test_top_level_help_lists_the_check_options_and_whole_descriptions() -> None:
    shown = subprocess.run([sys.executable, "-m", "checker", "--help"], capture_output=True, text=True, cwd=REPO,
                           env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "COLUMNS": "100"}).stdout  # fmt: skip
    for option in ("--template", "--fix", "--annotate", "--format", "--lang", "--select", "--no-cache"):
        assert option in shown, option
    assert "{paths}" not in shown and "{PATH}" not in shown and "reportlint [OPTIONS] PATH..." in shown
    commands = shown[shown.index("Commands:") :]
    assert "..." not in commands and "(like `ruff clean`)" in commands
    for command in ("check", "format", "similar"):
        usage = run(command, "--help").stdout.splitlines()[0]
        assert usage == f"Usage: reportlint {command} [OPTIONS] PATH...", usage


def test_a_missing_file_is_said_in_one_language_and_not_counted_as_checked(tmp_path: Path) -> None:
    import re

    chinese = run("nonexistent.docx", cwd=tmp_path)
    assert chinese.returncode == 2
    assert "无法打开文件：文件不存在" in chinese.stdout and not re.search(r"[A-Za-z]{3,}", chinese.stdout.replace("nonexistent.docx", "").replace("E001", ""))
    assert "共检查 0 个文件" in chinese.stdout and "1 个文件无法读取" in chinese.stdout
    english = run("nonexistent.docx", "--lang", "en", cwd=tmp_path)
    assert "cannot open the file: no such file" in english.stdout and "0 files checked: 0 errors" in english.stdout


def test_a_span_over_a_whole_long_line_keeps_both_rows_within_the_window() -> None:
    from checker.output.text import MAX_EXCERPT_WIDTH, mark_span

    line = "坚持把学习成果转化为推动工作的具体举措，做到学以致用、知行合一，在实际工作中见到成效。" * 3
    shown, carets = mark_span(line, 0, len(line) - 1)
    assert _cells(shown) <= MAX_EXCERPT_WIDTH + 1 and _cells(carets) <= MAX_EXCERPT_WIDTH
    assert shown.endswith("…") and carets == "^" * _cells(shown[:-1])
    shown, carets = mark_span(line, 10, len(line) - 1)  # from inside the line to its end
    assert shown.startswith("…") and _cells(carets) <= MAX_EXCERPT_WIDTH and carets.startswith(" ^")


def test_readme_first_screen_names_the_venv_the_test_time_and_what_skips() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    first = readme[: readme.index("## Usage")]
    assert len(first.splitlines()) <= 40
    assert "source .venv/bin/activate" in first and ".venv/bin/reportlint" in first
    assert "minutes" in first and "Without ../shared" in first and "skip" in first
    install = 'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest -q'
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert install in first and '-e ".[test]"' in ci and ".venv/bin/python -m pytest -q" in ci
    assert "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/reportlint --exit-zero examples/flawed.docx" in first


def test_carets_stand_under_a_finding_deep_in_a_long_paragraph(tmp_path: Path) -> None:
    # The excerpt of a paragraph over 400 characters is a window of it: the carets are placed in
    # the window, under the finding, not at the column counted from the paragraph's start.
    text = "一、存在的问题\n（一）学习不够。" + "认真学习理论知识，" * 60 + "提高工作效律，" + "深入基层调研，" * 40 + "\n"
    (tmp_path / "long.txt").write_text(text, "utf-8")
    lines = run("long.txt", "--select", "T105", cwd=tmp_path).stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "T105" in line)
    shown, carets = lines[at + 1].split(" | ", 1)[1], lines[at + 2].split(" | ", 1)[1]
    assert shown.startswith("…") and shown.endswith("…")
    lead = len(carets) - len(carets.lstrip(" "))
    before = next(i for i in range(len(shown)) if _cells(shown[:i]) == lead)
    assert shown[before : before + 2] == "效律" and carets.strip() == "^" * _cells("效律")


def test_findings_on_one_huge_paragraph_share_their_excerpts() -> None:
    # A hostile 2 MB paragraph of inline items gets a finding or three per item: each holding its
    # own 400-character excerpt was a quarter of the check's memory.
    from checker.pipeline import EXCERPT_STEP, MAX_EXCERPT, check_path
    from tests.adversarial import inline_markers, sized

    _, data = sized(inline_markers, 200_000)
    result = check_path("huge.txt", data=data)
    longest = max(len(line) for line in data.decode("utf-8").splitlines())
    on_it = [d for d in result.diagnostics if len(d.excerpt) > MAX_EXCERPT // 2]
    assert len(on_it) > 5_000
    assert len({id(d.excerpt) for d in on_it}) <= longest // EXCERPT_STEP + 2
    for d in on_it[:: len(on_it) // 50]:  # each window holds its finding
        assert d.excerpt_start <= d.column - 1 < d.excerpt_start + MAX_EXCERPT


def _cli_modules_of(tmp_path: Path, *args: str) -> tuple[list[str], bool]:
    """The checker.cli modules `reportlint ARGS` imports in tmp_path, and whether typer is among
    its modules."""
    code = ("import atexit, sys\natexit.register(lambda: print(sorted(m for m in sys.modules "
            "if m.startswith('checker.cli.')), 'typer' in sys.modules, file=sys.stderr))\n"
            "from checker.main import main\nmain()")  # fmt: skip
    run_ = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=tmp_path, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "REPORTLINT_NO_WORKER": "1"})  # fmt: skip
    assert run_.returncode in (0, 1), run_.stderr
    modules, typer = run_.stderr.strip().splitlines()[-1].rsplit(" ", 1)
    return json.loads(modules.replace("'", '"')), typer == "True"


def test_a_check_builds_only_the_check_command(tmp_path: Path) -> None:
    """`reportlint FILE` imports the check command's module alone: the other commands (serve,
    similar, format …) cost start-up only when they are asked for. A plain command line is read
    without typer at all (checker/cli/quick.py); one it passes on builds typer's check command."""
    (tmp_path / "a.txt").write_text("党性分析报告\n", "utf-8")
    assert _cli_modules_of(tmp_path, "a.txt", "--no-cache", "-q") == (
        ["checker.cli.checking", "checker.cli.choices", "checker.cli.quick"], False)  # fmt: skip
    assert _cli_modules_of(tmp_path, "--no-cache", "-q", "--", "a.txt") == (
        ["checker.cli.app", "checker.cli.check", "checker.cli.checking", "checker.cli.choices",
         "checker.cli.options", "checker.cli.quick"], True)  # fmt: skip


def test_every_command_is_named_where_it_is_loaded_from() -> None:
    """Each command its module registers is listed in LAZY_COMMANDS (else it could never be
    found) and in checker.main's COMMANDS, and each resolves to itself."""
    import importlib

    import typer

    from checker.cli.app import LAZY_COMMANDS, Group, app
    from checker.main import COMMANDS

    for module in set(LAZY_COMMANDS.values()):
        importlib.import_module(f"checker.cli.{module}")
    registered = {info.name or typer.main.get_command_name(info.callback.__name__)  # type: ignore[union-attr]
                  for info in app.registered_commands} | {g.name for g in app.registered_groups}  # fmt: skip
    assert registered == set(LAZY_COMMANDS) == COMMANDS
    group = typer.main.get_command(app)
    assert isinstance(group, Group)
    for name in LAZY_COMMANDS:
        command = Group(name="fresh").get_command(typer.Context(group), name)  # a group that has built nothing yet
        assert command is not None and command.name == name, name


def _leaving(code: str) -> subprocess.CompletedProcess[str]:
    """A process that ends through checker.main.leave after ``code``."""
    program = f"import atexit, sys, threading, time\nfrom checker.main import leave\n{code}"
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})  # fmt: skip


def test_leaving_does_what_an_exit_must() -> None:
    """The command line exits without tearing the interpreter down, but nothing an exit owes is
    skipped: buffered output (a pipe is block-buffered) is written, atexit handlers run, a
    thread still working is waited for, and the status is sys.exit's."""
    run = _leaving("print('out')\natexit.register(lambda: print('handler', file=sys.stderr))\n"
                   "threading.Thread(target=lambda: (time.sleep(0.2), print('thread'))).start()\nleave(3)")  # fmt: skip
    assert (run.returncode, run.stdout, run.stderr) == (3, "out\nthread\n", "handler\n")
    assert _leaving("leave(None)").returncode == 0
    message = _leaving("leave('stopped: no files')")
    assert (message.returncode, message.stderr) == (1, "stopped: no files\n")


def test_leaving_with_output_it_cannot_write_exits_120() -> None:
    """As Python does when the standard output cannot be flushed at exit (a reader that went away)."""
    run = _leaving("import os\nprint('lost')\nos.close(1)\nleave(0)")
    assert run.returncode == 120
