"""The deployment of docs/deploy.md, for real: nginx (Debian's package) with TLS in front of
`reportlint serve --root-path /reportlint --tokens FILE --trusted-proxy 127.0.0.1`, running the
very `server` block the page documents, and Chromium (Playwright, Debian's chromium) in front of
nginx: a group's link logs in, a report and a zip of reports are dropped on the page, and their
copies come back through nginx. Skipped cleanly without nginx, openssl, chromium or Playwright
(.ci/run installs them)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import DROP_FILES, REPO

sync_api = pytest.importorskip("playwright.sync_api")
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OPENSSL = shutil.which("openssl")
pytestmark = pytest.mark.skipif(NGINX is None or CHROMIUM is None or OPENSSL is None,
                                reason="nginx, chromium or openssl not installed")  # fmt: skip
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]  # fmt: skip
TOKEN = "f3a9c1d27b8e4a6c9d0e1f2a3b4c5d6e"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def documented_site() -> str:
    """The nginx `server` block of docs/deploy.md."""
    text = (REPO / "docs" / "deploy.md").read_text("utf-8")
    block = re.search(r"```nginx\n(server \{.*?\n\})\n```", text, re.S)
    assert block is not None, "docs/deploy.md has no nginx server block"
    return block.group(1)


def _wait(url: str, context: ssl.SSLContext | None = None, process: subprocess.Popen[Any] | None = None) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=1, context=context).read()
            return
        except OSError:
            if time.monotonic() > deadline or (process is not None and process.poll() is not None):
                raise RuntimeError(f"{url} did not answer") from None
            time.sleep(0.2)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("deploy")
    home = root / "home"
    home.mkdir()
    tokens = root / "tokens"
    tokens.write_text(f"第一党支部 = {TOKEN}\n", "utf-8")
    tokens.chmod(0o640)
    app_port, tls_port = _free_port(), _free_port()
    log = root / "access.jsonl"
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(home), "TMPDIR": str(home)}
    server = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", str(app_port), "--root-path",
                               "/reportlint", "--tokens", str(tokens), "--trusted-proxy", "127.0.0.1", "--workers", "2",
                               "--access-log", str(log)], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)  # fmt: skip
    subprocess.run([str(OPENSSL), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(root / "site.key"), "-out", str(root / "site.pem")], check=True,
                   capture_output=True)  # fmt: skip
    block = (documented_site()
             .replace("listen 443 ssl;", f"listen 127.0.0.1:{tls_port} ssl;")
             .replace("server_name intranet.example.cn;", "server_name localhost;")
             .replace("/etc/ssl/certs/intranet.example.cn.pem", str(root / "site.pem"))
             .replace("/etc/ssl/private/intranet.example.cn.key", str(root / "site.key"))
             .replace("http://127.0.0.1:8765", f"http://127.0.0.1:{app_port}"))  # fmt: skip
    temp = root / "nginx-temp"
    temp.mkdir()
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (root / "nginx.conf").write_text(
        f"{user}worker_processes 1;\ndaemon off;\npid {root}/nginx.pid;\nerror_log {root}/error.log;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n access_log {root}/nginx-access.log;\n client_body_temp_path {temp}/body;\n"
        f" proxy_temp_path {temp}/proxy;\n fastcgi_temp_path {temp}/fastcgi;\n uwsgi_temp_path {temp}/uwsgi;\n"
        f" scgi_temp_path {temp}/scgi;\n default_type application/octet-stream;\n{block}\n}}\n",
        "utf-8",
    )  # fmt: skip
    nginx = subprocess.Popen([str(NGINX), "-p", str(root), "-c", str(root / "nginx.conf")], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)  # fmt: skip
    insecure = ssl.create_default_context()
    insecure.check_hostname = False
    insecure.verify_mode = ssl.CERT_NONE
    base = f"https://localhost:{tls_port}/reportlint/"
    try:
        _wait(f"http://127.0.0.1:{app_port}/reportlint/healthz", process=server)
        _wait(base + "healthz", insecure, nginx)
        yield {"base": base, "log": log, "root": root, "context": insecure}
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        server.terminate()
        server.wait(timeout=60)
    assert server.returncode == 0
    leftovers = [p for p in home.rglob("*") if p.is_file() and ".cache" not in p.parts]
    assert leftovers == [], leftovers  # nothing of an upload written to disk by reportlint


def test_health_and_a_missing_token_through_nginx(site: dict[str, Any]) -> None:
    health = json.loads(urllib.request.urlopen(site["base"] + "healthz", context=site["context"]).read())
    assert health["status"] == "ok" and health["workers"] == 2
    request = urllib.request.Request(site["base"] + "api/check", data=b"x", method="POST",
                                     headers={"content-type": "multipart/form-data; boundary=x"})  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, context=site["context"])
    assert refused.value.code == 401
    with pytest.raises(urllib.error.HTTPError) as login:  # /reportlint → /reportlint/, which asks for the token
        urllib.request.urlopen(urllib.request.Request(site["base"].rstrip("/"), headers={"accept": "text/html"}),
                               context=site["context"])  # fmt: skip
    assert login.value.code == 401 and login.value.geturl() == site["base"]
    assert 'action="login"' in login.value.read().decode("utf-8")


def test_the_page_through_nginx_in_chromium(site: dict[str, Any]) -> None:
    from checker.pipeline import check_path
    from tests.test_zip import windows_zip

    flawed = REPO / "examples" / "flawed.docx"
    expected = len(check_path(str(flawed)).diagnostics)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(ignore_https_errors=True, accept_downloads=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(site["base"] + "?token=" + TOKEN)
        assert page.url == site["base"]  # the token went into a cookie, out of the address
        cookie = next(c for c in context.cookies() if c["name"] == "reportlint_token")
        assert cookie["secure"] and cookie["httpOnly"] and cookie["path"] == "/reportlint/"
        page.evaluate(DROP_FILES, [["flawed.docx", list(flawed.read_bytes())]])
        page.wait_for_selector(".card", timeout=60_000)
        assert page.locator(".card").count() == expected
        with page.expect_download() as download:
            page.click("text=带批注的副本")
        assert download.value.suggested_filename == "flawed.reportlint.docx"
        with zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())) as archive:
            assert archive.read("word/comments.xml").count(b"<w:comment ") == expected
        bundle = windows_zip({"第一支部/张三/对照检查.docx": flawed.read_bytes(),
                              "第一支部/李四/述职报告.txt": (REPO / "examples" / "duty-report-1.txt").read_bytes()})  # fmt: skip
        page.evaluate(DROP_FILES, [["材料.zip", list(bundle)]])
        page.wait_for_selector("text=压缩包 材料.zip", timeout=60_000)
        assert page.locator("article.report h2", has_text="材料.zip/第一支部/张三/对照检查.docx").count() == 1
        with page.expect_download() as download:
            page.click("li.archive >> text=带批注的副本")
        assert download.value.suggested_filename == "材料.reportlint.zip"
        with zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())) as archive:
            assert archive.namelist() == ["第一支部/张三/对照检查.reportlint.docx", "第一支部/李四/述职报告.reportlint.docx"]
        with page.expect_download() as download:
            page.click("text=汇总表（Excel）")
        assert download.value.suggested_filename == "汇总.xlsx"
        browser.close()
    assert errors == []
    lines = [json.loads(line) for line in Path(site["log"]).read_text("utf-8").splitlines()]
    checked = [line for line in lines if line["route"] == "/review" and line["status"] == 200]
    assert len(checked) == 2 and {line["who"] for line in checked} == {"第一党支部"} and checked[1]["files"] == 2
    assert "flawed" not in Path(site["log"]).read_text("utf-8") and TOKEN not in Path(site["log"]).read_text("utf-8")
