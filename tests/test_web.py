"""`reportlint serve` through its ASGI app (Starlette's TestClient and httpx): the page, the JSON
API answering the --format json contract, downloads, limits, hostile uploads, concurrency, the
origin, host and token guards, and nothing written to disk."""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import jsonschema
import pytest
from starlette.testclient import TestClient

from checker.web.app import ServeSettings, create_app
from checker.web.uploads import UploadLimits
from tests.helpers import REPO
from tests.test_hostile import SCALE, build_hostile

SCHEMA = json.loads((REPO / "docs" / "report.schema.json").read_text("utf-8"))
FLAWED = REPO / "examples" / "flawed.docx"
BASE = "http://127.0.0.1"


_APPS: list[object] = []


@pytest.fixture(autouse=True)
def _stop_workers() -> Iterator[None]:
    """Each app's worker processes stopped after its test."""
    yield
    while _APPS:
        _APPS.pop().pool.close()  # type: ignore[attr-defined]


def app_for(**settings: object) -> object:
    app = create_app(ServeSettings(**{"workers": 2, **settings}))  # type: ignore[arg-type]
    _APPS.append(app)
    return app


def client(**settings: object) -> TestClient:
    return TestClient(app_for(**settings), base_url=BASE)


def upload(*paths: Path, **fields: str) -> dict[str, object]:
    return {"files": [("files", (p.name, p.read_bytes())) for p in paths], "data": fields}


def test_page_in_chinese_and_english_with_strict_headers() -> None:
    web = client()
    zh = web.get("/")
    assert zh.status_code == 200 and "拖到这里" in zh.text and 'lang="zh-CN"' in zh.text
    assert "<script>" not in zh.text  # scripts come from the same origin, none inline
    csp = zh.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert zh.headers["x-content-type-options"] == "nosniff"
    en = web.get("/?lang=en")
    assert "Drop reports" in en.text
    for asset in ("/static/report.css", "/static/page.css", "/static/report.js", "/static/page.js", "/favicon.ico"):
        assert web.get(asset).status_code == 200
    spec = web.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/api/check" in spec["paths"]
    # The schema states the server's own limit on files a request (schemathesis sent 51 and was refused).
    form = spec["paths"]["/api/check"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    small = client(limits=UploadLimits(files=3))
    assert form["properties"]["files"]["maxItems"] == UploadLimits().files
    limited = small.get("/openapi.json").json()["paths"]["/api/check"]["post"]["requestBody"]
    assert limited["content"]["multipart/form-data"]["schema"]["properties"]["files"]["maxItems"] == 3
    many = small.post("/api/check", files=[("files", (f"{i}.txt", b"x")) for i in range(4)])
    assert many.status_code == 413 and many.json()["reason"] == "too-many-files"


def test_api_answers_exactly_the_json_contract() -> None:
    web = client()
    answer = web.post("/api/check", **upload(FLAWED, lang="en"))  # type: ignore[arg-type]
    assert answer.status_code == 200
    payload = answer.json()
    jsonschema.validate(payload, SCHEMA)
    cli = subprocess.run([sys.executable, "-m", "checker", str(FLAWED), "--format", "json", "--lang", "en", "--no-cache"],
                         capture_output=True, text=True, cwd=REPO)  # fmt: skip
    expected = json.loads(cli.stdout)
    expected["files"][0]["path"] = "flawed.docx"
    assert payload == expected


def test_review_view_and_every_download() -> None:
    from openpyxl import load_workbook

    web = client()
    text = b"\xe5\x85\x9a" + "性分析报告\n一、存在的问题\n1.学习<script>alert(1)</script>不够。\n3.作风不实。\n".encode()
    answer = web.post("/review", files=[("files", ("r<b>.txt", text)), ("files", ("flawed.docx", FLAWED.read_bytes()))],
                      data={"lang": "zh"})  # fmt: skip
    assert answer.status_code == 200
    body = answer.json()
    html = body["html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "r&lt;b&gt;.txt" in html and "<b>.txt" not in html
    assert html.count('class="card ') == sum(f["diagnostics"] for f in body["files"])
    batch = body["batch"]
    annotated = web.get(f"/download/{batch}/1/annotated")
    assert annotated.status_code == 200
    assert "flawed.reportlint.docx" in annotated.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(annotated.content)) as archive:
        assert archive.read("word/comments.xml").count(b"<w:comment ") == body["files"][1]["diagnostics"]
    fixed = web.get(f"/download/{batch}/0/fixed")
    assert fixed.status_code == 200 and "2.作风不实" in fixed.content.decode("utf-8")
    report = web.get(f"/download/{batch}/report.html")
    assert report.status_code == 200 and "r&lt;b&gt;.txt" in report.text and "<script>alert" not in report.text
    book = load_workbook(io.BytesIO(web.get(f"/download/{batch}/summary.xlsx").content))
    assert book.sheetnames == ["汇总", "问题明细", "对应关系"]
    assert [row[0] for row in book["汇总"].iter_rows(min_row=2, values_only=True)] == ["r<b>.txt", "flawed.docx"]
    assert web.delete(f"/review/{batch}").status_code == 204
    assert web.get(f"/download/{batch}/report.html").status_code == 404


def test_limits_wrong_type_and_corrupt_each_get_a_clear_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    web = client(limits=UploadLimits(file_bytes=200_000, request_bytes=1_000_000))
    big = web.post("/api/check", files=[("files", ("big.docx", b"PK\x03\x04" + b"\0" * 300_000))])
    assert big.status_code == 413 and big.json()["reason"] == "file-too-large"
    many = web.post("/api/check", files=[("files", (f"{i}.txt", b"x" * 150_000)) for i in range(8)])
    assert many.status_code == 413 and many.json()["reason"] == "request-too-large"
    assert web.post("/api/check", content=b"{}", headers={"content-type": "application/json"}).status_code == 415
    assert web.post("/api/check", data={"lang": "zh"}).json()["reason"] in ("no-files", "not-multipart")
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    corrupt = FLAWED.read_bytes()[:5000]
    answer = web.post("/api/check", files=[("files", ("picture.docx", png)), ("files", ("corrupt.docx", corrupt))])
    codes = [f["error"]["code"] for f in answer.json()["files"]]
    assert answer.status_code == 200 and codes == ["E002", "E002"]  # a PNG named .docx is not a zip, as the command line says
    assert web.post("/api/check", files=[("files", ("a.txt", b"x"))], data={"template": "/etc/passwd"}).status_code == 400
    # A field of the form's past its 1 KB is refused (and said in KB); a field the form does not
    # have is read past and dropped, whatever its size, as a browser's form handler would.
    long = web.post("/api/check", files=[("files", ("a.txt", b"x"))], data={"template": "x" * 2000})
    assert long.status_code == 413 and long.json()["detail"] == "template: over 1 KB"
    extra = web.post("/api/check", files=[("files", ("a.txt", "一、主要问题".encode()))], data={"note": "y" * 5000})
    assert extra.status_code == 200 and extra.json()["files"][0]["error"] is None
    assert list(scratch.iterdir()) == []


def test_every_hostile_kind_gets_its_code_and_nothing_else_breaks(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", "utf-8")
    expected = build_hostile(tmp_path / "in", secret)
    # The same codes as the command line's: random bytes named .docx are a damaged Word file (E002).
    web = client()
    for name, code in expected.items():
        path = tmp_path / "in" / name
        if name in SCALE or path.is_symlink():
            continue
        answer = web.post("/api/check", files=[("files", (name, path.read_bytes()))])
        assert answer.status_code == 200, name
        error = answer.json()["files"][0]["error"]
        assert (error["code"] if error else None) == code, name
        assert "机密" not in answer.text
    assert web.get("/").status_code == 200  # still serving


def test_twenty_concurrent_uploads_all_answered() -> None:
    app = app_for()
    data = FLAWED.read_bytes()

    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE, timeout=120) as web:
            return await asyncio.gather(*(web.post("/api/check", files=[("files", (f"r{i}.docx", data))])
                                          for i in range(20)))  # fmt: skip

    answers = asyncio.run(run())
    assert [a.status_code for a in answers] == [200] * 20
    assert len({len(a.json()["files"][0]["diagnostics"]) for a in answers}) == 1


def test_other_origins_hosts_and_missing_tokens_are_refused() -> None:
    web = client()
    files = [("files", ("a.txt", b"x"))]
    assert web.post("/api/check", files=files, headers={"origin": "http://evil.example"}).status_code == 403
    assert web.post("/api/check", files=files, headers={"sec-fetch-site": "cross-site"}).status_code == 403
    assert web.post("/api/check", files=files, headers={"origin": BASE}).status_code == 200
    assert web.get("/", headers={"host": "evil.example"}).status_code == 421  # DNS rebinding
    guarded = client(token="s3cret")
    assert guarded.get("/").status_code == 401
    assert guarded.post("/api/check", files=files).status_code == 401
    page = guarded.get("/?token=s3cret", follow_redirects=False)
    # The token goes into a cookie and out of the address: the link is not left in the history.
    assert page.status_code == 303 and page.headers["location"] == "./"
    assert "reportlint_token" in page.headers["set-cookie"] and "HttpOnly" in page.headers["set-cookie"]
    assert guarded.get("/").status_code == 200
    assert guarded.post("/api/check", files=files).status_code == 200  # the cookie from the page
    assert client(token="s3cret").post("/api/check", files=files, headers={"x-reportlint-token": "s3cret"}).status_code == 200


def test_remote_host_needs_allow_remote_and_authentication() -> None:
    from checker.web.serve import ServeError, ServeOptions, serve_forever

    with pytest.raises(ServeError, match="--allow-remote"):
        serve_forever(ServeOptions(host="0.0.0.0", port=0))
    with pytest.raises(ServeError, match="--tokens"):
        serve_forever(ServeOptions(host="0.0.0.0", port=0, allow_remote=True))


def test_a_busy_port_is_one_clear_message_and_exit_2_before_any_url() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "checker", "serve", "--port", str(port)], capture_output=True,
                              text=True, cwd=REPO, timeout=60)  # fmt: skip
    assert done.returncode == 2, done.stderr
    said = done.stderr.strip().splitlines()
    assert said == [f"reportlint: 端口 {port} 已被占用（也许 reportlint serve 已在运行）：请用 --port 换一个端口 "
                    f"/ port {port} is already in use (reportlint serve may be running): choose another with --port"]  # fmt: skip
    assert "Errno" not in done.stderr and "http://" not in done.stderr
    assert "2 it cannot start: the port is in use" in " ".join(
        subprocess.run([sys.executable, "-m", "checker", "serve", "--help"], capture_output=True, text=True, cwd=REPO,
                       env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "COLUMNS": "200"}).stdout.split())  # fmt: skip


def test_serve_does_not_slow_the_command_line_start() -> None:
    probe = "import sys, checker.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'openpyxl', 'python_multipart')))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


def _cli_codes(path: Path) -> tuple[str | None, list[str]]:
    done = subprocess.run([sys.executable, "-m", "checker", "--no-cache", "--format", "json", str(path)],
                          capture_output=True, text=True, cwd=REPO)  # fmt: skip
    entry = json.loads(done.stdout)["files"][0]
    error = entry.get("error")
    return (error["code"] if error else None), sorted(d["code"] for d in entry["diagnostics"])


def _api_codes(web: TestClient, name: str, data: bytes) -> tuple[str | None, list[str]]:
    entry = web.post("/api/check", files=[("files", (name, data))]).json()["files"][0]
    error = entry.get("error")
    return (error["code"] if error else None), sorted(d["code"] for d in entry["diagnostics"])


def test_the_page_and_the_command_line_give_one_e_code_for_the_same_bytes(tmp_path: Path) -> None:
    import os

    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("hello.txt", "不是 Word 文档")
    samples = {
        "x.docx": os.urandom(4000),  # E002 on both (the page said E008)
        "y.docx": zipped.getvalue(),
        "z.doc": os.urandom(2000),
        "empty.txt": b"",
        "renamed.txt": FLAWED.read_bytes(),
        "utf16.txt": "党性分析报告\n一、存在的问题\n".encode("utf-16"),
    }
    web = client()
    for name, data in samples.items():
        path = tmp_path / name
        path.write_bytes(data)
        cli, api = _cli_codes(path), _api_codes(web, name, data)
        assert cli[0] == api[0], (name, cli[0], api[0])
    assert _api_codes(web, "x.docx", samples["x.docx"])[0] == "E002"


@pytest.mark.skipif(not (REPO.parent / "shared" / "realdocx").is_dir(), reason="../shared/realdocx is not present")
def test_the_page_and_the_command_line_agree_on_every_real_document() -> None:
    web = client()
    for path in sorted((REPO.parent / "shared" / "realdocx").glob("*.docx")):
        assert _api_codes(web, path.name, path.read_bytes()) == _cli_codes(path), path.name


def test_the_chinese_page_speaks_to_its_reader(tmp_path: Path) -> None:
    """No copies offered for a file that could not be read; no --template where there is a menu;
    titles, not ids, for templates and sections; layout findings as badges, not highlights."""
    import os
    import re

    from checker.template import builtin_names

    web = client()
    assert "党性分析" in web.get("/").text and 'value="party-spirit">party-spirit<' not in web.get("/").text
    notice = "关于举办读书活动的通知\n各支部：\n为营造读书氛围，现将有关事项通知如下。\n".encode()
    answer = web.post("/review", files=[("files", ("x.docx", os.urandom(3000))), ("files", ("flawed.docx", FLAWED.read_bytes())),
                                        ("files", ("notice.txt", notice))], data={"lang": "zh"})  # fmt: skip
    html = answer.json()["html"]
    assert "download/" in html and not re.search(r'download/[^"]+/0/annotated', html)
    assert re.search(r'download/[^"]+/1/annotated', html) and "x.docx：<span class=\"unreadable\">无法读取，没有副本（E002" in html
    text = re.sub(r"<[^>]+>", " ", html)
    for internal in ("[measures]", "[problems]", "[other]", "请用 --template", *(f"（{name}）" for name in builtin_names())):
        assert internal not in text, internal
    assert "[措施]" in text and "请在上方“模板”菜单中选择模板" in text
    formatted = web.post("/review", files=[("files", ("r.docx", _layout_faulty(tmp_path)))], data={"lang": "zh"}).json()["html"]
    assert formatted.count('class="layout') >= 3 and not re.search(r'<mark class="(?:warning|error|info)" data-cards="[^"]*"[^>]*>[^<]{60,}', formatted)


def _layout_faulty(tmp_path: Path) -> bytes:
    from tests.docxgen import write_report
    from tests.helpers import report

    write_report(report().splitlines(), tmp_path / "r.docx", layout=False)
    return (tmp_path / "r.docx").read_bytes()
