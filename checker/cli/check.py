"""`reportlint check` (the default command): files checked, copies written, the output chosen,
the exit status set.

No `from __future__ import annotations` here: typer reads the options from the annotations, and
given strings it evaluates each of them (twice) on every run, 3.5 ms of a one-file check."""

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from checker.cli.app import Command, app
from checker.cli.options import (
    ConfigOption,
    FailOn,
    Format,
    JobsOption,
    LinkBackend,
    LinksOption,
    NoCacheOption,
    OptionalLangOption,
    OutputDirOption,
    colour,
    language,
    link_backend,
    workers,
)

if TYPE_CHECKING:
    from checker.result import FileResult


@app.command(cls=Command)
def check(
    paths: Annotated[
        list[str], typer.Argument(help="报告文件或目录 / report files or directories (.docx .txt .md).", metavar="PATH")
    ],
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            help="模板名、TOML 路径或 auto（默认自动识别）/ template name, TOML path, or auto.",
        ),
    ] = None,
    checklist: Annotated[
        str | None,
        typer.Option(
            "--checklist", help="年度检查清单，如 2024-mzshh / a yearly check-list, e.g. 2024-mzshh."
        ),
    ] = None,
    config: ConfigOption = None,
    links: LinksOption = LinkBackend.auto,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            help="格式规范：auto（.docx 用 GB/T 9704）、gbt9704、none 或 TOML 路径 / format profile: auto, gbt9704, none, or a TOML path.",
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="不检查的文件（glob，可重复）/ globs not to check.")
    ] = None,
    no_ignore: Annotated[
        bool, typer.Option("--no-ignore", help="目录中不遵守 .gitignore / do not respect .gitignore.")
    ] = False,
    jobs: JobsOption = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline", help="只报告基线之外的新发现 / report only findings not in this baseline."
        ),
    ] = None,
    write_baseline: Annotated[
        str | None,
        typer.Option("--write-baseline", help="把当前发现记为基线 / record today's findings as a baseline."),
    ] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="写出修正稿 NAME.fixed.docx/.txt/.md / write a corrected copy.")
    ] = False,
    annotate: Annotated[
        bool,
        typer.Option("--annotate", help="写出带批注的副本 NAME.reportlint.docx / write a copy with a Word comment per finding."),
    ] = False,
    output_dir: OutputDirOption = None,
    diff: Annotated[
        bool, typer.Option("--diff", help="只显示修正的差异，不写文件 / print what --fix would change; write nothing.")
    ] = False,
    unsafe_fixes: Annotated[
        bool,
        typer.Option("--unsafe-fixes", help="也修正表述、用词、繁体字 / also fix formulations and words."),
    ] = False,
    fix_in_place: Annotated[
        bool, typer.Option("--fix-in-place", help="原子地替换原文件（慎用）/ replace the input atomically.")
    ] = False,
    no_cache: NoCacheOption = False,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename", help="从标准输入（-）读取时的文件名 / the name for input read from -."
        ),
    ] = None,
    lang: OptionalLangOption = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="text, json, sarif, github, junit, html (审阅报告), xlsx (汇总表)")
    ] = Format.text,
    output_file: Annotated[
        str | None, typer.Option("--output-file", "-o", help="写入文件而非标准输出 / write to a file.")
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on", help="达到此级别即以 1 退出（默认 warning）/ exit 1 at or above this severity."
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="只打印汇总行，无发现时不输出 / only the summary line.")
    ] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="按代码统计发现数 / count findings per code.")
    ] = False,
    no_source: Annotated[
        bool, typer.Option("--no-source", help="不显示原文行 / do not show source lines.")
    ] = False,
    exit_zero: Annotated[
        bool,
        typer.Option(
            "--exit-zero", help="有发现也以 0 退出（无法读取的文件仍为 2）/ exit 0 despite findings."
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="显示内部错误的回溯 / show tracebacks.")] = False,
    max_file_mb: Annotated[
        float, typer.Option("--max-file-mb", help="单个文件上限（MB）/ largest file read.", min=0.001)
    ] = 100.0,
    max_part_mb: Annotated[
        float,
        typer.Option("--max-part-mb", help=".docx 内单个 XML 部件上限（MB）/ largest XML part.", min=0.001),
    ] = 32.0,
    max_ratio: Annotated[
        float, typer.Option("--max-ratio", help="压缩比上限，防压缩炸弹 / highest compression ratio.", min=1)
    ] = 300.0,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", help="单个文件的检查时限（秒，默认 30，0 为不限）/ seconds per file (E013 past it).", min=0),
    ] = None,
    select: Annotated[
        str | None,
        typer.Option("--select", help="只检查这些规则（代码或前缀，逗号分隔，取代配置）/ rules to run, in place of the configuration's."),
    ] = None,
    extend_select: Annotated[
        str | None,
        typer.Option("--extend-select", help="另加规则，如 D（雷同检查）/ rules to add, e.g. D (copied passages)."),
    ] = None,
    ignore: Annotated[
        str | None, typer.Option("--ignore", help="不检查这些规则 / rules to leave out (codes or prefixes, comma-separated).")
    ] = None,
) -> None:
    """检查报告 / check reports (the default command: `reportlint FILE` = `reportlint check FILE`).

    Exit status: 0 no finding at or above --fail-on; 1 at least one; 2 usage error, invalid
    configuration or template, or a file that could not be read.
    """
    from checker.batch.workers import take_early_worker
    from checker.read.limits import Limits
    from checker.run.check import check as run_check
    from checker.run.plan import CheckOptions, UsageError, plan

    warm = take_early_worker()  # forked by checker.main before typer was imported
    backend = link_backend(links)
    processes = workers(jobs)
    if warm is not None and (processes <= 1 or "-" in paths):
        warm.stop()
        warm = None
    options = CheckOptions(
        template=template, checklist=checklist, config=config, links=backend, exclude=exclude or [],
        respect_gitignore=not no_ignore, limits=Limits(max_file_mb, max_part_mb, max_ratio=max_ratio),
        timeout=timeout, profile=profile,
        outline=output_format in (Format.json, Format.html, Format.xlsx) and not statistics,
        stdin_filename=stdin_filename, select=_codes(select), extend_select=_codes(extend_select) or [],
        ignore=_codes(ignore) or [],
    )  # fmt: skip
    if output_format is Format.xlsx and not output_file:
        typer.echo("reportlint: --format xlsx 需要 -o 文件名 / needs -o FILE.xlsx", err=True)
        raise typer.Exit(2)
    try:
        work = plan(paths, options, stdin=sys.stdin.buffer.read)
    except UsageError as exc:
        if warm is not None:
            warm.stop()
        typer.echo(f"reportlint: {exc}", err=True)
        raise typer.Exit(2) from exc
    here = work.config
    lang_value = language(lang, here.lang if here else None)
    fail_value = (fail_on.value if fail_on else None) or (here.fail_on if here else None) or "warning"
    if debug:
        os.environ["REPORTLINT_DEBUG"] = "1"
    show = len(work.tasks) > 20 and not quiet and _interactive()
    results = _with_progress(lambda progress: run_check(work.tasks, processes, not no_cache, warm, progress,
                                                        options.outline, meanwhile=lambda: _prepare(output_format)),
                             len(work.tasks), show)  # fmt: skip

    similar = None
    if any(t.settings.signature for t in work.tasks):  # D101 selected somewhere
        from checker.run.similar import find_similar

        similar = find_similar(work, results)

    if write_baseline:
        from checker.run.baseline import write

        write(Path(write_baseline), results)
    if baseline:
        from checker.run.baseline import BaselineError, apply

        try:
            results = apply(Path(baseline), results)
        except BaselineError as exc:
            typer.echo(f"reportlint: 基线无效 / invalid baseline: {exc}", err=True)
            raise typer.Exit(2) from exc

    if fix or fix_in_place or annotate or diff:
        from checker.run.copies import CopyOptions, write_all_copies  # with the write stage: only for copies

        copy_options = CopyOptions(fix=fix, unsafe=unsafe_fixes, in_place=fix_in_place, annotate=annotate,
                                   diff=diff, output_dir=output_dir, lang=lang_value)  # fmt: skip
        results, lines, diffs = write_all_copies(work, results, copy_options)
        for line in lines:
            typer.echo(line, err=True)
        if diff:
            if diffs:
                typer.echo(diffs, nl=False)
            raise typer.Exit(2 if any(r.error for r in results) else 1 if diffs else 0)

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

        text = render(output_format.value, results, lang_value, quiet=quiet, source=not no_source,
                      colour=colour() and not output_file, statistics=statistics, fail_on=fail_value,
                      similar=similar)  # fmt: skip
    if output_file and not (output_format in (Format.xlsx, Format.json) and not statistics):
        Path(output_file).write_text(text + ("\n" if text else ""), encoding="utf-8")
    elif text:
        typer.echo(text)
    if output_format is Format.github:
        from checker.output.formats import write_step_summary

        write_step_summary(results, lang_value)

    raise typer.Exit(exit_status(results, fail_value, exit_zero))


def exit_status(results: "list[FileResult]", fail_on: str, exit_zero: bool) -> int:
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

