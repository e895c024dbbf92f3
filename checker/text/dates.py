"""Dates as a line of their own (成文日期, a date under the title): every way writers type them,
and the one GB/T 9704-2012 7.3.5.4 wants (2024年1月5日: Arabic numerals, no leading zeros)."""

from __future__ import annotations

import re

GOOD_DATE = re.compile(r"^[（(]?\s*\d{4}年[1-9]\d?月(?:[1-9]\d?日)?\s*[）)]?$")
# Anchored at both ends and made of bounded pieces: linear on any line.
_ANY_DATE = re.compile(
    r"^[（(]?\s*(?:"
    r"[0-9０-９]{2,4}\s*年\s*[0-9０-９]{1,2}\s*月(?:\s*[0-9０-９]{1,2}\s*日)?"
    r"|[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月(?:\s*[一二三四五六七八九十]{1,3}\s*日)?"
    r"|[0-9]{4}\s*[./\-]\s*[0-9]{1,2}\s*[./\-]\s*[0-9]{1,2}"
    r")\s*[）)]?$"
)


def is_date_line(text: str) -> bool:
    """Whether ``text`` (stripped) is only a date, however written."""
    text = text.strip()
    return 0 < len(text) <= 40 and _ANY_DATE.match(text) is not None


def is_good_date(text: str) -> bool:
    return GOOD_DATE.match(text.strip()) is not None
