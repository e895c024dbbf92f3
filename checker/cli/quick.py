"""The quick path of `reportlint check`: the plain command lines a pre-commit hook, a CI gate or
an editor runs (`reportlint -q --format sarif docs/`), read here without typer, whose import is a
fifth of a warm run over a repository (20 ms: typer, its click, and the standard modules they
pull in). Anything else goes to typer (checker/cli/check.py), with its help and error messages:
an option this table does not know, a value it would have to judge (`--jobs 0`, `--format yaml`),
a form it does not take (`-qj2`, `--`, a value that looks like an option), `--help`; and every
line on Windows, where typer expands the arguments itself.

Taken, a line means what typer would make of it: the same options and spellings, their values
converted and checked as typer converts them, the last of a repeated option winning, the rest
at CheckRequest's defaults. tests/test_quick.py holds this table, CheckRequest and check.py's
typer command in step, and compares the two parsers on generated command lines."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from checker.cli.checking import CheckRequest, check_files, echo
from checker.cli.choices import FailOn, Format, Lang, LinkBackend


def _text(value: str) -> str:
    return value


def _positive_int(value: str) -> int | None:
    # Digits only, and not thousands of them (int() refuses those, typer says so): int() would
    # also take " 2", "+2" and "1_0", which typer's reading takes too, but the quick path need
    # not know that.
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 and int(value) >= 1 else None


def _number_at_least(least: float) -> Callable[[str], float | None]:
    def convert(value: str) -> float | None:
        whole, _, fraction = value.partition(".")
        plain = value.isascii() and (whole or fraction) and (whole == "" or whole.isdigit()) and (
            fraction == "" or fraction.isdigit()
        )
        if not plain:
            return None
        number = float(value)
        return number if number >= least else None

    return convert


def _choice(enum: Any) -> Callable[[str], Any]:
    members = {member.value: member for member in enum}
    return members.get


# Each option: its field in CheckRequest and how its value is read (None: a flag, set True).
# Converters return None for what typer would refuse or might read otherwise.
_FLAG = None
OPTIONS: dict[str, tuple[str, Callable[[str], Any] | None]] = {
    "--template": ("template", _text), "-t": ("template", _text),
    "--checklist": ("checklist", _text),
    "--config": ("config", _text),
    "--links": ("links", _choice(LinkBackend)),
    "--profile": ("profile", _text),
    "--exclude": ("exclude", _text),
    "--no-ignore": ("no_ignore", _FLAG),
    "--jobs": ("jobs", _positive_int), "-j": ("jobs", _positive_int),
    "--baseline": ("baseline", _text),
    "--write-baseline": ("write_baseline", _text),
    "--fix": ("fix", _FLAG),
    "--annotate": ("annotate", _FLAG),
    "--output-dir": ("output_dir", _text),
    "--diff": ("diff", _FLAG),
    "--unsafe-fixes": ("unsafe_fixes", _FLAG),
    "--fix-in-place": ("fix_in_place", _FLAG),
    "--no-cache": ("no_cache", _FLAG),
    "--stdin-filename": ("stdin_filename", _text),
    "--lang": ("lang", _choice(Lang)),
    "--format": ("output_format", _choice(Format)), "-f": ("output_format", _choice(Format)),
    "--output-file": ("output_file", _text), "-o": ("output_file", _text),
    "--fail-on": ("fail_on", _choice(FailOn)),
    "--quiet": ("quiet", _FLAG), "-q": ("quiet", _FLAG),
    "--statistics": ("statistics", _FLAG),
    "--no-source": ("no_source", _FLAG),
    "--exit-zero": ("exit_zero", _FLAG),
    "--debug": ("debug", _FLAG),
    "--max-file-mb": ("max_file_mb", _number_at_least(0.001)),
    "--max-part-mb": ("max_part_mb", _number_at_least(0.001)),
    "--max-ratio": ("max_ratio", _number_at_least(1)),
    "--timeout": ("timeout", _number_at_least(0)),
    "--select": ("select", _text),
    "--extend-select": ("extend_select", _text),
    "--ignore": ("ignore", _text),
}  # fmt: skip
REPEATABLE = frozenset({"exclude"})
COMPLETION = "_REPORTLINT_COMPLETE"  # click's shell completion, for the program named reportlint
WINDOWS = os.name == "nt"


def parse(args: list[str]) -> CheckRequest | None:
    """The request these arguments (those after `check`) make, or None for typer to read them."""
    values: dict[str, Any] = {}
    paths: list[str] = []
    excluded: list[str] = []
    index = 0
    while index < len(args):
        token = args[index]
        index += 1
        if token == "-" or not token.startswith("-"):
            paths.append(token)
            continue
        name, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
        known = OPTIONS.get(name)
        if known is None:
            return None  # --help, --, an unknown option, -qj2
        field_name, convert = known
        if convert is None:
            if equals:
                return None  # --fix=1: typer says a flag takes no value
            values[field_name] = True
            continue
        if not equals:
            if index == len(args) or args[index].startswith("-"):
                return None  # no value, or one typer might read as a value and this would not
            value = args[index]
            index += 1
        converted = convert(value)
        if converted is None:
            return None
        if field_name in REPEATABLE:
            excluded.append(converted)
        else:
            values[field_name] = converted  # the last one given, as typer
    if not paths:
        return None  # typer's "Missing argument 'PATH...'"
    return CheckRequest(paths=paths, exclude=excluded, **values)


def run(args: list[str]) -> int | None:
    """Check as `reportlint check ARGS` would and return its exit status; None, having done
    nothing, when typer must read these arguments."""
    if WINDOWS or COMPLETION in os.environ:
        # Windows: typer expands the arguments (~, %VAR%, globs: cmd.exe leaves them to the
        # program) and writes colour through colorama. A shell's completion asks typer.
        return None
    request = parse(args)
    if request is None:
        return None
    # What typer's command line does with what escapes a command (typer.core._main)
    try:
        return check_files(request)
    except EOFError:
        echo("", err=True)
        echo("Aborted!", err=True)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        import errno

        if exc.errno != errno.EPIPE:
            raise
        # Output to a reader that left (`reportlint … | head`): exit 1, and no error on the
        # flush of the way out.
        sys.stdout = _QuietFlush(sys.stdout)
        sys.stderr = _QuietFlush(sys.stderr)
        return 1


class _QuietFlush:
    """A stream whose flush ignores a closed pipe (click's PacifyFlushWrapper)."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as exc:
            import errno

            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)
