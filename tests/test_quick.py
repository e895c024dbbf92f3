"""The check command's quick path (checker/cli/quick.py) against typer's reading of the same
command lines: the same options, the same values, and the same run once read."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st

import checker.cli.check  # noqa: F401  (registers the check command on the app)
from checker.cli import checking
from checker.cli.app import app
from checker.cli.checking import CheckRequest
from checker.cli.quick import OPTIONS, REPEATABLE, parse
from tests.helpers import REPO

EXAMPLES = REPO / "examples"


def _check_command() -> Any:
    group = typer.main.get_command(app)
    return group.get_command(typer.Context(group), "check")


COMMAND = _check_command()


def typer_reading(args: list[str]) -> CheckRequest | None:
    """The request typer's check command makes of ``args``; None when it refuses them."""
    made: list[CheckRequest] = []

    def capture(request: CheckRequest) -> int:
        made.append(request)
        return 0

    original, checking.check_files = checking.check_files, capture  # type: ignore[assignment]
    try:
        COMMAND.main(list(args), prog_name="reportlint", standalone_mode=False)
    except typer._click.exceptions.ClickException:
        return None
    finally:
        checking.check_files = original
    return made[0]


def test_the_table_is_the_check_commands_options() -> None:
    """Every option typer's check command takes is in the quick path's table under the same
    spellings, as a flag exactly where typer's is one, repeatable exactly where typer's is; and
    CheckRequest has a field for each parameter, with typer's default."""
    spellings: dict[str, str] = {}
    for param in COMMAND.params:
        if param.param_type_name != "option":
            assert param.name == "paths"
            continue
        assert not param.secondary_opts, param.name  # a --no-x the table would not know
        for spelling in param.opts:
            spellings[spelling] = param.name
            field_name, convert = OPTIONS[spelling]
            assert field_name == param.name, spelling
            assert (convert is None) == param.is_flag, spelling
        assert (param.name in REPEATABLE) == param.multiple, param.name
    assert spellings == {spelling: field_name for spelling, (field_name, _) in OPTIONS.items()}
    fields = {f.name: f for f in dataclasses.fields(CheckRequest)}
    assert set(fields) == {param.name for param in COMMAND.params}
    defaults = typer_reading(["a.txt"])
    assert defaults == CheckRequest(paths=["a.txt"])


# Values each kind of option may be given beside its usual ones: some typer takes, some it
# refuses, some it reads in ways the quick path leaves to it.
NUMBERS = ["0", "-1", "007", "0.5", ".5", "5.", "1e3", " 2", "+2", "1_0", "abc", "", "0.0001", "0.001", "1.", "٣"]
WORDS = ["JSON", "yaml", "", "Text", "EN", " json", "auto ", "semantic"]
TEXTS = ["", "-", "--fix", "a=b", "-x"]
ODD_VALUES = {"--jobs": NUMBERS, "-j": NUMBERS, "--max-file-mb": NUMBERS, "--max-part-mb": NUMBERS,
              "--max-ratio": NUMBERS, "--timeout": NUMBERS, "--format": WORDS, "-f": WORDS, "--lang": WORDS,
              "--links": WORDS, "--fail-on": WORDS}  # fmt: skip
PLAIN_VALUES = {
    "--jobs": ["1", "2", "16"], "-j": ["1", "3"], "--format": ["text", "json", "sarif", "junit"], "-f": ["github"],
    "--lang": ["zh", "en"], "--links": ["auto", "lexical"], "--fail-on": ["error", "warning", "info"],
    "--max-file-mb": ["1", "0.5", "100"], "--max-part-mb": ["32", ".5"], "--max-ratio": ["1", "300.0"],
    "--timeout": ["0", "2.5"],
}  # fmt: skip
PATHS = ["a.txt", "docs", "b.docx", "-", "报告 1.md", "x=y.txt"]
ODD = ["--help", "--", "-qf", "-j2", "-qj", "--unknown", "-x", "--no-fix", "--fix=1", "--jobs=", "-h"]


@st.composite
def command_lines(draw: Any) -> tuple[list[str], bool]:
    """A command line, and whether it is a plain one (the quick path must read it)."""
    tokens: list[str] = []
    plain = True
    for _ in range(draw(st.integers(0, 7))):
        kind = draw(st.sampled_from(["path", "option", "option", "option", "odd"]))
        if kind == "path":
            tokens.append(draw(st.sampled_from(PATHS)))
            continue
        if kind == "odd":
            tokens.append(draw(st.sampled_from(ODD)))
            plain = False
            continue
        spelling = draw(st.sampled_from(sorted(OPTIONS)))
        convert = OPTIONS[spelling][1]
        if convert is None:
            tokens.append(spelling)
            continue
        usual = PLAIN_VALUES.get(spelling, ["x", "N101", "docs/out", "报告.toml"])
        odd_value = draw(st.booleans())
        value = draw(st.sampled_from(ODD_VALUES.get(spelling, TEXTS) if odd_value else usual))
        plain = plain and not odd_value
        if spelling.startswith("--") and draw(st.booleans()):
            tokens.append(f"{spelling}={value}")
        else:
            tokens += [spelling, value]
    if draw(st.booleans()):
        tokens.append(draw(st.sampled_from(PATHS)))
    return tokens, plain and any(not t.startswith("-") or t == "-" for t in _positionals(tokens))


def _positionals(tokens: list[str]) -> list[str]:
    """The tokens that are not options or their values (in a plain line)."""
    found = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.startswith("-") and token != "-":
            known = OPTIONS.get(token)
            if known is not None and known[1] is not None:
                index += 1
            continue
        found.append(token)
    return found


@settings(max_examples=600, deadline=None)
@given(command_lines())
def test_the_quick_path_reads_a_line_as_typer_does(line: tuple[list[str], bool]) -> None:
    """Whatever the quick path reads, typer reads the same way; and it reads every plain line
    (else every hook would pay for typer)."""
    args, plain = line
    quick = parse(args)
    if quick is not None:
        assert typer_reading(args) == quick, args
    elif plain:
        assert typer_reading(args) is None, f"a plain line typer takes and the quick path does not: {args}"


def test_each_option_with_each_value_is_read_as_typer_reads_it() -> None:
    """Every spelling of every option, with every value of the pools, in both forms (`--x v`,
    `--x=v`), before and after a path: the quick path reads it as typer does, or leaves it."""
    taken = 0
    for spelling, (_, convert) in OPTIONS.items():
        values = [""] if convert is None else [*ODD_VALUES.get(spelling, TEXTS), *PLAIN_VALUES.get(spelling, ["x"])]
        for value in values:
            forms = [[spelling]] if convert is None else [[spelling, value]]
            if spelling.startswith("--"):
                forms.append([f"{spelling}={value}"])
            for form in forms:
                for args in ([*form, "a.txt"], ["a.txt", *form]):
                    quick = parse(args)
                    assert quick == typer_reading(args) or quick is None, args
                    taken += quick is not None
    assert taken > 300  # the usual values are read here, not left to typer


def test_the_quick_path_passes_on_what_it_does_not_take() -> None:
    """Lines whose reading is typer's to give (its help, its errors, forms the table leaves to it)."""
    for args in (["--help"], [], ["a.txt", "--jobs", "0"], ["a.txt", "--format", "yaml"], ["a.txt", "-qj2"],
                 ["a.txt", "--jobs", "1" * 5000],  # int() refuses it (typer says so), and must not raise here
                 ["--", "a.txt"], ["a.txt", "--fix=yes"], ["a.txt", "--output-file"], ["a.txt", "-o", "-"],
                 ["a.txt", "--timeout", "1e3"], ["a.txt", "--no-such-option"]):  # fmt: skip
        assert parse(args) is None, args
    assert parse(["a.txt", "-q", "--format=json", "--exclude", "x", "--exclude=y", "-j", "2"]) == CheckRequest(
        paths=["a.txt"], quiet=True, output_format=checking.Format.json, exclude=["x", "y"], jobs=2
    )


def test_typer_reads_every_line_on_windows_and_for_completion(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows typer expands ~, %VAR% and globs in the arguments itself (cmd.exe leaves them to
    the program); a shell's completion asks typer. The quick path then leaves the line alone."""
    from checker.cli import quick

    monkeypatch.setattr(quick, "check_files", lambda request: pytest.fail("the quick path ran the check"))
    monkeypatch.setattr(quick, "WINDOWS", True)
    assert quick.run(["a.txt"]) is None
    monkeypatch.setattr(quick, "WINDOWS", False)
    monkeypatch.setenv(quick.COMPLETION, "bash_source")
    assert quick.run(["a.txt"]) is None
    monkeypatch.delenv(quick.COMPLETION)
    with pytest.raises(pytest.fail.Exception):
        quick.run(["a.txt"])  # and otherwise it runs


def _reportlint(args: list[str], cwd: Path, stdin: str = "", **env: str) -> tuple[int, str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI")} | {"PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-m", "checker", *args], input=stdin.encode("utf-8"), capture_output=True,
                         cwd=cwd, env=environment | env)  # fmt: skip
    return run.returncode, run.stdout.decode("utf-8"), run.stderr.decode("utf-8")


def test_an_ascii_terminal_gets_utf_8_as_from_click(tmp_path: Path) -> None:
    """Under LC_ALL=C or PYTHONIOENCODING=ascii, click's echo wrote UTF-8 beneath the ASCII
    stream; the check's echo does the same, on both paths (a plain write raised)."""
    (tmp_path / "flawed.txt").write_bytes((EXAMPLES / "flawed.txt").read_bytes())
    for args in (["flawed.txt", "--no-cache"], ["--no-cache", "--", "flawed.txt"]):
        status, out, err = _reportlint(args, tmp_path, PYTHONIOENCODING="ascii")
        assert status == 1 and "N101 [错误] 编号不连续" in out and "Error" not in err, err
        status, out, err = _reportlint(["-f", "xlsx", *args], tmp_path, PYTHONIOENCODING="ascii")
        assert status == 2 and "需要 -o 文件名" in err


@pytest.mark.parametrize(
    ("paths", "options"),
    [
        (["flawed.txt"], ["--no-cache"]),
        (["flawed.txt", "clean.txt"], ["--no-cache", "--format", "json", "--lang", "en"]),
        (["missing.txt"], ["--no-cache"]),  # a usage error from the plan
        (["flawed.txt"], ["--no-cache", "--format", "xlsx"]),  # refused: no -o
        (["-"], ["--no-cache", "--stdin-filename", "piped.txt", "--statistics"]),
        (["colour.txt"], ["--no-cache", "-q", "--fail-on", "info"]),
        (["colour.txt"], ["--no-cache", "--diff", "--unsafe-fixes"]),
        (["colour.txt"], ["--no-cache", "--links", "semantic"]),  # exit 2 unless reportlint[semantic] is installed
    ],
)
def test_both_readings_run_the_same_check(tmp_path: Path, paths: list[str], options: list[str]) -> None:
    """A line run by the quick path and the same line given to typer (after `--`, which only
    typer takes) print the same and exit the same, a terminal's colour codes in a file taken out
    of what goes to a pipe as click's echo takes them out."""
    for name in ("flawed.txt", "clean.txt"):
        (tmp_path / name).write_bytes((EXAMPLES / name).read_bytes())
    flawed = (EXAMPLES / "flawed.txt").read_text("utf-8")
    (tmp_path / "colour.txt").write_text(flawed.replace("运用", "\x1b[31m运用"), "utf-8")
    args = [*paths, *options]
    assert parse(args) is not None
    quick = _reportlint(args, tmp_path, stdin=flawed)
    typer_run = _reportlint([*options, "--", *paths], tmp_path, stdin=flawed)
    assert quick == typer_run
    assert "\x1b" not in quick[1] + quick[2]
    assert quick[0] in (1, 2)
