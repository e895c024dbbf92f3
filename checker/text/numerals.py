"""Chinese and other numerals: reading them in markers and writing them for numbering labels."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_DIGIT_VALUE = {c: i for i, c in enumerate(_DIGITS)} | {"〇": 0, "两": 2, "○": 0}
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000}

CHINESE_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千"


def chinese_to_int(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 一百零五 → 105; None when ``text`` is not a numeral."""
    if not text:
        return None
    total = 0
    current = 0
    for ch in text:
        if ch in _DIGIT_VALUE:
            current = _DIGIT_VALUE[ch]
        elif ch in _UNIT_VALUE:
            unit = _UNIT_VALUE[ch]
            total += (current or 1) * unit
            current = 0
        else:
            return None
    return total + current


def int_to_chinese(n: int, *, legal: bool = False) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (the way Word's chineseCounting
    and reports write them). ``legal`` uses 壹贰叁 with 拾佰仟."""
    digits = _LEGAL_DIGITS if legal else _DIGITS
    units = ("", "拾", "佰", "仟") if legal else ("", "十", "百", "千")
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    parts: list[str] = []
    s = str(n)
    zero_pending = False
    for i, ch in enumerate(s):
        d = int(ch)
        place = len(s) - 1 - i
        if d == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append(digits[0])
            zero_pending = False
        if not (d == 1 and place == 1 and not parts and not legal):
            parts.append(digits[d])
        parts.append(units[place])
    return "".join(parts)


def int_to_roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    values = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    out = []
    for value, letters in values:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def int_to_letters(n: int) -> str:
    """Word's upperLetter: A … Z, then AA, BB … (repeated letters, not base 26)."""
    if n <= 0:
        return str(n)
    letter = chr(ord("A") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_CHINESE = "㊀㊁㊂㊃㊄㊅㊆㊇㊈㊉"


def format_number(n: int, num_fmt: str) -> str:
    """Render ``n`` in one of WordprocessingML's w:numFmt formats (ECMA-376 17.18.59)."""
    if num_fmt in ("decimal", "ordinal", "cardinalText", "ordinalText"):
        return str(n)
    if num_fmt in (
        "chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
        "japaneseCounting", "japaneseCountingThousand", "koreanCounting",
    ):  # fmt: skip
        return int_to_chinese(n)
    if num_fmt == "chineseLegalSimplified":
        return int_to_chinese(n, legal=True)
    if num_fmt == "decimalZero":
        return f"{n:02d}"
    if num_fmt == "decimalFullWidth" or num_fmt == "decimalFullWidth2":
        return "".join(chr(ord(c) - ord("0") + 0xFF10) for c in str(n))
    if num_fmt == "decimalHalfWidth":
        return str(n)
    if num_fmt == "decimalEnclosedParen":
        return f"({n})"
    if num_fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if num_fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if num_fmt == "ideographEnclosedCircle":
        return _CIRCLED_CHINESE[n - 1] if 1 <= n <= len(_CIRCLED_CHINESE) else str(n)
    if num_fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10]
    if num_fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if num_fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(c)] for c in str(n))
    if num_fmt == "upperLetter":
        return int_to_letters(n)
    if num_fmt == "lowerLetter":
        return int_to_letters(n).lower()
    if num_fmt == "upperRoman":
        return int_to_roman(n)
    if num_fmt == "lowerRoman":
        return int_to_roman(n).lower()
    if num_fmt == "none":
        return ""
    return str(n)
