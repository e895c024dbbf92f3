"""Starting the server: loopback unless --allow-remote says otherwise (with a warning), uvicorn
in this process, the page opened in a browser with --open."""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys

from checker.web.app import ServeSettings, create_app
from checker.web.uploads import UploadLimits

MB = 1024 * 1024


class ServeError(Exception):
    """The server cannot start as asked."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_forever(host: str, port: int, token: str | None, allow_remote: bool, max_upload_mb: float,
                  max_request_mb: float, open_browser: bool) -> None:  # fmt: skip
    if not is_loopback(host):
        if not allow_remote:
            raise ServeError(f"--host {host} 不是本机地址；确需他人访问请加 --allow-remote（最好同时设 --token）"
                             f" / {host} is not loopback: add --allow-remote (and best --token)")  # fmt: skip
        print(f"reportlint: 警告：正在监听 {host}，同一网络中的其他人可以访问此页面"
              f"{'' if token else '，且未设 --token'} / warning: listening on {host}, reachable from other machines"
              f"{'' if token else ' without a --token'}", file=sys.stderr)  # fmt: skip
    limits = UploadLimits(file_bytes=int(max_upload_mb * MB), request_bytes=int(max_request_mb * MB))
    sock = _listen(host, port)  # before the URL is printed: a busy port is said once, clearly
    port = sock.getsockname()[1]  # --port 0: the one the system chose
    settings = ServeSettings(host=host, port=port, token=token, limits=limits)
    app = create_app(settings)
    import uvicorn

    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/" + (f"?token={token}" if token else "")
    print(f"reportlint serve: {url}  (Ctrl+C 结束 / to stop)", file=sys.stderr)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", server_header=False))
    server.run(sockets=[sock])


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` for uvicorn to serve on, or a ServeError that says why not."""
    address = host.strip("[]")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn: a port in TIME_WAIT is free
    try:
        sock.bind((address, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"端口 {port} 已被占用（也许 reportlint serve 已在运行）：请用 --port 换一个端口 "
                             f"/ port {port} is already in use (reportlint serve may be running): choose another with --port") from exc  # fmt: skip
        raise ServeError(f"无法监听 {host}:{port}（{exc.strerror}）/ cannot listen on {host}:{port} ({exc.strerror})") from exc
    sock.set_inheritable(True)
    return sock
