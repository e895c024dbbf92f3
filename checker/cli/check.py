"""`reportlint check` (the default command) as typer reads it: its options, help and usage
errors. What it then does is checker/cli/checking.py's, which the quick path (checker/cli/quick.py)
reaches without typer for the plain command lines.

No `from __future__ import annotations` here: typer reads the options from the annotations, and
given strings it evaluates each of them (twice) on every run, 3.5 ms of a one-file check."""

from typing import Annotated

import typer

from checker.cli.app import Command, app
from checker.cli.choices import FailOn, Format, LinkBackend
from checker.cli.options import (
    ConfigOption,
    JobsOption,
    LinksOption,
    NoCacheOption,
    OptionalLangOption,
    OutputDirOption,
)


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
    given = dict(locals())  # the parameters alone: CheckRequest's fields bear their names
    from checker.cli.checking import CheckRequest, check_files

    raise typer.Exit(check_files(CheckRequest(**(given | {"exclude": exclude or []}))))
