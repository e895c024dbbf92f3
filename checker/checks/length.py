"""Length: the whole report, each item and each heading, counted as Word counts 字 (L1xx)."""

from __future__ import annotations

from collections.abc import Iterator

from checker.checks.base import Finding, Severity, paragraph_span, rule
from checker.model import Item, Report, Span
from checker.template import Template
from checker.text.chars import count_chars_like_word


def _first_line_span(report: Report) -> Span:
    """Where a finding about the whole report stands: on the title, or on the first line."""
    paragraph = next((p for p in report.paragraphs if p.line == report.title_line), None)
    if paragraph is not None:
        text = paragraph.text.rstrip()
        start = len(text) - len(text.lstrip())
        return paragraph_span(paragraph, start, max(len(text), start + 1))
    line = next((p.line for p in report.paragraphs if p.text.strip()), 1)
    return Span(line, 1, line, 1)


@rule(
    code="L101",
    name="document-too-short",
    severity=Severity.WARNING,
    summary={"zh": "全文字数少于模板要求。", "en": "The report is shorter than the template asks."},
    why={
        "zh": "篇幅过短的材料难以做到“见人见事见思想”，常被退回；党性分析报告一般要求三千字左右。",
        "en": "A very short report cannot show concrete facts and thinking; organisers often expect about 3,000 字.",
    },
    bad="（全文 600 字）",
    good="（全文 2,000 字以上）",
)
def document_too_short(report: Report, template: Template) -> Iterator[Finding]:
    chars = report.chars
    minimum = template.lengths.document_min_chars
    if 0 < chars < minimum:
        yield Finding("L101", _first_line_span(report), {"chars": chars, "minimum": minimum})


@rule(
    code="L102",
    name="document-too-long",
    severity=Severity.WARNING,
    summary={"zh": "全文字数超过模板上限。", "en": "The report is longer than the template allows."},
    why={
        "zh": "发言材料有时间限制，过长的材料需要压缩，突出主要问题。",
        "en": "Meeting statements are time-limited; an overlong report must be cut down to its main points.",
    },
    bad="（全文 15,000 字）",
    good="（全文 3,000—5,000 字）",
)
def document_too_long(report: Report, template: Template) -> Iterator[Finding]:
    chars = report.chars
    maximum = template.lengths.document_max_chars
    if chars > maximum:
        yield Finding("L102", _first_line_span(report), {"chars": chars, "maximum": maximum})


def _measured_items(report: Report, template: Template) -> Iterator[Item]:
    roles = set(template.lengths.item_roles)
    for section in report.sections:
        if section.role in roles:
            yield from section.items


@rule(
    code="L103",
    name="item-too-short",
    severity=Severity.WARNING,
    summary={"zh": "条目内容过简。", "en": "An item is too short."},
    why={
        "zh": "只有一句话的问题或措施，缺少具体表现和事例，审阅者会认为“大而化之、笼而统之”。",
        "en": "A one-line problem or measure lacks concrete facts; reviewers call it vague.",
    },
    bad="二是服务意识不强。",
    good="二是服务意识不强。去年办理群众来信时，有两件超过了规定时限……",
)
def item_too_short(report: Report, template: Template) -> Iterator[Finding]:
    minimum = template.lengths.item_min_chars
    for item in _measured_items(report, template):
        chars = item.chars
        if chars < minimum:
            yield Finding(
                "L103",
                item.marker_span,
                {"heading": item.short_heading, "chars": chars, "minimum": minimum},
            )


@rule(
    code="L104",
    name="item-too-long",
    severity=Severity.WARNING,
    summary={"zh": "条目篇幅过长。", "en": "An item is too long."},
    why={
        "zh": "一条写得过长，往往把几个问题混在一起，宜拆分为几条。",
        "en": "An overlong item usually mixes several points; split it.",
    },
    bad="一是……（一条 1,200 字）",
    good="一是……（400 字）\n二是……（400 字）",
)
def item_too_long(report: Report, template: Template) -> Iterator[Finding]:
    maximum = template.lengths.item_max_chars
    for item in _measured_items(report, template):
        chars = item.chars
        if chars > maximum:
            yield Finding(
                "L104",
                item.marker_span,
                {"heading": item.short_heading, "chars": chars, "maximum": maximum},
            )


@rule(
    code="L105",
    name="heading-too-long",
    severity=Severity.INFO,
    summary={"zh": "独占一行的标题过长。", "en": "A heading on its own line is too long."},
    why={
        "zh": "标题应简明概括，一行之内读完；过长的标题通常是把正文写进了标题。",
        "en": "A heading should fit on one line; a long one has usually swallowed body text.",
    },
    bad="（一）在理论学习方面存在着学习不够系统深入、运用理论指导实践的能力还不够强等问题",
    good="（一）理论学习不够系统深入",
)
def heading_too_long(report: Report, template: Template) -> Iterator[Finding]:
    maximum = template.lengths.heading_max_chars
    for section in report.sections:
        chars = count_chars_like_word(section.title)
        if chars > maximum:
            yield Finding("L105", section.span, {"chars": chars, "maximum": maximum})
    for item in report.all_items():
        if item.heading_alone:
            chars = count_chars_like_word(item.heading)
            if chars > maximum:
                yield Finding("L105", item.heading_span, {"chars": chars, "maximum": maximum})
