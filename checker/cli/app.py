"""The typer application: the top-level help as git's and ruff's, usage written the usual way.
The commands register themselves on ``app`` when their module is imported, and a module is
imported only when one of its commands is asked for (LAZY_COMMANDS): `reportlint FILE` builds
the check command alone, not the thirteen others (40 ms of imports and type-hint reading)."""

from __future__ import annotations

import importlib
from typing import Any

import typer

# Each command (and command group) → the module under checker/cli that registers it, in the order
# the help lists them.
LAZY_COMMANDS = {
    "init": "admin", "clean": "admin", "config": "admin", "serve": "admin", "check": "check", "rules": "docs",
    "explain": "docs", "templates": "docs", "format": "format", "outline": "inspect", "matrix": "inspect",
    "similar": "similar", "template": "inspect",
}  # fmt: skip


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
    characters. Commands are built when asked for (the standard lazy click group)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*LAZY_COMMANDS, *(name for name in self.commands if name not in LAZY_COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        module = LAZY_COMMANDS.get(cmd_name)
        loaded: set[str] = self.__dict__.setdefault("_loaded_modules", set())
        if module is not None and module not in loaded:
            loaded.add(module)
            importlib.import_module(f"checker.cli.{module}")
            self._build_registered()
        return super().get_command(ctx, cmd_name)

    def _build_registered(self) -> None:
        """Turn what the imported modules registered on ``app`` into click commands (typer's own
        conversion, as typer.main.get_group does for the whole tree at once)."""
        for info in app.registered_commands:
            name = info.name or typer.main.get_command_name(info.callback.__name__)  # type: ignore[union-attr]
            if name not in self.commands:
                self.commands[name] = typer.main.get_command_from_info(
                    info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
                )
        for group_info in app.registered_groups:  # rebuilt: its commands may have just registered
            group = typer.main.get_group_from_info(group_info, pretty_exceptions_short=app.pretty_exceptions_short,
                                                   suggest_commands=app.suggest_commands,
                                                   rich_markup_mode=app.rich_markup_mode)  # fmt: skip
            if group.name:
                self.commands[group.name] = group

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

