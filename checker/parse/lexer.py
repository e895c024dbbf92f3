"""The marker lexer: paragraphs → block tokens for the grammar.

Each non-empty paragraph becomes one block, or several when it holds inline enumerations.
Blocks get a kind: TITLE, ADDRESSEE, PARA, H1 (一、), D2…D5 (deeper numbered items), CLOSING,
SIGNATURE, DATE. Depth is decided the way a reader decides it — by the order in which marker
styles appear under each 一、 heading — so the grammar never sees an impossible sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.parse.markers import FAMILY_LEVEL, Marker, inline_markers, match_marker
from checker.read.types import Paragraph
from checker.text.dates import is_date_line

MAX_DEPTH = 5  # D2 … D5

_SENTENCE_END = "。；;！？!?"
_CLOSING = re.compile(
    r"^(以上|特此|恳请|敬请|诚恳|请各位|请组织|不妥之处|不当之处|如有不妥|请予)|批评指正|请予评议|特此报告|请审阅"
)
_SIGNATURE_LABEL = re.compile(r"^(报告人|发言人|述职人|汇报人|姓名|署名|签名)\s*[:：]")


@dataclass(frozen=True, slots=True)
class Block:
    """One token for the grammar: a paragraph, or an inline enumeration inside one, and its kind."""

    kind: str
    para: int  # index into the paragraph list
    start: int  # slice of the paragraph's text this block covers
    end: int
    marker: Marker | None = None
    from_label: bool = False  # the marker is Word's automatic numbering, not typed
    inline: bool = False  # an enumeration found inside a paragraph, not at its start


def _is_heading_like(text: str, limit: int = 60) -> bool:
    return 0 < len(text) <= limit and not any(c in text for c in _SENTENCE_END)


_ATTACHMENTS = ("附件", "附：", "附:")
MAX_ATTACHMENTS = 30  # numbered lines an attachment list may hold


def _attachments_start(paragraphs: list[Paragraph], markers: list[Marker | None], last: int) -> int | None:
    """Where an attachment list ending at ``last`` begins (附件：1.… 2.…: short numbered lines
    under a 附件 line), or None when the lines above are no such list."""
    j = last
    while j >= 0 and last - j <= MAX_ATTACHMENTS:
        text = paragraphs[j].text.strip()
        if text.startswith(_ATTACHMENTS):
            return j
        if text and (markers[j] is None or len(text) > 80 or any(c in text[:-1] for c in _SENTENCE_END)):
            return None
        j -= 1
    return None


def _back_matter(paragraphs: list[Paragraph], markers: list[Marker | None]) -> dict[int, str]:
    """Closing line, attachments, signature and date at the end, found by walking back from the
    last line."""
    found: dict[int, str] = {}
    candidates: list[tuple[int, str]] = []
    seen = 0
    i = len(paragraphs)
    while i > 0:
        i -= 1
        text = paragraphs[i].text.strip()
        if not text:
            continue
        if markers[i] is not None or text.startswith(_ATTACHMENTS):
            start = _attachments_start(paragraphs, markers, i)
            if start is None:
                break
            candidates.extend((k, "ATTACHMENT") for k in range(i, start - 1, -1) if paragraphs[k].text.strip())
            i = start
            continue
        seen += 1
        if is_date_line(text):
            candidates.append((i, "DATE"))
        elif len(text) <= 120 and _CLOSING.search(text):
            candidates.append((i, "CLOSING"))
            break  # the closing line opens the back matter
        elif seen <= 4 and len(text) <= 30 and text[-1] not in _SENTENCE_END + "，,":
            candidates.append((i, "SIGNATURE"))
        else:
            break
    kinds = {kind for _, kind in candidates}
    for i, kind in candidates:  # from the last line backwards: the back matter is one trailing run
        if (
            kind == "SIGNATURE"
            and not kinds & {"DATE", "CLOSING"}
            and not _SIGNATURE_LABEL.match(paragraphs[i].text.strip())
        ):
            break
        found[i] = kind
    return found


_TOC_TITLES = {"目录", "contents", "tableofcontents"}


def toc_entry(p: Paragraph) -> bool:
    """A line of a table of contents: in Word's own (a TOC field or content control), in a
    TOC style, or text ending in a page number after a tab or dot leaders (一、活动背景……1)."""
    if p.toc or (p.style is not None and p.style.lower().startswith(("toc ", "目录 "))):
        return True
    text = p.text.rstrip()
    digits = len(text) - len(text.rstrip("0123456789"))
    if not 1 <= digits <= 4 or digits == len(text):
        return False
    before = text[:-digits]
    return before.endswith("\t") or before.rstrip(" \u3000").endswith(("..", "…", "··", "\t"))


def toc_lines(paragraphs: list[Paragraph]) -> set[int]:
    """Indexes of the paragraphs of tables of contents: their entries, and a 目录 title above
    them. They are not sections: the lexer skips them."""
    found: set[int] = set()
    for i, p in enumerate(paragraphs):
        if p.toc or (p.style is not None and p.style.lower().startswith(("toc ", "目录 "))):
            found.add(i)
            continue
        if "".join(p.text.split()).lower() not in _TOC_TITLES:
            continue
        # A 目录 title: the entries under it (blank lines allowed between).
        j = i + 1
        entries = []
        while j < len(paragraphs) and (not paragraphs[j].text.strip() or toc_entry(paragraphs[j])):
            if paragraphs[j].text.strip():
                entries.append(j)
            j += 1
        if entries:
            found.add(i)
            found.update(entries)
    return found


def lex(paragraphs: list[Paragraph], inline: bool = True) -> list[Block]:
    """Block tokens for the grammar. ``inline=False`` skips enumerations inside paragraphs (what
    template detection needs: titles, headings, opening paragraphs). A table of contents gives
    no token."""
    markers: list[Marker | None] = []
    toc = toc_lines(paragraphs)
    for i, p in enumerate(paragraphs):
        m = match_marker(p.text) if p.text.strip() and i not in toc else None
        markers.append(m)
    back = _back_matter(paragraphs, markers)

    blocks: list[Block] = []
    stack: list[str] = []  # marker families open under the current 一、 heading, outermost first
    front = True  # before the first heading or body paragraph
    seen_title = False
    first_content = True

    numbers: list[int | None] = []  # the last number met at each depth of ``stack``

    def depth_kind(marker: Marker) -> str:
        family = marker.family
        if family in stack:
            del stack[stack.index(family) + 1 :]
            del numbers[len(stack) :]
        elif (stack and marker.number is not None and marker.number > 1 and numbers[-1] == marker.number - 1
              and 0 < FAMILY_LEVEL.get(family, 0) < FAMILY_LEVEL.get(stack[-1], 0)):  # fmt: skip
            # 1. 2. （三）: a higher level's style that goes on counting the current list is a
            # sibling written another way (N104). Nested, it would start at one and turn the
            # levels upside down.
            pass
        elif len(stack) >= MAX_DEPTH - 1:
            stack[-1] = family  # deeper than D5: a sibling at the deepest level
        else:
            stack.append(family)
            numbers.append(None)
        numbers[-1] = marker.number
        return f"D{len(stack) + 1}"

    for i, p in enumerate(paragraphs):
        text = p.text
        if not text.strip() or i in toc:
            continue
        if i in back:
            blocks.append(Block(back[i], i, 0, len(text)))
            continue
        marker = markers[i]
        stripped = text.strip()
        if marker is None and front:
            if first_content and _is_heading_like(stripped) and not stripped.endswith(("：", ":")):
                blocks.append(Block("TITLE", i, 0, len(text)))
                seen_title = True
                first_content = False
                continue
            if (
                seen_title
                and not first_content
                and stripped.startswith(("——", "—", "－－"))
                and len(stripped) <= 60
            ):
                blocks.append(Block("TITLE", i, 0, len(text)))  # a subtitle
                continue
            if (
                len(stripped) <= 30
                and stripped.endswith(("：", ":"))
                and not any(c in stripped for c in "。；")
            ):
                blocks.append(Block("ADDRESSEE", i, 0, len(text)))
                first_content = False
                front = False
                continue
        first_content = False
        from_label = p.label is not None and marker is not None and marker.start < len(p.label)
        found_inline = inline_markers(text, marker) if inline else []
        end_first = found_inline[0].start if found_inline else len(text)
        if marker is None:
            front = False
            blocks.append(Block("PARA", i, 0, end_first))
        elif marker.family == "cn":
            front = False
            stack.clear()
            numbers.clear()
            blocks.append(Block("H1", i, 0, end_first, marker, from_label))
        else:
            front = False
            blocks.append(Block(depth_kind(marker), i, 0, end_first, marker, from_label))
        for k, m in enumerate(found_inline):
            end = found_inline[k + 1].start if k + 1 < len(found_inline) else len(text)
            blocks.append(Block(depth_kind(m), i, m.start, end, m, False, inline=True))
    return blocks
