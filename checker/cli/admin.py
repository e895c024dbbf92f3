"""Commands about reportlint itself: a starter configuration, the cache, the effective settings,
the local page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from checker.cli.app import Command, app
from checker.cli.options import ConfigOption


@app.command(cls=Command)
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


@app.command(cls=Command)
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


@app.command("config", cls=Command)
def show_config(
    path: Annotated[str, typer.Argument(help="文件或目录 / a file or folder.", metavar="PATH")] = ".",
    config: ConfigOption = None,
) -> None:
    """显示某路径生效的配置 / print the effective settings for a path."""
    from checker.config import ConfigError, find_config, load_config_file
    from checker.output.jsonout import dumps
    from checker.run.plan import effective_settings

    try:
        target = Path(path)
        folder = target if target.is_dir() else target.parent
        found = load_config_file(Path(config)) if config else find_config(str(folder.resolve()))
    except ConfigError as exc:
        typer.echo(f"reportlint: 配置无效 / invalid configuration:\n{exc}", err=True)
        raise typer.Exit(2) from exc
    payload = effective_settings(found, str(target))
    typer.echo(dumps(payload))


@app.command(cls=Command)
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

