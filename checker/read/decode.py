"""Text files as the .txt and .md readers share them: the encoding detected from the bytes (and
written back the same by a corrected copy), lines, and `<!-- reportlint: … -->` remarks."""

from __future__ import annotations

import codecs
import re

from checker.read.types import ReadError, Remark

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text has a NUL in (almost) every other byte when it is mostly ASCII or Latin;
    Chinese text has none, so also accept a clean decode that yields mostly CJK."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4000]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    candidates: list[str] = []
    if odd_nuls > half * 0.2 and even_nuls < half * 0.05:
        candidates.append("utf-16-le")
    elif even_nuls > half * 0.2 and odd_nuls < half * 0.05:
        candidates.append("utf-16-be")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def encode_text(text: str, original: bytes, encoding: str) -> bytes:
    """``text`` in the encoding ``decode_text`` found in ``original``, its byte-order mark kept."""
    for bom, name in _BOMS:
        if original.startswith(bom):
            return bom + text.encode(name)
    return text.encode(encoding.removesuffix("-bom"))


def _looks_binary(data: bytes) -> bool:
    sample = data[:8000]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.05


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode report bytes; return (text, encoding name). Raises ReadError (E007) when no
    encoding fits. The order is: BOM, UTF-16 without BOM, UTF-8, GB18030, then a detector."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding + ("-bom" if encoding == "utf-8" else "")
            except UnicodeDecodeError as exc:
                raise ReadError("E007", f"{encoding}: {exc.reason} at byte {exc.start}") from exc
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        if _looks_binary(data):  # control bytes are valid UTF-8, but no report is made of them
            raise ReadError("E008", "binary content")
        return text, "utf-8"
    for encoding in ("utf-16-le", "utf-16-be"):
        # Chinese UTF-16 without a BOM has no NUL bytes; it decodes to almost nothing but CJK.
        if len(data) % 2 == 0:
            try:
                candidate = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _mostly_cjk_text(candidate):
                return candidate, encoding
    if _looks_binary(data):
        raise ReadError("E008", "binary content")
    if _mostly_utf8(data):
        # Valid UTF-8 Chinese with a few broken bytes: a damaged file, not another encoding.
        raise ReadError("E007", f"invalid UTF-8 at byte {first_bad}")
    # GB18030 is a superset of GBK and GB2312 and is what Chinese Windows writes as "ANSI".
    # A strict decode with few rare characters is a better answer than any statistical guess.
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _mostly_common_cjk(text):
        return text, "gb18030"
    from charset_normalizer import from_bytes  # slow to import: only for odd files

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    raise ReadError("E007", "unknown encoding")


def _mostly_cjk_text(text: str) -> bool:
    """Nearly every character is CJK, common punctuation, ASCII text or a line break."""
    if not text:
        return False
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    plain = sum(1 for c in text if c.isascii() and (c.isprintable() or c in "\r\n\t"))
    punct = sum(
        1 for c in text if "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or "\u2010" <= c <= "\u206f"
    )
    return cjk >= len(text) * 0.3 and cjk + plain + punct >= len(text) * 0.97


def _mostly_utf8(data: bytes) -> bool:
    """Most multi-byte sequences are valid UTF-8: the bytes were meant as UTF-8."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return bad > 0 and sum(1 for c in text if ord(c) > 0x7F and c != "\ufffd") >= 20 * bad


def _mostly_common_cjk(text: str) -> bool:
    """True when the text decoded as GB18030 looks like Chinese prose rather than mojibake:
    nearly all non-ASCII characters fall in the CJK blocks and common punctuation."""
    non_ascii = [c for c in text if ord(c) > 0x7F]
    if not non_ascii:
        return True
    good = sum(
        1
        for c in non_ascii
        if "\u4e00" <= c <= "\u9fff"
        or "\u3000" <= c <= "\u303f"
        or "\uff00" <= c <= "\uffef"
        or "\u2010" <= c <= "\u206f"
    )
    return good >= len(non_ascii) * 0.9


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: only CR, LF and CRLF end a line (not U+2028, \\f …)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


_COMMENT_LINE = re.compile(r"^\s*<!--(.*?)-->\s*$")


def comment_remarks(lines: list[str]) -> tuple[tuple[Remark, ...], set[int]]:
    """<!-- … --> lines: each a remark on the next non-empty line; returns them and their
    (1-based) line numbers, which are no report text."""
    remarks = []
    taken: set[int] = set()
    for i, line in enumerate(lines, start=1):
        m = _COMMENT_LINE.match(line)
        if not m:
            continue
        taken.add(i)
        following = next(
            (
                j
                for j in range(i + 1, len(lines) + 1)
                if lines[j - 1].strip() and not _COMMENT_LINE.match(lines[j - 1])
            ),
            None,
        )
        remarks.append(Remark(m.group(1).strip(), i, (following,) if following else ()))
    return tuple(remarks), taken


