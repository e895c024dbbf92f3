"""Commands about reportlint itself: a starter configuration, the cache, the effective settings,
the local page."""

from __future__ import annotations

import sys
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
        bool, typer.Option("--allow-remote", help="允许监听非本机地址（需身份验证）/ allow a host other than loopback (with authentication).")
    ] = False,
    tokens: Annotated[
        str | None,
        typer.Option("--tokens", help="口令文件，每行“组名 = 口令” / a file of `GROUP = TOKEN` lines: a token per group.", metavar="FILE"),
    ] = None,
    token: Annotated[
        str | None, typer.Option("--token", help="一个共用口令 / one access token for everyone.")
    ] = None,
    proxy_user_header: Annotated[
        str | None,
        typer.Option("--proxy-user-header", help="可信反向代理写入已认证用户名的请求头，如 X-Remote-User / the header in which a trusted proxy names the user it authenticated.", metavar="HEADER"),
    ] = None,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option("--trusted-proxy", help="可信反向代理的地址或网段（可重复）：只信任它们的 X-Forwarded-* / a proxy address or network whose X-Forwarded-* headers are believed (repeatable).", metavar="ADDR"),
    ] = None,
    no_auth: Annotated[
        bool, typer.Option("--no-auth", help="与 --allow-remote 同用：不要身份验证 / with --allow-remote: no authentication.")
    ] = False,
    root_path: Annotated[
        str, typer.Option("--root-path", help="在子路径下提供服务，如 /reportlint / serve under a sub-path.", metavar="PATH")
    ] = "",
    workers: Annotated[
        int, typer.Option("--workers", help="工作进程数（默认 CPU 数）/ worker processes (default: the CPU count).", min=0)
    ] = 0,
    timeout: Annotated[
        float, typer.Option("--timeout", help="单个文件的检查时限（秒）/ seconds per file (E013 past it; 0: none).", min=0)
    ] = 30.0,
    worker_memory_mb: Annotated[
        float, typer.Option("--worker-memory-mb", help="每个工作进程的内存上限 / a worker's memory limit (E014 past it; 0: none).", min=0)
    ] = 1536.0,
    queue: Annotated[
        int, typer.Option("--queue", help="排队文件数上限，超过即答“忙” / files waiting at most before requests are told busy.", min=1)
    ] = 500,
    access_log: Annotated[
        str | None,
        typer.Option("--access-log", help="JSON 行访问日志（- 为标准错误）/ a JSON-lines access log (- for standard error).", metavar="FILE"),
    ] = None,
    max_upload_mb: Annotated[float, typer.Option("--max-upload-mb", help="单个文件上限 / largest file.", min=0.001)] = 20.0,
    max_request_mb: Annotated[
        float, typer.Option("--max-request-mb", help="单次上传总量上限 / largest upload in all.", min=0.001)
    ] = 100.0,
    double_click: Annotated[bool, typer.Option("--double-click", hidden=True)] = False,
) -> None:
    """网页：拖入报告（或 .zip）即可检查，可供一个单位共用 / a page to drop reports (or a .zip) on, for one person or a whole unit (and a JSON API).

    Exit status: 0 stopped with Ctrl+C or SIGTERM (after the checks under way finished);
    2 it cannot start: the port is in use, the address cannot be listened on, it is not
    loopback without --allow-remote, or an option (the tokens file, a proxy address, the
    sub-path) is invalid.
    """
    from checker.web.serve import ServeError, ServeOptions, serve_forever

    options = ServeOptions(host=host, port=port, token=token, tokens_file=tokens, user_header=proxy_user_header,
                           trusted_proxies=trusted_proxy or [], allow_remote=allow_remote, no_auth=no_auth,
                           root_path=root_path, workers=workers, timeout=timeout, memory_mb=worker_memory_mb,
                           queue=queue, access_log=access_log, max_upload_mb=max_upload_mb,
                           max_request_mb=max_request_mb, open_browser=open_browser, double_click=double_click)  # fmt: skip
    try:
        serve_forever(options)
    except ServeError as exc:
        typer.echo(f"reportlint: {exc}", err=True)
        if double_click and sys.stdin is not None and sys.stdin.isatty():
            input("按回车键关闭 / press Enter to close")  # a double-clicked program's window would vanish with the message
        raise typer.Exit(2) from exc

