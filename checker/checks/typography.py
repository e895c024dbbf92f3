"""Typography (P1xx): half-width punctuation in Chinese, unpaired quotes and brackets, doubled
punctuation, stray spaces, full-width letters and digits, wrong ellipses and dashes, the date line.

Each rule knows the look-alikes that are not faults: 3.5, 12.6%, 2024.1.5 in body text, URLs,
Latin words, numbering markers (N105's business), the ideographic spaces of a signature line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.checks.base import Finding, Severity, rule
from checker.checks.base import paragraph_span as _span
from checker.model import Report
from checker.read.types import Paragraph
from checker.template import Template
from checker.text.dates import is_good_date

HALF_TO_FULL = {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF = re.compile(r"[,.;:?!()]")
_PAIRED_MARKS = re.compile("[“”‘’「」『』（）《》【】〔〕]")
# An e-mail address starts where a run of word characters starts: without the look-behind, a long
# run without "@" would be tried again from each of its characters (quadratic).
_URL = re.compile(r"(?:https?://|www\.)[\w\-./?%&=#:~+@]+|(?<![\w.\-])[\w.\-]+@[\w\-]+\.[\w.\-]+", re.I)
_CODE = re.compile(r"`[^`]*`")
_HAN = re.compile(r"[\u4e00-\u9fff]")
CJK_PUNCT = "，。；：、！？"


def _han(ch: str) -> bool:
    return bool(ch) and _HAN.match(ch) is not None


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _URL.finditer(text)] + [m.span() for m in _CODE.finditer(text)]


def _body(report: Report) -> Iterator[tuple[Paragraph, int]]:
    """Paragraphs with text, and where the text starts after a numbering marker (N105 judges it)."""
    from checker.parse.markers import match_marker

    back = {b.line for b in report.back}
    for p in report.paragraphs:
        if not p.text.strip() or p.line in back:
            continue
        marker = match_marker(p.text)
        yield p, (marker.end if marker is not None else 0)


@rule(
    code="P101",
    name="halfwidth-punctuation",
    severity=Severity.WARNING,
    summary={"zh": "中文语境中使用了半角标点。", "en": "Half-width punctuation in Chinese text."},
    why={
        "zh": "GB/T 15834 规定中文用全角标点；半角的逗号、句号、冒号、括号混在中文里，是审阅者最先看出的毛病。数字中的小数点、日期、网址和英文不在此列。",
        "en": "GB/T 15834 wants full-width punctuation in Chinese; ASCII commas and brackets stand out. Numbers, dates, URLs and Latin words are left alone.",
    },
    bad="我认真学习了党章,对照检查了自身存在的问题.",
    good="我认真学习了党章，对照检查了自身存在的问题。",
)
def halfwidth_punctuation(report: Report, template: Template) -> Iterator[Finding]:
    for p, start in _body(report):
        text = p.text
        candidates = [m.start() for m in _HALF.finditer(text, start)]
        if not candidates:
            continue
        guarded = _protected(text)
        for i in candidates:
            ch = text[i]
            if any(a <= i < b for a, b in guarded):
                continue
            prev = text[i - 1] if i > 0 else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if ch in ".:," and prev.isdigit() and nxt.isdigit():
                continue  # 3.5, 13:00, 1,000
            if ch == "." and (prev == "." or nxt == "."):
                continue  # an ellipsis typed as dots: P107
            if ch in "()":
                inner = nxt if ch == "(" else prev
                outer = prev if ch == "(" else nxt
                if not (_han(inner) or _han(outer)):
                    continue  # (PCI), (1)
            elif not (_han(prev) or (_han(nxt) and not (prev.isascii() and prev.isalnum()))):
                continue  # a comma after a Latin word or number (3, 4), or no Chinese beside it
            yield Finding(
                "P101", _span(p, i, i + 1), {"found": ch, "expected": HALF_TO_FULL[ch]}, fix=HALF_TO_FULL[ch]
            )


_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_CLOSERS = {v: k for k, v in _QUOTE_PAIRS.items()}


def _unpaired(text: str, pairs: dict[str, str]) -> tuple[list[int], list[int]]:
    """Positions of openers never closed and of closers never opened."""
    if _PAIRED_MARKS.search(text) is None:
        return [], []
    closers = {v: k for k, v in pairs.items()}
    stack: list[tuple[str, int]] = []
    stray: list[int] = []
    for i, ch in enumerate(text):
        if ch in pairs:
            stack.append((ch, i))
        elif ch in closers:
            if stack and stack[-1][0] == closers[ch]:
                stack.pop()
            elif any(o == closers[ch] for o, _ in stack):
                while stack and stack[-1][0] != closers[ch]:
                    stack.pop()
                stack.pop()
            else:
                stray.append(i)
    return [i for _, i in stack], stray


@rule(
    code="P102",
    name="unpaired-quote",
    severity=Severity.WARNING,
    summary={"zh": "引号不成对。", "en": "A quotation mark without its partner."},
    why={
        "zh": "缺了后引号，引文到哪里结束就说不清了；引文跨段时，各段开头用前引号、只在最后一段末尾用后引号，这不算错误。",
        "en": "Without its closing mark a quotation has no end. A quotation over several paragraphs opens each and closes only the last: that is correct.",
    },
    bad="坚持“学思用贯通、知信行统一，做到学以致用。",
    good="坚持“学思用贯通、知信行统一”，做到学以致用。",
)
def unpaired_quote(report: Report, template: Template) -> Iterator[Finding]:
    paragraphs = [p for p in report.paragraphs if p.text.strip()]
    for n, p in enumerate(paragraphs):
        opened, stray = _unpaired(p.text, _QUOTE_PAIRS)
        following = paragraphs[n + 1].text.lstrip() if n + 1 < len(paragraphs) else ""
        for i in opened:
            if following[:1] == p.text[i]:
                continue  # a quotation running on into the next paragraph
            yield Finding(
                "P102", _span(p, i, i + 1), {"found": p.text[i], "missing": _QUOTE_PAIRS[p.text[i]]}
            )
        for i in stray:
            previous = paragraphs[n - 1].text if n else ""
            if p.text.lstrip()[:1] == _CLOSERS[p.text[i]] or (
                _CLOSERS[p.text[i]] in previous
                and previous.count(_CLOSERS[p.text[i]]) > previous.count(p.text[i])
            ):
                continue  # the end of a quotation that began in an earlier paragraph
            yield Finding("P102", _span(p, i, i + 1), {"found": p.text[i], "missing": _CLOSERS[p.text[i]]})


_BRACKETS = {"（": "）", "《": "》", "【": "】", "〔": "〕"}


@rule(
    code="P103",
    name="unpaired-bracket",
    severity=Severity.WARNING,
    summary={"zh": "括号或书名号不成对。", "en": "A bracket or title mark without its partner."},
    why={
        "zh": "少了后括号或后书名号，读者分不清括注或书名到哪里结束。",
        "en": "Without the closing mark the reader cannot tell where the aside or title ends.",
    },
    bad="认真研读了《中国共产党简史等学习材料。",
    good="认真研读了《中国共产党简史》等学习材料。",
)
def unpaired_bracket(report: Report, template: Template) -> Iterator[Finding]:
    closers = {v: k for k, v in _BRACKETS.items()}
    for p in report.paragraphs:
        opened, stray = _unpaired(p.text, _BRACKETS)
        for i in opened:
            yield Finding("P103", _span(p, i, i + 1), {"found": p.text[i], "missing": _BRACKETS[p.text[i]]})
        for i in stray:
            yield Finding("P103", _span(p, i, i + 1), {"found": p.text[i], "missing": closers[p.text[i]]})


_REPEATED = re.compile(f"[{CJK_PUNCT}]{{2,}}")


@rule(
    code="P104",
    name="repeated-punctuation",
    severity=Severity.WARNING,
    summary={"zh": "标点重复或叠用。", "en": "Doubled punctuation."},
    why={
        "zh": "“，，”“。。”“；。”多是删改时遗留的；省略号“……”和破折号“——”本身是两个字符，不在此列。",
        "en": "，， or ；。 are editing leftovers; …… and —— are single marks of two characters and are fine.",
    },
    bad="进一步加强理论学习。。",
    good="进一步加强理论学习。",
)
def repeated_punctuation(report: Report, template: Template) -> Iterator[Finding]:
    for p in report.paragraphs:
        for m in _REPEATED.finditer(p.text):
            found = m.group(0)
            yield Finding(
                "P104", _span(p, m.start(), m.end()), {"found": found, "expected": found[-1]}, fix=found[-1]
            )


_SPACE_BETWEEN_HAN = re.compile(
    r"(?<=[\u4e00-\u9fff，。；：、！？“”（）《》])[ \t\u3000]+(?=[\u4e00-\u9fff，。；：、！？“”（）《》])"
)


@rule(
    code="P105",
    name="space-in-chinese",
    severity=Severity.WARNING,
    summary={"zh": "汉字之间有多余的空格。", "en": "Spaces between Chinese characters."},
    why={
        "zh": "中文排版不用空格分词；汉字间的空格多是从其他文档粘贴或手动对齐留下的。段首缩进、落款中的空格不在此列。",
        "en": "Chinese is not spaced; a space between characters is a paste or alignment leftover. Indents and signature lines are fine.",
    },
    bad="我们要坚持 以人民为中心的发展思想。",
    good="我们要坚持以人民为中心的发展思想。",
)
def space_in_chinese(report: Report, template: Template) -> Iterator[Finding]:
    bylines = _bylines(report)
    for p, start in _body(report):
        if len(p.text.strip()) <= 30 or p.line in bylines:
            continue  # names, titles, bylines and signatures are aligned with spaces
        for m in _SPACE_BETWEEN_HAN.finditer(p.text, start):
            yield Finding("P105", _span(p, m.start(), m.end()), {}, fix="")  # the space goes


def _bylines(report: Report) -> set[int]:
    """Lines under the title that read as a byline (学员 职务 姓名, fields set apart by spaces):
    no sentence punctuation, before the first line that has some."""
    if not report.title_lines and report.title_line is None:
        return set()
    last = max(report.title_lines or (report.title_line or 0,))
    found: set[int] = set()
    for p in report.paragraphs:
        if p.line <= last or not p.text.strip():
            continue
        text = p.text.strip()
        if len(text) > 80 or any(c in text for c in "。；;！？!?，,：:"):
            break
        found.add(p.line)
        if len(found) >= 3:
            break
    return found


_FULLWIDTH_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]+")


@rule(
    code="P106",
    name="fullwidth-alphanumeric",
    severity=Severity.WARNING,
    summary={"zh": "使用了全角数字或字母。", "en": "Full-width digits or letters."},
    why={
        "zh": "GB/T 15835 规定阿拉伯数字和字母用半角；全角的“２０２４”在检索和统计时会被当作别的字符。",
        "en": "GB/T 15835 wants half-width digits and letters; full-width ones break search and counts.",
    },
    bad="２０２４年完成项目１２个。",
    good="2024年完成项目12个。",
)
def fullwidth_alphanumeric(report: Report, template: Template) -> Iterator[Finding]:
    for p in report.paragraphs:
        for m in _FULLWIDTH_ALNUM.finditer(p.text):
            half = "".join(chr(ord(c) - 0xFEE0) for c in m.group(0))
            yield Finding(
                "P106", _span(p, m.start(), m.end()), {"found": m.group(0), "expected": half}, fix=half
            )


_ELLIPSIS_DASH = re.compile(r"\.{3,}|。{3,}|(?<!…)…(?!…)|(?<![—－])[—－](?![—－])|(?<!-)--(?!-)")
_ELLIPSIS_DASH_MARKS = ("...", "。。。", "…", "—", "－", "--")  # what every match holds


@rule(
    code="P107",
    name="wrong-ellipsis-or-dash",
    severity=Severity.WARNING,
    summary={"zh": "省略号或破折号写法不规范。", "en": "A malformed ellipsis or dash."},
    why={
        "zh": "中文省略号是“……”（两个“…”），破折号是“——”（两个“—”）；“...”“。。。”“…”“—”“--”都不规范。",
        "en": "The Chinese ellipsis is …… and the dash ——; ..., 。。。, a single … or — and -- are not.",
    },
    bad="加强学习...提高能力—做到学以致用",
    good="加强学习……提高能力——做到学以致用",
)
def wrong_ellipsis_or_dash(report: Report, template: Template) -> Iterator[Finding]:
    for p, start in _body(report):
        if not any(mark in p.text for mark in _ELLIPSIS_DASH_MARKS):
            continue  # nothing the pattern could match (most paragraphs): not tried at every character
        for m in _ELLIPSIS_DASH.finditer(p.text, start):
            found = m.group(0)
            if found in ("—", "－") and not (
                _han(p.text[m.start() - 1 : m.start()]) and _han(p.text[m.end() : m.end() + 1])
            ):
                continue  # a lone dash between digits or spaces (— 1 —, 2020—2024) is another mark
            expected = "——" if found[0] in "—－-" else "……"
            yield Finding(
                "P107", _span(p, m.start(), m.end()), {"found": found, "expected": expected}, fix=expected
            )




@rule(
    code="P108",
    name="date-format",
    severity=Severity.WARNING,
    summary={"zh": "落款日期不符合 GB/T 9704 的写法。", "en": "The date line differs from GB/T 9704."},
    why={
        "zh": "GB/T 9704-2012 7.3.5.4：成文日期用阿拉伯数字将年、月、日标全，月、日不编虚位，如“2024年1月5日”。正文中引用的“二〇三五年”等不在此列。选用格式规范（.docx 默认选用 GB/T 9704）时由 F110 报告。",
        "en": "GB/T 9704-2012 7.3.5.4: the date in Arabic numerals with year, month and day, no leading zeros: 2024年1月5日. Years quoted in the body are left alone. With a format profile (the default for .docx) F110 reports it instead.",
    },
    bad="二〇二四年一月五日\n2024年01月05日\n2024.1.5",
    good="2024年1月5日",
)
def date_format(report: Report, template: Template) -> Iterator[Finding]:
    if template.profile is not None:
        return  # F110 checks date lines against the profile
    lines = {p.line: p for p in report.paragraphs}
    for back in report.back:
        if back.kind != "DATE":
            continue
        text = back.text.strip()
        if not is_good_date(text):
            p = lines[back.line]
            start = p.text.index(text[0])
            yield Finding("P108", _span(p, start, start + len(text)), {"found": text})
