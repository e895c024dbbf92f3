"""styles.xml read lazily: an index of its <w:style> blocks by id, each parsed when first asked for.

A report uses a handful of styles, but the part often holds hundreds: python-docx's blank
document carries a 350 KB styles.xml that takes 14 ms to parse — more than the whole check of a
report. The index is built with forward-only byte searches (linear on any input); a block is
parsed inside the part's own opening tag, so that its namespace declarations apply. A part this
index cannot read (another prefix than w:, another encoding) is parsed whole instead.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W + "}"
_ATTR = re.compile(rb'\bw:(styleId|type|default)="([^"]{0,256})"')
# Linear: an attempt stops at the next "<", where the next opening tag would begin.
_OPENING = re.compile(rb"<w:style\s[^<>]*>")
_STYLE_ID = re.compile(rb'\bw:styleId="([^"]{1,256})"')


class StyleTable:
    """Style id → its <w:style> element, the default paragraph and character styles, the ids of
    styles that hide text (w:vanish), and the document defaults (w:docDefaults)."""

    def __init__(self, xml: bytes | None, parse: Callable[[bytes], Any]) -> None:
        self._parse = parse
        self._blocks: dict[str, bytes] = {}
        self._starts: dict[str, tuple[int, int, bool]] = {}  # id → (start, end of opening tag, self-closing)
        self._xml = b""
        self._elements: dict[str, Any] = {}
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        self.hidden_ids: set[str] = set()
        self._opening = b""
        self._defaults_block: bytes | None = None
        self._defaults: Any = None
        self._root: Any = None
        if not xml:
            return
        head = xml[:200].lower()
        indexable = b"<w:styles" in xml[:4096] and not xml.startswith((b"\xff\xfe", b"\xfe\xff")) and (
            b"encoding" not in head or b'encoding="utf-8"' in head or b"encoding='utf-8'" in head
        )
        if indexable:
            indexable = self._index(xml)
        if not indexable:
            self._root = parse(xml)
            self._from_root(self._root)

    def _index(self, xml: bytes) -> bool:
        start = xml.find(b"<w:styles")
        close = xml.find(b">", start)
        if start < 0 or close < 0 or xml[close - 1 : close] == b"/":
            return False
        self._xml = xml
        self._opening = xml[start : close + 1]
        defaults_at = xml.find(b"<w:docDefaults", close)
        if defaults_at >= 0:
            defaults_end = xml.find(b"</w:docDefaults>", defaults_at)
            if defaults_end >= 0:
                self._defaults_block = xml[defaults_at : defaults_end + len(b"</w:docDefaults>")]
        starts: list[int] = []
        ids: list[str] = []
        # One scan in C for the opening tags; a block's end is looked for when it is first asked for.
        for match in _OPENING.finditer(xml, close):
            opening = match.group()
            found = _STYLE_ID.search(opening)
            if found is None:
                continue
            style_id = found.group(1).decode("utf-8", "replace")
            starts.append(match.start())
            ids.append(style_id)
            if style_id not in self._starts:
                self._starts[style_id] = (match.start(), match.end(), opening.endswith(b"/>"))
            if b"w:default" in opening:
                attrs = dict(_ATTR.findall(opening))
                if attrs.get(b"default") in (b"1", b"true", b"on"):
                    kind = attrs.get(b"type")
                    if kind == b"paragraph" and self.default_paragraph is None:
                        self.default_paragraph = style_id
                    elif kind == b"character" and self.default_character is None:
                        self.default_character = style_id
        at = xml.find(b"<w:vanish", close)
        while at >= 0:  # rare: each one is put in the style around it
            index = bisect.bisect_right(starts, at) - 1
            if index >= 0:
                block = self._block(ids[index])
                if block is not None and starts[index] + len(block) > at:
                    self.hidden_ids.add(ids[index])
            at = xml.find(b"<w:vanish", at + 1)
        return True

    def _block(self, style_id: str) -> bytes | None:
        """The bytes of a style's <w:style> element, or None when it is not closed."""
        block = self._blocks.get(style_id)
        if block is None and style_id in self._starts:
            start, opening_end, empty = self._starts[style_id]
            end = opening_end if empty else self._xml.find(b"</w:style>", opening_end)
            if end < 0:
                return None
            block = self._blocks[style_id] = self._xml[start : end if empty else end + len(b"</w:style>")]
        return block

    def _from_root(self, root: Any) -> None:
        for style in root.iterchildren(_W + "style"):
            style_id = style.get(_W + "styleId")
            if not style_id or style_id in self._elements:
                continue
            self._elements[style_id] = style
            if style.get(_W + "default") in ("1", "true", "on"):
                kind = style.get(_W + "type")
                if kind == "paragraph" and self.default_paragraph is None:
                    self.default_paragraph = style_id
                elif kind == "character" and self.default_character is None:
                    self.default_character = style_id
            if style.find(f".//{_W}vanish") is not None:
                self.hidden_ids.add(style_id)
        self._defaults = root.find(_W + "docDefaults")

    def element(self, style_id: str) -> Any | None:
        found = self._elements.get(style_id)
        if found is None and style_id in self._starts:
            block = self._block(style_id)
            wrapper = self._parse(self._opening + block + b"</w:styles>") if block is not None else []
            found = wrapper[0] if len(wrapper) else None
            self._elements[style_id] = found
        return found

    def lineage(self, style_id: str | None) -> list[str]:
        """``style_id`` and the styles it is based on (``w:basedOn``), nearest first; a loop is cut
        where it closes. The numbering and the formatting both walk this one chain."""
        ids: list[str] = []
        seen: set[str] = set()
        while style_id and style_id not in seen:
            style = self.element(style_id)
            if style is None:
                break
            ids.append(style_id)
            seen.add(style_id)
            based = style.find(_W + "basedOn")
            value = based.get(_W + "val") if based is not None else None
            style_id = str(value) if value is not None else None
        return ids

    def defaults(self) -> Any | None:
        """The w:docDefaults element, or None."""
        if self._defaults is None and self._defaults_block is not None:
            wrapper = self._parse(self._opening + self._defaults_block + b"</w:styles>")
            self._defaults = wrapper[0] if len(wrapper) else None
            self._defaults_block = None
        return self._defaults

    def __contains__(self, style_id: str) -> bool:
        return style_id in self._elements or style_id in self._starts


# Style tables kept for the next document whose styles part has the same bytes: a batch written
# from one template (Word's, WPS's, an office's) indexes its styles once. Keyed by the part's
# CRC-32 and length, the bytes compared in full; a few kept, the oldest dropped, none larger
# than a template's styles part ever is (a huge one is not held after its document).
_SHARED: dict[tuple[int, int], tuple[bytes, StyleTable]] = {}
# The same parts as stored in their zip (Package.stored): a part stored with the same bytes is
# the same part, known without inflating it (inflating python-docx's 350 KB styles part cost
# more than parsing the body).
_STORED: dict[tuple[int, int], tuple[Any, ...]] = {}
_SHARED_MAX = 4
_SHARED_BYTES = 4 << 20


def is_shared(table: StyleTable) -> bool:
    """Whether ``table`` is one of the shared tables (read only, kept for later documents)."""
    return any(entry[1] is table for entry in list(_SHARED.values()))


def known_styles(stored: tuple[Any, ...]) -> tuple[bytes, StyleTable] | None:
    """The bytes and shared table of a styles part stored as ``stored`` (Package.stored), when an
    earlier document had it stored so."""
    key = (stored[1], stored[2])
    found = _SHARED.get(key)
    return found if found is not None and _STORED.get(key) == stored else None


def shared_table(xml: bytes, crc: int | None, parse: Callable[[bytes], Any],
                 stored: tuple[Any, ...] | None = None) -> StyleTable:  # fmt: skip
    """The style table of ``xml``, shared with earlier documents that had the same styles part.
    Only for a table that is read, never changed (the write stage builds its own): its elements
    are parsed from the same bytes whichever document asks first. ``parse`` must not hold on to
    a package. ``stored``: the part as stored (Package.stored), for ``known_styles``."""
    if crc is None or len(xml) > _SHARED_BYTES:
        return StyleTable(xml, parse)
    key = (crc, len(xml))
    found = _SHARED.get(key)
    if found is None or found[0] != xml:
        found = (xml, StyleTable(xml, parse))
        if key not in _SHARED and len(_SHARED) >= _SHARED_MAX:
            oldest = next(iter(_SHARED))
            del _SHARED[oldest]
            _STORED.pop(oldest, None)
        _SHARED[key] = found
        _STORED.pop(key, None)
    if stored is not None and stored[1:3] == key:
        _STORED[key] = stored
    return found[1]
