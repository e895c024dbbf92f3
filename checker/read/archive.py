"""Reports in a .zip, as organisers receive them by e-mail or chat: each member that is a report
(.docx, .txt, .md; .doc to be told to save it as .docx) read into memory, never extracted.

Names are decoded as the writer meant them: UTF-8 when the archive says so (its flag, or the
Info-ZIP Unicode path field), else UTF-8 when the bytes are valid UTF-8, else GB18030 (a
superset of GBK: Windows' own "compressed folder" writes names in the system's code page and
sets no flag), else as zipfile read them (code page 437).

Hostile archives are refused before anything is inflated, from the central directory: too many
entries, members or a total over the limits, a compression ratio of a zip bomb (zipfile then
inflates no more than each member declares, and a member that lies fails its CRC check). A
member is refused, and the others read, when its name climbs out of the archive (`..`, an
absolute or drive path), when it is a link, encrypted, a zip inside the zip, or damaged."""

from __future__ import annotations

import posixpath
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO

from checker.read import is_archive as is_archive  # where callers have long found it
from checker.read.limits import DEFAULT_LIMITS, MB, Limits
from checker.read.types import ReadError

MAX_MEMBERS = 2000  # entries in the central directory, of any kind
REPORT_SUFFIXES = (".docx", ".txt", ".md", ".markdown", ".text", ".doc")
NESTED_SUFFIXES = (".zip",)
_RATIO_FLOOR = 1024 * 1024  # small entries may compress extremely well; only judge big ones
_UNICODE_PATH = 0x7075  # Info-ZIP Unicode Path extra field


@dataclass(frozen=True, slots=True)
class Member:
    """One report in an archive: its path there ('/'-separated, decoded) and its bytes, or why it
    was refused."""

    name: str
    data: bytes
    error: tuple[str, str] | None = None


def read_archive(data: bytes, limits: Limits = DEFAULT_LIMITS, total_bytes: int | None = None) -> list[Member]:
    """The reports in a zip archive, in the archive's order. ReadError (E015, E006) when the
    archive as a whole cannot be read; each member refused for its own reason carries it.
    ``total_bytes``: what all members may inflate to together (default: ``limits``' total)."""
    total_limit = total_bytes if total_bytes is not None else limits.max_total_bytes
    if len(data) > limits.max_file_bytes:
        raise ReadError("E006", f"{len(data) / MB:.0f} MB (limit {limits.max_file_mb:g} MB)")
    if not data:
        raise ReadError("E009", "empty file")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise ReadError("E015", f"not a readable zip archive ({exc})") from exc
    if len(infos) > MAX_MEMBERS:
        raise ReadError("E015", f"{len(infos)} entries (limit {MAX_MEMBERS})")
    chosen: list[tuple[str, zipfile.ZipInfo]] = []
    total = 0
    for info in infos:
        name = member_name(info)
        if info.is_dir() or _skipped(name):
            continue
        suffix = posixpath.splitext(name)[1].lower()
        if suffix not in REPORT_SUFFIXES and suffix not in NESTED_SUFFIXES:
            continue  # pictures, spreadsheets …: not reports, as in a folder
        chosen.append((name, info))
        total += info.file_size
        if total > total_limit:
            raise ReadError("E006", f"over {total_limit / MB:g} MB uncompressed in all")
    members: list[Member] = []
    seen: set[str] = set()
    for name, info in chosen:
        refused = _refusal(name, info, limits, seen)
        if refused is not None:
            members.append(Member(name, b"", refused))
            continue
        seen.add(name)
        try:
            with archive.open(info) as handle:
                content = handle.read(info.file_size + 1)
        except RuntimeError as exc:  # encrypted, though the flag said otherwise
            members.append(Member(name, b"", ("E004", str(exc))))
            continue
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, ValueError, OSError, EOFError) as exc:
            members.append(Member(name, b"", ("E015", f"damaged member ({exc})")))
            continue
        members.append(Member(name, content))
    return members


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's path as its writer meant it, with '/' between folders."""
    if info.flag_bits & 0x800:
        name = info.filename
    else:
        raw = info.filename.encode("cp437")  # zipfile decoded the bytes as code page 437: undo that
        name = _unicode_path(info, raw) or _decode(raw)
    return name.replace("\\", "/")


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("cp437")


def _unicode_path(info: zipfile.ZipInfo, raw: bytes) -> str | None:
    """The Info-ZIP Unicode Path field (7-Zip and others add it): used when it belongs to this
    name (its CRC of the name's bytes matches)."""
    extra = info.extra
    offset = 0
    while offset + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, offset)
        body = extra[offset + 4 : offset + 4 + size]
        offset += 4 + size
        if kind == _UNICODE_PATH and len(body) > 5 and body[0] == 1 and struct.unpack_from("<I", body, 1)[0] == zlib.crc32(raw):
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
    return None


def _skipped(name: str) -> bool:
    """What a walk over a folder leaves out: hidden files, Word's lock files, macOS's resource forks."""
    parts = [p for p in name.split("/") if p]
    return not parts or parts[0] == "__MACOSX" or any(p.startswith(".") and p not in (".", "..") for p in parts) \
        or parts[-1].startswith("~$")  # fmt: skip


def _refusal(name: str, info: zipfile.ZipInfo, limits: Limits, seen: set[str]) -> tuple[str, str] | None:
    parts = name.split("/")
    if name.startswith("/") or ".." in parts or (len(name) > 1 and name[1] == ":") or any(ord(c) < 32 for c in name):
        return ("E015", "unsafe path: outside the archive")
    if stat.S_ISLNK(info.external_attr >> 16):
        return ("E015", "a symbolic link")
    if name.lower().endswith(NESTED_SUFFIXES):
        return ("E015", "a zip inside the zip is not opened: unpack it first")
    if name in seen:
        return ("E015", "the same name twice")
    if info.flag_bits & 0x1:
        return ("E004", "encrypted member")
    if info.file_size > limits.max_file_bytes:
        return ("E006", f"{info.file_size / MB:.0f} MB (limit {limits.max_file_mb:g} MB)")
    if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        ratio = info.file_size / max(info.compress_size, 1)
        return ("E006", f"compression ratio {ratio:.0f}:1 (limit {limits.max_ratio:g}:1)")
    return None


def write_archive(files: list[tuple[str, bytes]]) -> bytes:
    """A zip of ``files`` (path inside, bytes), names in UTF-8 with the flag set (zipfile sets it
    for any name that is not ASCII), as Windows, WPS, 7-Zip and macOS read them."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()
