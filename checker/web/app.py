"""The ASGI application of `reportlint serve`.

Routes: GET / (the page), POST /review (check uploads; the page's view with download links),
POST /api/check (the `--format json` contract), GET /download/… (annotated and corrected copies,
of a zip's members as one .zip, the HTML report, the Excel summary), DELETE /review/{batch},
GET /healthz, GET /openapi.json, POST /login (the form a page asked for without a token posts).

Confidential and safe by design: uploads stay in memory (read by checker.web.uploads, never
written to disk, their names only shown; a .zip is read member by member in memory); each file
and each request has a size limit; the reader is chosen from the bytes; results are kept in
memory for a while so that their copies can be downloaded, then dropped. Checks and copies run
in the supervised worker processes of checker/batch/pool.py: a file past its time or memory
limit costs its own worker only (E013, E014); past the queue's bound a request is told at once
that the server is busy. The door (checker.web.guard) checks the origin, the host, the token or
the proxy's user, and writes the access log.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import quote

from checker.read.limits import Limits
from checker.result import FileResult
from checker.web.auth import Network
from checker.web.guard import TOKEN_COOKIE, Guard
from checker.web.uploads import Form, UploadError, UploadLimits, read_form

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """What the web page serves with: where it listens, who may use it, the upload limits."""

    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None  # one token for everyone (--token)
    limits: UploadLimits = field(default_factory=UploadLimits)
    keep_seconds: int = 3600  # how long results stay downloadable
    keep_batches: int = 32
    keep_mb: float = 512.0  # uploads kept for their downloads, in all
    workers: int = 0  # worker processes (0: the number of CPUs)
    timeout: float = 30.0  # seconds one file's check may take (E013 past it)
    memory_mb: float = 1536.0  # a worker's memory at most (E014 past it; 0: no limit)
    queue: int = 500  # files waiting at most before a request is answered "busy"
    spawn: bool = False  # start the workers as programs even where they could be forked
    tokens: dict[str, str] = field(default_factory=dict)  # token → group (--tokens FILE)
    user_header: str | None = None  # the header in which a trusted proxy names its authenticated user
    trusted: tuple[Network, ...] = ()  # proxies whose X-Forwarded-* headers are believed
    root_path: str = ""  # served under this sub-path (/reportlint)
    remote: bool = False  # reachable from other machines: the page says "the server", not "this computer"

    def check_limits(self) -> Limits:
        return Limits(max_file_mb=self.limits.file_bytes / MB, timeout=self.timeout)


@dataclass(slots=True)
class Batch:
    """One upload's results, kept in memory for its downloads. A zip's members are files of the
    batch; ``archives`` says which: (the zip's name, the indexes of its members)."""

    lang: str
    fail_on: str
    uploads: list[tuple[str, bytes]]  # (name shown, bytes)
    results: list[FileResult]
    options: tuple[str, str]  # (template, checklist) by name
    archives: list[tuple[str, list[int]]] = field(default_factory=list)
    inside: dict[int, str] = field(default_factory=dict)  # a member's index → its name in its zip
    articles: list[str] = field(default_factory=list)  # each file's report on the page (html.ANCHOR in it)
    created: float = field(default_factory=time.monotonic)

    @property
    def size(self) -> int:
        return sum(len(data) for _, data in self.uploads) + sum(len(a) for a in self.articles)


class Store:
    """Batches by a random id; the oldest dropped past ``keep`` batches, ``seconds`` or ``size``
    bytes of uploads in all."""

    def __init__(self, keep: int, seconds: int, size: int = 512 * MB) -> None:
        self.keep, self.seconds, self.size = keep, seconds, size
        self._batches: OrderedDict[str, Batch] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, batch: Batch) -> str:
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._prune()
            self._batches[key] = batch
            while len(self._batches) > self.keep or (
                len(self._batches) > 1 and sum(b.size for b in self._batches.values()) > self.size
            ):
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


@dataclass(slots=True)
class Item:
    """A file to check: an upload, or a member of an uploaded zip (refused: its error)."""

    name: str
    data: bytes
    refused: tuple[str, str] | None = None
    archive: int | None = None  # the index of its zip in the request's archives
    inside: str = ""


def expand(form: Form, limits: UploadLimits) -> tuple[list[Item], list[str]]:
    """The uploads as files to check: a .zip's members in its place, named `材料.zip/张三/x.docx`."""
    from checker.read.archive import is_archive, read_archive
    from checker.read.types import ReadError

    items: list[Item] = []
    archives: list[str] = []
    archive_limits = Limits(max_file_mb=limits.file_bytes / MB)
    budget = limits.archive_bytes  # what the request's zips may still inflate to
    for upload in form.files:
        if not is_archive(upload.name):
            items.append(Item(upload.name, upload.data))
            continue
        try:
            members = read_archive(upload.data, archive_limits, total_bytes=budget)
            budget -= sum(len(m.data) for m in members)
        except ReadError as exc:
            items.append(Item(upload.name, b"", (exc.code, exc.detail)))
            continue
        if not members:
            items.append(Item(upload.name, b"", ("E015", "no report (.docx, .txt, .md) in the archive")))
            continue
        archives.append(upload.name)
        for member in members:
            items.append(Item(f"{upload.name}/{member.name}", member.data, member.error, len(archives) - 1, member.name))
    if len(items) > limits.members:
        raise UploadError(413, "too-many-files", f"at most {limits.members} files")
    return items, archives


def create_app(settings: ServeSettings, pool: Any = None, log: IO[str] | None = None,
               ready: Callable[[], None] | None = None) -> Guard:  # fmt: skip
    """The application behind its door; its worker pool (``pool``, or one made from
    ``settings``) starts with the first check unless it was started already. ``ready`` is
    called once the server has started (systemd's READY=1)."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route

    from checker.batch.pool import Busy, JobFailed, Pool, PoolSettings
    from checker.checklists import checklist_names
    from checker.output.html import CSS, JS
    from checker.template import builtin_names
    from checker.web.jobs import Checked, CheckJob
    from checker.web.page import PAGE_CSS, PAGE_JS, page_html

    if pool is None:
        pool = Pool(PoolSettings(settings.workers, settings.memory_mb, settings.queue, spawn=settings.spawn))
    store = Store(settings.keep_batches, settings.keep_seconds, int(settings.keep_mb * MB))
    templates = builtin_names()
    checklists = checklist_names()
    limits = settings.check_limits()
    started = threading.Lock()

    def ensure_started() -> None:
        with started:
            if not pool.started:
                pool.start()

    def refuse(status: int, reason: str, detail: str = "", headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse({"error": True, "reason": reason, "detail": detail}, status_code=status, headers=headers)

    def busy(exc: Busy) -> JSONResponse:
        if exc.waiting < 0:
            return refuse(503, "stopping", "", {"Retry-After": "10"})
        return refuse(503, "busy", f"{exc.waiting} waiting", {"Retry-After": "5"})

    def lang_of(value: str | None) -> str:
        return "en" if value == "en" else "zh"

    def record(request: Request) -> dict[str, Any]:
        found: dict[str, Any] = request.scope.get("reportlint") or {}
        return found

    def options(form: Form) -> tuple[str, str, str]:
        # An option given must be one the API names (/openapi.json): an empty one is no default.
        template = form.fields.get("template", "auto")
        checklist = form.fields.get("checklist", "")
        lang = form.fields.get("lang", "zh")
        if template != "auto" and template not in templates:
            raise UploadError(400, "bad-option", "template")
        if checklist and checklist not in checklists:
            raise UploadError(400, "bad-option", "checklist")
        if lang not in ("zh", "en"):
            raise UploadError(400, "bad-option", "lang")
        if not form.files:
            raise UploadError(400, "no-files")
        return template, checklist, lang

    async def wait(request: Request, futures: list[Any]) -> list[Any]:
        """Every job's Done or JobFailed; the jobs still waiting are dropped if the client leaves."""
        gathered = asyncio.gather(*(asyncio.wrap_future(f) for f in futures), return_exceptions=True)
        while True:
            done, _ = await asyncio.wait({gathered}, timeout=1.0)
            if done:
                return list(gathered.result())
            if await request.is_disconnected():
                for future in futures:
                    future.cancel()
                await asyncio.wait({gathered}, timeout=0)
                raise UploadError(499, "gone")

    async def check(request: Request, page: bool) -> tuple[list[Item], list[str], list[Any], tuple[str, str], str]:
        """The request's files checked: for each, a Checked (checker.web.jobs) or a FileResult
        with the error that stopped it."""
        import anyio

        form = await read_form(request.headers.get("content-type", ""), request.stream(), settings.limits)
        template, checklist, lang = options(form)
        items, archives = await anyio.to_thread.run_sync(expand, form, settings.limits)
        todo = [i for i, item in enumerate(items) if item.refused is None]
        jobs: list[Any] = [CheckJob(items[i].name, items[i].data, template, checklist, limits, lang, page) for i in todo]
        ensure_started()
        futures = pool.submit(jobs, limits.timeout) if jobs else []
        outcomes = await wait(request, futures)
        checked: list[Any] = [FileResult(path=item.name, template=None, error=item.refused) for item in items]
        log = record(request)
        log["files"] = len(items)
        for index, outcome in zip(todo, outcomes, strict=True):
            if isinstance(outcome, JobFailed):
                checked[index] = FileResult(path=items[index].name, template=None, error=(outcome.code, outcome.detail))
                log["workers"].add(outcome.worker)
            elif isinstance(outcome, BaseException):
                checked[index] = FileResult(path=items[index].name, template=None, error=("E011", type(outcome).__name__))
            else:
                checked[index] = outcome.value
                log["workers"].add(outcome.worker)
        return items, archives, checked, (template, checklist), lang

    async def page(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        given = record(request).get("token")
        if given and request.query_params.get("token"):
            # A link with the token: keep it in a cookie, and out of the address bar and history.
            target = "./" + ("?lang=en" if lang == "en" else "")
            response: Response = RedirectResponse(target, status_code=303)
            _set_cookie(response, request, given)
            return response
        return HTMLResponse(page_html(lang, templates, checklists, settings.remote))

    async def login(request: Request) -> Response:
        from urllib.parse import parse_qs

        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > 4096:
                return refuse(413, "field-too-large")
        fields = parse_qs(body.decode("utf-8", "replace"))
        given = (fields.get("token") or [""])[0].strip()
        lang = "en" if fields.get("lang") == ["en"] else "zh"
        from checker.web.auth import group_of

        tokens = dict(settings.tokens)
        if settings.token:
            tokens[settings.token] = "token"
        target = "./" + ("?lang=en" if lang == "en" else "")
        response: Response = RedirectResponse(target, status_code=303)
        if given and tokens and group_of(given, tokens) is not None:
            _set_cookie(response, request, given)
            record(request)["who"] = group_of(given, tokens)
        return response

    async def review(request: Request) -> Response:
        import anyio

        from checker.output.html import ANCHOR, report_html

        try:
            items, archives, checked, chosen, lang = await check(request, page=True)
        except UploadError as exc:
            return refuse(exc.status, exc.reason, exc.detail)
        except Busy as exc:
            return busy(exc)
        results = [c.result if isinstance(c, Checked) else c for c in checked]
        articles = [c.article if isinstance(c, Checked) else report_html(c, lang, ANCHOR) for c in checked]
        members: dict[int, list[int]] = {}
        for index, item in enumerate(items):
            if item.archive is not None:
                members.setdefault(item.archive, []).append(index)
        batch = Batch(lang, "warning", [(item.name, item.data) for item in items], results, chosen,
                      [(name, members.get(k, [])) for k, name in enumerate(archives)],
                      {i: item.inside for i, item in enumerate(items) if item.archive is not None}, articles)  # fmt: skip
        key = store.put(batch)
        html = await anyio.to_thread.run_sync(_review_fragment, batch, key)
        return JSONResponse({"batch": key, "html": html,
                             "files": [{"name": r.path, "error": r.error[0] if r.error else None,
                                        "diagnostics": len(r.diagnostics)} for r in results]})  # fmt: skip

    async def api_check(request: Request) -> Response:
        import anyio

        try:
            _, _, checked, _, lang = await check(request, page=False)
        except UploadError as exc:
            return refuse(exc.status, exc.reason, exc.detail)
        except Busy as exc:
            return busy(exc)
        body = await anyio.to_thread.run_sync(_api_answer, checked, lang)
        return Response(body, media_type="application/json")

    async def forget(request: Request) -> Response:
        store.drop(request.path_params["batch"])
        return Response(status_code=204)

    async def download(request: Request) -> Response:
        import anyio

        batch = store.get(request.path_params["batch"])
        if batch is None:
            return refuse(404, "gone")
        what = request.path_params["what"]
        made: tuple[str, str, bytes] | None
        try:
            if what in ("report.html", "summary.xlsx"):
                made = await anyio.to_thread.run_sync(_summary, batch, what)
            else:
                job, name = _copy_job(batch, what, limits)
                if job is None:
                    return refuse(404, "nothing")
                ensure_started()
                futures = pool.submit([job], limits.timeout * 4)
                outcome = (await wait(request, futures))[0]
                if isinstance(outcome, JobFailed):
                    record(request)["workers"].add(outcome.worker)
                    return refuse(500, "copy-failed", f"{outcome.code} {outcome.detail}")
                if isinstance(outcome, BaseException):
                    return refuse(500, "copy-failed", type(outcome).__name__)
                record(request)["workers"].add(outcome.worker)
                made = _named(batch, what, name, outcome.value)
        except (KeyError, IndexError, ValueError):
            return refuse(404, "gone")
        except Busy as exc:
            return busy(exc)
        except UploadError as exc:
            return refuse(exc.status, exc.reason, exc.detail)
        if made is None:
            return refuse(404, "nothing")
        name, media, body = made
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})  # fmt: skip

    async def healthz(request: Request) -> Response:
        from checker import __version__

        status = pool.status()
        if not pool.started:
            state = "idle"  # no check yet: the workers start with the first one
        elif pool.closing:
            state = "stopping"
        else:
            state = "ok" if status.ready else "starting"
        payload = {"status": state, "version": __version__, "workers": status.workers, "ready": status.ready,
                   "busy": status.busy, "waiting": status.waiting, "replaced": status.replaced}  # fmt: skip
        return JSONResponse(payload, status_code=200 if state in ("ok", "idle") else 503)

    async def openapi(request: Request) -> Response:
        from checker.web.openapi import openapi_document

        return JSONResponse(openapi_document(templates, checklists, request.scope.get("root_path", ""), settings.limits.files))

    def static(body: str, media: str) -> Callable[[Request], Awaitable[Response]]:
        async def serve(request: Request) -> Response:
            return PlainTextResponse(body, media_type=media)

        return serve

    routes = [
        Route("/", page),
        Route("/login", login, methods=["POST"]),
        Route("/review", review, methods=["POST"]),
        Route("/review/{batch}", forget, methods=["DELETE"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/download/{batch}/{what:path}", download),
        Route("/healthz", healthz),
        Route("/openapi.json", openapi),
        Route("/static/report.css", static(CSS, "text/css")),
        Route("/static/page.css", static(PAGE_CSS, "text/css")),
        Route("/static/report.js", static(JS, "text/javascript")),
        Route("/static/page.js", static(PAGE_JS, "text/javascript")),
        Route("/favicon.ico", static(ICON, "image/svg+xml")),
    ]
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: Any) -> Any:
        if ready is not None:
            ready()
        yield

    return Guard(Starlette(routes=routes, lifespan=lifespan), settings, pool, log)


def _set_cookie(response: Any, request: Any, token: str) -> None:
    root = request.scope.get("root_path", "") or ""
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path=root + "/",
                        secure=request.scope.get("scheme") == "https")  # fmt: skip


def _api_answer(checked: list[Any], lang: str) -> bytes:
    """The `--format json` document from each file's entry, made in the workers."""
    import orjson

    from checker import __version__
    from checker.output.jsonout import file_json
    from checker.web.jobs import Checked

    entries = []
    totals = [0, 0, 0]
    unreadable = 0
    for item in checked:
        if isinstance(item, Checked):
            entries.append(item.json)
            totals = [a + b for a, b in zip(totals, item.counts, strict=True)]
            unreadable += item.result.error is not None
        else:
            entries.append(orjson.dumps(file_json(item, lang)))
            unreadable += 1
    summary = {"files": len(checked), "errors": totals[0], "warnings": totals[1], "infos": totals[2],
               "unreadable": unreadable}  # fmt: skip
    tool = {"name": "reportlint", "version": __version__}
    return (b'{"tool":' + orjson.dumps(tool) + b',"files":[' + b",".join(entries) + b'],"summary":'
            + orjson.dumps(summary) + b"}")  # fmt: skip


def _review_fragment(batch: Batch, key: str) -> str:
    """The page's view of a batch: its downloads, then each file's findings."""
    from checker.output.html import render_fragment
    from checker.web.page import downloads_html

    results = batch.results
    names = [(r.path, r.error[0] if r.error else None, r.error is None and any(d.fix_safe and d.fix_edits() for d in r.diagnostics))
             for r in results]  # fmt: skip
    archives = [(name, any(results[i].error is None for i in members),
                 any(names[i][2] for i in members)) for name, members in batch.archives]  # fmt: skip
    return downloads_html(batch.lang, key, names, archives) + render_fragment(results, batch.lang, batch.fail_on,
                                                                              prefix=f"b{key[:6]}-", articles=batch.articles)  # fmt: skip


def _summary(batch: Batch, what: str) -> tuple[str, str, bytes]:
    if what == "report.html":
        from checker.output.html import render_html

        page = render_html(batch.results, batch.lang, batch.fail_on, articles=batch.articles)
        return "reportlint.html", "text/html; charset=utf-8", page.encode()
    from checker.output.xlsx import render_xlsx

    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return ("汇总.xlsx" if batch.lang == "zh" else "summary.xlsx"), media, render_xlsx(batch.results, batch.lang, batch.fail_on)


def _copy_job(batch: Batch, what: str, limits: Limits) -> tuple[Any, str]:
    """The job that makes a copy: `N/annotated`, `N/fixed`, `zip/K/annotated`, `zip/K/fixed`."""
    from checker.web.jobs import ArchiveCopiesJob, CopyJob

    template, checklist = batch.options
    parts = what.split("/")
    if parts[0] == "zip" and len(parts) == 3 and parts[2] in ("annotated", "fixed"):
        name, members = batch.archives[int(parts[1])]
        chosen = [(batch.inside[i], batch.uploads[i][1], batch.results[i].diagnostics) for i in members
                  if batch.results[i].error is None]  # fmt: skip
        if not chosen:
            return None, name
        return ArchiveCopiesJob(parts[2], chosen, batch.lang, template, checklist, limits), name
    if len(parts) != 2 or parts[1] not in ("annotated", "fixed"):
        raise KeyError(what)
    index = int(parts[0])
    name, data = batch.uploads[index]
    result = batch.results[index]
    if result.error is not None:
        return None, name
    return CopyJob(parts[1], name, data, result.diagnostics, batch.lang, template, checklist, limits), name


def _named(batch: Batch, what: str, name: str, made: Any) -> tuple[str, str, bytes] | None:
    """A copy's download name and media type."""
    from checker.write import names

    if made is None:
        return None
    if what.startswith("zip/"):
        suffix = names.ANNOTATED_ARCHIVE if what.endswith("annotated") else names.FIXED_ARCHIVE
        return _safe_stem(name) + suffix, "application/zip", made
    data, suffix = made
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    media = docx if suffix.endswith(".docx") else "text/plain; charset=utf-8"
    return _safe_stem(name) + suffix, media, data


def _safe_stem(name: str) -> str:
    """A client's file name as a download name: its last part, without its extension, with no
    path separators or control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    cleaned = "".join(c for c in stem if c.isprintable() and c not in '<>:"/\\|?*')
    return cleaned.strip(" .")[:100] or "report"


ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" '
        'fill="#c62828"/><path d="M4 8l3 3 5-6" stroke="#fff" stroke-width="2" fill="none"/></svg>')

__all__ = ["Batch", "ServeSettings", "Store", "create_app"]
