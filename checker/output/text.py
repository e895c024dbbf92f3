"""Console output in the style of ruff and rustc: path:line:column, code, severity, message,
then the line with the offending span marked — carets aligned for full-width characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache

from checker.messages import SEVERITY_WORDS, render
from checker.output.jsonout import summary
from checker.result import Diagnostic, FileResult
from checker.severity import Severity

SEVERITY_WORD = {lang: {Severity(k): v for k, v in words.items()} for lang, words in SEVERITY_WORDS.items()}
_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
MAX_EXCERPT_WIDTH = 72


@cache
def cell_width(ch: str) -> int:
    """Display width of one character: 2 for wide and full-width (CJK), 0 for combining marks."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


@cache
def _clean(ch: str) -> str:
    return " " if ch == "\t" else ("�" if not ch.isprintable() else ch)


def mark_span(line: str, start: int, end: int) -> tuple[str, str]:
    """The line (cut to a window around the span when long) and a caret line under [start, end]
    (0-based, inclusive). Only the part of the line that a window can show is looked at: a
    report with thousands of findings on one long line renders in time linear in the findings."""
    length = len(line)
    start = min(max(start, 0), max(length - 1, 0))
    end = min(max(end, start), max(length - 1, 0))
    reach = 2 * MAX_EXCERPT_WIDTH  # characters are at least one cell wide (bar combining marks)
    offset = max(0, start - reach)
    chars = [_clean(c) for c in line[offset : min(length, end + 1 + reach)]]
    start, end = start - offset, end - offset
    widths = [cell_width(c) for c in chars]
    lo, hi = 0, len(chars)
    whole = offset == 0 and len(chars) == length
    if not whole or sum(widths) > MAX_EXCERPT_WIDTH:
        # Grow a window around the span until it is full.
        lo, hi = start, end + 1
        budget = MAX_EXCERPT_WIDTH - sum(widths[lo:hi])
        while budget > 0 and (lo > 0 or hi < len(chars)):
            if lo > 0 and (hi >= len(chars) or (start - lo) <= (hi - end) * 2):
                lo -= 1
                budget -= widths[lo]
            elif hi < len(chars):
                budget -= widths[hi]
                hi += 1
    prefix = "…" if offset + lo > 0 else ""
    suffix = "…" if offset + hi < length else ""
    shown = prefix + "".join(chars[lo:hi]) + suffix
    pad = len(prefix) + sum(widths[lo:start])
    marks = max(sum(widths[start : end + 1]), 1)
    return shown, " " * pad + "^" * marks


class TextRenderer:
    def __init__(self, lang: str = "zh", colour: bool = False, show_source: bool = True) -> None:
        self.lang = lang if lang in SEVERITY_WORD else "zh"
        self.colour = colour
        self.show_source = show_source

    def _c(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text

    def diagnostic(self, path: str, d: Diagnostic) -> list[str]:
        word = SEVERITY_WORD[self.lang][d.severity]
        head = (
            f"{self._c(f'{path}:{d.line}:{d.column}:', '1')} {self._c(d.code, _COLOURS[d.severity] + ';1')} "
            f"[{self._c(word, _COLOURS[d.severity])}] {render(d.code, self.lang, d.args)}"
        )
        lines = [head]
        if self.show_source and d.excerpt.strip():
            end = d.end_column - 1 if d.end_line == d.line else len(d.excerpt) - 1
            shown, carets = mark_span(d.excerpt, d.column - 1, end)
            gutter = " " * len(str(d.line))
            lines.append(f" {self._c(str(d.line), '34')} | {shown}")
            lines.append(f" {gutter} | {self._c(carets, _COLOURS[d.severity])}")
        return lines

    def file(self, result: FileResult) -> list[str]:
        if result.error is not None:
            code, detail = result.error
            word = SEVERITY_WORD[self.lang][Severity.ERROR]
            return [
                f"{self._c(result.path + ':', '1')} {self._c(code, '31;1')} [{self._c(word, '31')}] "
                f"{render(code, self.lang, {'detail': detail})}"
            ]
        out: list[str] = []
        for d in result.diagnostics:
            out.extend(self.diagnostic(result.path, d))
        return out

    def dim(self, text: str) -> str:
        return self._c(text, "2")

    def summary_line(self, results: Sequence[FileResult]) -> str:
        s = summary(results)
        if self.lang == "en":
            text = (
                f"{s['files']} file{'s' if s['files'] != 1 else ''} checked: {s['errors']} errors, "
                f"{s['warnings']} warnings, {s['infos']} infos"
            )
            if s["unreadable"]:
                text += f"; {s['unreadable']} could not be read"
            return text + "."
        text = (
            f"共检查 {s['files']} 个文件：{s['errors']} 个错误，{s['warnings']} 个警告，{s['infos']} 个提示"
        )
        if s["unreadable"]:
            text += f"；{s['unreadable']} 个文件无法读取"
        return text + "。"


def template_line(result: FileResult, lang: str) -> str:
    """「path: 模板 duty-report（自动识别，置信度 0.78：标题含“述职”；…）」"""
    name = result.template or "?"
    detection = result.detection
    if detection is not None and not detection.known:
        closest = ("、" if lang == "zh" else ", ").join(detection.candidates)
        if lang == "zh":
            return f"{result.path}: 未识别报告类型{f'（最接近 {closest}）' if closest else ''}，只检查语言规范"
        return f"{result.path}: no known kind of report{f' (closest {closest})' if closest else ''}; language rules only"
    if detection is None:
        return f"{result.path}: " + (f"模板 {name}" if lang == "zh" else f"template {name}")
    why = [zh if lang == "zh" else en for zh, en in detection.reasons]
    if lang == "zh":
        return f"{result.path}: 模板 {name}（自动识别，置信度 {detection.confidence:.2f}：{'；'.join(why)}）"
    return (
        f"{result.path}: template {name} (detected, confidence {detection.confidence:.2f}: {'; '.join(why)})"
    )
