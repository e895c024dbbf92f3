"""`reportlint similar`: reports that share passages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from checker.cli.app import Command, app
from checker.cli.choices import colour, language, workers
from checker.cli.options import ConfigOption, JobsOption, NoCacheOption, OptionalLangOption


@app.command("similar", cls=Command)
def similar_command(
    paths: Annotated[list[str], typer.Argument(help="报告文件或目录 / report files or folders.", metavar="PATH")],
    against: Annotated[
        list[str] | None,
        typer.Option("--against", help="也与此目录中的已知文本比较（往年材料、网上范文）/ also compare with the texts in this folder."),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="输出格式 / output format: text, json, html.")
    ] = "text",
    top: Annotated[int, typer.Option("--top", help="列出的报告对数 / pairs listed (text).", min=1)] = 20,
    output_file: Annotated[
        str | None, typer.Option("--output", "-o", help="写入文件 / write to this file (html).")
    ] = None,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    config: ConfigOption = None,
    lang: OptionalLangOption = None,
) -> None:
    """找出雷同的报告 / find reports that share passages (names, places and numbers masked).

    Every pair of reports (and each report against the --against texts) with the share of text
    they have in common and the shared passages. Exit status: 0 no shared passage; 1 at least
    one; 2 usage error or a file that could not be read.
    """
    from checker.run.check import check as run_check
    from checker.run.plan import CheckOptions, UsageError, plan
    from checker.run.similar import find_similar

    if output_format not in ("text", "json", "html"):
        typer.echo("reportlint: --format 只能是 text、json 或 html / must be text, json or html", err=True)
        raise typer.Exit(2)
    options = CheckOptions(config=config, select=["D101"], signatures=True, profile="none",
                           outline=output_format == "json")  # fmt: skip
    processes = workers(jobs)
    try:
        work = plan(paths, options)
        reference = plan(against, options) if against else None
    except UsageError as exc:
        typer.echo(f"reportlint: {exc}", err=True)
        raise typer.Exit(2) from exc
    results = run_check(work.tasks, processes, not no_cache, outline=options.outline)
    known = run_check(reference.tasks, processes, not no_cache) if reference is not None else None
    pairs = find_similar(work, results, reference, known)
    lang_value = language(lang, work.config.lang if work.config else None)
    failed = [r for r in results + (known or []) if r.error is not None]
    if output_format == "json":
        from checker.output.jsonout import render_json

        typer.echo(render_json(results, lang_value, pairs))
    elif output_format == "html":  # the pairs' passages side by side, for a browser
        from checker.output.html import render_html

        page = render_html([], lang_value, similar=pairs)
        if output_file:
            Path(output_file).write_text(page, encoding="utf-8")
        else:
            typer.echo(page)
    else:
        from checker.output.similar import render_pairs

        typer.echo(render_pairs(pairs, failed, lang_value, top, len(results), colour()))
    if failed:
        raise typer.Exit(2)
    if pairs:
        raise typer.Exit(1)

