"""The typer application: the top-level help as git's and ruff's, usage written the usual way.
The commands register themselves on ``app`` (checker/cli/__init__.py imports them)."""

from __future__ import annotations

from typing import Any

import typer


class Command(typer.core.TyperCommand):
    """Usage written the usual way, `reportlint check [OPTIONS] PATH...`, not typer's `{paths}...`."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                continue
            name = (param.metavar or param.name or "").upper() + ("..." if param.nargs != 1 else "")
            pieces.append(name if param.required else f"[{name}]")
        return pieces


class Group(typer.core.TyperGroup):
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
    cls=Group,
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


template_app = typer.Typer(help="模板工具 / template tools.", no_args_is_help=True)


app.add_typer(template_app, name="template")

