"""Structure: the report's sections against the template's (S1xx).

The aligner (checker/align/sections.py) lists every missing, misplaced, duplicate and unknown
section, not only the first (markdownlint's required-headings rule stops at the first
mismatch); these rules read that list.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checker.checks.base import Finding, Severity, register_static, rule
from checker.model import Report, Span
from checker.template import SectionSpec, Template

if TYPE_CHECKING:
    from checker.align import Alignment


@rule(
    code="S100",
    name="parse-error",
    severity=Severity.ERROR,
    summary={"zh": "报告结构无法解析。", "en": "The report's structure could not be parsed."},
    why={
        "zh": "解析失败时其余结构检查无从进行；这通常说明文档中有异常内容，请把文件反馈给维护者。",
        "en": "Without a parse the structure checks cannot run; it usually means unusual content. Please report the file.",
    },
    bad="（内部错误时出现）",
    good="（正常文档不会出现）",
)
def parse_error(report: Report, template: Template) -> Iterator[Finding]:
    if report.parse_error:
        yield Finding("S100", Span(1, 1, 1, 1), {"detail": report.parse_error})


# Yielded by the engine, which alone knows that detection found no kind of report.
register_static(
    code="S109",
    name="unknown-report-kind",
    severity=Severity.INFO,
    family="structure",
    summary={"zh": "无法判断文档属于哪种报告，只检查了语言和版式规范。",
             "en": "The document fits no known kind of report; only the language and layout rules ran."},
    why={
        "zh": "通知、新闻稿、论文等不是这些模板所管的报告，按报告模板检查结构、条目数和对应关系只会给出误报；如确是报告，请指定模板（命令行用 --template，网页用“模板”菜单）。",
        "en": "A notice, a news piece or a thesis is not one of these reports: checking it against a report template only gives false alarms. If it is a report, choose its template (--template on the command line, the Template menu on the page).",
    },
    bad="关于举办2024年读书活动的通知\n各支部：……",
    good="reportlint 通知.docx   # 只报语言问题，并提示 --template\nreportlint 报告.docx --template party-spirit",
)  # fmt: skip


def _where(report: Report, template: Template, spec: SectionSpec) -> tuple[Span, str, str]:
    """Where a missing section was expected: before the first present section that the template
    puts after it, else after the last one."""
    order = [s.id for s in template.sections]
    later = {s.id for s in template.sections[order.index(spec.id) + 1 :] if s.ordered}
    for section in report.sections:
        if section.spec_id in later:
            return section.span, f"“{section.title}”之前", f"before “{section.title}”"
    if report.sections:
        last = report.sections[-1]
        return last.span, f"“{last.title}”之后", f"after “{last.title}”"
    return Span(1, 1, 1, 1), "正文中", "in the body"


@rule(
    code="S101",
    name="missing-section",
    severity=Severity.ERROR,
    summary={"zh": "缺少模板要求的部分。", "en": "A section the template requires is missing."},
    why={
        "zh": "组织者要求“问题、原因、措施”齐全；缺少任何一部分的材料会被退回重写。",
        "en": "Organisers expect problems, causes and measures; a report missing one is sent back.",
    },
    bad="一、存在的问题 …… 二、整改措施 ……（没有原因剖析）",
    good="一、存在的问题 …… 二、原因剖析 …… 三、整改措施 ……",
    aligned=True,
)
def missing_section(report: Report, template: Template, alignment: Alignment) -> Iterator[Finding]:
    if report.parse_error:
        return
    for spec in alignment.sections.missing:
        span, where, where_en = _where(report, template, spec)
        yield Finding("S101", span, {"section": spec.label, "section_en": spec.label_en or spec.label,
                                     "where": where, "where_en": where_en})  # fmt: skip


@rule(
    code="S102",
    name="section-order",
    severity=Severity.WARNING,
    summary={"zh": "部分的先后次序与模板不符。", "en": "Sections are out of the template's order."},
    why={
        "zh": "先摆问题、再挖根源、后提措施，是审阅者阅读的顺序；措施写在原因之前，逻辑链条就断了。",
        "en": "Problems, then causes, then measures is the order reviewers read in; measures before causes break the chain.",
    },
    bad="一、存在的问题 二、整改措施 三、原因剖析",
    good="一、存在的问题 二、原因剖析 三、整改措施",
    aligned=True,
)
def section_order(report: Report, template: Template, alignment: Alignment) -> Iterator[Finding]:
    if report.parse_error:
        return
    matched = alignment.sections
    ordered = [(s, spec) for s, spec in matched.first if spec.ordered]
    index = {spec.id: i for i, spec in enumerate(template.sections)}
    for section in matched.misplaced:
        spec = template.spec(section.spec_id)
        assert spec is not None
        before = [s for s, sp in ordered if index[sp.id] < index[spec.id] and s is not section]
        after = before[-1].title if before else "标题"
        yield Finding("S102", section.span, {"title": section.title, "after": after})


@rule(
    code="S103",
    name="duplicate-section",
    severity=Severity.WARNING,
    summary={"zh": "同一部分出现了两次。", "en": "The same section appears twice."},
    why={
        "zh": "两个“存在的问题”会让审阅者无法判断哪一部分与原因、措施对应，通常是合并材料时遗留的。",
        "en": "Two problem sections leave reviewers unsure which one the causes and measures answer; usually a merge leftover.",
    },
    bad="一、存在的问题 …… 三、查摆的问题 ……",
    good="一、存在的问题 ……（合并为一部分）",
    aligned=True,
)
def duplicate_section(report: Report, template: Template, alignment: Alignment) -> Iterator[Finding]:
    if report.parse_error:
        return
    for section, first in alignment.sections.duplicates:
        spec = template.spec(section.spec_id)
        label = spec.label if spec else section.title
        yield Finding("S103", section.span, {"title": section.title, "first": first.title, "first_line": first.line,
                                             "section": label, "section_en": (spec.label_en if spec else "") or label})  # fmt: skip


@rule(
    code="S104",
    name="empty-section",
    severity=Severity.ERROR,
    summary={"zh": "部分标题下没有任何内容。", "en": "A section heading with nothing under it."},
    why={
        "zh": "只有标题没有内容，说明材料尚未写完。",
        "en": "A heading with no text means the report is unfinished.",
    },
    bad="三、整改措施\n（下面直接是落款）",
    good="三、整改措施\n一是加强理论武装……",
)
def empty_section(report: Report, template: Template) -> Iterator[Finding]:
    for section in report.sections:
        if not section.intro.strip() and not section.items:
            yield Finding("S104", section.span, {"title": section.title})


@rule(
    code="S105",
    name="unknown-section",
    severity=Severity.INFO,
    summary={
        "zh": "部分标题不属于模板的任何一部分。",
        "en": "A section heading matches no part of the template.",
    },
    why={
        "zh": "无法识别的部分不参与问题、原因、措施的检查；若它其实是其中之一，请改用常见说法（如“原因剖析”）。",
        "en": "An unrecognised section takes no part in the problem/cause/measure checks; if it is one of them, use a usual title.",
    },
    bad="二、思想上的一些情况",
    good="二、原因剖析",
    aligned=True,
)
def unknown_section(report: Report, template: Template, alignment: Alignment) -> Iterator[Finding]:
    for section in alignment.sections.unknown:
        yield Finding("S105", section.span, {"title": section.title, "template": template.name})


@rule(
    code="S106",
    name="missing-title",
    severity=Severity.INFO,
    summary={"zh": "报告没有标题。", "en": "The report has no title."},
    why={
        "zh": "公文格式要求有标题（GB/T 9704 7.3.1）；不少报告直接以导语开头，故默认只作提示。",
        "en": "GB/T 9704 7.3.1 expects a title; many real reports open with the preamble, so this is info by default.",
    },
    bad="按照支部安排，我认真对照检查……",
    good="党性分析报告\n按照支部安排，我认真对照检查……",
)
def missing_title(report: Report, template: Template) -> Iterator[Finding]:
    if report.title is None and not report.parse_error:
        first = next((p for p in report.paragraphs if p.text.strip()), None)
        line = first.line if first else 1
        yield Finding("S106", Span(line, 1, line, 1), {})


@rule(
    code="S107",
    name="missing-phrase",
    severity=Severity.WARNING,
    summary={"zh": "缺少模板要求的固定表述。", "en": "A phrase the template requires is missing."},
    why={
        "zh": "有的组织者要求材料含有固定表述（如述职报告结尾的“请予评议”），缺少时常被退回。",
        "en": "Some organisers require fixed wording (such as 请予评议 closing a duty report); without it the report is returned.",
    },
    bad="（模板要求“请予评议”）……以上报告。",
    good="（模板要求“请予评议”）……以上报告，请予评议。",
)
def missing_phrase(report: Report, template: Template) -> Iterator[Finding]:
    text = report.text()
    for phrase in template.phrases.required:
        if phrase not in text:
            anchor = (
                report.back[0].line
                if report.back
                else (report.paragraphs[-1].line if report.paragraphs else 1)
            )
            yield Finding("S107", Span(anchor, 1, anchor, 1), {"phrase": phrase})


@rule(
    code="S108",
    name="forbidden-phrase",
    severity=Severity.WARNING,
    summary={"zh": "出现了模板禁止的表述。", "en": "A phrase the template forbids appears."},
    why={
        "zh": "组织者可以列出不应出现的说法（如模板中的占位符“××”或“此处填写”），提交前须删除。",
        "en": "Organisers can list wording that must not appear (placeholders such as ×× or 此处填写); remove it before handing in.",
    },
    bad="（模板禁止“××”）我在××工作中……",
    good="我在项目审批工作中……",
)
def forbidden_phrase(report: Report, template: Template) -> Iterator[Finding]:
    if not template.phrases.forbidden:
        return
    for paragraph in report.paragraphs:
        for phrase in template.phrases.forbidden:
            start = paragraph.text.find(phrase)
            while start >= 0:
                line, column = paragraph.position(start)
                end_line, end_column = paragraph.position(start + len(phrase) - 1)
                yield Finding("S108", Span(line, column, end_line, end_column), {"phrase": phrase})
                start = paragraph.text.find(phrase, start + len(phrase))
