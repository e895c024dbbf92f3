"""Commands that show what reportlint reads in one report: its outline, its problem–cause–measure
matrix, and a template tried on example reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from checker.cli.app import Command, app, template_app
from checker.cli.choices import Format, Lang, LinkBackend
from checker.cli.options import ConfigOption, LangOption, LinksOption, link_backend, load_template_or_exit

if TYPE_CHECKING:
    from checker.result import FileResult

# The template of the report shown: the configuration's when none is named (as `check` does).
ShownTemplateOption = Annotated[
    str | None,
    typer.Option("--template", "-t", help="模板名、TOML 路径或 auto（默认取配置，否则自动识别）/ template name, TOML path, or auto."),
]


def checked(path: str, template: str | None, links: str, config: str | None, lang: str) -> FileResult:
    """The whole result of one file (model and alignment kept), checked with the settings `check`
    gives it; exit 2 with the reason when it cannot be."""
    from checker.messages import render
    from checker.run.plan import CheckOptions, UsageError, plan_file

    try:
        task = plan_file(path, CheckOptions(template=template, config=config, links=links, outline=True))
    except UsageError as exc:
        typer.echo(f"reportlint: {exc}", err=True)
        raise typer.Exit(2) from exc
    result = task.check_bytes(task.data)
    if result.error is not None:
        code, detail = result.error
        typer.echo(f"{path}: {code} {render(code, lang, {'detail': detail})}", err=True)
        raise typer.Exit(2)
    return result


@app.command(cls=Command)
def outline(
    path: Annotated[str, typer.Argument(help="报告文件 / a report file.", metavar="PATH")],
    template: ShownTemplateOption = None,
    output_format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    lang: LangOption = Lang.zh,
    config: ConfigOption = None,
) -> None:
    """显示解析出的结构树 / show the parsed outline as a tree (with the template used)."""
    result = checked(path, template, "lexical", config, lang.value)
    if output_format is Format.json:
        from checker.output.jsonout import dumps

        typer.echo(dumps(result.outline_data()))
        return
    from checker.output.outline import render_outline
    from checker.output.text import template_line

    assert result.report is not None
    typer.echo(template_line(result, lang.value))
    render_outline(result.report, result.alignment.links if result.alignment else None, lang.value)


@app.command(cls=Command)
def matrix(
    path: Annotated[str, typer.Argument(help="报告文件 / a report file.", metavar="PATH")],
    template: ShownTemplateOption = None,
    explain_links: Annotated[
        bool, typer.Option("--explain-links", help="列出每条对应的依据 / show why each link was made.")
    ] = False,
    links: LinksOption = LinkBackend.auto,
    lang: LangOption = Lang.zh,
    config: ConfigOption = None,
) -> None:
    """问题—原因—措施对应关系表 / the problem–cause–measure matrix."""
    result = checked(path, template, link_backend(links), config, lang.value)
    from checker.output.matrix import render_matrix
    from checker.output.text import template_line

    typer.echo(template_line(result, lang.value))
    render_matrix(result.alignment.links if result.alignment else None, lang.value, explain_links)


@template_app.command("check", cls=Command)
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

    tpl = load_template_or_exit(path)
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

