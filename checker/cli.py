"""Stage 6: the command line. It finds files, runs the engine, picks the output and the exit
status; heavy modules (python-docx, lark, rich) are imported only when a command needs them."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from checker.template import Template

class _Command(typer.core.TyperCommand):
    """Usage written the usual way, `reportlint check [OPTIONS] PATH...`, not typer's `{paths}...`."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                continue
            name = (param.metavar or param.name or "").upper() + ("..." if param.nargs != 1 else "")
            pieces.append(name if param.required else f"[{name}]")
        return pieces


class _Group(typer.core.TyperGroup):
    """The top-level help as git's and ruff's: `reportlint FILE…` checks, so the check's options
    are listed with the commands, and the commands' descriptions are shown whole, not cut at 45
    characters."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, "[OPTIONS] PATH...")
        formatter.write_usage(ctx.command_path, "COMMAND [OPTIONS] [ARGS]...", prefix="       ")

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=300)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        check_command = self.get_command(ctx, "check")
        if check_command is not None:
            check_context = check_command.make_context("check", [], parent=ctx, resilient_parsing=True)
            rows = [row for param in check_command.get_params(check_context)
                    if param.param_type_name == "option" and (row := param.get_help_record(check_context))]  # fmt: skip
            with formatter.section("检查选项 / check options (reportlint [OPTIONS] PATH...; also before a command)"):
                formatter.write_dl(rows)
        super().format_options(ctx, formatter)


app = typer.Typer(
    cls=_Group,
    name="reportlint",
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help=(
        "reportlint — 结构化报告检查工具 / a linter for Chinese structured reports.\n\n"
        "Exit status: 0 no finding at or above --fail-on; 1 at least one; "
        "2 usage error, invalid template, or a file that could not be read."
    ),
)



class Lang(StrEnum):
    zh = "zh"
    en = "en"


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    html = "html"
    xlsx = "xlsx"


class LinkBackend(StrEnum):
    auto = "auto"
    lexical = "lexical"
    semantic = "semantic"
    blend = "blend"


LinksOption = Annotated[
    LinkBackend,
    typer.Option(
        "--links",
        help="对应关系算法：auto（默认：装有 reportlint[semantic] 时为 blend，否则 lexical）、lexical、semantic、blend / link scoring back end.",
    ),
]


def _check_backend(links: LinkBackend) -> str:
    """The back end to use (auto: checker.run.plan.default_links)."""
    from checker.run.plan import default_links

    if links is LinkBackend.auto:
        return default_links()
    if links is not LinkBackend.lexical and default_links() != "blend":
        typer.echo("reportlint: --links semantic 需要安装 / needs: pip install 'reportlint[semantic]'", err=True)
        raise typer.Exit(2)
    return links.value


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


LangOption = Annotated[Lang, typer.Option("--lang", help="消息语言 / message language: zh, en.")]
TemplateOption = Annotated[
    str,
    typer.Option(
        "--template",
        "-t",
        help="模板名、TOML 路径或 auto（自动识别）/ template name, TOML path, or auto (detect).",
    ),
]


def _load_template(name: str) -> Template | None:
    """The named template, or None for auto-detection (exit 2 when it is invalid)."""
    from checker.run.plan import UsageError, load_template

    try:
        template: Template | None = load_template(name)
    except UsageError as exc:
        typer.echo(f"reportlint: {exc}", err=True)
        raise typer.Exit(2) from exc
    return template


def _colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


@app.command(cls=_Command)
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
    config: Annotated[
        str | None,
        typer.Option(
            "--config", help="配置文件（否则逐级向上查找）/ a config file (else the nearest is used)."
        ),
    ] = None,
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
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="并行进程数（默认 CPU 数）/ worker processes.", min=1)
    ] = None,
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
    output_dir: Annotated[
        str | None,
        typer.Option("--output-dir", help="副本写入此目录（保留相对路径）/ write copies under this folder."),
    ] = None,
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
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="不使用 .reportlint_cache 缓存 / do not read or write the cache."),
    ] = False,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename", help="从标准输入（-）读取时的文件名 / the name for input read from -."
        ),
    ] = None,
    lang: Annotated[Lang | None, typer.Option("--lang", help="消息语言 / message language: zh, en.")] = None,
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
    from checker.run.copies import CopyOptions, write_all_copies
    from checker.run.plan import CheckOptions, UsageError, plan

    warm = take_early_worker()  # forked by checker.main before typer was imported
    backend = _check_backend(links)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if warm is not None and (workers <= 1 or "-" in paths):
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
    lang_value = (lang.value if lang else None) or (here.lang if here else None) or "zh"
    fail_value = (fail_on.value if fail_on else None) or (here.fail_on if here else None) or "warning"
    if debug:
        os.environ["REPORTLINT_DEBUG"] = "1"
    show = len(work.tasks) > 20 and not quiet and _interactive()
    results = _with_progress(lambda progress: run_check(work.tasks, workers, not no_cache, warm, progress,
                                                        options.outline), len(work.tasks), show)  # fmt: skip

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

    copy_options = CopyOptions(fix=fix, unsafe=unsafe_fixes, in_place=fix_in_place, annotate=annotate,
                               diff=diff, output_dir=output_dir, lang=lang_value)  # fmt: skip
    if fix or fix_in_place or annotate or diff:
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
    else:
        from checker.output.formats import render

        text = render(output_format.value, results, lang_value, quiet=quiet, source=not no_source,
                      colour=_colour() and not output_file, statistics=statistics, fail_on=fail_value,
                      similar=similar)  # fmt: skip
    if output_file and not (output_format is Format.xlsx and not statistics):
        Path(output_file).write_text(text + ("\n" if text else ""), encoding="utf-8")
    elif text:
        typer.echo(text)
    if output_format is Format.github:
        from checker.output.formats import write_step_summary

        write_step_summary(results, lang_value)

    from checker.severity import Severity

    threshold = Severity(fail_value).rank
    if any(r.error is not None for r in results):
        raise typer.Exit(2)
    if not exit_zero and any(d.severity.rank >= threshold for r in results for d in r.diagnostics):
        raise typer.Exit(1)


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


@app.command("similar", cls=_Command)
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
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="并行进程数（默认 CPU 数）/ worker processes.", min=1)
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="不使用结果缓存 / do not use the result cache.")] = False,
    config: Annotated[
        str | None, typer.Option("--config", help="配置文件 / a config file (else the nearest is used).")
    ] = None,
    lang: Annotated[Lang | None, typer.Option("--lang", help="消息语言 / message language: zh, en.")] = None,
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
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    try:
        work = plan(paths, options)
        reference = plan(against, options) if against else None
    except UsageError as exc:
        typer.echo(f"reportlint: {exc}", err=True)
        raise typer.Exit(2) from exc
    results = run_check(work.tasks, workers, not no_cache, outline=options.outline)
    known = run_check(reference.tasks, workers, not no_cache) if reference is not None else None
    pairs = find_similar(work, results, reference, known)
    lang_value = (lang.value if lang else None) or (work.config.lang if work.config else None) or "zh"
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

        typer.echo(render_pairs(pairs, failed, lang_value, top, len(results), _colour()))
    if failed:
        raise typer.Exit(2)
    if pairs:
        raise typer.Exit(1)


@app.command("format", cls=_Command)
def format_command(
    paths: Annotated[list[str], typer.Argument(help="Word 文档或目录 / .docx files or folders.", metavar="PATH")],
    profile: Annotated[
        str | None,
        typer.Option("--profile", help="格式规范：gbt9704 或 TOML 路径（默认取配置，否则 GB/T 9704）/ format profile."),
    ] = None,
    output_dir: Annotated[
        str | None,
        typer.Option("--output-dir", help="副本写入此目录（保留相对路径）/ write copies under this folder."),
    ] = None,
    config: Annotated[
        str | None, typer.Option("--config", help="配置文件 / a config file (else the nearest is used).")
    ] = None,
    lang: Annotated[Lang | None, typer.Option("--lang", help="消息语言 / message language: zh, en.")] = None,
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
    lang_value = (lang.value if lang else None) or "zh"
    for outcome in outcomes:
        for line in format_lines(outcome, lang_value):
            typer.echo(line)
    if any(o.error is not None for o in outcomes):
        raise typer.Exit(2)
    if any(o.remaining for o in outcomes):
        raise typer.Exit(1)


@app.command(cls=_Command)
def init(
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已有文件 / overwrite an existing file.")
    ] = False,
) -> None:
    """写入带注释的 reportlint.toml 起始配置 / write a commented starter reportlint.toml."""
    from checker.config import STARTER

    target = Path("reportlint.toml")
    if target.exists() and not force:
        typer.echo(
            "reportlint: reportlint.toml 已存在（--force 覆盖）/ already exists (use --force)", err=True
        )
        raise typer.Exit(2)
    target.write_text(STARTER, encoding="utf-8")
    typer.echo(f"wrote {target}")


@app.command(cls=_Command)
def clean(
    user: Annotated[
        bool,
        typer.Option(
            "--user", help="也清除用户缓存目录中的模板快照 / also the rules snapshots in your user cache."
        ),
    ] = False,
) -> None:
    """删除当前目录的 .reportlint_cache 结果缓存 / remove the result cache of this folder (like `ruff clean`)."""
    import shutil

    from checker.batch.cache import CACHE_DIR

    targets = [Path(CACHE_DIR)]
    if user:
        from checker.paths import user_cache_dir

        folder = user_cache_dir()
        if folder is not None:
            targets.append(folder)
    for target in targets:
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
            typer.echo(f"removed {target}")


@app.command("config", cls=_Command)
def show_config(
    path: Annotated[str, typer.Argument(help="文件或目录 / a file or folder.", metavar="PATH")] = ".",
    config: Annotated[str | None, typer.Option("--config", help="配置文件 / a config file.")] = None,
) -> None:
    """显示某路径生效的配置 / print the effective settings for a path."""
    from checker.config import ConfigError, find_config, load_config_file, rule_filter
    from checker.output.jsonout import dumps

    try:
        target = Path(path)
        folder = target if target.is_dir() else target.parent
        found = load_config_file(Path(config)) if config else find_config(str(folder.resolve()))
    except ConfigError as exc:
        typer.echo(f"reportlint: 配置无效 / invalid configuration:\n{exc}", err=True)
        raise typer.Exit(2) from exc
    rules = rule_filter(found, str(target))
    from checker.checks import RULES

    payload = {
        "config_file": str(found.path) if found and found.path else None,
        "template": (found.template if found else None) or "auto",
        "checklist": found.checklist if found else None,
        "lang": (found.lang if found else None) or "zh",
        "fail_on": (found.fail_on if found else None) or "warning",
        "exclude": found.exclude if found else [],
        "lengths": {},
        "substance": {},
        "enabled_rules": sorted(rules.enabled),
        "disabled_rules": sorted(set(RULES) - rules.enabled),
        "severity": {code: rules.level(code, RULES[code].severity.value) for code in sorted(rules.enabled)},
    }
    if found is not None:
        import dataclasses

        payload["lengths"] = {k: v for k, v in dataclasses.asdict(found.lengths).items() if v is not None}
        payload["substance"] = found.substance.changed()  # over the template's (rules/substance.toml)
    typer.echo(dumps(payload))


@app.command(cls=_Command)
def rules(
    lang: LangOption = Lang.zh,
    output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
) -> None:
    """列出所有规则 / list every rule."""
    from checker.checks import RULES

    if output_format is Format.json:
        from checker.output.jsonout import dumps

        rows = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "family": r.family,
                "summary": r.summary,
            }
            for r in RULES.values()
        ]
        typer.echo(dumps(rows))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for column in (
        ("code", "name", "severity", "summary") if lang is Lang.en else ("代码", "名称", "级别", "说明")
    ):
        table.add_column(column)
    for r in sorted(RULES.values(), key=lambda r: r.code):
        table.add_row(r.code, r.name, r.severity.value, r.summary[lang.value])
    Console().print(table)


def explain_text(code: str, lang: str) -> str:
    from checker.checks import RULES
    from checker.messages import MESSAGES

    r = RULES[code]
    zh = lang == "zh"
    parts = [
        f"{r.code} {r.name}  [{r.severity.value}]",
        "",
        r.summary[lang],
        "",
        ("为什么：" if zh else "Why: ") + r.why[lang],
        "",
        *((("检测：" if zh else "Detection: ") + r.detection[lang], "") if r.detection else ()),
        ("消息：" if zh else "Message: ") + MESSAGES.get(code, {}).get(lang, ""),
        "",
        "错误示例：" if zh else "Bad:",
        *("    " + line for line in r.bad.splitlines()),
        "",
        "正确示例：" if zh else "Good:",
        *("    " + line for line in r.good.splitlines()),
    ]
    return "\n".join(parts)


@app.command(cls=_Command)
def explain(
    code: Annotated[str, typer.Argument(help="规则代码，如 N101 / a rule code such as N101.", metavar="CODE")],
    lang: LangOption = Lang.zh,
) -> None:
    """解释一条规则：为什么、错误与正确示例 / explain a rule with a bad and a good example."""
    from checker.checks import RULES

    code = code.upper()
    if code not in RULES:
        typer.echo(f"reportlint: 没有规则 {code} / no rule {code}", err=True)
        raise typer.Exit(2)
    typer.echo(explain_text(code, lang.value))


@app.command(cls=_Command)
def outline(
    path: Annotated[str, typer.Argument(help="报告文件 / a report file.", metavar="PATH")],
    template: TemplateOption = "auto",
    output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    lang: LangOption = Lang.zh,
) -> None:
    """显示解析出的结构树 / show the parsed outline as a tree (with the template used)."""
    from checker.messages import render
    from checker.pipeline import check_path
    from checker.template import Template

    tpl = _load_template(template)
    assert tpl is None or isinstance(tpl, Template)
    result = check_path(path, tpl)
    if result.error is not None:
        code, detail = result.error
        typer.echo(f"{path}: {code} {render(code, lang.value, {'detail': detail})}", err=True)
        raise typer.Exit(2)
    assert result.report is not None
    if output_format is Format.json:
        from checker.output.jsonout import dumps

        typer.echo(dumps(result.outline_data()))
        return
    from checker.output.outline import render_outline
    from checker.output.text import template_line

    typer.echo(template_line(result, lang.value))
    render_outline(result.report, result.alignment.links if result.alignment else None, lang.value)


@app.command(cls=_Command)
def matrix(
    path: Annotated[str, typer.Argument(help="报告文件 / a report file.", metavar="PATH")],
    template: TemplateOption = "auto",
    explain_links: Annotated[
        bool, typer.Option("--explain-links", help="列出每条对应的依据 / show why each link was made.")
    ] = False,
    links: LinksOption = LinkBackend.auto,
    lang: LangOption = Lang.zh,
) -> None:
    """问题—原因—措施对应关系表 / the problem–cause–measure matrix."""
    from checker.messages import render
    from checker.pipeline import check_path
    from checker.template import Template

    tpl = _load_template(template)
    assert tpl is None or isinstance(tpl, Template)
    result = check_path(path, tpl, links=_check_backend(links))
    if result.error is not None:
        code, detail = result.error
        typer.echo(f"{path}: {code} {render(code, lang.value, {'detail': detail})}", err=True)
        raise typer.Exit(2)
    assert result.report is not None
    from checker.output.matrix import render_matrix
    from checker.output.text import template_line

    typer.echo(template_line(result, lang.value))
    render_matrix(result.alignment.links if result.alignment else None, lang.value, explain_links)


@app.command(cls=_Command)
def templates(
    lang: LangOption = Lang.zh,
    output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
) -> None:
    """列出内置模板 / list the built-in templates."""
    from checker.template import builtin_names, load_template

    rows = []
    for name in builtin_names():
        t = load_template(name)
        sections = [s.label if lang is Lang.zh else (s.label_en or s.label) for s in t.sections if s.required]
        rows.append({"name": name, "title": t.title if lang is Lang.zh else (t.title_en or t.title),
                     "description": t.description, "required_sections": sections, "extends": t.extends or None})  # fmt: skip
    if output_format is Format.json:
        from checker.output.jsonout import dumps

        typer.echo(dumps(rows))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for column in ("name", "kind", "required sections") if lang is Lang.en else ("模板", "文种", "必备部分"):
        table.add_column(column)
    for row in rows:
        table.add_row(str(row["name"]), str(row["title"]), " → ".join(row["required_sections"]))  # type: ignore[arg-type]
    Console().print(table)


@app.command(cls=_Command)
def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址（默认仅本机）/ address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口 / port.", min=0, max=65535)] = 8765,
    open_browser: Annotated[bool, typer.Option("--open", help="启动后打开浏览器 / open the page in a browser.")] = False,
    allow_remote: Annotated[
        bool, typer.Option("--allow-remote", help="允许监听非本机地址 / allow a host other than loopback.")
    ] = False,
    token: Annotated[
        str | None, typer.Option("--token", help="访问口令（多人共用的电脑）/ an access token for shared machines.")
    ] = None,
    max_upload_mb: Annotated[float, typer.Option("--max-upload-mb", help="单个文件上限 / largest file.", min=0.001)] = 20.0,
    max_request_mb: Annotated[
        float, typer.Option("--max-request-mb", help="单次上传总量上限 / largest upload in all.", min=0.001)
    ] = 100.0,
) -> None:
    """本机网页：拖入报告即可检查 / a local page to drop reports on (and a JSON API).

    Exit status: 0 stopped with Ctrl+C; 2 it cannot start: the port is in use, the address
    cannot be listened on, or it is not loopback without --allow-remote.
    """
    from checker.web.serve import ServeError, serve_forever

    try:
        serve_forever(host, port, token, allow_remote, max_upload_mb, max_request_mb, open_browser)
    except ServeError as exc:
        typer.echo(f"reportlint: {exc}", err=True)
        raise typer.Exit(2) from exc


template_app = typer.Typer(help="模板工具 / template tools.", no_args_is_help=True)
app.add_typer(template_app, name="template")


@template_app.command("check", cls=_Command)
def template_check(
    path: Annotated[str, typer.Argument(help="模板 TOML 文件 / a template TOML file.", metavar="TOML")],
    examples: Annotated[
        list[str] | None, typer.Argument(help="用来试运行的报告 / reports to try it on (default: examples/).", metavar="PATH")
    ] = None,
    lang: LangOption = Lang.zh,
) -> None:
    """校验模板并在示例上试运行 / validate a template and run it over example reports."""
    from checker.pipeline import check_path
    from checker.template import Template

    tpl = _load_template(path)
    assert isinstance(tpl, Template)
    zh = lang is Lang.zh
    typer.echo(("模板有效：" if zh else "valid template: ") + f"{tpl.name}（{tpl.title}）"
               + (f"，继承自 {tpl.extends}" if zh and tpl.extends else f", extends {tpl.extends}" if tpl.extends else ""))  # fmt: skip
    for spec in tpl.sections:
        flag = ("必备" if zh else "required") if spec.required else ("可选" if zh else "optional")
        typer.echo(f"  {spec.id:24} {spec.role:12} {flag:8} {spec.label}")
    targets = (
        examples
        if examples
        else [str(p) for p in sorted(Path("examples").glob("*")) if p.suffix in (".txt", ".docx", ".md")]
    )
    from checker.run.discover import discover

    for entry in discover(targets):
        target = entry.path
        result = check_path(target, tpl)
        if result.error is not None:
            typer.echo(f"  {target}: {result.error[0]}")
            continue
        assert result.report is not None
        found = [f"{s.title}→{s.spec_id or '?'}" for s in result.report.sections]
        typer.echo(
            f"  {target}: {len(result.diagnostics)} "
            + ("条发现；" if zh else "findings; ")
            + "，".join(found)
        )


def main() -> None:
    """Entry point (the same as checker.main.main, kept for scripts that import it from here)."""
    from checker.main import main as run

    run()
