"""Options and choices that several commands share, declared once, and the small helpers the
commands use to read them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

# The choices and what they mean are in choices.py, without typer (the quick path reads them).
from checker.cli.choices import BACKEND_MISSING, Lang, LinkBackend, available_backend

if TYPE_CHECKING:
    from checker.template import Template


LinksOption = Annotated[
    LinkBackend,
    typer.Option(
        "--links",
        help="对应关系算法：auto（默认：装有 reportlint[semantic] 时为 blend，否则 lexical）、lexical、semantic、blend / link scoring back end.",
    ),
]


def link_backend(links: LinkBackend) -> str:
    """The back end to use (auto: checker.run.plan.default_links); exit 2 when it is not installed."""
    backend = available_backend(links)
    if backend is None:
        typer.echo(BACKEND_MISSING, err=True)
        raise typer.Exit(2)
    return backend


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
