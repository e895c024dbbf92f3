"""Layout (F1xx): a Word document set against a format profile (GB/T 9704-2012 by default):
fonts of the title, body and headings, sizes, line spacing, first-line indents, margins, paper,
page numbers, the date line, automatic numbering and colour.

The reader resolved every paragraph's formatting as Word does (checker/read/cascade.py);
these rules only compare. A fault that runs through consecutive paragraphs — a whole body in
宋体 — is one finding that spans them, not one per paragraph: paragraphs a rule does not look
at (headings for the body font, empty lines) do not break the run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from checker.checks.base import Finding, Severity, paragraph_span, rule
from checker.model import Report, Span
from checker.model.roles import (
    BODY,
    BODY_LIKE,
    DATE,
    HEADING,
    SKIPPED,
    TITLE,
    Role,
    body_start,
    paragraph_roles,
    profile_spec,
)
from checker.template import Template
from checker.text.dates import is_date_line, is_good_date

if TYPE_CHECKING:
    # Named in annotations only: a check of text (no formatting, no profile) imports neither,
    # which spares a warm run's worker 3 ms before the changed file's check.
    from checker.profile import HeadingSpec, Profile, TextSpec
    from checker.read.formatting import ParagraphFormat, RunFormat, SectionFormat

SIZE_NAMES = {42: "初号", 36: "小初", 26: "一号", 24: "小一", 22: "二号", 18: "小二", 16: "三号", 15: "小三",
              14: "四号", 12: "小四", 10.5: "五号", 9: "小五"}  # fmt: skip
LEVEL_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}

# A fault found in one paragraph: a key (equal keys group), the message's arguments, and the
# range of the paragraph's text at fault (start, end offsets).
Fault = tuple[Any, dict[str, Any], tuple[int, int]]


def _size(points: float | None) -> str:
    if points is None:
        return "未设置"
    name = SIZE_NAMES.get(points)
    shown = f"{points:g}"
    return f"{name}（{shown}磅）" if name else f"{shown}磅"


def _size_en(points: float | None) -> str:
    return "unset" if points is None else f"{points:g} pt"


def _font(name: str | None) -> str:
    return f"“{name}”" if name else "未指定（由软件决定）"


def _font_en(name: str | None) -> str:
    return f"“{name}”" if name else "unset (the application's default)"


LAYOUT_MEMO = "layout"  # the entry of report.memo that holds the formats and roles the F rules share


def _setup(report: Report, template: Template) -> tuple[Profile, list[ParagraphFormat], list[Role]] | None:
    profile = template.profile
    if profile is None or report.formatting is None:
        return None
    shared = report.memo.get(LAYOUT_MEMO)
    if shared is None:  # every F rule needs the same roles and formats: worked out once
        # A cover and a table of contents before the body are laid out by the writer, not the profile.
        start = body_start(report)
        roles = [Role(SKIPPED) if line < start else role for line, role in enumerate(paragraph_roles(report), start=1)]
        shared = report.memo[LAYOUT_MEMO] = (list(report.formatting.paragraphs), roles)
    return profile, shared[0], shared[1]


def _grouped(
    report: Report,
    code: str,
    faults: Iterable[tuple[Any, ...]],
    describe: Callable[[list[Fault]], dict[str, Any]] | None = None,
) -> Iterator[Finding]:
    """One finding per run of paragraphs with the same fault. ``faults`` gives each paragraph the
    rule looks at, in order, with its fault or None; ``describe`` words a run of several faults
    (by default, as its first)."""
    group: list[tuple[int, Fault]] = []
    for entry in faults:
        line, fault = entry[0], entry[1]
        if group and fault is None and not _judges(entry, group[0][1][0]):
            continue  # this paragraph shows nothing of the kind of fault the run is about
        if group and (fault is None or fault[0] != group[0][1][0]):
            yield _finding(report, code, group, describe)
            group = []
        if fault is not None:
            group.append((line, fault))
    if group:
        yield _finding(report, code, group, describe)


def _judges(entry: tuple[Any, ...], key: Any) -> bool:
    """Whether a paragraph without a fault is evidence against a run of faults with ``key``: an
    entry may name the kinds it can judge (a paragraph without digits says nothing of their font)."""
    kinds = entry[2] if len(entry) > 2 else None
    return kinds is None or (isinstance(key, tuple) and key[0] in kinds)


def _finding(
    report: Report, code: str, group: list[tuple[int, Fault]], describe: Callable[[list[Fault]], dict[str, Any]] | None
) -> Finding:
    line, (_, args, (start, end)) = group[0]
    last_line = group[-1][0]
    paragraphs = report.paragraphs
    if last_line == line:
        span = paragraph_span(paragraphs[line - 1], start, end)
    else:
        last = paragraphs[last_line - 1]
        span = Span(line, 1, last_line, max(len(last.text), 1))
    if describe is not None and len(group) > 1:
        args = {**args, **describe([fault for _, fault in group])}
    count = len(group)
    extent = {"extent": f"（连同以下共{count}段）" if count > 1 else "",
              "extent_en": f" ({count} paragraphs)" if count > 1 else ""}  # fmt: skip
    return Finding(code, span, {**args, **extent, "paragraphs": count})


def _runs(fmt: ParagraphFormat, start: int = 0, end: int | None = None) -> Iterator[RunFormat]:
    """Runs with visible text inside [start, end) of the paragraph."""
    for run in fmt.runs:
        if (run.cjk or run.latin_chars) and run.end > start and (end is None or run.start < end):
            yield run


def _kinds(runs: Iterable[RunFormat]) -> set[str]:
    """The fault kinds text can show: the Chinese font when it has Chinese, the digits' font when
    it has digits or Latin letters; bold either way."""
    kinds = {"bold"}
    for run in runs:
        if run.cjk:
            kinds.add("ea")
        if run.latin_chars:
            kinds.add("latin")
    return kinds


def _font_fault(profile: Profile, spec: TextSpec | HeadingSpec, runs: Iterable[RunFormat]) -> Fault | None:
    """The font fault of text set by ``spec``: the Chinese font first, then the digits' font;
    the font that draws most of the faulty text is named."""
    family = profile.family(spec.font)
    wrong: dict[tuple[str, str | None], list[RunFormat]] = {}
    for run in runs:
        if run.cjk and not family.matches(run.east_asia):
            wrong.setdefault(("ea", run.east_asia), []).append(run)
        elif run.latin_chars and not profile.latin_ok(spec, run.latin):
            wrong.setdefault(("latin", run.latin), []).append(run)
    if not wrong:
        return None
    (slot, found), runs_at_fault = max(wrong.items(), key=lambda kv: (kv[0][0] == "ea", sum(r.cjk + r.latin_chars for r in kv[1])))
    expected = f"{family.name}（{family.write}）"
    latin = "、".join([*spec.latin, family.name])
    if slot == "ea":
        args = {"problem": f"字体为{_font(found)}，应为{expected}",
                "problem_en": f"set in {_font_en(found)}, not {family.name} ({family.write})"}  # fmt: skip
    else:
        args = {"problem": f"中的数字和西文字体为{_font(found)}，应为{latin}",
                "problem_en": f"digits and Latin letters in {_font_en(found)}, not {' or '.join([*spec.latin, family.write])}"}  # fmt: skip
    return (slot, found), args, (runs_at_fault[0].start, runs_at_fault[-1].end)


def _bold_fault(spec: TextSpec | HeadingSpec, runs: Iterable[RunFormat]) -> Fault | None:
    if spec.bold is None:
        return None
    wrong = [r for r in runs if r.cjk and r.bold != spec.bold]
    if not wrong:
        return None
    args = {"problem": "加粗了，应不加粗" if spec.bold is False else "没有加粗，应加粗",
            "problem_en": "is bold; it should not be" if spec.bold is False else "is not bold; it should be"}  # fmt: skip
    return ("bold", spec.bold), args, (wrong[0].start, wrong[-1].end)


def _common(profile: Profile) -> dict[str, str]:
    return {"standard": profile.standard}


@rule(
    code="F101",
    memos=(LAYOUT_MEMO,),
    name="title-font",
    severity=Severity.WARNING,
    summary={"zh": "标题的字体、加粗或对齐不符合格式要求。", "en": "The title's font, weight or alignment is off the profile."},
    why={
        "zh": "GB/T 9704-2012 7.3.1：标题一般用2号小标宋体字，分一行或多行居中排布。"
        "字体按中文字体（w:eastAsia）判断，经样式继承和主题字体解析，与 Word 显示一致。"
        "设置：[format.document_title] font / bold / align。",
        "en": "GB/T 9704-2012 7.3.1: the title in 小标宋 二号, centred. The Chinese font (w:eastAsia) is "
        "resolved through styles and theme fonts as Word shows it. Setting: [format.document_title] font / bold / align.",
    },
    bad="关于2024年度民主生活会个人对照检查材料（宋体，左对齐）",
    good="关于2024年度民主生活会个人对照检查材料（方正小标宋简体，居中）",
)
def title_font(report: Report, template: Template) -> Iterator[Finding]:
    setup = _setup(report, template)
    if setup is None:
        return
    profile, formats, roles = setup
    spec = profile.document_title

    def faults() -> Iterator[tuple[int, Fault | None]]:
        for line, role in enumerate(roles, start=1):
            if role.kind != TITLE:
                continue
            fmt = formats[line - 1]
            fault = _font_fault(profile, spec, _runs(fmt)) or _bold_fault(spec, _runs(fmt))
            if fault is None and spec.align != "any" and fmt.justification != spec.align:
                names = {"center": "居中", "left": "左对齐", "right": "右对齐", "both": "两端对齐", "distribute": "分散对齐"}
                fault = ("align", fmt.justification), {
                    "problem": f"为{names.get(fmt.justification, fmt.justification)}，应{names.get(spec.align, spec.align)}",
                    "problem_en": f"is aligned {fmt.justification}, not {spec.align}",
                }, (0, len(report.paragraphs[line - 1].text))
            yield line, _with(fault, _common(profile))

    yield from _grouped(report, "F101", faults())


def _with(fault: Fault | None, extra: dict[str, Any]) -> Fault | None:
    return None if fault is None else (fault[0], {**fault[1], **extra}, fault[2])


def _body_ranges(roles: list[Role], report: Report) -> Iterator[tuple[int, int]]:
    """(line, offset where body text starts) of paragraphs set as body text: body paragraphs
    from their start, headings from where their lead sentence ends."""
    for line, role in enumerate(roles, start=1):
        if role.kind in BODY_LIKE:
            yield line, 0
        elif role.kind == HEADING and role.heading_end < len(report.paragraphs[line - 1].text):
            yield line, role.heading_end


@rule(
    code="F102",
    memos=(LAYOUT_MEMO,),
    name="body-font",
    severity=Severity.WARNING,
    summary={"zh": "正文字体不符合格式要求。", "en": "The body text's font is off the profile."},
    why={
        "zh": "GB/T 9704-2012 5.2.2、7.3.3：正文一般用3号仿宋体字。汉字看中文字体（w:eastAsia，经样式、"
        "文档默认值和主题字体解析），数字和西文看西文字体，通常为 Times New Roman 或同为仿宋。"
        "设置：[format.body] font / latin。",
        "en": "GB/T 9704-2012 5.2.2, 7.3.3: body text in 仿宋 三号. Chinese characters use the East-Asian font "
        "(w:eastAsia, resolved through styles, document defaults and the theme); digits and Latin letters "
        "the Latin font, usually Times New Roman or 仿宋 too. Setting: [format.body] font / latin.",
    },
    bad="正文段落为“宋体”（Word 默认主题字体）",
    good="正文段落为“仿宋_GB2312”，数字为 Times New Roman",
)
def body_font(report: Report, template: Template) -> Iterator[Finding]:
    setup = _setup(report, template)
    if setup is None:
        return
    profile, formats, roles = setup

    def faults() -> Iterator[tuple[int, Fault | None, set[str]]]:
        for line, start in _body_ranges(roles, report):
            runs = list(_runs(formats[line - 1], start))
            fault = _font_fault(profile, profile.body, runs)
            yield line, _with(fault, _common(profile)), _kinds(runs)

    yield from _grouped(report, "F102", faults())


@rule(
    code="F103",
    memos=(LAYOUT_MEMO,),
    name="heading-font",
    severity=Severity.WARNING,
    summary={"zh": "各级标题的字体或加粗不符合格式要求。", "en": "A heading's font or weight is off the profile."},
    why={
        "zh": "GB/T 9704-2012 7.3.3：结构层次序数依次用“一、”“（一）”“1.”“（1）”，第一层用黑体字、第二层用楷体字、"
        "第三层和第四层用仿宋体字。标准未规定加粗；有的单位要求二级标题加粗，可设 [format.headings.2] bold = true。"
        "只看标题句本身，同一段中标题句后的正文按正文字体检查。",
        "en": "GB/T 9704-2012 7.3.3: levels 一、 （一） 1. （1） in 黑体, 楷体, 仿宋, 仿宋. The standard says nothing "
        "of bold; an organiser that wants bold level-2 headings sets [format.headings.2] bold = true. Only the "
        "lead sentence is a heading: text after it in the same paragraph is checked as body text.",
    },
    bad="一、存在的主要问题（仿宋）\n（一）理论学习不够深入。（仿宋）",
    good="一、存在的主要问题（黑体）\n（一）理论学习不够深入。（楷体）",
)
def heading_font(report: Report, template: Template) -> Iterator[Finding]:
    setup = _setup(report, template)
    if setup is None:
        return
    profile, formats, roles = setup

    specs = {level: profile.heading(level) for level in LEVEL_NAMES}
    kinds_of: dict[tuple[int, frozenset[str]], set[str]] = {}  # shared: _grouped only reads them

    def faults() -> Iterator[tuple[int, Fault | None, set[str]]]:
        for line, role in enumerate(roles, start=1):
            if role.kind != HEADING:
                continue
            spec = specs.get(role.level)
            if spec is None:
                continue
            runs = list(_runs(formats[line - 1], 0, role.heading_end))
            fault = _font_fault(profile, spec, runs) or _bold_fault(spec, runs)
            # Levels group apart: a level-1 heading says nothing of the level-2 headings' font.
            shown = frozenset(_kinds(runs))
            kinds = kinds_of.get((role.level, shown))
            if kinds is None:
                kinds = kinds_of[(role.level, shown)] = {f"{role.level}-{kind}" for kind in shown}
            if fault is None:
                yield line, None, kinds
                continue
            level = {"level": LEVEL_NAMES[role.level], "level_en": str(role.level)}
            yield line, ((f"{role.level}-{fault[0][0]}", fault[0][1]), {**fault[1], **_common(profile), **level},
                         fault[2]), kinds  # fmt: skip

    yield from _grouped(report, "F103", faults())


def _expected_size(profile: Profile, role: Role) -> float | None:
    spec = profile_spec(profile, role)
    return spec.size if spec is not None else None


@rule(
    code="F104",
    memos=(LAYOUT_MEMO,),
    name="font-size",
    severity=Severity.WARNING,
    summary={"zh": "字号不符合格式要求。", "en": "A font size is off the profile."},
    why={
        "zh": "GB/T 9704-2012 5.2.2、7.3.1：正文和各级标题一般用3号字（16磅），标题用2号字（22磅）。"
        "字号取 w:sz（中文和西文的字号），不取 w:szCs（那是复杂文种的字号）。"
        "设置：[format.body] size、[format.document_title] size、[format.headings.N] size（磅）。",
        "en": "GB/T 9704-2012 5.2.2, 7.3.1: body and headings 三号 (16 pt), the title 二号 (22 pt). The size is "
        "w:sz (Chinese and Latin text), never w:szCs (complex scripts). Settings: [format.body] size, "
        "[format.document_title] size, [format.headings.N] size (points).",
    },
    bad="正文为五号（10.5磅）",
    good="正文为三号（16磅）",
)
def font_size(report: Report, template: Template) -> Iterator[Finding]:
    setup = _setup(report, template)
    if setup is None:
        return
    profile, formats, roles = setup

    def faults() -> Iterator[tuple[int, Fault | None]]:
        for line, role in enumerate(roles, start=1):
            expected = _expected_size(profile, role)
            if expected is None:
                continue
            heading_end = role.heading_end if role.kind == HEADING else None
            wrong: list[tuple[float, RunFormat]] = []
            for run in _runs(formats[line - 1]):
                want = expected if heading_end is None or run.start < heading_end else profile.body.size
                if abs(run.size - want) > 0.25:
                    wrong.append((want, run))
            if not wrong:
                yield line, None
                continue
            want, run = max(wrong, key=lambda w: w[1].cjk + w[1].latin_chars)
            what, what_en = ("标题", "the title") if role.kind == TITLE else ("", "text")
            yield line, ((role.kind == TITLE, want), {
                "what": what, "what_en": what_en, "found": _size(run.size), "found_en": _size_en(run.size),
                "expected": _size(want), "expected_en": _size_en(want), "size": run.size, **_common(profile),
            }, (wrong[0][1].start, wrong[-1][1].end))  # fmt: skip

    def describe(group: list[Fault]) -> dict[str, Any]:
        sizes = sorted({fault[1]["size"] for fault in group})
        if len(sizes) == 1:
            return {}
        return {"found": "、".join(_size(s) for s in sizes), "found_en": ", ".join(_size_en(s) for s in sizes)}

    yield from _grouped(report, "F104", faults(), describe)


def _spacing(fmt: ParagraphFormat) -> tuple[str, str]:
    if fmt.line_rule == "exact":
        return f"固定值{fmt.line:g}磅", f"exactly {fmt.line:g} pt"
    if fmt.line_rule == "atLeast":
        return f"最小值{fmt.line:g}磅", f"at least {fmt.line:g} pt"
    if abs(fmt.line - 1) < 0.01:
        return "单倍行距", "single"
    return f"{fmt.line:g}倍行距", f"{fmt.line:g} lines"


@rule(
    code="F105",
    memos=(LAYOUT_MEMO,),
    name="line-spacing",
    severity=Severity.WARNING,
    summary={"zh": "行距不是规定的固定值。", "en": "The line spacing is not the fixed value of the profile."},
    why={
        "zh": "GB/T 9704-2012 5.2.3：一般每面排22行，每行28个字；实际多用固定值28磅（有的单位为29或30磅）。"
        "单倍、1.5倍等“倍数行距”随字号变化，排不出每面22行。设置：[format.line_spacing] exact_min / exact_max / multiples。",
        "en": "GB/T 9704-2012 5.2.3: 22 lines a page, 28 characters a line; in practice a fixed 28 pt (some "
        "organisers 29 or 30 pt). Multiple spacing (single, 1.5) changes with the font size and cannot give 22 "
        "lines. Settings: [format.line_spacing] exact_min / exact_max / multiples.",
    },
    bad="正文行距：单倍行距",
    good="正文行距：固定值28磅",
)
def line_spacing(report: Report, template: Template) -> Iterator[Finding]:
    setup = _setup(report, template)
    if setup is None:
        return
    profile, formats, roles = setup
    rule_ = profile.line_spacing
    if rule_.exact_min == rule_.exact_max:
        expected, expected_en = f"固定值{rule_.exact_min:g}磅", f"exactly {rule_.exact_min:g} pt"
    else:
        expected = f"固定值{rule_.exact_min:g}–{rule_.exact_max:g}磅"
        expected_en = f"exactly {rule_.exact_min:g}–{rule_.exact_max:g} pt"

    def faults() -> Iterator[tuple[int, Fault | None]]:
        for line, role in enumerate(roles, start=1):
            if role.kind not in (*BODY_LIKE, HEADING):
                continue
            fmt = formats[line - 1]
            if fmt.drawing:
                continue  # a fixed line height would crop its picture or equation
            ok = (fmt.line_rule == "exact" and rule_.exact_min - 0.05 <= fmt.line <= rule_.exact_max + 0.05) or (
                fmt.line_rule == "auto" and any(abs(fmt.line - m) < 0.01 for m in rule_.multiples)
            )
            if ok:
                yield line, None
                continue
            found, found_en = _spacing(fmt)
            yield line, ((fmt.line_rule, round(fmt.line, 2)), {
                "found": found, "found_en": found_en, "expected": expected, "expected_en": expected_en,
                **_common(profile),
            }, (0, len(report.paragraphs[line - 1].text)))  # fmt: skip

    yield from _grouped(report, "F105", faults())


@rule(
    code="F106",
    memos=(LAYOUT_MEMO,),
    name="first-line-indent",
    severity=Severity.WARNING,
    summary={"zh": "正文段落首行缩进不是2字。", "en": "A body paragraph's first-line indent is not 2 characters."},
    why={
        "zh": "GB/T 9704-2012 7.3.3：每个自然段左空二字，回行顶格。缩进用段落格式设置（首行缩进2字符），"
        "不用空格；按 w:firstLineChars（1/100字）或 w:firstLine（缇）除以字号判断。居中、右对齐的行（署名、日期）"
        "和主送机关不在此列。设置：[format.body] indent（字）。",
        "en": "GB/T 9704-2012 7.3.3: each paragraph starts two characters in; its other lines start at the margin. "
        "Set it as a paragraph format (first-line indent 2 characters), not with spaces; read from "
        "w:firstLineChars (1/100 character) or w:firstLine (twips) over the font size. Centred and right-aligned "
        "lines (signature, date) and the addressee line are not body paragraphs. Setting: [format.body] indent.",
    },
    bad="段落格式：首行缩进 0；或用四个空格顶出缩进",
    good="段落格式：首行缩进 2 字符",
)
def first_line_indent(report: Report, template: Template) -> Iterator[Finding]:
    setup = _setup(report, template)
    if setup is None:
        return
    profile, formats, roles = setup
    want = profile.body.indent

    def faults() -> Iterator[tuple[int, Fault | None]]:
        if want is None:
            return
        for line, role in enumerate(roles, start=1):
            fmt = formats[line - 1]
            if role.kind != BODY or fmt.justification in ("center", "right"):
                continue
            indent = fmt.indent_chars()
            if abs(indent - want) <= 0.25:
                yield line, None
                continue
            shown = round(indent, 1)
            kind = "hanging" if shown < 0 else "none" if abs(shown) < 0.05 else "other"
            yield line, (kind, {**_indent_words(shown, shown), "expected": f"{want:g}", "indent": shown,
                                **_common(profile)}, (0, len(report.paragraphs[line - 1].text)))  # fmt: skip

    def describe(group: list[Fault]) -> dict[str, Any]:
        indents = [fault[1]["indent"] for fault in group]
        return _indent_words(min(indents), max(indents))

    yield from _grouped(report, "F106", faults(), describe)


def _indent_words(low: float, high: float) -> dict[str, str]:
    shown = f"{low:g}" if low == high else f"{low:g}–{high:g}"
    if high < 0:
        shown = f"{-high:g}" if low == high else f"{-high:g}–{-low:g}"
        return {"found": f"悬挂缩进{shown}字", "found_en": f"a hanging indent of {shown} characters"}
    return {"found": f"首行缩进{shown}字", "found_en": f"{shown} characters"}


def _section_faults(report: Report, code: str, judge: Callable[[SectionFormat], Fault | None]) -> Iterator[Finding]:
    """Page set-up faults, one finding per run of sections alike, at each run's first paragraph.
    Sections that hold only a cover or a table of contents are the writer's: not judged."""
    if report.formatting is None or not report.paragraphs:
        return
    last = len(report.paragraphs)
    start = body_start(report)
    faults = []
    for section in report.formatting.sections:
        if section.last_line < start:
            continue
        line = min(max(section.first_line, 1), last)
        fault = judge(section)
        faults.append((line, None if fault is None else (fault[0], fault[1], (0, 0))))
    for finding in _grouped(report, code, faults):
        span = finding.span
        count = finding.args.get("paragraphs", 1)
        extent = {"extent": f"（连同以下共{count}节）" if count > 1 else "",
                  "extent_en": f" ({count} sections)" if count > 1 else "", "sections": count}  # fmt: skip
        yield Finding(finding.code, Span(span.line, 1, span.line, 1), {**finding.args, **extent})


@rule(
    code="F107",
    name="page-margins",
    severity=Severity.WARNING,
    summary={"zh": "页边距不符合格式要求。", "en": "The page margins are off the profile."},
    why={
        "zh": "GB/T 9704-2012 5.2.1：天头（上白边）37 mm ± 1 mm，订口（左白边）28 mm ± 1 mm，版心156 mm × 225 mm，"
        "由此下白边35 mm、右白边26 mm。Word 默认的上下2.54 cm、左右3.17 cm 不合要求。"
        "设置：[format.page] top / bottom / left / right / tolerance（mm）。",
        "en": "GB/T 9704-2012 5.2.1: top margin 37 mm ± 1 mm, left 28 mm ± 1 mm, a 156 mm × 225 mm text block, "
        "hence bottom 35 mm and right 26 mm. Word's default 2.54 / 3.17 cm is not it. Settings: [format.page] "
        "top / bottom / left / right / tolerance (mm).",
    },
    bad="页边距：上 25.4 mm，下 25.4 mm，左 31.8 mm，右 31.8 mm",
    good="页边距：上 37 mm，下 35 mm，左 28 mm，右 26 mm",
)
def page_margins(report: Report, template: Template) -> Iterator[Finding]:
    profile = template.profile
    if profile is None:
        return
    page = profile.page

    def judge(section: SectionFormat) -> Fault | None:
        actual = section.margins_mm()
        wanted = {"top": page.top, "bottom": page.bottom, "left": page.left, "right": page.right}
        if all(abs(actual[k] - wanted[k]) <= page.tolerance + 0.05 for k in wanted):
            return None
        expected = "上{top:g}、下{bottom:g}、左{left:g}、右{right:g} mm".format(**wanted)
        return tuple(actual.values()), {
            **{k: f"{v:g}" for k, v in actual.items()}, "expected": expected,
            "expected_en": "top {top:g}, bottom {bottom:g}, left {left:g}, right {right:g} mm".format(**wanted),
            "tolerance": f"{page.tolerance:g}", **_common(profile),
        }, (0, 0)  # fmt: skip

    yield from _section_faults(report, "F107", judge)


@rule(
    code="F108",
    name="page-size",
    severity=Severity.WARNING,
    summary={"zh": "纸张不是 A4 纵向。", "en": "The paper is not A4 portrait."},
    why={
        "zh": "GB/T 9704-2012 5.1：公文用纸采用 GB/T 148 中规定的 A4 型纸，成品幅面为 210 mm × 297 mm。"
        "设置：[format.page] width / height（mm）。",
        "en": "GB/T 9704-2012 5.1: A4 paper, 210 mm × 297 mm. Settings: [format.page] width / height (mm).",
    },
    bad="纸张：Letter（216 mm × 279 mm）",
    good="纸张：A4（210 mm × 297 mm）",
)
def page_size(report: Report, template: Template) -> Iterator[Finding]:
    profile = template.profile
    if profile is None:
        return
    page = profile.page
    from checker.read.formatting import TWIPS_PER_MM

    def judge(section: SectionFormat) -> Fault | None:
        width, height = section.width / TWIPS_PER_MM, section.height / TWIPS_PER_MM
        if abs(width - page.width) <= 1 and abs(height - page.height) <= 1 and not section.landscape:
            return None
        found = f"{width:.0f} mm × {height:.0f} mm" + ("（横向）" if section.landscape or width > height else "")
        return (round(width), round(height)), {
            "found": found, "found_en": found.replace("（横向）", " (landscape)"),
            "expected": f"{page.width:g} mm × {page.height:g} mm", **_common(profile),
        }, (0, 0)  # fmt: skip

    yield from _section_faults(report, "F108", judge)


_DASHES = "—－-–―"


@rule(
    code="F109",
    name="page-number",
    severity=Severity.WARNING,
    summary={"zh": "页码缺失或格式不符合要求。", "en": "Page numbers are missing or not in the profile's form."},
    why={
        "zh": "GB/T 9704-2012 7.5：页码一般用4号半角宋体阿拉伯数字，编排在版心下边缘之下，数字左右各放一条一字线，"
        "即“— 1 —”。检查页脚（或页眉）中有无 PAGE 域、两侧有无一字线、字号。"
        "设置：[format.page_numbers] required / dashes / size。",
        "en": "GB/T 9704-2012 7.5: page numbers in 4号 (14 pt) Arabic digits below the text block with a dash either "
        "side: — 1 —. Checks that a footer (or header) holds a PAGE field, the dashes and the size. Settings: "
        "[format.page_numbers] required / dashes / size.",
    },
    bad="页脚为空（没有页码）",
    good="页脚居中：— 1 —（PAGE 域，四号）",
)
def page_number(report: Report, template: Template) -> Iterator[Finding]:
    profile = template.profile
    if profile is None or not profile.page_numbers.required:
        return
    spec = profile.page_numbers

    def judge(section: SectionFormat) -> Fault | None:
        if not section.page_numbers:
            return "missing", {"problem": "没有页码", "problem_en": "no page numbers", **_common(profile)}, (0, 0)
        number = section.page_numbers[0]
        if spec.dashes and not number.dashed_format:
            text = number.text
            at = text.find("{PAGE}")
            before, after = text[:at].strip(), text[at + 6 :].strip()
            if not (before[-1:] in _DASHES and after[:1] in _DASHES and before and after):
                shown = text.replace("{PAGE}", "1") or "1"
                return "dashes", {"problem": f"页码为“{shown}”，两侧应各有一条一字线，如“— 1 —”",
                                  "problem_en": f"the page number reads “{shown}”; it wants a dash either side: — 1 —",
                                  **_common(profile)}, (0, 0)  # fmt: skip
        if spec.size is not None and number.size is not None and abs(number.size - spec.size) > 0.25:
            return ("size", number.size), {
                "problem": f"页码字号为{_size(number.size)}，应为{_size(spec.size)}",
                "problem_en": f"page numbers at {_size_en(number.size)}, not {_size_en(spec.size)}",
                **_common(profile),
            }, (0, 0)  # fmt: skip
        return None

    yield from _misplaced_page_numbers(report, profile)
    yield from _section_faults(report, "F109", judge)


# Page number formats of front matter numbered apart from the body (ST_NumberFormat).
_FRONT_FORMATS = frozenset({"upperRoman", "lowerRoman", "upperLetter", "lowerLetter"})


def _misplaced_page_numbers(report: Report, profile: Profile) -> Iterator[Finding]:
    """A cover or table of contents numbered as the body is, and a body whose numbers do not
    start at 1: page numbers start where the body starts (front matter may be numbered i, ii)."""
    start = body_start(report)
    if report.formatting is None or start == 1:
        return
    for section in report.formatting.sections:
        if section.first_line >= start:
            if section.first_line == start and section.number_start is None and section is not report.formatting.sections[0]:
                problem = ("正文页码接着封面、目录往下编，正文第一页不是第1页；应在正文所在节设置页码“起始页码为1”",
                           "the body's page numbers carry on from the cover and contents: its first page is not "
                           "page 1; set the body's section to start numbering at 1")  # fmt: skip
                yield Finding("F109", Span(start, 1, start, 1), {"problem": problem[0], "problem_en": problem[1], **_common(profile)})
            break
        numbered = section.first_page_numbers if section.title_page else section.page_numbers
        if (numbered or section.page_numbers) and section.number_format not in _FRONT_FORMATS:
            line = max(section.first_line, 1)
            if section.last_line >= start:
                problem = ("封面、目录与正文同在一节，页码从封面编起；应在正文前插入分节符（下一页），正文节的页码从1起编，"
                           "封面、目录不编页码",
                           "the cover and contents share the body's section, so the page numbers start on the cover; "
                           "put a section break (next page) before the body, number the body from 1 and leave the "
                           "cover and contents unnumbered")  # fmt: skip
            else:
                problem = ("封面、目录页上有页码；页码应从正文第一页起编，封面、目录不编页码（或另用 i、ii 编排）",
                           "page numbers on the cover or contents pages; numbering starts on the body's first page, "
                           "the cover and contents are unnumbered (or numbered i, ii apart)")  # fmt: skip
            yield Finding("F109", Span(line, 1, line, 1), {"problem": problem[0], "problem_en": problem[1], **_common(profile)})


@rule(
    code="F110",
    name="date-line",
    severity=Severity.WARNING,
    summary={"zh": "日期行不符合 GB/T 9704 的写法。", "en": "A date line is not written as GB/T 9704 wants."},
    why={
        "zh": "GB/T 9704-2012 7.3.5.4：成文日期用阿拉伯数字将年、月、日标全，年份应标全称，月、日不编虚位（1不编为01），"
        "如“2024年1月5日”。检查落款日期和标题下单独成行的日期；正文中的日期不在此列。"
        "选用格式规范时由本规则代替 P108。",
        "en": "GB/T 9704-2012 7.3.5.4: the date in Arabic numerals, the year in full, no leading zeros: 2024年1月5日. "
        "Checks the date under the signature and a date on its own line under the title, not dates in the text. "
        "With a format profile this rule reports what P108 reports without one.",
    },
    bad="二〇二四年一月五日\n2024年01月05日\n2024.1.5",
    good="2024年1月5日",
)
def date_format(report: Report, template: Template) -> Iterator[Finding]:
    profile = template.profile
    if profile is None:
        return
    roles = paragraph_roles(report)
    for line, role in enumerate(roles, start=1):
        p = report.paragraphs[line - 1]
        candidate = role.kind == DATE or (role.kind not in (HEADING, SKIPPED) and is_date_line(p.text))
        text = p.text.strip()
        if candidate and text and not is_good_date(text):
            start = p.text.index(text[0])
            yield Finding("F110", paragraph_span(p, start, start + len(text)), {"found": text, **_common(profile)})


@rule(
    code="F111",
    memos=(LAYOUT_MEMO,),
    name="auto-numbered-heading",
    severity=Severity.INFO,
    summary={"zh": "标题序号是 Word 自动编号。", "en": "A heading's number is Word's automatic numbering."},
    why={
        "zh": "许多单位要求“标题不使用自动生成格式”：自动编号在另一台电脑、WPS 或转成 PDF 时可能变样或错号，"
        "复制到别的文档也会丢失。reportlint format 会把自动编号改成手工输入的序号。"
        "设置：[format] typed_numbering = false 表示允许自动编号。",
        "en": "Many organisers forbid automatic numbering in headings: it can change or renumber on another "
        "computer, in WPS or in a PDF, and is lost when the text is copied. `reportlint format` types the numbers. "
        "Setting: [format] typed_numbering = false allows automatic numbering.",
    },
    bad="一、（Word 自动编号）存在的主要问题",
    good="一、（手工输入）存在的主要问题",
)
def auto_numbered_heading(report: Report, template: Template) -> Iterator[Finding]:
    setup = _setup(report, template)
    if setup is None or not setup[0].typed_numbering:
        return
    roles = setup[2]

    def faults() -> Iterator[tuple[int, Fault | None]]:
        for line, role in enumerate(roles, start=1):
            if role.kind != HEADING:
                continue
            label = report.paragraphs[line - 1].label
            yield line, None if not label else ("auto", {"label": label}, (0, len(label)))

    yield from _grouped(report, "F111", faults())


@rule(
    code="F112",
    memos=(LAYOUT_MEMO,),
    name="colour",
    severity=Severity.WARNING,
    summary={"zh": "文字不是黑色。", "en": "Text is not black."},
    why={
        "zh": "GB/T 9704-2012 5.2.4：如无特殊说明，公文中文字的颜色均为黑色。修改时留下的红字、蓝字要改回黑色。"
        "设置：[format] black_text = false 关闭。",
        "en": "GB/T 9704-2012 5.2.4: unless stated otherwise all text is black. Red or blue left from editing goes "
        "back to black. Setting: [format] black_text = false turns this off.",
    },
    bad="整改措施中一句为红色（FF0000）",
    good="全文为黑色（自动）",
)
def colour(report: Report, template: Template) -> Iterator[Finding]:
    setup = _setup(report, template)
    if setup is None or not setup[0].black_text:
        return
    profile, formats, roles = setup

    def faults() -> Iterator[tuple[int, Fault | None]]:
        for line, role in enumerate(roles, start=1):
            if role.kind not in (*BODY_LIKE, HEADING, TITLE):
                continue
            coloured = [r for r in _runs(formats[line - 1]) if r.color is not None]
            if not coloured:
                yield line, None
                continue
            found = coloured[0].color
            yield line, (found, {"found": found, **_common(profile)}, (coloured[0].start, coloured[-1].end))

    yield from _grouped(report, "F112", faults())


@rule(
    code="F113",
    name="toc-entries",
    severity=Severity.WARNING,
    summary={"zh": "目录条目排版错乱：文字或页码不在制表位上。", "en": "Table of contents entries are out of line."},
    why={
        "zh": "Word 生成的目录，每条靠制表位排齐：序号后的制表位把标题文字对齐，右对齐的制表位（带前导点）把页码推到右边。"
        "目录样式继承“正文”样式，正文样式改了首行缩进或字号，序号就会越过第一个制表位，标题文字被推到页码处，"
        "成为“一、……………活动背景 1”；右对齐制表位丢失或超出版心，页码就对不齐或折到下一行。"
        "按条目的缩进、字号和制表位估算每个制表符落在哪里。修改：恢复目录样式的缩进，或在 Word 中更新目录。",
        "en": "A Word table of contents lines up on tab stops: one after the number aligns the titles, a right-aligned "
        "stop with dot leaders takes the page number to the right. The TOC styles inherit from Normal: when Normal "
        "gains a first-line indent or a larger size, the number runs past the first stop and the title lands on the "
        "page-number stop (一、……………活动背景 1); a right stop lost or beyond the text block leaves the numbers "
        "ragged or wrapped. Each tab is placed from the entry's indents, sizes and stops. Fix: restore the TOC "
        "styles' indents, or update the table in Word.",
    },
    bad="一、……………………活动背景 1（序号越过制表位，标题被推到页码处）",
    good="一、  活动背景……………………1",
)
def toc_entries(report: Report, template: Template) -> Iterator[Finding]:
    if template.profile is None or report.formatting is None:
        return
    formatting = report.formatting

    def faults() -> Iterator[tuple[int, Fault | None]]:
        for p in report.paragraphs:
            if not p.toc or "\t" not in p.text:
                continue
            fmt = formatting.paragraphs[p.line - 1]
            section = formatting.sections[min(fmt.section, len(formatting.sections) - 1)]
            width = section.width - section.left - section.right - section.gutter
            problem = _toc_entry_fault(p.text, fmt, width)
            shown = " ".join(p.text.split())[:30]
            yield p.line, None if problem is None else (problem[0], {"entry": shown, "problem": problem[0],
                                                                     "problem_en": problem[1]}, (0, len(p.text)))  # fmt: skip

    yield from _grouped(report, "F113", faults())


_DEFAULT_TAB = 420  # twips: Word's default tab stops every 0.74 cm when w:defaultTabStop is not read


def _toc_entry_fault(text: str, fmt: ParagraphFormat, width: int) -> tuple[str, str] | None:
    """Where each tab of a TOC entry lands, from its indents, character widths (a CJK character
    one em, others half) and tab stops: the last tab must reach a right-aligned stop inside the
    text block, the ones before it a stop short of that one."""
    if not text.rstrip()[-1:].isdigit():
        return None  # an entry without a page number (\n switch): nothing to line up
    from checker.read.formatting import TWIPS_PER_MM
    rights = [pos for pos, kind, _ in fmt.tabs if kind in ("right", "end")]
    if not rights:
        return ("没有右对齐的页码制表位，页码无法对齐", "no right-aligned tab stop for the page number")
    right = rights[-1]
    if right > width + 60:
        return (f"页码制表位在{right / TWIPS_PER_MM:.0f} mm处，超出版心宽度{width / TWIPS_PER_MM:.0f} mm，页码会折到下一行",
                f"the page-number stop at {right / TWIPS_PER_MM:.0f} mm lies beyond the {width / TWIPS_PER_MM:.0f} mm text block")  # fmt: skip
    sizes = [0.0] * len(text)
    for run in fmt.runs:
        for i in range(max(run.start, 0), min(run.end, len(text))):
            sizes[i] = run.size
    fallback = next((r.size for r in fmt.runs if r.size), 10.5)
    x = (fmt.left + fmt.first_line) * 20
    tabs = text.count("\t")
    seen = 0
    for i, ch in enumerate(text):
        if ch != "\t":
            size = sizes[i] or fallback
            x += size * 20 * (1 if ord(ch) > 0x2E7F else 0.5)
            continue
        seen += 1
        stop = next((pos for pos, kind, _ in fmt.tabs if pos > x + 1), None)
        if stop is None:
            stop = (int(x // _DEFAULT_TAB) + 1) * _DEFAULT_TAB
        if seen < tabs and stop >= right:
            return ("条目文字被推到页码制表位处（序号越过了它后面的制表位：首行缩进、左缩进或字号变了）",
                    "the title is pushed to the page-number stop: the number runs past the stop after it "
                    "(a changed first-line indent, left indent or size)")  # fmt: skip
        if seen == tabs and stop != right:
            return ("页码没有落在右对齐制表位上，条目太长或缩进过大", "the page number misses the right-aligned stop")
        x = stop
    return None
