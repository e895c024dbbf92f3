"""Dates as a line of their own (成文日期, a date under the title): every way writers type them,
and the one GB/T 9704-2012 7.3.5.4 wants (2024年1月5日: Arabic numerals, no leading zeros)."""

from __future__ import annotations

import re

GOOD_DATE = re.compile(r"^[（(]?\s*\d{4}年[1-9]\d?月(?:[1-9]\d?日)?\s*[）)]?$")
_CN_DIGITS = "〇○零一二三四五六七八九十"
# Every way a date is typed: Arabic (half- or full-width: \d) or Chinese numerals, 年月日 or dots,
# slashes and hyphens; two-digit years too (24年5月), which F110 then asks to be written whole.
# Anchored at both ends and made of bounded pieces: linear on any line.
DATE_LINE = re.compile(
    rf"^[（(]?\s*(\d{{2,4}}|[{_CN_DIGITS}]{{2,4}})\s*"
    rf"(?:年\s*(\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*月(?:\s*(\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*日)?"
    r"|[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{1,2}))\s*[）)]?$"
)


def is_date_line(text: str) -> bool:
    """Whether ``text`` (stripped) is only a date, however written: the parser's DATE back
    matter and the lines F110 judges are the same lines."""
    text = text.strip()
    return 0 < len(text) <= 40 and DATE_LINE.match(text) is not None


def is_good_date(text: str) -> bool:
    return GOOD_DATE.match(text.strip()) is not None
