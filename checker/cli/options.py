"""Options and choices that several commands share, declared once, and the small helpers the
commands use to read them."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from checker.template import Template


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


def link_backend(links: LinkBackend) -> str:
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


def load_template_or_exit(name: str) -> Template | None:
    """The named template, or None for auto-detection (exit 2 when it is invalid)."""
    from checker.run.plan import UsageError, load_template

    try:
        template: Template | None = load_template(name)
    except UsageError as exc:
        typer.echo(f"reportlint: {exc}", err=True)
        raise typer.Exit(2) from exc
    return template


def colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"



# Declared once for every command that takes them (check, similar, format, outline, matrix, config).
OptionalLangOption = Annotated[Lang | None, typer.Option("--lang", help="消息语言 / message language: zh, en.")]
ConfigOption = Annotated[
    str | None,
    typer.Option("--config", help="配置文件（否则逐级向上查找）/ a config file (else the nearest is used)."),
]
JobsOption = Annotated[
    int | None, typer.Option("--jobs", "-j", help="并行进程数（默认 CPU 数）/ worker processes.", min=1)
]
OutputDirOption = Annotated[
    str | None, typer.Option("--output-dir", help="副本写入此目录（保留相对路径）/ write copies under this folder.")
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="不使用 .reportlint_cache 缓存 / do not read or write the cache.")
]


def workers(jobs: int | None) -> int:
    """The worker processes: --jobs, else one per CPU."""
    return jobs if jobs is not None else (os.cpu_count() or 1)


def language(lang: Lang | None, configured: str | None) -> str:
    """--lang, else the configuration's, else Chinese."""
    return (lang.value if lang else None) or configured or "zh"
