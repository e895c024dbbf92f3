"""错别字 (T105): typos found the way a proofreader finds them (checker/typos/ holds the
method and rules/typos.toml the data)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from checker.checks.base import Finding, Severity, rule
from checker.checks.base import paragraph_span as _span
from checker.model import Report
from checker.template import Template

KIND_NAMES = {
    "a": ("同音字", "a homophone"),
    "b": ("语境误用", "the wrong word for the context"),
    "c": ("成语、固定搭配", "an idiom or set phrase"),
    "d": ("形近字", "a look-alike character"),
}


@rule(
    code="T105",
    name="typo",
    severity=Severity.WARNING,
    summary={"zh": "错别字。", "en": "A typo (wrong character)."},
    why={
        "zh": "用拼音输入法写材料，最常见的差错是同音字（效律）、语境中用错的词（权利运行、切实的加强）、"
        "成语错字（持之以衡）和形近字（自已）。校对时按词典、读音、字形和上下文判断；人名、地名、规范表述、"
        "缩略语和不常见但正确的词（擘画、赓续）不报，拿不准的不报。",
        "en": "Pinyin input leaves homophones (效律), words wrong in context (权利运行), wrong idiom "
        "characters (持之以衡) and look-alikes (自已). Judged by dictionary, sound, shape and context; "
        "names, places, formulations, abbreviations and rare sound words are never flagged, nor is anything unsure.",
    },
    bad="要切实的加强学习，提高工作效律，自已带头整改，做到持之以衡。",
    good="要切实地加强学习，提高工作效率，自己带头整改，做到持之以恒。",
)
def typo(report: Report, template: Template) -> Iterator[Finding]:
    from checker.terms import lists
    from checker.typos import find_typos

    literal = lists().literal_words
    regexes = lists().regex_words
    candidates = []
    for p in report.paragraphs:
        text = p.text
        if not text or text.isascii():
            continue
        candidates += [(p, found) for found in find_typos(text, _owned(text, literal, regexes))]
    deliberate = _written_again({found.found for _, found in candidates if found.guessed}, report)
    for p, found in candidates:
        if found.guessed and found.found in deliberate:
            continue
        zh, en = KIND_NAMES[found.kind]
        yield Finding(
            "T105",
            _span(p, found.start, found.end),
            {"found": found.found, "expected": found.expected, "kind": zh, "kind_en": en, "note": found.note},
            fix=found.expected,
            fix_safe=False,
        )


def _owned(text: str, literal: Any, regexes: list[tuple[re.Pattern[str], Any]]) -> Iterator[tuple[int, int]]:
    """Every place a confusion of rules/words.toml stands: T104's, whether it fires or not. A
    generator, looked for only in a paragraph where T105 finds something (few do)."""
    for end, (key, _) in literal.iter(text):
        yield end - len(key) + 1, end + 1
    for pattern, _ in regexes:
        for m in pattern.finditer(text):
            yield m.start(), m.end()


def _written_again(spans: set[str], report: Report) -> set[str]:
    """The guessed slips written twice or more in the document. A word the dictionary lacks but the
    writer uses again and again (an abbreviation of their own, a term of their trade) is deliberate: a
    slip of the input method lands at one place, and a slip a writer truly repeats is a
    misconception, which the curated lists and context patterns catch, not the guess. One scan
    of the text with an automaton of the candidates."""
    if not spans:
        return set()
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for span in spans:
        automaton.add_word(span, span)
    automaton.make_automaton()
    seen: dict[str, int] = {}
    for p in report.paragraphs:
        for _, span in automaton.iter(p.text) if p.text else ():
            seen[span] = seen.get(span, 0) + 1
    return {span for span, count in seen.items() if count >= 2}
