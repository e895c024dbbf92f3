"""Starting and stopping the server: loopback unless --allow-remote, and then only with a way to
tell who may use it (tokens, a trusted proxy's user, or --no-auth said out loud); the worker
processes started before the first request; uvicorn in this process; the page opened in a
browser with --open; on SIGTERM or Ctrl+C, no new connections, the requests under way finished
(for up to the time limit plus a margin), then the workers stopped, and exit 0. Under systemd
(Type=notify) it says when it is ready and when it stops."""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import signal
import socket
import sys
from dataclasses import dataclass, field
from typing import IO

from checker.web.app import ServeSettings, create_app
from checker.web.uploads import UploadLimits

MB = 1024 * 1024
DEFAULT_PORT = 8765


class ServeError(Exception):
    """The server cannot start as asked."""


@dataclass(slots=True)
class ServeOptions:
    """`reportlint serve`'s options, as the command line gives them."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    token: str | None = None
    tokens_file: str | None = None
    user_header: str | None = None
    trusted_proxies: list[str] = field(default_factory=list)
    allow_remote: bool = False
    no_auth: bool = False
    root_path: str = ""
    workers: int = 0
    timeout: float = 30.0
    memory_mb: float = 1536.0
    queue: int = 500
    access_log: str | None = None
    max_upload_mb: float = 20.0
    max_request_mb: float = 100.0
    open_browser: bool = False
    double_click: bool = False  # started with no arguments: the single-file program double-clicked


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def settings_for(options: ServeOptions) -> ServeSettings:
    """The server's settings, or a ServeError that says which option is wrong."""
    from checker.web.auth import AuthError, load_tokens, loosely_readable, parse_networks

    try:
        tokens = load_tokens(options.tokens_file) if options.tokens_file else {}
        trusted = parse_networks(options.trusted_proxies)
    except AuthError as exc:
        raise ServeError(str(exc)) from exc
    if options.tokens_file and loosely_readable(options.tokens_file):
        print(f"reportlint: 警告：{options.tokens_file} 其他用户可读 / warning: {options.tokens_file} is readable by "
              "other users (chmod 640)", file=sys.stderr)  # fmt: skip
    if options.user_header and not trusted:
        raise ServeError("--proxy-user-header 需要 --trusted-proxy（否则任何人都能冒充用户）/ --proxy-user-header needs "
                         "--trusted-proxy: otherwise anyone could claim to be anyone")  # fmt: skip
    if options.token is not None and len(options.token) < 8:
        raise ServeError("--token 至少 8 个字符 / --token needs at least 8 characters")
    root = options.root_path.strip()
    if root and (not root.startswith("/") or "//" in root or any(c in root for c in "?#%\\ ")):
        raise ServeError(f"--root-path {root}：应形如 /reportlint / should look like /reportlint")
    authenticated = bool(options.token or tokens or options.user_header)
    if not is_loopback(options.host):
        if not options.allow_remote:
            raise ServeError(f"--host {options.host} 不是本机地址；确需他人访问请加 --allow-remote 和 --tokens "
                             f"/ {options.host} is not loopback: add --allow-remote, with --tokens")  # fmt: skip
        if not authenticated and not options.no_auth:
            raise ServeError("--allow-remote 需要身份验证：--tokens FILE（每组一个口令）、--token 或 --proxy-user-header；"
                             "确定人人可用请加 --no-auth / --allow-remote needs authentication: --tokens FILE (a token per "
                             "group), --token or --proxy-user-header; add --no-auth if everyone who can reach it may use it")  # fmt: skip
    limits = UploadLimits(file_bytes=int(options.max_upload_mb * MB), request_bytes=int(options.max_request_mb * MB))
    return ServeSettings(host=options.host, port=options.port, token=options.token, limits=limits,
                         workers=options.workers, timeout=options.timeout, memory_mb=options.memory_mb,
                         queue=options.queue, tokens=tokens, user_header=options.user_header, trusted=trusted,
                         root_path=root.rstrip("/"), remote=not is_loopback(options.host) or bool(trusted))  # fmt: skip


def serve_forever(options: ServeOptions) -> None:
    settings = settings_for(options)
    if not is_loopback(options.host) and options.no_auth and not (settings.tokens or settings.token or settings.user_header):
        print(f"reportlint: 警告：正在监听 {options.host}，未设口令，同一网络中的任何人都可以使用 "
              f"/ warning: listening on {options.host} without authentication", file=sys.stderr)  # fmt: skip
    try:
        sock = _listen(options.host, options.port)  # before the URL is printed: a busy port is said once, clearly
    except ServeError:
        if not options.double_click:
            raise
        if _open_running(options.port):
            return  # double-clicked again: the page of the one already running is opened
        sock = _listen(options.host, 0)
    port = sock.getsockname()[1]  # --port 0: the one the system chose
    log = _open_log(options.access_log)
    from checker.batch.pool import Pool, PoolSettings

    # REPORTLINT_SPAWN_WORKERS: start the workers as programs, as on Windows and macOS (to test that here)
    spawn = bool(os.environ.get("REPORTLINT_SPAWN_WORKERS"))
    pool = Pool(PoolSettings(settings.workers, settings.memory_mb, settings.queue, spawn=spawn))
    pool.start()  # forked now, warm, before uvicorn's threads exist
    app = create_app(settings, pool=pool, log=log, ready=_notify_ready)
    import uvicorn

    host = "[" + options.host + "]" if ":" in options.host else options.host
    url = f"http://{host}:{port}{settings.root_path}/" + (f"?token={options.token}" if options.token else "")
    print(f"reportlint serve: {url}  ({pool.settings.size} 个工作进程 / workers; Ctrl+C 结束 / to stop)", file=sys.stderr)
    if options.open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    config = uvicorn.Config(app, log_level="warning", server_header=False, lifespan="on",
                            timeout_graceful_shutdown=int(settings.timeout + 30))  # fmt: skip
    server = uvicorn.Server(config)
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda number, frame: caught.append(number)) for sig in _signals()}
    try:
        # uvicorn takes SIGINT and SIGTERM while it runs (no new connections, the open ones
        # finished) and raises them again when it is done: here they land in the handler above.
        server.run(sockets=[sock])
    finally:
        _notify("STOPPING=1")
        pool.close(wait=0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if log is not None and log is not sys.stderr:
            log.close()
    print("reportlint serve: 已停止 / stopped", file=sys.stderr)


def _signals() -> list[int]:
    return [s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s is not None]


def _open_log(target: str | None) -> IO[str] | None:
    if not target:
        return None
    if target == "-":
        return sys.stderr
    try:
        return open(target, "a", encoding="utf-8", buffering=1)  # kept open while the server runs
    except OSError as exc:
        raise ServeError(f"--access-log {target}：{exc.strerror}") from exc


def _open_running(port: int) -> bool:
    """When a reportlint server already answers on ``port`` (the program double-clicked twice),
    open its page and say so; False when the port is someone else's."""
    import json
    import urllib.request
    import webbrowser

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
            health = json.loads(answer.read())
    except (OSError, ValueError):
        return False
    if not isinstance(health, dict) or "workers" not in health:
        return False
    url = f"http://127.0.0.1:{port}/"
    print(f"reportlint serve: 已在运行 / already running: {url}", file=sys.stderr)
    webbrowser.open(url)
    return True


def _notify_ready() -> None:
    _notify("READY=1")


def _notify(state: str) -> None:
    """Tell systemd (Type=notify) how the service is: READY=1, STOPPING=1."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address or not hasattr(socket, "AF_UNIX"):
        return
    if address.startswith("@"):
        address = "\0" + address[1:]  # an abstract socket
    with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as channel:
        channel.sendto(state.encode(), address)


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening, for uvicorn to serve on, or a ServeError
    that says why not."""
    address = host.strip("[]")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn: a port in TIME_WAIT is free
    try:
        sock.bind((address, port))
        sock.listen(2048)  # connections queue from now on, while the workers start
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"端口 {port} 已被占用（也许 reportlint serve 已在运行）：请用 --port 换一个端口 "
                             f"/ port {port} is already in use (reportlint serve may be running): choose another with --port") from exc  # fmt: skip
        raise ServeError(f"无法监听 {host}:{port}（{exc.strerror}）/ cannot listen on {host}:{port} ({exc.strerror})") from exc
    sock.set_inheritable(True)
    return sock


__all__ = ["DEFAULT_PORT", "ServeError", "ServeOptions", "is_loopback", "serve_forever", "settings_for"]
