"""Correspondence (C2xx): every problem explained by a cause and answered by a measure, as the
template's [links] demand; no cause or measure that answers nothing. The links come from the
aligner (checker/align/correspondence.py); these rules only read them."""

from __future__ import annotations

from collections.abc import Iterator

from checker.align import Alignment
from checker.align.correspondence import WEAK_LINK, Correspondence
from checker.align.units import Unit
from checker.checks.base import Finding, Severity, rule
from checker.model import Report
from checker.template import Template


def _links(report: Report, alignment: Alignment) -> Correspondence | None:
    return alignment.links if not report.parse_error else None


def _unlinked(report: Report, alignment: Alignment, role: str) -> Iterator[tuple[Unit, int, float, float]]:
    """Problems with no link to ``role`` ("causes" or "measures") when the template asks for one
    and the section exists (a missing section is S101's finding, not one per problem): each with
    its closest candidate (1-based), that one's score and the document's floor."""
    links = _links(report, alignment)
    if links is None or not (links.expects_causes if role == "causes" else links.expects_measures):
        return
    matrix = links.cause_matrix if role == "causes" else links.measure_matrix
    floor = links.cause_floor if role == "causes" else links.measure_floor
    for link, unit in zip(links.links, links.problems, strict=True):
        if not (link.causes if role == "causes" else link.measures):
            row = matrix[link.problem - 1]
            best = max(range(len(row)), key=row.__getitem__) if row else 0
            yield unit, best + 1, row[best] if row else 0.0, floor


def _unanswered(report: Report, alignment: Alignment, code: str, role: str) -> Iterator[Finding]:
    """A clear absence: nothing in the section comes near the problem (C201/C202). One whose
    closest candidate is above the floor but was not chosen is unclear (C207), not absent."""
    for unit, _, score, floor in _unlinked(report, alignment, role):
        if score < floor:
            yield Finding(code, unit.item.marker_span, {"heading": unit.item.short_heading})


def _orphans(report: Report, template: Template, alignment: Alignment, code: str, role: str) -> Iterator[Finding]:
    """Causes or measures that answer no problem."""
    links = _links(report, alignment)
    expected = links is not None and (
        links.expects_causes if role == "causes" else links.expects_measures
    )
    if links is None or not expected or not links.problems:
        return
    linked = links.linked_causes() if role == "causes" else links.linked_measures()
    units = links.causes if role == "causes" else links.measures
    commitments = template.links.commitments if role == "measures" else []
    for index, unit in enumerate(units, start=1):
        if index in linked or any(word in unit.item.heading for word in commitments):
            continue  # a closing integrity commitment answers the report as a whole
        yield Finding(code, unit.item.marker_span, {"heading": unit.item.short_heading})


@rule(
    code="C201",
    name="problem-without-cause",
    severity=Severity.WARNING,
    summary={"zh": "问题没有对应的原因。", "en": "A problem has no cause that explains it."},
    why={
        "zh": "“问题准、根源清、措施实”：每个查摆出的问题都应在原因剖析中找到思想根源，否则原因剖析就是泛泛而谈。",
        "en": "Each problem needs a root cause in the causes section; otherwise the analysis is generic.",
    },
    bad="问题：（四）工作作风方面……\n原因：一是理论学习……二是能力本领……（没有涉及作风）",
    good="原因：……四是宗旨意识淡化，作风不够扎实……",
    aligned=True,
)
def problem_without_cause(report: Report, template: Template, alignment: Alignment) -> Iterator[Finding]:
    yield from _unanswered(report, alignment, "C201", "causes")


@rule(
    code="C202",
    name="problem-without-measure",
    severity=Severity.WARNING,
    summary={"zh": "问题没有对应的整改措施。", "en": "A problem has no measure that answers it."},
    why={
        "zh": "查摆出的问题必须有针对性的整改措施，否则就是“只查不改”。",
        "en": "Every problem found must be answered by a measure; otherwise nothing will change.",
    },
    bad="问题：三是社区警务基础工作不扎实……\n打算：一是加强学习……二是加强队伍管理……",
    good="打算：……三是夯实社区警务基础，每月走访……",
    aligned=True,
)
def problem_without_measure(report: Report, template: Template, alignment: Alignment) -> Iterator[Finding]:
    yield from _unanswered(report, alignment, "C202", "measures")


@rule(
    code="C203",
    name="orphan-cause",
    severity=Severity.WARNING,
    summary={"zh": "原因没有对应任何问题。", "en": "A cause explains none of the problems."},
    why={
        "zh": "原因剖析应针对查摆出的问题；与问题无关的原因说明剖析脱离了问题本身。",
        "en": "Causes should explain the problems found; one that explains none is detached from them.",
    },
    bad="原因：四是对网络安全重视不够……（问题中没有相关内容）",
    good="问题：……四是网络安全管理不到位……\n原因：四是对网络安全重视不够……",
    aligned=True,
)
def orphan_cause(report: Report, template: Template, alignment: Alignment) -> Iterator[Finding]:
    yield from _orphans(report, template, alignment, "C203", "causes")


@rule(
    code="C204",
    name="orphan-measure",
    severity=Severity.WARNING,
    summary={"zh": "整改措施没有对应任何问题。", "en": "A measure answers none of the problems."},
    why={
        "zh": "整改措施要对症下药；与查摆问题无关的措施说明“问题”和“措施”两张皮。",
        "en": "Measures must answer the problems found; one that answers none shows the two sections were written apart.",
    },
    bad="问题：学用结合、产业基础、党员管理……\n打算：……四是抓好农村人居环境整治……",
    good="打算：每条措施都对应一个查摆出的问题",
    aligned=True,
)
def orphan_measure(report: Report, template: Template, alignment: Alignment) -> Iterator[Finding]:
    yield from _orphans(report, template, alignment, "C204", "measures")


@rule(
    code="C205",
    name="weak-link",
    severity=Severity.INFO,
    summary={
        "zh": "问题与其原因或措施的对应关系较弱。",
        "en": "A problem's link to its cause or measure is weak.",
    },
    why={
        "zh": "对应的原因或措施与问题几乎没有共同的内容，审阅者可能看不出它们的关系；可在措施中点明针对的问题。",
        "en": "The linked cause or measure shares little with the problem; say which problem it answers.",
    },
    bad="问题：服务同学的意识不够强。\n措施：3.主动办实事。",
    good="措施：3.增强服务同学的意识，每月为同学办一件实事。",
    aligned=True,
)
def weak_link(report: Report, template: Template, alignment: Alignment) -> Iterator[Finding]:
    links = _links(report, alignment)
    if links is None:
        return
    for link, unit in zip(links.links, links.problems, strict=True):
        for kind, targets, scores in (
            ("原因", link.causes, link.cause_confidence),
            ("措施", link.measures, link.measure_confidence),
        ):
            for target, score in zip(targets, scores, strict=True):
                if score < WEAK_LINK:  # below the level this document's links reach
                    yield Finding("C205", unit.item.marker_span, {"heading": unit.item.short_heading,
                        "kind": kind, "kind_en": "cause" if kind == "原因" else "measure", "target": target,
                        "score": f"{score:.2f}"})  # fmt: skip


@rule(
    code="C206",
    name="link-order",
    severity=Severity.WARNING,
    summary={
        "zh": "模板要求一一对应时，原因或措施的顺序与问题不一致。",
        "en": "Causes or measures are out of the problems' order where the template wants it kept.",
    },
    why={
        "zh": "有的组织者要求问题、原因、措施按同一顺序一一对应，便于逐条核对。",
        "en": "Some organisers want problems, causes and measures in the same order so they can be checked line by line.",
    },
    bad="问题一对应措施三，问题三对应措施一（模板要求顺序一致）",
    good="问题一对应措施一，问题二对应措施二……",
    aligned=True,
)
def link_order(report: Report, template: Template, alignment: Alignment) -> Iterator[Finding]:
    links = _links(report, alignment)
    if links is None or not template.links.one_to_one_order:
        return
    for link, unit in zip(links.links, links.problems, strict=True):
        for kind, targets in (("原因", link.causes), ("措施", link.measures)):
            if targets and link.problem not in targets:
                yield Finding("C206", unit.item.marker_span, {"index": link.problem, "kind": kind,
                    "kind_en": "cause" if kind == "原因" else "measure", "found": ",".join(map(str, targets))})  # fmt: skip


@rule(
    code="C207",
    name="unclear-link",
    severity=Severity.INFO,
    summary={"zh": "问题与原因或措施的对应关系不明确。", "en": "Which cause or measure answers a problem is unclear."},
    why={
        "zh": "某条原因或措施与问题有共同内容，但更贴近别的问题，无法判断它是否也回答了这个问题；在原因或措施中点明所针对的问题，审阅者就一目了然。",
        "en": "A cause or measure shares something with the problem but fits another one better, so whether it answers this one too is unclear; name the problem it answers.",
    },
    bad="问题：二是矛盾纠纷预防不够。\n原因：二是怕得罪人，纠纷调解不愿较真。（也是第三个问题的原因）",
    good="原因：二是怕得罪人，这是产生第二、三个问题的共同原因……",
    aligned=True,
)
def unclear_link(report: Report, template: Template, alignment: Alignment) -> Iterator[Finding]:
    for role, kind, kind_en in (("causes", "原因", "cause"), ("measures", "措施", "measure")):
        for unit, target, score, floor in _unlinked(report, alignment, role):
            if score >= floor:
                yield Finding("C207", unit.item.marker_span, {"heading": unit.item.short_heading, "kind": kind,
                              "kind_en": kind_en, "target": target, "score": f"{score:.2f}"})  # fmt: skip
