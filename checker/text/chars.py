"""Counting 字 the way Word and WPS count 字数."""

from __future__ import annotations


def is_cjk_char(ch: str) -> bool:
    """Characters Word counts one by one: CJK ideographs, kana/hangul, CJK and full-width
    punctuation, and the general punctuation used in Chinese text (“ ” ‘ ’ … —)."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x3FFFF
        or 0xF900 <= o <= 0xFAFF
        or 0x3000 <= o <= 0x30FF
        or 0xFF00 <= o <= 0xFFEF
        or 0x2010 <= o <= 0x206F
        or 0xAC00 <= o <= 0xD7AF
        or 0x3100 <= o <= 0x31FF
        or 0xFE30 <= o <= 0xFE4F
        or 0x2460 <= o <= 0x24FF
    )


def count_chars_like_word(text: str) -> int:
    """Each CJK character or CJK punctuation mark counts one, each run of other visible
    characters (a Latin word, a number such as 12.6%) counts one, white space counts nothing."""
    count = 0
    in_run = False
    for ch in text:
        if ch.isspace() or ch == "\u3000":
            in_run = False
        elif is_cjk_char(ch):
            count += 1
            in_run = False
        elif not in_run:
            count += 1
            in_run = True
    return count
