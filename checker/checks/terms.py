"""Canonical formulations and word usage (T1xx): misquotes, member order, traditional characters
and common confusions. The lists are data (rules/terms.toml, rules/words.toml)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from checker.checks.base import Finding, Severity, rule
from checker.checks.base import paragraph_span as _span
from checker.model import Report
from checker.template import Template


@rule(
    code="T101",
    name="formulation-misquote",
    severity=Severity.ERROR,
    summary={
        "zh": "规范表述有错漏（缺字、多字、错字或颠倒）。",
        "en": "A canonical formulation is misquoted.",
    },
    why={
        "zh": "党内文件中的规范表述一字不能错；“习近平新时代中国特色社会义思想”这样缺一个字的错误，疲劳的读者最容易看漏，却是严重的差错。",
        "en": "Canonical formulations must be exact; one missing character is a serious fault a tired reader easily misses.",
    },
    bad="深入学习习近平新时代中国特色社会义思想",
    good="深入学习习近平新时代中国特色社会主义思想",
)
def formulation_misquote(report: Report, template: Template) -> Iterator[Finding]:
    from checker.terms import find_misquotes, find_order_problems

    for p in report.paragraphs:
        misquotes = find_misquotes(p.text)
        if misquotes:  # a known misquote that is one member replaced is T102's finding alone
            ordered = [(o.term, o.start, o.end) for o in find_order_problems(p.text)]
            misquotes = [m for m in misquotes if not any(t == m.term and s < m.end and m.start < e for t, s, e in ordered)]
        for m in misquotes:
            yield Finding(
                "T101",
                _span(p, m.start, m.end),
                {"found": m.found, "expected": m.term.canonical, "name": m.term.name},
                fix=m.term.canonical,
                fix_safe=False,
            )


@rule(
    code="T102",
    name="formulation-order",
    severity=Severity.ERROR,
    summary={
        "zh": "规范表述的组成部分次序颠倒或被替换。",
        "en": "The members of a formulation are out of order or one is replaced.",
    },
    why={
        "zh": "“四个意识”是政治意识、大局意识、核心意识、看齐意识，次序有其含义；改变次序或替换其中一项都是错误。",
        "en": "The four 意识 come in a fixed order with meaning; reordering or replacing one is an error.",
    },
    bad="增强政治意识、核心意识、大局意识、看齐意识",
    good="增强政治意识、大局意识、核心意识、看齐意识",
)
def formulation_order(report: Report, template: Template) -> Iterator[Finding]:
    from checker.terms import find_order_problems

    for p in report.paragraphs:
        for problem in find_order_problems(p.text):
            yield Finding("T102", _span(p, problem.start, problem.end), {
                "found": problem.found, "expected": "、".join(problem.term.members), "name": problem.term.name,
                "kind": "次序颠倒" if problem.kind == "order" else f"“{problem.replaced}”替换了原有一项",
                "kind_en": "out of order" if problem.kind == "order" else f"“{problem.replaced}” replaces a member",
            })  # fmt: skip


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@cache
def screen() -> Any:
    """What the installed OpenCC's t2s could change (checker/text/traditional.py), kept as a
    snapshot; None when its dictionaries cannot be read."""
    import os

    from checker.paths import user_cache_dir
    from checker.snapshot import load_or_build
    from checker.text.traditional import build, dictionary_folder, source_of

    if os.environ.get("REPORTLINT_NO_SNAPSHOT") or user_cache_dir() is None:
        return None  # read afresh in every process, the screen would cost more than the converter
    folder = dictionary_folder()
    if folder is None:
        return None
    try:
        source = source_of(folder)
    except OSError:
        return None
    # Kept with the dictionaries it was read from: none (a layout it cannot read) is kept too, and
    # an OpenCC changed since is read again
    kept_source, kept = load_or_build("t2s-screen", lambda: (source, build(folder)))
    return kept if kept_source == source else build(folder)


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


@rule(
    code="T103",
    name="traditional-character",
    severity=Severity.WARNING,
    summary={"zh": "简体文本中混入了繁体字。", "en": "Traditional characters in simplified text."},
    why={
        "zh": "从其他材料复制时常带入繁体字（如“這”“個”“發”）；公文应使用规范简化字（《通用规范汉字表》）。",
        "en": "Copying brings in traditional characters; official documents use the standard simplified forms.",
    },
    bad="這個問題要認真對待",
    good="这个问题要认真对待",
)
def traditional_character(report: Report, template: Template) -> Iterator[Finding]:
    # What the conversion could change at all (exact: checker/text/traditional.py): a report in
    # simplified characters never loads the converter
    could_change = screen()
    converter = None
    for p in report.paragraphs:
        if not p.text or p.text.isascii():
            continue
        if could_change is not None and not could_change.may_change(p.text):
            continue
        if converter is None:
            converter = _converter()
        if converter.convert(p.text) == p.text:
            continue  # one conversion of the whole paragraph settles most of them
        for run in _HAN_RUN.finditer(p.text):
            original = run.group(0)
            simplified = converter.convert(original)
            if simplified == original or len(simplified) != len(original):
                continue
            diffs = [i for i, (a, b) in enumerate(zip(original, simplified, strict=True)) if a != b]
            start = diffs[0]
            while start in diffs:
                end = start
                while end + 1 in diffs:
                    end += 1
                s, e = run.start() + start, run.start() + end + 1
                expected = simplified[start : end + 1]
                yield Finding(
                    "T103",
                    _span(p, s, e),
                    {"found": p.text[s:e], "expected": expected},
                    fix=expected,
                    fix_safe=False,
                )
                start = next((d for d in diffs if d > end), -1)


@rule(
    code="T104",
    name="misused-word",
    severity=Severity.WARNING,
    summary={"zh": "常见误用词。", "en": "A commonly misused word."},
    why={
        "zh": "“做为”“其它”“截止2024年”“严于律己”等是公文中的常见误用；每条都带有上下文条件，“必需品”“截止日期”等正确用法不会被误报。",
        "en": "Common confusions in official writing; each comes with a context pattern so correct uses (必需品, 截止日期) are not flagged.",
    },
    bad="做为一名党员，必需加强学习，截止2024年底……",
    good="作为一名党员，必须加强学习，截至2024年底……",
)
def misused_word(report: Report, template: Template) -> Iterator[Finding]:
    from checker.terms import lists

    data = lists()
    for p in report.paragraphs:
        text = p.text
        hits = [(end - len(key) + 1, end + 1, word) for end, (key, word) in data.literal_words.iter(text)]
        hits += [
            (m.start(), m.end(), word) for pattern, word in data.regex_words for m in pattern.finditer(text)
        ]
        for start, end, word in sorted(hits, key=lambda h: h[0]):
            # Context is looked for next to the word only (no slice of the rest of a paragraph that
            # may be 2 MB long, once per occurrence).
            if word.after and not _pattern(word.after).match(text, end):
                continue
            if word.before and not _pattern(f"(?:{word.before})$").search(text, max(0, start - CONTEXT), start):
                continue
            if word.in_idiom(text, start, end) or not word.in_context(text, start, end):
                continue  # 严于律己、宽以待人 is sound; only the 三严三实 list reads 严以律己
            yield Finding(
                "T104",
                _span(p, start, end),
                {"found": text[start:end], "expected": word.right, "note": word.note},
                fix=None if word.regex else word.right,
                fix_safe=False,
            )


CONTEXT = 40  # characters before a word that its `before` pattern may look at


@cache
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)
