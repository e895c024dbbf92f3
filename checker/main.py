"""The entry point, kept apart from the command line's module so that a check starts its warm
worker before anything heavy is imported: the worker imports the checker and loads the rules on
the other core while this process imports typer and reads the options, the configuration and
the cache. A one-file check then costs little more than the larger of the two."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing itself costs 7 ms, and nothing may come before the fork
if TYPE_CHECKING:
    from typing import NoReturn

COMMANDS = {"check", "format", "similar", "rules", "explain", "outline", "matrix", "templates", "template", "init", "config",
            "clean", "serve"}  # fmt: skip


# Options that take a value, of every command (tests/test_cli.py keeps this in step with the
# commands' own): what follows one of them before the command is its value, not the command.
VALUE_OPTIONS = frozenset({
    "--against", "--baseline", "--checklist", "--config", "--exclude", "--extend-select", "--format", "-f",
    "--host", "--ignore", "--jobs", "-j", "--lang", "--links", "--max-file-mb", "--max-part-mb", "--max-ratio",
    "--max-request-mb", "--max-upload-mb", "--output", "-o", "--output-dir", "--output-file", "--port",
    "--profile", "--select", "--stdin-filename", "--template", "-t", "--timeout", "--token", "--top",
    "--write-baseline", "--fail-on", "--tokens", "--proxy-user-header", "--trusted-proxy", "--root-path",
    "--workers", "--worker-memory-mb", "--queue", "--access-log",
})  # fmt: skip


def command_line(argv: list[str]) -> list[str]:
    """The arguments as the commands take them. `reportlint FILE…` is `reportlint check FILE…`,
    and options may stand before the command, as in git and ruff: `reportlint --lang en format
    x.docx` is `reportlint format --lang en x.docx`."""
    leading: list[str] = []
    index = 0
    while index < len(argv) and argv[index].startswith("-") and argv[index] not in ("-", "--", "--help", "-h"):
        token = argv[index]
        leading.append(token)
        index += 1
        if "=" not in token and token in VALUE_OPTIONS and index < len(argv):
            leading.append(argv[index])
            index += 1
    rest = argv[index:]
    if rest and rest[0] in COMMANDS:
        return [rest[0], *leading, *rest[1:]]
    if not leading and (not rest or rest[0] in ("--help", "-h")):
        return rest  # the top-level help
    return ["check", *leading, *rest]


def main() -> None:
    """`reportlint FILE…` is `reportlint check FILE…`; options may come before the command."""
    argv = sys.argv[1:]
    if argv == ["__worker__"]:  # a worker process of `reportlint serve` (checker/batch/pool.py)
        from checker.batch.workers import stdio_worker

        stdio_worker()
        return
    if not argv and getattr(sys, "frozen", False):
        argv = ["serve", "--open", "--double-click"]  # the single-file program, double-clicked
    if argv and argv[0] == "--version":
        from checker import __version__

        print(f"reportlint {__version__}")
        return
    argv = command_line(argv)
    sys.argv[1:] = argv
    if "--debug" in argv:
        os.environ["REPORTLINT_DEBUG"] = "1"  # before the worker is forked, so that it knows too
    from checker.batch.early import start_early_worker, tune_gc  # only os, sys and gc: the fork comes first

    tune_gc()
    if argv and argv[0] == "check" and _wants_worker(argv[1:]):
        start_early_worker()
    from checker import compiled

    compiled.install()
    if argv and argv[0] == "check":
        from checker.cli.quick import run

        status = run(argv[1:])  # the plain command lines, without typer's 20 ms of imports
        if status is not None:
            leave(status)
    from checker.cli.app import app

    try:
        app(prog_name="reportlint")
    except SystemExit as stop:
        leave(stop.code)
    leave(0)


def leave(code: object) -> NoReturn:
    """Exit as ``sys.exit(code)`` would, but without tearing the interpreter down: freeing every
    module and object of a check costs 30–40 ms that a pre-commit hook waits for and nobody
    needs (mypy's hard_exit does the same). What an exit must still do is done: other threads
    joined, atexit handlers run (logging's flush among them), the standard streams flushed; a
    flush that fails (a closed pipe) exits 120, as Python does."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    threading = sys.modules.get("threading")
    if threading is not None:
        for thread in threading.enumerate():
            if thread is not threading.main_thread() and not thread.daemon:
                thread.join()
    import atexit

    atexit._run_exitfuncs()
    compiled = sys.modules.get("checker.compiled")
    if compiled is not None:
        compiled.save()
    workers = sys.modules.get("checker.batch.workers")
    if workers is not None:
        workers.reap_killed()  # killed as the check ended, gone by now: counted in this process's peak
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            status = 120
    os._exit(status)


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
