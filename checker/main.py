"""The entry point, kept apart from the command line's module so that a check starts its warm
worker before anything heavy is imported: the worker imports the checker and loads the rules on
the other core while this process imports typer and reads the options, the configuration and
the cache. A one-file check then costs little more than the larger of the two."""

from __future__ import annotations

import os
import sys

COMMANDS = {"check", "format", "similar", "rules", "explain", "outline", "matrix", "templates", "template", "init", "config",
            "clean", "serve"}  # fmt: skip


def main() -> None:
    """`reportlint FILE…` is `reportlint check FILE…`."""
    argv = sys.argv[1:]
    if argv and argv[0] == "--version":
        from checker import __version__

        print(f"reportlint {__version__}")
        return
    if argv and argv[0] not in COMMANDS and argv[0] not in ("--help", "-h"):
        sys.argv.insert(1, "check")
        argv = sys.argv[1:]
    if "--debug" in argv:
        os.environ["REPORTLINT_DEBUG"] = "1"  # before the worker is forked, so that it knows too
    from checker.batch import start_early_worker, tune_gc

    tune_gc()
    if argv and argv[0] == "check" and _wants_worker(argv[1:]):
        start_early_worker()
    from checker.cli import app

    app(prog_name="reportlint")


def _wants_worker(args: list[str]) -> bool:
    """A check of files (not standard input, not one process only, not --help)."""
    if "-" in args or "--help" in args or "-h" in args:
        return False
    for flag in ("--jobs", "-j"):
        if flag in args:
            index = args.index(flag)
            if index + 1 < len(args) and args[index + 1] == "1":
                return False
        if any(a in (f"{flag}=1", f"{flag}1") for a in args):
            return False
    return os.environ.get("REPORTLINT_NO_WORKER") is None
