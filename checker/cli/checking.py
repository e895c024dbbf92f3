"""What `reportlint check` does once its options are read, without typer: the files checked,
copies written, the output chosen, the exit status returned. Two parsers lead here: typer's
(checker/cli/check.py, with its help and its error messages) and the quick path's
(checker/cli/quick.py, for the plain command lines a hook or a CI gate runs, which need no typer).
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.cli.choices import (
    BACKEND_MISSING,
    FailOn,
    Format,
    Lang,
    LinkBackend,
    available_backend,
    colour,
    language,
    workers,
)

if TYPE_CHECKING:
    from checker.result import FileResult


@dataclass
class CheckRequest:
    """The check command's options as its parameters in check.py name them; the defaults are
    theirs too (tests/test_quick.py holds the two in step)."""

    paths: list[str]
    template: str | None = None
    checklist: str | None = None
    config: str | None = None
    links: LinkBackend = LinkBackend.auto
    profile: str | None = None
    exclude: list[str] = field(default_factory=list)
    no_ignore: bool = False
    jobs: int | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    fix: bool = False
    annotate: bool = False
    output_dir: str | None = None
    diff: bool = False
    unsafe_fixes: bool = False
    fix_in_place: bool = False
    no_cache: bool = False
    stdin_filename: str | None = None
    lang: Lang | None = None
    output_format: Format = Format.text
    output_file: str | None = None
    fail_on: FailOn | None = None
    quiet: bool = False
    statistics: bool = False
    no_source: bool = False
    exit_zero: bool = False
    debug: bool = False
    max_file_mb: float = 100.0
    max_part_mb: float = 32.0
    max_ratio: float = 300.0
    timeout: float | None = None
    select: str | None = None
    extend_select: str | None = None
    ignore: str | None = None


def check_files(request: CheckRequest) -> int:
    """Run the check ``request`` asks for; its exit status: 0 no finding at or above --fail-on,
    1 at least one, 2 a usage error, an invalid configuration or template, or a file that could
    not be read."""
    from checker.batch.workers import take_early_worker
    from checker.read.limits import Limits
    from checker.run.check import check as run_check
    from checker.run.plan import CheckOptions, UsageError, plan

    warm = take_early_worker()  # forked by checker.main before the options were read

    def refuse(line: str) -> int:
        """A usage error: said, the early worker stopped, exit 2."""
        if warm is not None:
            warm.stop()
        echo(line, err=True)
        return 2

    backend = available_backend(request.links)
    if backend is None:
        return refuse(BACKEND_MISSING)
    processes = workers(request.jobs)
    paths, output_format, statistics = request.paths, request.output_format, request.statistics
    if warm is not None and (processes <= 1 or "-" in paths):
        warm.stop()
        warm = None
    options = CheckOptions(
        template=request.template, checklist=request.checklist, config=request.config, links=backend,
        exclude=request.exclude, respect_gitignore=not request.no_ignore,
        limits=Limits(request.max_file_mb, request.max_part_mb, max_ratio=request.max_ratio),
        timeout=request.timeout, profile=request.profile,
        outline=output_format in (Format.json, Format.html, Format.xlsx) and not statistics,
        stdin_filename=request.stdin_filename, select=_codes(request.select),
        extend_select=_codes(request.extend_select) or [], ignore=_codes(request.ignore) or [],
    )  # fmt: skip
    output_file = request.output_file
    if output_format is Format.xlsx and not output_file:
        return refuse("reportlint: --format xlsx 需要 -o 文件名 / needs -o FILE.xlsx")
    try:
        work = plan(paths, options, stdin=sys.stdin.buffer.read)
    except UsageError as exc:
        return refuse(f"reportlint: {exc}")
    here = work.config
    lang_value = language(request.lang, here.lang if here else None)
    fail_value = (request.fail_on.value if request.fail_on else None) or (here.fail_on if here else None) or "warning"
    if request.debug:
        os.environ["REPORTLINT_DEBUG"] = "1"
    show = len(work.tasks) > 20 and not request.quiet and _interactive()
    results = _with_progress(lambda progress: run_check(work.tasks, processes, not request.no_cache, warm, progress,
                                                        options.outline, meanwhile=lambda: _prepare(output_format)),
                             len(work.tasks), show)  # fmt: skip

    similar = None
    if any(t.settings.signature for t in work.tasks):  # D101 selected somewhere
        from checker.run.similar import find_similar

        similar = find_similar(work, results)

    if request.write_baseline:
        from checker.run.baseline import write

        write(Path(request.write_baseline), results)
    if request.baseline:
        from checker.run.baseline import BaselineError, apply

        try:
            results = apply(Path(request.baseline), results)
        except BaselineError as exc:
            echo(f"reportlint: 基线无效 / invalid baseline: {exc}", err=True)
            return 2

    if request.fix or request.fix_in_place or request.annotate or request.diff:
        from checker.run.copies import CopyOptions, write_all_copies  # with the write stage: only for copies

        copy_options = CopyOptions(fix=request.fix, unsafe=request.unsafe_fixes, in_place=request.fix_in_place,
                                   annotate=request.annotate, diff=request.diff, output_dir=request.output_dir,
                                   lang=lang_value)  # fmt: skip
        results, lines, diffs = write_all_copies(work, results, copy_options)
        for line in lines:
            echo(line, err=True)
        if request.diff:
            if diffs:
                echo(diffs, nl=False)
            return 2 if any(r.error for r in results) else 1 if diffs else 0

    if output_format is Format.html and not statistics:
        from checker.run.check import attach_documents

        attach_documents(work, results)
    if output_format is Format.xlsx and not statistics:
        from checker.output.xlsx import render_xlsx

        assert output_file is not None
        Path(output_file).write_bytes(render_xlsx(results, lang_value, fail_value))
        text = ""
    elif output_format is Format.json and not statistics:
        from checker.output.jsonout import write_json

        sys.stdout.flush()  # what was printed before goes before the JSON
        with open(output_file, "wb") if output_file else contextlib.nullcontext(sys.stdout.buffer) as out:
            write_json(results, lang_value, similar, out)
            out.write(b"\n")
            out.flush()
        text = ""
    else:
        from checker.output.formats import render

        text = render(output_format.value, results, lang_value, quiet=request.quiet, source=not request.no_source,
                      colour=colour() and not output_file, statistics=statistics, fail_on=fail_value,
                      similar=similar)  # fmt: skip
    if output_file and not (output_format in (Format.xlsx, Format.json) and not statistics):
        Path(output_file).write_text(text + ("\n" if text else ""), encoding="utf-8")
    elif text:
        echo(text)
    if output_format is Format.github:
        from checker.output.formats import write_step_summary

        write_step_summary(results, lang_value)

    return exit_status(results, fail_value, request.exit_zero)


def exit_status(results: list[FileResult], fail_on: str, exit_zero: bool) -> int:
    """2 when a file could not be read; 1 when a finding reaches ``fail_on`` (unless
    ``exit_zero``); else 0."""
    from checker.severity import Severity

    if any(r.error is not None for r in results):
        return 2
    threshold = Severity(fail_on).rank
    # By the counts: a result from the cache keeps them, and its findings need not be decoded.
    reaching = [s for s in Severity if s.rank >= threshold]
    if not exit_zero and any(r.count(s) for r in results for s in reaching):
        return 1
    return 0


def echo(message: str, err: bool = False, nl: bool = True) -> None:
    """Write as typer.echo (click's echo) does on POSIX, whichever parser led here: colour codes
    taken out of what goes to no terminal; UTF-8 (unknown characters replaced) to a stream set
    to ASCII, as under LC_ALL=C, where a plain write would raise; the stream flushed at once
    (with stdout and stderr on one pipe, lines stay in the order they were written)."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    text = message + "\n" if nl else message
    if text:
        if not _isatty(stream):
            import re

            text = re.sub(r"\033\[[;?0-9]*[a-zA-Z]", "", text)
        binary = getattr(stream, "buffer", None) if _ascii(stream) else None
        if binary is not None:
            stream.flush()
            binary.write(text.encode("utf-8", "replace"))
            binary.flush()
            return
        stream.write(text)
    stream.flush()


def _ascii(stream: Any) -> bool:
    """A text stream whose encoding is ASCII (click's echo then writes UTF-8 under it)."""
    import codecs

    try:
        return codecs.lookup(stream.encoding or "ascii").name == "ascii"
    except (AttributeError, LookupError, TypeError):
        return False


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:  # as click: a stream that cannot tell is no terminal
        return False


def _prepare(output_format: Format) -> None:
    """Import the output's modules while workers check the files (the command would otherwise
    wait for them and then import them: 1 ms of a warm run's end)."""
    if output_format in (Format.text, Format.sarif, Format.github, Format.junit):
        from checker.output import formats  # noqa: F401  (render)

        if output_format is Format.text:
            from checker.output import text  # noqa: F401  (the renderer render_text uses)


def _codes(value: str | None) -> list[str] | None:
    """Codes or prefixes given as "N101,C2" (or with spaces); None when the option is absent."""
    if value is None:
        return None
    return [code.strip().upper() for code in value.replace("，", ",").split(",") if code.strip()]


def _interactive() -> bool:
    """A progress bar only for a person at a terminal: never when piped or in CI."""
    return sys.stderr.isatty() and not os.environ.get("CI") and "NO_COLOR" not in os.environ


def _with_progress(run: Any, total: int, show: bool) -> Any:
    """``run(progress)`` with a rich progress bar when a person watches (``show``)."""
    if not show:
        return run(None)
    from rich.progress import Progress

    with Progress(transient=True, console=None) as bar:
        task_id = bar.add_task("reportlint", total=total)
        return run(lambda n: bar.advance(task_id, n))
