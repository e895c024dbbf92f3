"""The server's door (ASGI middleware), before any route:

- the sub-path (--root-path): `/reportlint/…` served as `/…`, whether the proxy strips it or not;
- proxy headers (X-Forwarded-Proto, -Host, -For and the authenticated user) believed only from
  --trusted-proxy addresses;
- the Host must name this server (no DNS rebinding) when it listens on loopback, and a request
  that changes something must come from the page's own origin;
- who the caller is: a token (--token, or a group's from --tokens) in a header, a cookie or a
  link, or the user a trusted proxy names; a page asked for without one gets a form to give it;
- headers that keep the page to itself on every answer;
- a JSON line per request in the access log: time, method, route, status, files, duration,
  workers, group or user. Never a file name, a query or any text of a file.
"""

from __future__ import annotations

import contextlib
import json
import time
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qs, quote

from checker.web.auth import group_of, in_networks

if TYPE_CHECKING:
    from checker.web.app import ServeSettings

TOKEN_COOKIE = "reportlint_token"
OPEN_PATHS = ("/healthz", "/login")  # a load balancer asks without a token; the login form brings one
LOG_ROUTES = ("/", "/review", "/api/check", "/download", "/openapi.json", "/healthz", "/login", "/static", "/favicon.ico")


class Guard:
    HEADERS: ClassVar[list[tuple[bytes, bytes]]] = [
        (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                     b"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"cache-control", b"no-store"),
        (b"cross-origin-resource-policy", b"same-origin"),
    ]  # fmt: skip

    def __init__(self, app: Any, settings: ServeSettings, pool: Any, log: IO[str] | None = None) -> None:
        self.app = app
        self.settings = settings
        self.pool = pool
        self.log = log
        loopback = settings.host in ("127.0.0.1", "localhost", "::1")
        self.hosts = {"127.0.0.1", "localhost", "[::1]", "::1"} if loopback else None
        self.tokens = dict(settings.tokens)
        if settings.token:
            self.tokens[settings.token] = "token"
        self.root = settings.root_path.rstrip("/")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        client = (scope.get("client") or (None, None))[0]
        proxied = in_networks(client, self.settings.trusted)
        scope = dict(scope)
        if proxied:
            proto = headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
            if proto in ("http", "https"):
                scope["scheme"] = proto
        record: dict[str, Any] = {"files": 0, "workers": set(), "who": None}
        scope["reportlint"] = record
        status = [0]

        async def respond(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message = dict(message)
                message["headers"] = [*message.get("headers", []), *self.HEADERS]
            await send(message)

        try:
            path = scope["path"]
            if self.root and path == self.root:  # /reportlint → /reportlint/: the page's links are relative
                query = scope.get("query_string", b"").decode("latin-1")
                await self._plain(scope, receive, respond, 308, headers=[(b"location", quote(self.root + "/" + ("?" + query if query else ""), safe="/?=&%").encode())])
                return
            if self.root and path.startswith(self.root + "/"):
                scope["path"] = path[len(self.root) :]
                scope["raw_path"] = scope["path"].encode()
            scope["root_path"] = self.root
            problem = self._problem(scope, headers, proxied, record)
            if problem is not None:
                await self._refuse(scope, receive, respond, headers, *problem)
                return
            await self.app(scope, receive, respond)
        finally:
            self._log(scope, status[0] or 500, record, started)

    # Checks -------------------------------------------------------------------------------------

    def _problem(self, scope: dict[str, Any], headers: dict[str, str], proxied: bool,
                 record: dict[str, Any]) -> tuple[int, str] | None:  # fmt: skip
        host = headers.get("host", "")
        if proxied and headers.get("x-forwarded-host"):
            host = headers["x-forwarded-host"].split(",")[0].strip()
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        if self.hosts is not None and not proxied and name not in self.hosts:
            return 421, "forbidden"
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            if origin is not None:
                origin_scheme, _, origin_host = origin.partition("://")
                if _authority(origin_host, origin_scheme) != _authority(host, scope["scheme"]):
                    return 403, "forbidden"
            if headers.get("sec-fetch-site") == "cross-site":
                return 403, "forbidden"
        if scope["path"] in OPEN_PATHS:
            return None
        header = self.settings.user_header
        if header and proxied and headers.get(header.lower(), "").strip():
            record["who"] = "user:" + headers[header.lower()].strip()[:100]
            return None
        if not self.tokens:
            return (401, "unauthorized") if header else None
        given = _given_token(scope, headers)
        group = group_of(given, self.tokens) if given else None
        if group is None:
            return 401, "unauthorized"
        record["who"] = group
        record["token"] = given
        return None

    async def _refuse(self, scope: dict[str, Any], receive: Any, send: Any, headers: dict[str, str], status: int,
                      reason: str) -> None:  # fmt: skip
        from starlette.responses import HTMLResponse, JSONResponse

        wants_page = scope["method"] == "GET" and scope["path"] == "/" and "text/html" in headers.get("accept", "")
        if status == 401 and wants_page:
            from checker.web.page import login_html

            lang = "en" if parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang") == ["en"] else "zh"
            given = bool(_given_token(scope, headers))
            response: Any = HTMLResponse(login_html(lang, wrong=given), status_code=401)
        else:
            response = JSONResponse({"error": True, "reason": reason, "detail": ""}, status_code=status)
        await response(scope, receive, send)

    async def _plain(self, scope: dict[str, Any], receive: Any, send: Any, status: int,
                     headers: list[tuple[bytes, bytes]]) -> None:  # fmt: skip
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    # The access log -----------------------------------------------------------------------------

    def _log(self, scope: dict[str, Any], status: int, record: dict[str, Any], started: float) -> None:
        if self.log is None:
            return
        path = scope.get("path", "")
        route = next((r for r in LOG_ROUTES if path == r or (r not in ("/",) and path.startswith(r + "/"))), "other")
        line = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "method": scope.get("method"),
            "route": route,
            "status": status,
            "files": record["files"],
            "duration_ms": round((time.monotonic() - started) * 1000),
            "workers": sorted(record["workers"]),
            "who": record["who"],
        }
        try:
            self.log.write(json.dumps(line, ensure_ascii=False) + "\n")
            self.log.flush()
        except (OSError, ValueError):
            pass  # a closed or full log must not fail the request


def _given_token(scope: dict[str, Any], headers: dict[str, str]) -> str:
    given = headers.get("x-reportlint-token", "").strip()
    if not given:
        kind, _, value = headers.get("authorization", "").partition(" ")
        if kind.lower() == "bearer":
            given = value.strip()
    if not given and headers.get("cookie"):
        from http.cookies import CookieError, SimpleCookie

        cookie: SimpleCookie = SimpleCookie()
        with contextlib.suppress(CookieError):
            cookie.load(headers["cookie"])
        given = cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else ""
    if not given:
        given = (parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token") or [""])[0]
    return given


def _authority(host: str, scheme: str) -> str:
    """host:port with the scheme's default port left out, lower-cased."""
    host = host.strip().lower().rstrip("/")
    default = ":443" if scheme == "https" else ":80"
    return host[: -len(default)] if host.endswith(default) else host
