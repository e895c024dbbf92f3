"""What a user sees in a real browser: Debian's chromium driven by Playwright (executable_path; no
browser is downloaded). `reportlint serve` started as a user starts it, examples/flawed.docx
dropped on the page, its findings shown, the annotated copy downloaded; the HTML report of
examples/ opened from file:// without a console error. Screenshots go to a temporary folder, or
to REPORTLINT_SCREENSHOTS (docs/ for the README's pictures). Skipped without chromium or
Playwright (.ci/run installs both)."""

from __future__ import annotations

import io
import os
import shutil
import socket
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
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
# As root in a container chromium needs --no-sandbox; the rest keeps it off a closed network.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    home = tmp_path_factory.mktemp("home")
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(home), "TMPDIR": str(home)}
    process = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", str(port)], cwd=REPO, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("reportlint serve did not start") from None
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)
    leftovers = [p for p in home.rglob("*") if p.is_file() and ".cache" not in p.parts]
    assert leftovers == [], leftovers  # nothing of an upload written to disk


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("REPORTLINT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _page(browser: Any) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


def test_drop_flawed_docx_see_findings_download_annotated_copy(server: str, browser: Any, shots: Path) -> None:
    from checker.pipeline import check_path

    flawed = REPO / "examples" / "flawed.docx"
    expected = len(check_path(str(flawed)).diagnostics)
    page, errors = _page(browser)
    page.goto(server)
    page.screenshot(path=str(shots / "serve-page.png"))
    started = time.perf_counter()
    page.evaluate(DROP_FILES, [["flawed.docx", list(flawed.read_bytes())]])
    page.wait_for_selector(".card", timeout=30_000)
    elapsed = time.perf_counter() - started
    print(f"\ndrop to findings: {elapsed:.2f} s")
    assert page.locator(".card").count() == expected
    assert page.locator("text=编号不连续").count() >= 1
    page.screenshot(path=str(shots / "serve-findings.png"), full_page=False)
    with page.expect_download() as download:
        page.click("text=带批注的副本")
    data = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == "flawed.reportlint.docx"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("word/comments.xml").count(b"<w:comment ") == expected
    with page.expect_download() as download:
        page.click("text=修正稿")
    assert download.value.suggested_filename == "flawed.fixed.docx"
    assert errors == []


def test_english_page_and_a_refused_upload(server: str, browser: Any) -> None:
    page, errors = _page(browser)
    page.goto(server + "?lang=en")
    assert page.locator("text=Drop reports").count() == 1
    page.evaluate(DROP_FILES, [["picture.docx", list(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)]])
    page.wait_for_selector(".err", timeout=30_000)
    assert "E002" in page.locator(".err").inner_text()  # as the command line says of it: not a zip
    assert errors == []


@pytest.mark.skipif(not (REPO.parent / "shared" / "realdocx").is_dir(), reason="../shared/realdocx is not present")
def test_the_real_documents_on_the_page(server: str, browser: Any, shots: Path) -> None:
    """Every .docx of ../shared/realdocx and a file of random bytes dropped at once: each file's
    findings are the command line's, the unreadable file is offered no copies, the Chinese page
    shows no internal ids and no --template, layout findings are badges beside the line numbers
    rather than highlights over the text, and the downloads panel lines up with the page."""
    from checker.pipeline import check_path
    from checker.profile import load_profile
    from checker.template import builtin_names

    real = sorted((REPO.parent / "shared" / "realdocx").glob("*.docx"))
    files = [[p.name, list(p.read_bytes())] for p in real] + [["x.docx", list(os.urandom(3000))]]
    page, errors = _page(browser)
    page.goto(server)
    page.evaluate(DROP_FILES, files)
    page.wait_for_selector("article.report >> nth=15", timeout=120_000)
    page.screenshot(path=str(shots / "serve-real.png"), full_page=False)
    for number, path in enumerate(real, start=1):
        expected = len(check_path(str(path), profile=load_profile("gbt9704")).diagnostics)
        assert page.locator(f"article.report >> nth={number - 1} >> .card").count() == expected, path.name
    shown = page.inner_text("body")
    for internal in ("[measures]", "[other]", "[problems]", "请用 --template", *builtin_names()):
        assert internal not in shown, internal
    assert page.locator("a[href$='/annotated']").count() == len(real)  # none for x.docx
    assert "x.docx：无法读取，没有副本（E002" in page.inner_text(".downloads")
    plan = page.locator("article.report", has_text="wps-activity-plan-autonum.docx")
    lines = plan.locator(".text p").count()
    highlighted = plan.locator(".text p:has(mark:not(.layout))").count()
    assert plan.locator("mark.layout").count() >= 5 and highlighted * 5 < lines, (highlighted, lines)
    downloads = page.locator(".downloads").bounding_box()
    zone = page.locator("#zone").bounding_box()
    assert downloads is not None and zone is not None
    assert abs(downloads["x"] - zone["x"]) <= 1 and abs(downloads["width"] - zone["width"]) <= 1, (downloads, zone)
    page.locator(".downloads").screenshot(path=str(shots / "serve-downloads.png"))
    assert errors == []


def test_html_report_of_examples_opens_without_console_error(browser: Any, shots: Path, tmp_path: Path) -> None:
    target = tmp_path / "review.html"
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "checker", "examples", "--format", "html", "-o", str(target), "--no-cache"],
                   cwd=REPO, env=env, capture_output=True, check=False)  # fmt: skip
    page, errors = _page(browser)
    page.goto(target.as_uri())
    cards = page.locator(".card")
    total = cards.count()
    assert total > 10 and page.locator("article.report").count() == len(list((REPO / "examples").glob("*.*"))) - 1
    page.screenshot(path=str(shots / "html-report.png"))
    page.locator("#f8").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('f8').scrollIntoView()")
    page.screenshot(path=str(shots / "html-report-findings.png"))
    # A severity filter hides its cards; a click on a marked span points at its cards.
    page.click("button.chip[data-value='warning']")
    hidden = page.locator(".card.hidden").count()
    assert 0 < hidden < total
    page.click("button.chip[data-value='warning']")
    assert page.locator(".card.hidden").count() == 0
    page.locator("mark").first.click()
    assert page.locator(".card.hl").count() >= 1
    assert errors == []


def test_similar_page_shows_shared_passages_side_by_side(browser: Any, shots: Path, tmp_path: Path) -> None:
    """examples/ holds each report as .txt and .docx: `reportlint similar` pairs them, and the page
    shows every pair's passages in rows, both sides visible."""
    target = tmp_path / "similar.html"
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "checker", "similar", "examples", "--format", "html", "-o", str(target),
                          "--no-cache"], cwd=REPO, env=env, capture_output=True, text=True, check=False)  # fmt: skip
    assert run.returncode == 1, run.stderr
    page, errors = _page(browser)
    page.goto(target.as_uri())
    pairs = page.locator("section.similar details")
    assert pairs.count() >= 4
    first = pairs.first
    assert first.is_visible() and "examples/clean" in first.locator("summary").inner_text()
    cells = first.locator("tbody tr").first.locator("td")
    assert cells.count() == 5 and cells.nth(1).is_visible() and cells.nth(3).is_visible()
    assert cells.nth(1).inner_text() == cells.nth(3).inner_text()  # the same report as .txt and .docx
    page.screenshot(path=str(shots / "similar.png"))
    assert errors == []


def _weak_report() -> str:
    """One unspecific problem and one slogan measure (the verdict has something to say)."""
    from tests.checks.test_substance import STUDY, VAGUE, good

    slogan = "切实加强作风建设。进一步增强宗旨意识，不断改进工作作风，切实提高服务水平，努力做到真抓实干。"
    return good(problems=[STUDY, VAGUE], measures=[slogan, "每月至少下社区两次，建立走访台账。", "年底前读完规定篇目。"])


def test_html_report_shows_the_substance_verdict(browser: Any, shots: Path, tmp_path: Path) -> None:
    (tmp_path / "weak.txt").write_text(_weak_report(), "utf-8")
    target = tmp_path / "review.html"
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "checker", "weak.txt", "--format", "html", "-o", str(target), "--no-cache"],
                   cwd=tmp_path, env=env, capture_output=True, check=False)  # fmt: skip
    page, errors = _page(browser)
    page.goto(target.as_uri())
    verdict = page.locator("section.verdict")
    assert verdict.count() == 1 and verdict.is_visible()
    items = verdict.locator("li")
    assert items.count() == 4
    assert items.nth(0).inner_text() == "问题准问题 2 项，1 项不具体"
    assert "措施 3 项，1 项不可检验" in items.nth(2).inner_text()
    # the aspects that fall short are marked apart from those that pass
    assert page.locator("section.verdict li.short").count() == 2 and page.locator("section.verdict li.ok").count() == 2
    red = page.eval_on_selector("section.verdict li.short .aspect", "e => getComputedStyle(e).color")
    green = page.eval_on_selector("section.verdict li.ok .aspect", "e => getComputedStyle(e).color")
    assert red != green
    cell = page.locator("section.summary td.v span.short").first
    assert cell.is_visible() and cell.get_attribute("title") == "问题 2 项，1 项不具体"
    verdict.screenshot(path=str(shots / "html-report-verdict.png"))
    assert errors == []


def test_serve_page_shows_the_substance_verdict_of_a_dropped_report(server: str, browser: Any) -> None:
    page, errors = _page(browser)
    page.goto(server)
    page.evaluate(DROP_FILES, [["weak.txt", list(_weak_report().encode("utf-8"))]])
    page.wait_for_selector("section.verdict", timeout=30_000)
    assert page.locator("section.verdict li").nth(0).inner_text() == "问题准问题 2 项，1 项不具体"
    assert page.locator("text=缺少本人的具体事例").count() >= 1  # the Q101 card
    assert errors == []
