"""Commands that document the rules and templates: `rules`, `explain CODE`, `templates`."""

from __future__ import annotations

from typing import Annotated

import typer

from checker.cli.app import Command, app
from checker.cli.choices import Format, Lang
from checker.cli.options import LangOption


@app.command(cls=Command)
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


@app.command(cls=Command)
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
    from checker.output.rules import explain_text

    typer.echo(explain_text(code, lang.value))


@app.command(cls=Command)
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

