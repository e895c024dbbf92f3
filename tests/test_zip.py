"""Reports in a .zip, as organisers receive them: on the command line (a zip named, a folder
holding zips), on the page and through the API. Names written in GBK without the UTF-8 flag, as
Windows' own "compressed folder" writes them, read right; nested folders kept in the names;
hostile archives (a zip bomb, too many members, path traversal, a zip inside the zip) refused
member by member or as a whole, with nothing written outside; copies of the members come back
as one .zip; the summaries list the members."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.read.archive import MAX_MEMBERS, member_name, read_archive
from checker.read.limits import Limits
from checker.read.types import ReadError
from tests.helpers import REPO, report

FLAWED = REPO / "examples" / "flawed.docx"
TEXT = report().encode("utf-8")


class WindowsInfo(zipfile.ZipInfo):
    """A member as Windows' built-in zip writes it on a Chinese system: the name in the ANSI code
    page (GBK), no UTF-8 flag, made by MS-DOS."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # zipfile's own name
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


class PlainUtf8Info(zipfile.ZipInfo):
    """A member named in UTF-8 without the flag, as old Linux and macOS zip tools write them."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # zipfile's own name
        return self.filename.encode("utf-8"), self.flag_bits & ~0x800


def windows_zip(members: dict[str, bytes], folders: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        written: set[str] = set()
        for name, data in members.items():
            parts = name.split("/")[:-1]
            for depth in range(1, len(parts) + 1):  # Windows writes each folder as an entry
                folder = "/".join(parts[:depth]) + "/"
                if folders and folder not in written:
                    written.add(folder)
                    info = WindowsInfo(folder)
                    info.create_system = 0
                    info.external_attr = 0x10
                    archive.writestr(info, b"")
            info = WindowsInfo(name)
            info.create_system = 0
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(cwd)}, timeout=120)  # fmt: skip


def test_gbk_names_without_the_flag_are_read_as_windows_wrote_them() -> None:
    data = windows_zip({"第一支部/张三/对照检查.docx": FLAWED.read_bytes(), "第一支部/李四/党性分析报告.txt": TEXT})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        assert all(not i.flag_bits & 0x800 for i in infos)  # really no flag: zipfile itself shows mojibake
        assert "张三" not in infos[0].filename
        assert [member_name(i) for i in infos] == ["第一支部/张三/对照检查.docx", "第一支部/李四/党性分析报告.txt"]
    members = read_archive(data)
    assert [(m.name, m.error) for m in members] == [("第一支部/张三/对照检查.docx", None), ("第一支部/李四/党性分析报告.txt", None)]
    assert members[1].data == TEXT


def test_utf8_names_with_and_without_the_flag_and_the_unicode_path_field() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("王五/述职报告.txt", TEXT)  # zipfile sets the flag
        archive.writestr(PlainUtf8Info("赵六/总结.txt"), TEXT)
        # 7-Zip style: a code-page name plus the Info-ZIP Unicode Path field with the real one.
        raw = b"baogao.txt"
        field = struct.pack("<BI", 1, zlib.crc32(raw)) + "钱七/报告.txt".encode()
        extra = zipfile.ZipInfo("baogao.txt")
        extra.extra = struct.pack("<HH", 0x7075, len(field)) + field
        archive.writestr(extra, TEXT)
    names = [m.name for m in read_archive(buffer.getvalue())]
    assert names == ["王五/述职报告.txt", "赵六/总结.txt", "钱七/报告.txt"]


def test_hostile_members_are_refused_one_by_one_and_the_rest_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("好/报告.txt", TEXT)
        archive.writestr("../../etc/cron.d/evil.txt", TEXT)
        archive.writestr("/etc/passwd.txt", TEXT)
        archive.writestr("C:/Windows/evil.txt", TEXT)
        archive.writestr("内层.zip", windows_zip({"a.txt": TEXT}))
        archive.writestr("炸弹.txt", b"\0" * (40 << 20), compresslevel=9)  # 40 MB of zeros: ~1000:1
        archive.writestr("图片.png", b"\x89PNG")  # not a report: left out, as in a folder
        archive.writestr("__MACOSX/好/._报告.txt", b"junk")
        archive.writestr("好/~$报告.docx", b"lock")
    found = {m.name: m.error[0] if m.error else None for m in read_archive(buffer.getvalue())}
    assert found == {"好/报告.txt": None, "../../etc/cron.d/evil.txt": "E015", "/etc/passwd.txt": "E015",
                     "C:/Windows/evil.txt": "E015", "内层.zip": "E015", "炸弹.txt": "E006"}  # fmt: skip


def test_whole_archive_refusals() -> None:
    with pytest.raises(ReadError) as raised:
        read_archive(b"PK\x03\x04 not really a zip" * 10)
    assert raised.value.code == "E015"
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(MAX_MEMBERS + 1):
            archive.writestr(f"{i}.txt", b"x")
    with pytest.raises(ReadError) as raised:
        read_archive(many.getvalue())
    assert raised.value.code == "E015" and "entries" in raised.value.detail
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(3):
            archive.writestr(f"{i}.txt", TEXT * 2000)  # 3 × 6 MB of text: over a 10 MB total
    with pytest.raises(ReadError) as raised:
        read_archive(big.getvalue(), Limits(), total_bytes=10 << 20)
    assert raised.value.code == "E006"


def test_a_lying_member_size_inflates_no_further_than_declared() -> None:
    """A zip bomb that declares a small size: zipfile stops there and the CRC fails (E015)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", b"A" * 1_000_000)
    data = bytearray(buffer.getvalue())
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 1000)  # uncompressed size in the central directory
    local = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 1000)
    members = read_archive(bytes(data))
    assert members[0].error is not None and members[0].error[0] == "E015" and members[0].data == b""


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "收件").mkdir()
    (tmp_path / "收件" / "材料.zip").write_bytes(windows_zip({
        "第一支部/张三/对照检查.docx": FLAWED.read_bytes(),
        "第一支部/李四/党性分析报告.txt": TEXT,
        "../越界.txt": TEXT,
    }))  # fmt: skip
    (tmp_path / "收件" / "单独.txt").write_bytes(TEXT)
    yield tmp_path


def test_command_line_checks_a_zip_and_a_folder_of_zips_and_lists_members(folder: Path) -> None:
    from openpyxl import load_workbook

    done = cli(["收件", "--format", "json", "--no-cache"], folder)
    paths = {f["path"]: (f["error"]["code"] if f["error"] else None) for f in json.loads(done.stdout)["files"]}
    assert paths == {"收件/单独.txt": None, "收件/材料.zip/第一支部/张三/对照检查.docx": None,
                     "收件/材料.zip/第一支部/李四/党性分析报告.txt": None, "收件/材料.zip/../越界.txt": "E015"}  # fmt: skip
    assert done.returncode == 2  # a member could not be read
    alone = cli([str(FLAWED), "--format", "json", "--no-cache"], folder)
    member = next(f for f in json.loads(done.stdout)["files"] if f["path"].endswith("对照检查.docx"))
    assert member["diagnostics"] == json.loads(alone.stdout)["files"][0]["diagnostics"]  # same bytes, same findings
    cli(["收件/材料.zip", "--format", "xlsx", "-o", "汇总.xlsx", "--no-cache"], folder)
    rows = [row[0] for row in load_workbook(folder / "汇总.xlsx")["汇总"].iter_rows(min_row=2, values_only=True)]
    assert rows[:3] == ["收件/材料.zip/第一支部/张三/对照检查.docx", "收件/材料.zip/第一支部/李四/党性分析报告.txt",
                        "收件/材料.zip/../越界.txt"]  # fmt: skip
    cli(["收件/材料.zip", "--format", "html", "-o", "审阅.html", "--no-cache"], folder)
    html = (folder / "审阅.html").read_text("utf-8")
    assert "收件/材料.zip/第一支部/张三/对照检查.docx" in html and "收件/材料.zip/第一支部/李四/党性分析报告.txt" in html


def test_copies_of_members_come_back_as_one_zip_and_nothing_is_written_outside(folder: Path) -> None:
    def listing() -> list[Path]:  # the user cache ($HOME/.cache, HOME being this folder) aside
        return sorted(p.relative_to(folder) for p in folder.rglob("*") if ".cache" not in p.relative_to(folder).parts)

    before = listing()
    original = (folder / "收件" / "材料.zip").read_bytes()
    done = cli(["收件/材料.zip", "--annotate", "--fix", "--no-cache", "-q"], folder)
    assert "Traceback" not in done.stderr, done.stderr
    after = listing()
    assert sorted(set(after) - set(before)) == [Path("收件/材料.fixed.zip"), Path("收件/材料.reportlint.zip")]
    assert (folder / "收件" / "材料.zip").read_bytes() == original  # the input is never changed
    with zipfile.ZipFile(folder / "收件" / "材料.reportlint.zip") as annotated:
        names = annotated.namelist()
        assert names == ["第一支部/张三/对照检查.reportlint.docx", "第一支部/李四/党性分析报告.reportlint.docx"]
        with zipfile.ZipFile(io.BytesIO(annotated.read(names[0]))) as docx:
            assert docx.read("word/comments.xml").count(b"<w:comment ") > 5
    with zipfile.ZipFile(folder / "收件" / "材料.fixed.zip") as fixed:
        assert fixed.namelist() == ["第一支部/张三/对照检查.fixed.docx"]
    # Walking the folder again does not check reportlint's own copies.
    again = cli(["收件", "--format", "json", "--no-cache"], folder)
    assert not any(".reportlint.zip" in f["path"] or ".fixed.zip" in f["path"] for f in json.loads(again.stdout)["files"])


def test_cached_members_and_uncached_refusals(folder: Path) -> None:
    first = cli(["收件/材料.zip", "--format", "json"], folder)
    second = cli(["收件/材料.zip", "--format", "json"], folder)
    assert json.loads(first.stdout)["files"] == json.loads(second.stdout)["files"]
    assert (folder / ".reportlint_cache").is_dir()


def test_the_page_and_the_api_take_a_zip(tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from starlette.testclient import TestClient

    from checker.web.app import ServeSettings, create_app

    data = windows_zip({"第一支部/张三/对照检查.docx": FLAWED.read_bytes(), "第一支部/李四/党性分析报告.txt": TEXT,
                        "嵌套.zip": windows_zip({"a.txt": TEXT})})  # fmt: skip
    app = create_app(ServeSettings(workers=2))
    try:
        web = TestClient(app, base_url="http://127.0.0.1")
        api = web.post("/api/check", files=[("files", ("材料.zip", data)), ("files", ("单独.txt", TEXT))])
        assert api.status_code == 200
        assert [(f["path"], f["error"]["code"] if f["error"] else None) for f in api.json()["files"]] == [
            ("材料.zip/第一支部/张三/对照检查.docx", None), ("材料.zip/第一支部/李四/党性分析报告.txt", None),
            ("材料.zip/嵌套.zip", "E015"), ("单独.txt", None)]  # fmt: skip
        answer = web.post("/review", files=[("files", ("材料.zip", data))], data={"lang": "zh"}).json()
        batch = answer["batch"]
        assert f"download/{batch}/zip/0/annotated" in answer["html"] and "压缩包 材料.zip" in answer["html"]
        annotated = web.get(f"/download/{batch}/zip/0/annotated")
        assert annotated.status_code == 200 and "%E6%9D%90%E6%96%99.reportlint.zip" in annotated.headers["content-disposition"]
        with zipfile.ZipFile(io.BytesIO(annotated.content)) as archive:
            assert archive.namelist() == ["第一支部/张三/对照检查.reportlint.docx", "第一支部/李四/党性分析报告.reportlint.docx"]
        fixed = web.get(f"/download/{batch}/zip/0/fixed")
        with zipfile.ZipFile(io.BytesIO(fixed.content)) as archive:
            assert archive.namelist() == ["第一支部/张三/对照检查.fixed.docx"]
        book = load_workbook(io.BytesIO(web.get(f"/download/{batch}/summary.xlsx").content))
        rows = [row[0] for row in book["汇总"].iter_rows(min_row=2, values_only=True)]
        assert rows[:3] == ["材料.zip/第一支部/张三/对照检查.docx", "材料.zip/第一支部/李四/党性分析报告.txt", "材料.zip/嵌套.zip"]
        assert "材料.zip/第一支部/李四/党性分析报告.txt" in web.get(f"/download/{batch}/report.html").text
        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("炸弹.txt", b"\0" * (30 << 20), compresslevel=9)
        refused = web.post("/api/check", files=[("files", ("bomb.zip", bomb.getvalue()))]).json()["files"]
        assert [f["error"]["code"] for f in refused] == ["E006"]
    finally:
        app.pool.close()
