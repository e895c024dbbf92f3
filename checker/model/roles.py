"""What each paragraph is in the layout of an official document: the title, a heading of level
1–4 (GB/T 9704 7.3.3: 一、 （一） 1. （1）), body text, the addressee line, the signature and
date. The format checks set each kind of paragraph against its own part of the profile."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.model import Item, Report
from checker.parse.markers import FAMILY_LEVEL

if TYPE_CHECKING:
    from checker.profile import HeadingSpec, Profile, TextSpec

TITLE = "title"
BYLINE = "byline"  # a short centred line under the title (the writer's name and post)
HEADING = "heading"
BODY = "body"
ADDRESSEE = "addressee"  # 主送机关: flush left, ends with a colon (7.3.2)
SIGNATURE = "signature"
DATE = "date"
SKIPPED = "skipped"  # empty, in a table or a table of contents: not set as running text

_AFTER_HEADING = "。；;：:，,.！？!?"
BODY_LIKE = (BODY, ADDRESSEE, SIGNATURE, DATE)  # set as running text: the profile's body


@dataclass(frozen=True, slots=True)
class Role:
    """What a paragraph is in the report (title, heading of a level, body …)."""

    kind: str
    level: int = 0  # for a heading
    heading_end: int = 0  # for a heading: where its heading text ends (the rest of the paragraph is body)


def profile_spec(profile: Profile, role: Role) -> TextSpec | HeadingSpec | None:
    """The part of the format profile that sets a paragraph of this role (the format checks
    judge it by that part and `reportlint format` lays it out by it): the title's, its heading
    level's (the body's when the profile has none for that level), the body's; None for a
    paragraph no part sets (a byline, a skipped one)."""
    if role.kind == TITLE:
        return profile.document_title
    if role.kind == HEADING:
        return profile.heading(role.level) or profile.body
    if role.kind in BODY_LIKE:
        return profile.body
    return None


def paragraph_roles(report: Report) -> list[Role]:
    """One role per paragraph, in order (``roles[line - 1]``)."""
    cached = report.memo.get("roles")
    if cached is not None:
        return list(cached)
    paragraphs = report.paragraphs
    roles = [Role(BODY) if p.text.strip() and not p.in_table and not p.toc else Role(SKIPPED) for p in paragraphs]

    def set_role(line: int, role: Role) -> None:
        if 0 < line <= len(roles) and roles[line - 1].kind != SKIPPED:
            roles[line - 1] = role

    for line in report.title_lines or ((report.title_line,) if report.title_line else ()):
        set_role(line, Role(TITLE))
    for line in report.addressee_lines:
        set_role(line, Role(ADDRESSEE))
    for section in report.sections:
        level = FAMILY_LEVEL.get(section.marker.family, 1) if section.marker else 1
        if 1 <= level <= 4:
            set_role(section.line, Role(HEADING, level, len(paragraphs[section.line - 1].text)))
        for item in section.all_items():
            _item_role(item, paragraphs[item.line - 1].text, set_role)
    for item in report.front_items:
        for each in item.walk():
            _item_role(each, paragraphs[each.line - 1].text, set_role)
    for back in report.back:
        if back.kind in ("SIGNATURE", "DATE"):
            set_role(back.line, Role(SIGNATURE if back.kind == "SIGNATURE" else DATE))
    if report.title_line:
        _title_block(report, roles, max(report.title_lines or (report.title_line,)))
    report.memo["roles"] = tuple(roles)
    return roles


def _item_role(item: Item, text: str, set_role: object) -> None:
    if item.inline:
        return
    level = FAMILY_LEVEL.get(item.marker.family, 0)
    if not 1 <= level <= 4:
        return
    if item.heading_alone:
        end = len(text)
    else:
        end = item.heading_span.end_column if item.heading_span.end_line == item.line else len(text)
        while end < len(text) and text[end] in _AFTER_HEADING:
            end += 1  # the lead sentence's own full stop belongs to it
    set_role(item.line, Role(HEADING, level, end))  # type: ignore[operator]


def _title_block(report: Report, roles: list[Role], last_title: int) -> None:
    """Lines between the title and the text: short centred lines (the writer's name and post, a
    subtitle) and the addressee line that ends with a colon."""
    for line in range(last_title + 1, min(last_title + 6, len(roles)) + 1):
        role = roles[line - 1]
        if role.kind == SKIPPED:
            continue
        if role.kind != BODY:
            return
        text = report.paragraphs[line - 1].text.strip()
        if text.endswith(("：", ":")) and len(text) <= 60:
            roles[line - 1] = Role(ADDRESSEE)
            return
        formats = report.formatting.paragraphs if report.formatting is not None else None
        centred = formats is None or formats[line - 1].justification in ("center", "right")
        # 学员 职务 姓名: fields set apart by spaces make a longer line a byline too
        fields = len(text.replace("\u3000", " ").split())
        short = len(text) <= 40 or (fields >= 3 and len(text) <= 80)
        if centred and short and not any(c in text for c in "。；;！？!?，,"):
            roles[line - 1] = Role(BYLINE)
            continue
        return


# A paragraph of running text this long is the body, not a cover's line (a name, a date, 策划书).
_BODY_TEXT = 40


def body_start(report: Report) -> int:
    """The line where the body starts, after a cover (title page) and a table of contents that a
    page or section break sets apart from it; 1 when nothing stands before the body.

    The body is found by its first heading or paragraph of running text after the last entry of
    a table of contents; the front matter is what precedes the last break before it. Without a
    break between them nothing counts as front matter: a title on the body's first page is the
    body's. Worked out once per report, linearly."""
    cached = report.memo.get("body_start")
    if cached is not None:
        return int(cached)
    start = 1
    formatting = report.formatting
    if formatting is not None and report.paragraphs:
        roles = paragraph_roles(report)
        paragraphs = report.paragraphs
        last_toc = max((p.line for p in paragraphs if p.toc), default=0)
        first = next((line for line in range(last_toc + 1, len(paragraphs) + 1)
                      if roles[line - 1].kind == HEADING
                      or (roles[line - 1].kind == BODY and len(paragraphs[line - 1].text.strip()) >= _BODY_TEXT)),
                     None)  # fmt: skip
        if first is not None:
            section_starts = {s.first_line for s in formatting.sections[1:] if s.start_type != "continuous"}
            formats = formatting.paragraphs
            for line in range(first, 1, -1):
                if line in section_starts or formats[line - 1].break_before or formats[line - 2].break_after:
                    # A paragraph that holds only the page break ends the front matter.
                    alone = formats[line - 1].break_before and not paragraphs[line - 1].text.strip()
                    start = line + 1 if alone and line < first and line not in section_starts else line
                    break
    report.memo["body_start"] = start
    return start
