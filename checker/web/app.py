"""The ASGI application of `reportlint serve`.

Routes: GET / (the page), POST /review (check uploads; the page's view with download links),
POST /api/check (the `--format json` contract), GET /download/… (annotated and corrected copies,
the HTML report, the Excel summary), DELETE /review/{batch}, GET /openapi.json.

Confidential and safe by design: uploads stay in memory (read by checker.web.uploads, never
written to disk, their names only shown); each file and each request has a size limit; the reader
is chosen from the bytes; results are kept in memory for a while so that their copies can be
downloaded, then dropped; requests that change something must come from the page's own origin;
the Host header must name this server (no DNS rebinding); an optional token guards a shared
machine. Checks run in worker threads so that the page stays responsive.
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import quote

from checker.result import FileResult
from checker.web.uploads import Form, UploadError, UploadLimits, read_form
from checker.write import names

TOKEN_COOKIE = "reportlint_token"


@dataclass(frozen=True, slots=True)
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    limits: UploadLimits = field(default_factory=UploadLimits)
    keep_seconds: int = 3600  # how long results stay downloadable
    keep_batches: int = 32
    workers: int = 0  # checks at once (0: the number of CPUs)


@dataclass(slots=True)
class Batch:
    """One upload's results, kept in memory for its downloads."""

    lang: str
    fail_on: str
    uploads: list[tuple[str, bytes]]  # (name shown, bytes)
    results: list[FileResult]
    options: tuple[Any, Any]  # (template, checklist)
    created: float = field(default_factory=time.monotonic)

    @property
    def size(self) -> int:
        return sum(len(data) for _, data in self.uploads)


class Store:
    """Batches by a random id; the oldest dropped past ``keep`` batches or ``seconds``."""

    def __init__(self, keep: int, seconds: int) -> None:
        self.keep, self.seconds = keep, seconds
        self._batches: OrderedDict[str, Batch] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, batch: Batch) -> str:
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._prune()
            self._batches[key] = batch
            while len(self._batches) > self.keep:
                self._batches.popitem(last=False)
        return key

    def get(self, key: str) -> Batch | None:
        with self._lock:
            self._prune()
            return self._batches.get(key)

    def drop(self, key: str) -> None:
        with self._lock:
            self._batches.pop(key, None)

    def _prune(self) -> None:
        now = time.monotonic()
        for key in [k for k, b in self._batches.items() if now - b.created > self.seconds]:
            del self._batches[key]


def create_app(settings: ServeSettings) -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    from checker.checklists import checklist_names
    from checker.output.html import CSS, JS
    from checker.template import builtin_names
    from checker.web.page import PAGE_CSS, PAGE_JS, downloads_html, page_html

    store = Store(settings.keep_batches, settings.keep_seconds)
    workers = settings.workers or os.cpu_count() or 1
    templates = builtin_names()
    checklists = checklist_names()
    limiter: list[Any] = []  # created in the event loop on first use

    def refuse(status: int, reason: str, detail: str = "") -> JSONResponse:
        return JSONResponse({"error": True, "reason": reason, "detail": detail}, status_code=status)

    def lang_of(value: str | None) -> str:
        return "en" if value == "en" else "zh"

    async def run_checks(form: Form) -> tuple[list[FileResult], tuple[Any, Any], str]:
        import anyio

        from checker.run.plan import load_checklist, load_template

        template_name = form.fields.get("template") or "auto"
        checklist_name = form.fields.get("checklist") or ""
        if template_name != "auto" and template_name not in templates:
            raise UploadError(400, "bad-option", f"template {template_name}")
        if checklist_name and checklist_name not in checklists:
            raise UploadError(400, "bad-option", f"checklist {checklist_name}")
        if not form.files:
            raise UploadError(400, "no-files")
        template = load_template(template_name) if template_name != "auto" else None
        checklist = load_checklist(checklist_name) if checklist_name else None
        if not limiter:
            limiter.append(anyio.CapacityLimiter(workers))
        results: list[FileResult | None] = [None] * len(form.files)

        async def one(index: int) -> None:
            upload = form.files[index]
            results[index] = await anyio.to_thread.run_sync(_check_one, upload.name, upload.data, template, checklist,
                                                            limiter=limiter[0])  # fmt: skip

        async with anyio.create_task_group() as group:
            for index in range(len(form.files)):
                group.start_soon(one, index)
        return [r for r in results if r is not None], (template, checklist), lang_of(form.fields.get("lang"))

    async def page(request: Request) -> Response:
        response = HTMLResponse(page_html(lang_of(request.query_params.get("lang")), templates, checklists))
        if settings.token and request.query_params.get("token") == settings.token:
            response.set_cookie(TOKEN_COOKIE, settings.token, httponly=True, samesite="strict")
        return response

    async def review(request: Request) -> Response:
        try:
            form = await read_form(request.headers.get("content-type", ""), request.stream(), settings.limits)
            results, options, lang = await run_checks(form)
        except UploadError as exc:
            return refuse(exc.status, exc.reason, exc.detail)
        fail_on = "warning"
        batch = Batch(lang, fail_on, [(u.name, u.data) for u in form.files], results, options)
        key = store.put(batch)
        from checker.messages import PAGE_ARGS
        from checker.output.html import render_fragment, template_title

        for result in results:  # the page has a template menu (of titles) where the command line has --template
            for d in result.diagnostics:
                if d.code in PAGE_ARGS:
                    d.args = {**d.args, **PAGE_ARGS[d.code]}
                if d.code == "S109" and result.detection is not None and result.detection.candidates:
                    titles = [template_title(name, "zh") for name in result.detection.candidates]
                    titles_en = [template_title(name, "en") for name in result.detection.candidates]
                    d.args = {**d.args, "closest": "最接近的是" + "、".join(titles), "closest_en": "closest: " + ", ".join(titles_en)}
        names = [(r.path, r.error[0] if r.error else None, r.error is None and any(d.fix_safe and d.fix_edits() for d in r.diagnostics))
                 for r in results]  # fmt: skip
        fragment = downloads_html(lang, key, names) + render_fragment(results, lang, fail_on, prefix=f"b{key[:6]}-")
        return JSONResponse({"batch": key, "html": fragment,
                             "files": [{"name": r.path, "error": r.error[0] if r.error else None,
                                        "diagnostics": len(r.diagnostics)} for r in results]})  # fmt: skip

    async def api_check(request: Request) -> Response:
        try:
            form = await read_form(request.headers.get("content-type", ""), request.stream(), settings.limits)
            results, _, lang = await run_checks(form)
        except UploadError as exc:
            return refuse(exc.status, exc.reason, exc.detail)
        from checker.output.jsonout import render_json

        return Response(render_json([r.slim() for r in results], lang), media_type="application/json")

    async def forget(request: Request) -> Response:
        store.drop(request.path_params["batch"])
        return Response(status_code=204)

    async def download(request: Request) -> Response:
        import anyio

        batch = store.get(request.path_params["batch"])
        if batch is None:
            return refuse(404, "gone")
        what = request.path_params["what"]
        try:
            made = await anyio.to_thread.run_sync(_download, batch, what)
        except (KeyError, IndexError, ValueError):
            return refuse(404, "gone")
        if made is None:
            return refuse(404, "nothing")
        name, media, body = made
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})  # fmt: skip

    async def openapi(request: Request) -> Response:
        return JSONResponse(OPENAPI)

    def static(body: str, media: str) -> Callable[[Request], Awaitable[Response]]:
        async def serve(request: Request) -> Response:
            return PlainTextResponse(body, media_type=media)

        return serve

    routes = [
        Route("/", page),
        Route("/review", review, methods=["POST"]),
        Route("/review/{batch}", forget, methods=["DELETE"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/download/{batch}/{what:path}", download),
        Route("/openapi.json", openapi),
        Route("/static/report.css", static(CSS, "text/css")),
        Route("/static/page.css", static(PAGE_CSS, "text/css")),
        Route("/static/report.js", static(JS, "text/javascript")),
        Route("/static/page.js", static(PAGE_JS, "text/javascript")),
        Route("/favicon.ico", static(ICON, "image/svg+xml")),
    ]
    return _Guard(Starlette(routes=routes), settings)


def _check_one(name: str, data: bytes, template: Any, checklist: Any) -> FileResult:
    """One upload through the same engine as the command line; a bug shows as E011 on that file."""
    from checker.run.check import check_upload

    try:
        return check_upload(name, data, template, checklist)
    except Exception as exc:
        return FileResult(path=name, template=None, error=("E011", f"{type(exc).__name__}: {exc}"))


def _download(batch: Batch, what: str) -> tuple[str, str, bytes] | None:
    """A copy made now from what the batch holds: (file name, media type, bytes)."""
    from checker.read import sniff_suffix

    if what == "report.html":
        from checker.output.html import render_html

        return "reportlint.html", "text/html; charset=utf-8", render_html(batch.results, batch.lang, batch.fail_on).encode()
    if what == "summary.xlsx":
        from checker.output.xlsx import render_xlsx

        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return ("汇总.xlsx" if batch.lang == "zh" else "summary.xlsx"), media, render_xlsx(batch.results, batch.lang, batch.fail_on)
    index_text, kind = what.split("/", 1)
    index = int(index_text)
    name, data = batch.uploads[index]
    result = batch.results[index]
    if result.error is not None:
        return None
    stem = _safe_stem(name)
    internal = "upload" + sniff_suffix(data)
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if kind == "annotated":
        from checker.write.annotate import annotate

        return stem + names.ANNOTATED, docx, annotate(internal, data, result.diagnostics, batch.lang)[0]
    if kind == "fixed":
        from checker.run.check import check_upload
        from checker.write.fix import fix_file

        template, checklist = batch.options
        fixed = fix_file(internal, data, result, lambda d: check_upload(name, d, template, checklist), False)
        if fixed.count == 0:
            return None
        suffix = sniff_suffix(data)
        media = docx if suffix == ".docx" else "text/plain; charset=utf-8"
        return stem + names.FIXED + suffix, media, fixed.data
    raise KeyError(kind)


def _safe_stem(name: str) -> str:
    """A client's file name as a download name: its last part, without its extension, with no
    path separators or control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    cleaned = "".join(c for c in stem if c.isprintable() and c not in '<>:"/\\|?*')
    return cleaned.strip(" .")[:100] or "report"


class _Guard:
    """ASGI middleware: the Host must name this server, a request that changes something must come
    from this origin, the token (when set) must be given, and every answer carries headers that
    keep the page to itself."""

    HEADERS: ClassVar[list[tuple[bytes, bytes]]] = [
        (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                     b"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"cache-control", b"no-store"),
        (b"cross-origin-resource-policy", b"same-origin"),
    ]  # fmt: skip

    def __init__(self, app: Any, settings: ServeSettings) -> None:
        self.app = app
        self.settings = settings
        loopback = settings.host in ("127.0.0.1", "localhost", "::1")
        self.hosts = {"127.0.0.1", "localhost", "[::1]", "::1"} if loopback else None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        problem = self._problem(scope, headers)
        if problem is not None:
            status, reason = problem
            from starlette.responses import JSONResponse

            response = JSONResponse({"error": True, "reason": reason, "detail": ""}, status_code=status)
            await response(scope, receive, self._with_headers(send))
            return
        await self.app(scope, receive, self._with_headers(send))

    def _problem(self, scope: dict[str, Any], headers: dict[str, str]) -> tuple[int, str] | None:
        host = headers.get("host", "")
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        if self.hosts is not None and name not in self.hosts:
            return 421, "forbidden"
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            if origin is not None and origin.split("://", 1)[-1] != host:
                return 403, "forbidden"
            if headers.get("sec-fetch-site") == "cross-site":
                return 403, "forbidden"
        token = self.settings.token
        if token:
            from http.cookies import SimpleCookie

            query = scope.get("query_string", b"").decode("latin-1")
            given = headers.get("x-reportlint-token", "")
            if not given:
                cookie = SimpleCookie()
                cookie.load(headers.get("cookie", ""))
                given = cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else ""
            if not given:
                from urllib.parse import parse_qs

                given = (parse_qs(query).get("token") or [""])[0]
            if not hmac.compare_digest(given.encode(), token.encode()):
                return 401, "unauthorized"
        return None

    def _with_headers(self, send: Any) -> Any:
        async def wrapped(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *self.HEADERS]
            await send(message)

        return wrapped


ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" '
        'fill="#c62828"/><path d="M4 8l3 3 5-6" stroke="#fff" stroke-width="2" fill="none"/></svg>')

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "reportlint",
        "version": "1",
        "description": "Check Chinese structured reports. POST /api/check answers the `reportlint --format json` "
        "contract (docs/report.schema.json in the repository). Uploads are checked in memory and not stored.",
    },
    "paths": {
        "/api/check": {
            "post": {
                "summary": "Check reports",
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["files"],
                                "properties": {
                                    "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                                              "description": ".docx, .txt or .md; the type is read from the bytes"},
                                    "template": {"type": "string", "description": "a built-in template name, or auto"},
                                    "checklist": {"type": "string", "description": "a built-in yearly check-list"},
                                    "lang": {"type": "string", "enum": ["zh", "en"]},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {"description": "the JSON output contract",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}},
                    "400": {"description": "no file, or an invalid option",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                    "401": {"description": "the server was started with --token and none was given"},
                    "403": {"description": "a request from another origin"},
                    "413": {"description": "a file or the request over its size limit",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                    "415": {"description": "not multipart/form-data"},
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Report": {"type": "object", "required": ["tool", "files", "summary"],
                       "description": "see docs/report.schema.json"},
            "Error": {"type": "object", "required": ["error", "reason"],
                      "properties": {"error": {"const": True}, "reason": {"type": "string"}, "detail": {"type": "string"}}},
        }
    },
}  # fmt: skip
