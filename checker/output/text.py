"""Console output in the style of ruff and rustc: path:line:column, code, severity, message,
then the line with the offending span marked — carets aligned for full-width characters."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from itertools import accumulate

from checker.messages import SEVERITY_WORDS, render
from checker.output.jsonout import summary
from checker.result import Diagnostic, FileResult
from checker.severity import Severity

SEVERITY_WORD = {lang: {Severity(k): v for k, v in words.items()} for lang, words in SEVERITY_WORDS.items()}
_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
MAX_EXCERPT_WIDTH = 72


class _Widths(dict[str, int]):
    """Display width by character, computed on first sight: ``map(WIDTHS.__getitem__, text)``
    measures a text without a Python call per character."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = _cell_width(ch)
        return width


def _cell_width(ch: str) -> int:
    """Display width of one character: 2 for wide and full-width (CJK), 0 for combining marks."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


WIDTHS = _Widths()
cell_width = WIDTHS.__getitem__


@cache
def _clean(ch: str) -> str:
    return " " if ch == "\t" else ("�" if not ch.isprintable() else ch)


def _cleaned(text: str) -> str:
    return text if text.isprintable() else "".join(map(_clean, text))


def mark_span(line: str, start: int, end: int) -> tuple[str, str]:
    """The line (cut to a window around the span when long) and a caret line under [start, end]
    (0-based, inclusive). Only the characters a window can show are measured: a report with
    a hundred thousand findings on one long line renders in time linear in the findings."""
    length = len(line)
    start = min(max(start, 0), max(length - 1, 0))
    end = min(max(end, start), max(length - 1, 0))
    span = sum(map(cell_width, line[start : end + 1]))
    lo, hi = 0, length
    if span > MAX_EXCERPT_WIDTH:
        # The span alone is wider than the window (a whole long paragraph): show its start, and
        # carets under what is shown, so that neither row wraps.
        widths = list(accumulate(map(cell_width, line[start : start + MAX_EXCERPT_WIDTH])))
        hi = start + bisect_right(widths, MAX_EXCERPT_WIDTH - 1)
        prefix = "…" if start > 0 else ""
        shown = prefix + _cleaned(line[start:hi]) + ("…" if hi < length else "")
        return shown, " " * len(prefix) + "^" * sum(map(cell_width, line[start:hi]))
    # Every character but a combining mark is at least one cell wide: a line of more characters
    # than the window is wider than it.
    if length > MAX_EXCERPT_WIDTH or sum(map(cell_width, line)) > MAX_EXCERPT_WIDTH:
        # A window around the span: two thirds of the room before it, the rest after (and what
        # one side cannot use goes to the other), measured with running sums, not char by char.
        room = max(MAX_EXCERPT_WIDTH - span, 0)
        before = list(accumulate(map(cell_width, reversed(line[max(0, start - room) : start]))))
        after = list(accumulate(map(cell_width, line[end + 1 : end + 1 + room])))
        left_room = (2 * room + 2) // 3
        if (after[-1] if after else 0) < room - left_room:
            left_room = room - (after[-1] if after else 0)
        take_left = bisect_right(before, left_room)
        used = before[take_left - 1] if take_left else 0
        take_right = bisect_right(after, room - used)
        lo, hi = start - take_left, end + 1 + take_right
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < length else ""
    shown = prefix + _cleaned(line[lo:hi]) + suffix
    pad = len(prefix) + sum(map(cell_width, line[lo:start]))
    return shown, " " * pad + "^" * max(span, 1)


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
            # A long line's excerpt is a window that starts at d.excerpt_start, after a "…"
            shift = d.excerpt_start - 1 if d.excerpt_start else 0
            end = d.end_column - 1 - shift if d.end_line == d.line else len(d.excerpt) - 1
            shown, carets = mark_span(d.excerpt, d.column - 1 - shift, end)
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
        """Files checked, then findings by severity; a file that could not be read is counted
        apart, not as checked."""
        s = summary(results)
        checked = s["files"] - s["unreadable"]
        if self.lang == "en":

            def count(n: int, word: str) -> str:
                return f"{n} {word}{'' if n == 1 else 's'}"

            text = (f"{count(checked, 'file')} checked: {count(s['errors'], 'error')}, "
                    f"{count(s['warnings'], 'warning')}, {count(s['infos'], 'info')}")  # fmt: skip
            if s["unreadable"]:
                text += f"; {s['unreadable']} could not be read"
            return text + "."
        text = f"共检查 {checked} 个文件：{s['errors']} 个错误，{s['warnings']} 个警告，{s['infos']} 个提示"
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
            return f"{result.path}: 未识别报告类型{f'（最接近 {closest}）' if closest else ''}，只检查语言和版式规范"
        return f"{result.path}: no known kind of report{f' (closest {closest})' if closest else ''}; language and layout rules only"
    if detection is None:
        return f"{result.path}: " + (f"模板 {name}" if lang == "zh" else f"template {name}")
    why = [zh if lang == "zh" else en for zh, en in detection.reasons]
    if lang == "zh":
        return f"{result.path}: 模板 {name}（自动识别，置信度 {detection.confidence:.2f}：{'；'.join(why)}）"
    return (
        f"{result.path}: template {name} (detected, confidence {detection.confidence:.2f}: {'; '.join(why)})"
    )
