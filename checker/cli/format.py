"""`reportlint format`: copies laid out as the format profile says."""

from __future__ import annotations

from typing import Annotated

import typer

from checker.cli.app import Command, app
from checker.cli.choices import language
from checker.cli.options import ConfigOption, OptionalLangOption, OutputDirOption


@app.command("format", cls=Command)
def format_command(
    paths: Annotated[list[str], typer.Argument(help="Word 文档或目录 / .docx files or folders.", metavar="PATH")],
    profile: Annotated[
        str | None,
        typer.Option("--profile", help="格式规范：gbt9704 或 TOML 路径（默认取配置，否则 GB/T 9704）/ format profile."),
    ] = None,
    output_dir: OutputDirOption = None,
    config: ConfigOption = None,
    lang: OptionalLangOption = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="format 本不使用缓存，接受此选项以便写在命令前 / format keeps no cache; accepted anywhere.")
    ] = False,
) -> None:
    """按格式规范排版，写出 NAME.formatted.docx（原文件不变）/ write a copy laid out as the profile says.

    Fonts, sizes, line spacing, first-line indents, margins, paper and page numbers of the body
    are set; the text, the comments, the styles, a cover and a table of contents before the body
    stay as they are, and page numbers start at 1 on the body's first page. Exit status: 0 every
    copy written with no layout finding left; 1 a copy still has one; 2 a file could not be
    formatted.
    """
    del no_cache
    from checker.run.format import format_files, format_lines
    from checker.run.plan import CheckOptions, UsageError

    options = CheckOptions(config=config, profile=profile)
    try:
        outcomes = format_files(paths, options, output_dir)
    except UsageError as exc:
        typer.echo(f"reportlint: {exc}", err=True)
        raise typer.Exit(2) from exc
    lang_value = language(lang, None)  # the configuration's lang is not read here (as before)
    for outcome in outcomes:
        for line in format_lines(outcome, lang_value):
            typer.echo(line)
    if any(o.error is not None for o in outcomes):
        raise typer.Exit(2)
    if any(o.remaining for o in outcomes):
        raise typer.Exit(1)

