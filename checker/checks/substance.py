"""Substance (Q1xx): what reviewers send a report back for — 问题准、原因清、措施明、把自己摆进去
(../shared/docs/substance.md). Each item is judged by its structure, from one scan of its text
(checker/substance/; the lists and thresholds in rules/substance.toml): what evidence it gives,
where a reason stands and whether the writer turns it on himself, who the subject of a clause is.

Most accepted reports are written in general terms, so a finding is a warning only in the clear case
a reviewer would send back; the borderline case is a *tentative* finding, one level lower (info).
The rules run only where the template has the section they read (述职述廉 has no causes)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from checker.checks.base import Finding, Severity, paragraph_span, rule
from checker.model import Item, Report, Section, Span
from checker.substance import Substance, substance_for
from checker.substance.scan import EVIDENCE, MEASURE, Hits, Spans, scan, sentence_of
from checker.template import Template

if TYPE_CHECKING:
    from checker.align import Alignment

ROLE_OF = {"Q101": "problems", "Q104": "problems", "Q106": "problems", "Q107": "problems",
           "Q102": "causes", "Q105": "causes", "Q103": "measures", "Q108": "problems"}  # fmt: skip


def role_items(report: Report, template: Template, role: str) -> list[Item]:
    """The top-level items of every section of ``role``, when the template has such a section."""
    if report.parse_error or not any(spec.role == role for spec in template.sections):
        return []
    return [item for section in report.sections if section.role == role for item in section.items]


# The lists each role's rules read: an item is scanned for these only. The lists read beside
# another hit (others_person after 有的, praise_trait after 太, neglect_object by 忽视, evidence_verbs
# and others_fault in the clause of an others subject) are looked up in that window (Substance.find).
LISTS = {
    "problems": ("deficit", "evidence_number", "not_evidence", "evidence_time", "evidence_period", "evidence_example",
                 "evidence_event", "praise_excess", "praise_sacrifice", "praise_degree", "neglect_verb", "praise_virtue",
                 "praise_zeal", "harm", "others_quantifier", "collective_subject", "self_reference", "not_self", "thought"),
    "causes": ("objective_excuse", "blame_marker", "owning_turn", "owning_self", "excuse_critique", "subjective_root"),
    "measures": ("evidence_number", "not_evidence", "measure_time", "measure_quantity", "measure_object", "measure_rule",
                 "measure_owner", "vague_measure"),
    "review": ("last_year_reference", "last_year_status"),
}  # fmt: skip


HITS_MEMO = "substance_hits"  # the entry of report.memo that holds every item's scan


def hits_of(report: Report, template: Template, item: Item, role: str) -> Hits:
    """The scan of an item's whole text (its children included) for its role's lists, once per report."""
    memo: dict[int, Hits] = report.memo.setdefault(HITS_MEMO, {})
    found = memo.get(id(item))
    if found is None:
        found = memo[id(item)] = scan(item.text, substance_for(template), LISTS[role])
    return found


def heading_end(item: Item) -> int:
    """Where the item's heading (its lead sentence) ends in ``item.text``."""
    start = item.text.find(item.heading) if item.heading else -1
    return start + len(item.heading) if start >= 0 else len(item.marker.text)


def _args(role: str, index: int, item: Item, **more: Any) -> dict[str, Any]:
    return {"role": role, "item": index, "heading": item.short_heading, **more}


def _joined(terms: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(terms)


def _stock(terms: list[str]) -> dict[str, str]:
    """The stock phrases an item is made of, quoted for the message. The same few terms recur
    in item after item: their two quotations are made once and shared by every finding."""
    return _quoted_stock(tuple(terms))


@lru_cache(maxsize=1024)
def _quoted_stock(terms: tuple[str, ...]) -> dict[str, str]:
    if not terms:
        return {"stock": "概括性表述", "stock_en": "general statements"}
    return {"stock": f"“{_joined(list(terms), 'zh')}”等概括性表述",
            "stock_en": f"general phrases such as “{_joined(list(terms), 'en')}”"}  # fmt: skip


# -- Q101 -------------------------------------------------------------------------------------------------


FACTS = ("evidence_number", "evidence_time", "evidence_example")  # and 《documents》: what alone makes an item specific


def evidence(hits: Hits, substance: Substance) -> float:
    """How much a problem item shows of what happened: numbers, dates, documents, examples, events,
    a task named as the setting (在推进……工作中)."""
    need = substance.problem_specific_score
    score = hits.score(EVIDENCE, substance.weights, enough=need)
    return score if score >= need else score + substance.setting_weight * min(hits.settings, 1)


def judge_problem(hits: Hits, substance: Substance) -> bool | None:
    """None: specific (its evidence scores enough). True: made of stock abstractions and nothing
    else — no fact (a number, a date, a document, an example; a passing 今年 or 回复 is none) and
    most clauses hold a stock phrase (the clear case). False: little evidence, or not only stock
    phrases (borderline)."""
    if evidence(hits, substance) >= substance.problem_specific_score:
        return None
    facts = hits.score(FACTS, {}, enough=1)
    return (facts == 0 and hits.count("deficit") >= substance.problem_vague_terms
            and hits.clause_share("deficit") >= substance.problem_stock_share)  # fmt: skip


@rule(
    code="Q101",
    memos=(HITS_MEMO,),
    name="problem-not-specific",
    severity=Severity.WARNING,
    summary={
        "zh": "问题只有套话，没有本人的具体事例。",
        "en": "A problem is only stock abstractions, with no concrete instance of the writer's conduct.",
    },
    why={
        "zh": "“见人见事见思想”（习近平，2023年主题教育工作会议）：问题要用事实说话——什么事、什么时候、在哪里、哪项任务、多少次。只有“不够深入、有所放松、还有差距”的问题，读不出是谁写的、发生了什么，是退回重写最常见的理由。",
        "en": "Reviewers ask for problems that show the person, the event and the thinking (见人见事见思想, 2023): what happened, when, where, in which task, how often. An item of 不够深入, 有所放松, 还有差距 alone says nothing of the writer and is the commonest reason a report is sent back.",
    },
    detection={
        "zh": "逐条统计本人的事实：带单位的数字（3次、12.6万元）、日期（9月、上半年）、《文件》、事例标记（比如、有一次、当时）各计 1 分；“今年”等相对时间、会议投诉等事件词、“在推进……工作中”各计 0.5 分，不足 1 分为不具体。没有任何事实、套话不少于 5 处、八成以上分句是套话时为警告；其余（有一点线索，或只有一句判断）为提示。标题抽象而正文具体的问题不算；“四个意识”“一名党员”不是数字事实。调整：rules/substance.toml 的 problem_specific_score、problem_vague_terms、problem_stock_share 和词表 lexicons.deficit、lexicons.evidence_*，或在模板、配置的 [substance] 中修改（例如允许一句话问题的发言提纲格式）。",
        "en": "Each item's facts are scored: a number with its unit (3次, 12.6万元), a date (9月, 上半年), a 《document》 or an example marker (比如, 有一次, 当时) scores 1; a relative time (今年), an event word or a task named as the setting (在推进……工作中) 0.5. Under 1 the item is not specific. No fact at all, five or more stock phrases and four clauses in five holding one is a warning; the rest (a hint of a fact, or one judgement sentence) is info. An abstract heading over a concrete body is specific; 四个意识 and 一名党员 are no figures. Tune in rules/substance.toml (problem_specific_score, problem_vague_terms, problem_stock_share; lists deficit and evidence_*), or in a template's or configuration's [substance] table (say, a 发言提纲 format that allows one-sentence problems).",
    },
    bad="（二）为民服务意识有所淡化。联系群众不够经常，下基层次数偏少，同群众的距离有所拉大，离组织要求还有差距。",
    good="（二）为民服务意识有所淡化。今年我到包联的两个村走访只有3次，9月村民反映的排水沟堵塞，我批给城建办后没有再过问，拖到11月才修通。",
)
def problem_not_specific(report: Report, template: Template) -> Iterator[Finding]:
    substance = substance_for(template)
    for index, item in enumerate(role_items(report, template, "problems"), start=1):
        hits = hits_of(report, template, item, "problems")
        verdict = judge_problem(hits, substance)
        if verdict is None:
            continue
        yield Finding("Q101", item.heading_span, _args("problems", index, item, borderline=not verdict,
                      **_stock(hits.terms("deficit"))), tentative=not verdict)  # fmt: skip


# -- Q102 -------------------------------------------------------------------------------------------------


def _owned(hits: Hits, start: int, end: int, last_owner: int) -> bool:
    """An objective reason the writer owns: conceded and then turned on himself — a turn after it
    (但, 根子, 说到底) followed by a subjective root or the writer himself (实际上是自己……), whose last
    one starts at ``last_owner`` — or named as his own excuse or belief in its sentence (强调任务重,
    以…为由, 总觉得)."""
    turns = hits.get("owning_turn")
    index = bisect_left(turns, (end,))
    if index < len(turns) and turns[index][1] <= last_owner:
        return True
    critiques = hits.get("excuse_critique")
    if not critiques:
        return False
    s_start, s_end = sentence_of(hits, start)
    near = bisect_left(critiques, (max(s_start, start - 20),))
    return near < len(critiques) and critiques[near][0] < min(s_end, start + 20)


def judge_cause(hits: Hits, heading_stop: int, substance: Substance) -> tuple[bool, list[str]] | None:
    """None: the cause owns its reasons. (True, terms): an objective reason heads the cause, or the
    body gives several and no subjective root (the clear case). (False, terms): an unowned
    objective reason beside a subjective one (borderline)."""
    reasons = hits.get("objective_excuse")
    if not reasons:
        return None
    owners = [spans[-1][0] for spans in (hits.get("subjective_root"), hits.get("owning_self")) if spans]
    last_owner = max(owners, default=-1)
    unowned = [(s, e, t) for s, e, t in reasons if not _owned(hits, s, e, last_owner)]
    if not unowned:
        return None
    terms = list(dict.fromkeys(t for _, _, t in unowned))[:3]
    in_heading = any(s < heading_stop for s, _, _ in unowned)
    blamed = any(_blamed(hits, s) for s, _, _ in unowned)
    many = len(unowned) >= substance.cause_objective_terms
    clear = in_heading or (many and (blamed or not hits.get("subjective_root")))
    return clear, terms


def _blamed(hits: Hits, start: int) -> bool:
    """The reason is given as the cause: 主要是…, 由于…, 加之… shortly before it in its sentence."""
    s_start, _ = sentence_of(hits, start)
    markers = hits.get("blame_marker")
    index = bisect_left(markers, (max(s_start, start - 15),))
    return index < len(markers) and markers[index][0] < start


@rule(
    code="Q102",
    memos=(HITS_MEMO,),
    name="cause-objective",
    severity=Severity.WARNING,
    summary={
        "zh": "原因归于客观条件（任务重、人手少、精力有限），没有从自身找根源。",
        "en": "A cause blames circumstances (workload, staff, time) instead of the writer's own thinking.",
    },
    why={
        "zh": "原因要从主观上找、挖思想根源（“着力从思想根源上解决问题”，习近平，2023）；“讲客观原因多，讲主观原因少”是分析检查报告历来被点名的通病。",
        "en": "Causes must be sought in the writer's own thinking (从主观上找、挖思想根源, 2023); much on circumstances and little on oneself is the fault reviewers have named for years.",
    },
    detection={
        "zh": "在原因中找客观理由（任务重、人手紧、精力有限、事务性工作多、考核多……）。先承认客观、再用“但、根子在于、说到底、归根到底、主要还是”转到自己身上的，算作自身原因；把客观情况当作自己的借口来检讨的（“强调……”“以……为由”“总觉得……”）也算。客观理由写在原因标题里，或正文用“主要是、由于”把多处客观理由当作原因而没有任何主观根源时为警告；客观理由与主观根源并存、又没有转折时为提示。词表：lexicons.objective_excuse、blame_marker、owning_turn、owning_self、excuse_critique、subjective_root；阈值 cause_objective_terms。",
        "en": "Objective reasons are looked for in each cause (任务重, 人手紧, 精力有限, 事务性工作多, 考核多 …). One conceded and then turned on the writer (但, 根子在于, 说到底, 归根到底, 主要还是) is owned, and so is one the writer criticises as his own excuse (强调…, 以…为由, 总觉得…). An objective reason in the cause's heading, or several given as the cause (主要是, 由于) with no subjective root, is a warning; an unowned one beside a subjective root is info. Lists: objective_excuse, blame_marker, owning_turn, owning_self, excuse_critique, subjective_root; threshold cause_objective_terms.",
    },
    bad="（二）客观条件限制较多。今年任务重、事务性工作多，人手紧，个人精力有限，没有时间深入基层。",
    good="（二）群众观念淡化。表面看是今年任务重、人手紧，根子在于我把完成上级交办的事看得比群众的事重，主观上放松了要求。",
)
def cause_objective(report: Report, template: Template) -> Iterator[Finding]:
    substance = substance_for(template)
    for index, item in enumerate(role_items(report, template, "causes"), start=1):
        hits = hits_of(report, template, item, "causes")
        verdict = judge_cause(hits, heading_end(item), substance)
        if verdict is None:
            continue
        clear, terms = verdict
        yield Finding("Q102", item.heading_span, _args("causes", index, item, borderline=not clear,
                      found=_joined(terms, "zh"), found_en=_joined(terms, "en")), tentative=not clear)  # fmt: skip


# -- Q103 -------------------------------------------------------------------------------------------------


def judge_measure(hits: Hits, substance: Substance) -> bool | None:
    """None: checkable. True: slogans — most clauses open with 进一步/切实/不断 and nothing can be
    checked (the clear case). False: little that can be checked, but not slogans only (borderline)."""
    if hits.score(MEASURE, substance.weights, enough=substance.measure_checkable_score) >= substance.measure_checkable_score:
        return None
    if not hits.get("vague_measure"):
        return None  # plain actions with their objects (设立帮办专区): concrete, if undated
    return (hits.count("vague_measure") >= substance.measure_vague_terms
            and hits.clause_share("vague_measure") >= substance.measure_slogan_share)  # fmt: skip


@rule(
    code="Q103",
    memos=(HITS_MEMO,),
    name="measure-not-actionable",
    severity=Severity.WARNING,
    summary={
        "zh": "整改措施只有口号（进一步加强、不断提高、切实增强），无法检验。",
        "en": "A measure is slogans only (进一步加强, 不断提高), with nothing that can be checked.",
    },
    why={
        "zh": "措施要具体、可检验、有时限：“明确具体措施、整改时限、责任分工”（蔡奇，2023年主题教育工作会议）；“表态化、口号化”的措施明年无从检查。",
        "en": "Measures must be concrete, checkable and dated: 明确具体措施、整改时限、责任分工 (Cai Qi, 2023). A measure of slogans cannot be checked next year.",
    },
    detection={
        "zh": "逐条统计可检验的内容：时间和频次（每季度、年底前）、数量（至少、不少于、2次）、具体成果（台账、清单、调研报告）、责任（牵头、由我、销号）各计 1 分，制度、机制计 0.5 分，不足 1 分为不可检验。没有可检验的内容、口号词（进一步、切实、不断、努力……）不少于 2 处且四分之三以上分句是口号时为警告；只有具体动作、没有时限的（设立帮办窗口）不算；其余为提示。短而具体的措施没有问题。调整：measure_checkable_score、measure_vague_terms、measure_slogan_share，词表 lexicons.measure_*、vague_measure。",
        "en": "Each measure's checkable content is scored: a time or frequency (每季度, 年底前), a quantity (至少, 不少于, 2次), an artefact (台账, 清单, 调研报告) or an owner (牵头, 由我, 销号) scores 1, a rule or mechanism (制度, 机制) 0.5; under 1 it is not checkable. Nothing checkable, two or more slogan words (进一步, 切实, 不断, 努力 …) and three clauses in four holding one is a warning; plain actions with their object and no date (设立帮办窗口) are not flagged; the rest is info. A short but concrete measure is fine. Tune: measure_checkable_score, measure_vague_terms, measure_slogan_share; lists measure_*, vague_measure.",
    },
    bad="3.切实加强作风建设。进一步增强宗旨意识，不断改进工作作风，努力做到真抓实干。",
    good="3.切实加强作风建设。每月至少两天到包联村蹲点，群众反映的问题建立台账，年底前逐件办结销号。",
)
def measure_not_actionable(report: Report, template: Template) -> Iterator[Finding]:
    substance = substance_for(template)
    for index, item in enumerate(role_items(report, template, "measures"), start=1):
        hits = hits_of(report, template, item, "measures")
        verdict = judge_measure(hits, substance)
        if verdict is None:
            continue
        yield Finding("Q103", item.heading_span, _args("measures", index, item, borderline=not verdict,
                      **_stock(hits.terms("vague_measure"))), tentative=not verdict)  # fmt: skip


# -- Q104 -------------------------------------------------------------------------------------------------


def judge_praise(hits: Hits, substance: Substance) -> tuple[bool, list[str]] | None:
    """Virtues dressed as faults, in three kinds: an excess of a virtue (太投入, 要求过严), a sacrifice
    for the work (忽视身体, 陪伴家人少, 凌晨), zeal explained by a virtue (急于求成 … 因为责任心太强).
    Two kinds together is the clear case; one alone is borderline unless the item states harm done."""
    text = hits.text
    degrees = [(s, t[1], t[2]) for s, e, _ in hits.get("praise_degree")
               if (t := substance.find("praise_trait", text, e, e + 2)) is not None]  # 太投入, 过于认真
    neglects = [(min(s, t[0]), max(e, t[1]), "") for s, e, _ in hits.get("neglect_verb")
                if (t := substance.find("neglect_object", text, e, e + 6)
                    or substance.find("neglect_object", text, s - 8, s, ends_by=s)) is not None]  # 忽视家庭, 对家人…照顾不够
    excess = _merged(hits.get("praise_excess"), degrees)
    sacrifice = _merged(hits.get("praise_sacrifice"), [(s, e, text[s:e]) for s, e, _ in neglects])
    virtue = hits.get("praise_virtue")
    window = int(substance.praise_window)
    # zeal explained by a virtue (责任心), or by a virtue in excess (责任心太强: one hit, the longest)
    virtue = _merged(virtue, hits.get("praise_excess"))
    zeal = [z for z in hits.get("praise_zeal") if _within(virtue, z[0] - window, z[0] + window)]
    kinds = sum(1 for found in (excess, sacrifice, zeal) if found)
    if kinds == 0:
        return None
    terms = list(dict.fromkeys(t for _, _, t in sorted(excess + sacrifice + zeal)))[:3]
    if kinds >= 2:
        return True, terms
    if hits.get("harm") or (sacrifice and not excess and not zeal and len(sacrifice) < 2):
        return None  # a fault with its harm named, or one late night mentioned in passing
    return False, terms


def _within(spans: Spans, low: int, high: int) -> bool:
    """Whether a span starts in [low, high] (a bisect)."""
    index = bisect_left(spans, (low,))
    return index < len(spans) and spans[index][0] <= high


def _merged(*lists: Spans) -> list[tuple[int, int, str]]:
    """Hits of several kinds as one list, a span found twice kept once."""
    kept: list[tuple[int, int, str]] = []
    for hit in sorted(h for spans in lists for h in spans):
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


@rule(
    code="Q104",
    memos=(HITS_MEMO,),
    name="criticism-as-praise",
    severity=Severity.WARNING,
    summary={
        "zh": "问题实为变相表扬（明批暗褒）：工作太投入、要求过严、顾不上家。",
        "en": "A problem is a virtue in disguise: too devoted, too strict, neglects family for the work.",
    },
    why={
        "zh": "“自我批评其外，自我表扬其中”（《瞭望》）；《中国组织人事报》把“不注意劳逸结合”“对人对事太严肃”列为“明贬暗褒式”伪批评。问题要写真正的缺点，和它对工作、群众、纪律造成的损害。",
        "en": "Self-praise dressed as self-criticism (明批暗褒) is a named fake: 不注意劳逸结合, 对人对事太严肃 (《中国组织人事报》, 2014). A problem should be a real fault and the harm it does to the work, the masses or discipline.",
    },
    detection={
        "zh": "三类说法：美德过头（太投入、要求过严、标准太高，“太、过于、过分”+投入、认真、严格……）、为工作牺牲（忽视家庭、陪伴家人少、加班到深夜、不休年假）、以美德解释的急躁（急于求成……因为责任心太强）。同一问题出现两类为警告；只有一类、又没有写明造成的损害（挫伤、影响了、造成）为提示。“严于律己”是自我要求，不是变相表扬。词表：lexicons.praise_*、neglect_*、harm；阈值 praise_window。",
        "en": "Three kinds of phrase: a virtue in excess (太投入, 要求过严, 标准太高; 太/过于/过分 + 投入, 认真, 严格 …), a sacrifice for the work (忽视家庭, 陪伴家人少, 加班到深夜, 不休年假), zeal explained by a virtue (急于求成 … 因为责任心太强). Two kinds in one problem is a warning; one kind with no harm stated (挫伤, 影响了, 造成) is info. 严于律己 is a standard one holds oneself to, not praise in disguise. Lists: praise_*, neglect_*, harm; threshold praise_window.",
    },
    bad="（三）工作过于投入，对家庭照顾不够。为赶进度经常加班到凌晨，节假日也很少休息，陪伴家人少。",
    good="（三）对下属简单粗暴。9月两名新同志材料出错，我在例会上当众训斥，挫伤了他们的积极性，事后也没有谈心。",
)
def criticism_as_praise(report: Report, template: Template) -> Iterator[Finding]:
    substance = substance_for(template)
    for index, item in enumerate(role_items(report, template, "problems"), start=1):
        verdict = judge_praise(hits_of(report, template, item, "problems"), substance)
        if verdict is None:
            continue
        clear, terms = verdict
        yield Finding("Q104", item.heading_span, _args("problems", index, item, borderline=not clear,
                      found=_joined(terms, "zh"), found_en=_joined(terms, "en")), tentative=not clear)  # fmt: skip


# -- Q105 -------------------------------------------------------------------------------------------------


_CJK_RUN = re.compile("[\u4e00-\u9fff]{2,}")


def bigrams(text: str) -> set[str]:
    """The CJK character pairs of ``text`` (what two texts share at the level of words)."""
    return {run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)}


_GENERIC: dict[int, tuple[Substance, frozenset[str]]] = {}


def generic_bigrams(substance: Substance) -> frozenset[str]:
    """Pairs every item of the genre uses (不够, 存在, 工作 …): they show no restating."""
    found = _GENERIC.get(id(substance))
    if found is not None and found[0] is substance:
        return found[1]
    from checker.align.lexicon import lexicon

    words = [*lexicon().stop_phrases, *substance.terms.get("deficit", ()), *substance.terms.get("vague_measure", ())]
    pairs = frozenset(pair for word in words for pair in bigrams(word))
    _GENERIC[id(substance)] = (substance, pairs)
    return pairs


def restates(problem_heading: str, cause: set[str], generic: frozenset[str]) -> tuple[float, int]:
    """The share of the problem heading's own word pairs that the cause (its pairs) repeats, and
    how many pairs the heading has (a restating cause says the problem again: 推进迟缓 → 推进不够
    有力，导致迟缓)."""
    own = bigrams(problem_heading) - generic
    return (len(own & cause) / len(own) if own else 0.0), len(own)


@rule(
    code="Q105",
    memos=(HITS_MEMO,),
    name="cause-restates-problem",
    severity=Severity.WARNING,
    summary={
        "zh": "原因只是把对应的问题换个说法重复，没有指出思想根源。",
        "en": "A cause only rephrases the problem it is linked to and names no root.",
    },
    why={
        "zh": "“要防止把问题当原因、问题与原因不分”：原因要回答“为什么”，从理想信念、宗旨意识、党性修养、政绩观等方面找根子，而不是把问题换个说法再说一遍（“推进不够有力，导致进展迟缓”）。",
        "en": "A cause must say why, in the writer's ideals, sense of purpose, party spirit or view of achievement, not say the problem again in other words (推进不够有力，导致进展迟缓); reviewers warn against 把问题当原因.",
    },
    detection={
        "zh": "读问题与原因的对应关系（与 C201 相同的对齐结果）。原因不含任何主观根源词（思想、意识、观念、心态、政绩观……），它的标题和正文又重复了所对应问题标题的大部分词（去掉不够、存在、工作等通用词）时为警告。只是方面名称的问题标题（“担当作为方面”）不比较。阈值：restate_overlap、restate_heading_overlap、restate_min_pairs；词表 lexicons.subjective_root、aspect_heading。",
        "en": "Read from the problem–cause links (the alignment C201 uses). A cause that names no subjective root (思想, 意识, 观念, 心态, 政绩观 …) and whose heading and body repeat most of its problem's heading (genre words such as 不够, 存在, 工作 aside) is a warning. A problem heading that only names an aspect (担当作为方面) is not compared. Thresholds: restate_overlap, restate_heading_overlap, restate_min_pairs; lists subjective_root, aspect_heading.",
    },
    bad="问题：（二）项目审批推进缓慢……\n原因：（二）项目审批推进不够有力。对审批工作抓得不紧，导致项目审批推进缓慢。",
    good="原因：（二）怕担责的心态作祟。总想等材料“万无一失”再签，实质是把个人不出错看得比企业的难处重。",
    aligned=True,
)
def cause_restates_problem(report: Report, template: Template, alignment: Alignment) -> Iterator[Finding]:
    links = alignment.links
    if links is None or report.parse_error or not links.expects_causes:
        return
    if not role_items(report, template, "causes"):
        return
    substance = substance_for(template)
    generic = generic_bigrams(substance)
    problems_of: dict[int, list[int]] = {}
    for link in links.links:
        for cause in link.causes:
            problems_of.setdefault(cause, []).append(link.problem)
    aspects = tuple(substance.terms.get("aspect_heading", ()))
    # The alignment reads the first causes section: its items are the first of role_items.
    for index, unit in enumerate(links.causes, start=1):
        item = unit.item
        linked = problems_of.get(index)
        if not linked or hits_of(report, template, item, "causes").get("subjective_root"):
            continue  # a cause that names a root (思想上放松, 政绩观) is no restatement, however close
        body, own_heading = bigrams(item.text[len(item.marker.text) :]), bigrams(item.heading)
        best: tuple[float, int] | None = None
        for p in linked:
            heading = links.problems[p - 1].item.heading.rstrip("。：:；;，, ")
            if not heading or heading.endswith(aspects):
                continue  # 担当作为方面: an aspect, no problem stated
            share, pairs = restates(heading, body, generic)
            named, _ = restates(heading, own_heading, generic)
            if (pairs >= substance.restate_min_pairs and share >= substance.restate_overlap
                    and named >= substance.restate_heading_overlap and (best is None or share > best[0])):  # fmt: skip
                best = (share, p)
        if best is not None:
            yield Finding("Q105", item.heading_span, _args("causes", index, item, problem=best[1],
                          share=f"{best[0]:.0%}"))  # fmt: skip


# -- Q106 -------------------------------------------------------------------------------------------------

_CLAUSE_STOPS = frozenset("，,；;。！？!?：:\n")
_OBJECT_MARKERS = ("对", "向", "给", "帮", "让", "使", "督促", "要求", "批评", "教育", "提醒", "与", "和")


def personal_report(report: Report, substance: Substance) -> bool:
    """One writer's material, not a 领导班子's (whose subject is the 班子): a title naming a 班子 and no
    person is collective; otherwise the template decides (personal_by_default)."""
    title = report.title or ""
    if any(t in title for t in substance.terms.get("personal_title", ())):
        return True
    if any(t in title for t in substance.terms.get("collective_title", ())):
        return False
    return bool(substance.personal_by_default)


def _clause_start(text: str, position: int) -> int:
    start = position
    while start > 0 and text[start - 1] not in _CLAUSE_STOPS and position - start < 12:
        start -= 1
    return start


def _first_at(spans: Spans, position: int) -> int | None:
    """The start of the first span at or after ``position``."""
    index = bisect_left(spans, (position,))
    return spans[index][0] if index < len(spans) else None


def others_clauses(hits: Hits, substance: Substance) -> tuple[int, int]:
    """(clauses that blame others, mentions of the writer). A clause blames others when it opens
    with 有的/个别/部分/一些 + people (有的同志, 个别支行负责人) or a collective (班子) and its sentence
    states a fault of them (淡薄, 打折扣, 不够); not when they report on the writer (有的同志提醒我,
    有群众反映), nor when they are the object (对个别同志…), nor 有的时候 (no people)."""
    text = hits.text
    selves = hits.get("self_reference")  # 我们 is the collective's: the longest hit, not 我
    subjects = [(s, e, 8) for s, e, _ in hits.get("others_quantifier")]
    subjects += [(s, e, 0) for s, e, _ in hits.get("collective_subject")]
    if not subjects:
        return 0, len(selves)
    deficits = hits.get("deficit")
    clauses: set[int] = set()
    for start, end, reach in subjects:
        clause = _clause_start(text, start)
        lead = text[clause:start]
        if len(lead) > 6 or any(marker in lead for marker in _OBJECT_MARKERS):
            continue  # not the clause's subject
        if reach:
            person = substance.find("others_person", text, end, end + reach + 1)
            if person is None:
                continue  # 有的时候, 一些方面: not people
            if "的" in text[person[1] : person[1] + 2]:
                continue  # 个别村组的管网: the people own the subject, they are not it
        clause_end = end
        while clause_end < len(text) and text[clause_end] not in _CLAUSE_STOPS and clause_end - end < 60:
            clause_end += 1
        self_at = _first_at(selves, clause)
        if substance.find("evidence_verbs", text, end, clause_end) is not None or (
            self_at is not None and self_at < clause_end
        ):
            continue  # others as evidence (有的同志反映…) or the writer in the clause (有的同志对我…)
        _, sentence_end = sentence_of(hits, start)
        limit = min(sentence_end, end + 60)
        deficit = _first_at(deficits, end)
        if (deficit is None or deficit >= limit) and substance.find("others_fault", text, end, limit) is None:
            continue  # a fact about others (部分患者流向县医院), not blame
        clauses.add(clause)
    return len(clauses), len(selves)


@rule(
    code="Q106",
    memos=(HITS_MEMO,),
    name="others-not-self",
    severity=Severity.WARNING,
    summary={
        "zh": "个人材料中的问题写的是别人（有的同志、个别党员、部分干部），不是本人。",
        "en": "In a personal report, a problem is about others (有的同志, 个别党员), not the writer.",
    },
    why={
        "zh": "“把自己摆进去、把职责摆进去、把工作摆进去”（习近平，2023）；“切忌以班子问题代替个人问题”（蔡奇，2023）。“有的同志、个别同志、少数干部”是查摆问题时惯用的回避说法。",
        "en": "Reviewers ask writers to put themselves in (把自己摆进去, 2023) and not to give the 班子's or others' problems for their own (以班子问题代替个人问题); 有的同志, 个别同志, 少数干部 are the stock evasions.",
    },
    detection={
        "zh": "找以“有的、个别、部分、一些”+人（同志、党员、负责人、院长……）或以班子开头、又说了他们缺点的分句；同一问题中有 2 处以上、全条又没有“我、本人”时为警告。“有的时候”不是人；别人对本人的意见（“有的同志提醒我”“有群众反映”）、作为宾语的他人（“对个别同志……”）、写本人问题时以他人为例证，都不算。领导班子的对照检查材料以班子为主语，不检查；整改报告只在标题写明个人时检查。调整：others_clauses、personal_by_default，词表 lexicons.others_*、collective_*、evidence_verbs、self_reference。",
        "en": "Clauses opening with 有的/个别/部分/一些 + people (同志, 党员, 负责人, 院长 …), or with the 班子, that state a fault of them are counted; two or more in a problem with no 我 or 本人 is a warning. 有的时候 is no person; others' remarks about the writer (有的同志提醒我, 有群众反映), others as the object (对个别同志…) and others named as evidence in an item about the writer do not count. A 领导班子 material is about the 班子 and is not checked; a rectification report only when its title names a person. Tune: others_clauses, personal_by_default; lists others_*, collective_*, evidence_verbs, self_reference.",
    },
    bad="（三）队伍管理不够严格。有的党员很少参加组织生活，党费也要催缴；个别干部纪律松弛，上班时间玩手机。",
    good="（三）队伍管理失之于宽。我对长期不参加组织生活的两名党员只在群里提醒，没有上门谈心，督促不力。",
)
def others_not_self(report: Report, template: Template) -> Iterator[Finding]:
    substance = substance_for(template)
    if not personal_report(report, substance):
        return
    for index, item in enumerate(role_items(report, template, "problems"), start=1):
        others, selves = others_clauses(hits_of(report, template, item, "problems"), substance)
        if others >= substance.others_clauses and selves == 0:
            yield Finding("Q106", item.heading_span, _args("problems", index, item, clauses=others))


# -- Q107 -------------------------------------------------------------------------------------------------


@rule(
    code="Q107",
    memos=(HITS_MEMO,),
    name="work-only-problems",
    severity=Severity.WARNING,
    summary={
        "zh": "查摆的问题全是业务工作问题，没有一条涉及思想、政治、理论、纪律、作风或廉洁。",
        "en": "Every problem is about the work; none touches thought, politics, theory, discipline, conduct or integrity.",
    },
    why={
        "zh": "“切忌……以工作问题代替思想问题”（蔡奇，2023年主题教育工作会议）；“讲实际工作问题多，讲党性党风党纪方面的问题少”是分析检查报告的通病。业务问题可以写，但要读出它背后的思想根源（“反映出政绩观有偏差”）。",
        "en": "以工作问题代替思想问题 is named among the faults to avoid (Cai Qi, 2023): a list of work shortfalls reads as a work report, not a self-examination. Work problems are fine when their thought-level meaning is stated (反映出政绩观有偏差).",
    },
    detection={
        "zh": "整个问题部分中，涉及思想政治、理论学习、纪律作风、廉洁自律、宗旨群众、调查研究的条目少于 thought_items（默认 1）条时，在问题部分的标题处报告一次。整改落实情况报告（rectification 模板）中只是提示。词表：lexicons.thought。",
        "en": "When fewer problem items than thought_items (default 1) touch thought, politics, theory, discipline, 作风, integrity, the masses or 调查研究, one finding goes on the problems heading; in a rectification report it is only info. List: thought.",
    },
    bad="一、存在的问题\n（一）项目进度滞后……（二）指标完成不理想……（三）信息化建设推进慢……",
    good="一、存在的问题\n（一）理论学习流于形式……（二）项目进度滞后，反映出我政绩观有偏差……",
)
def work_only_problems(report: Report, template: Template) -> Iterator[Finding]:
    items = role_items(report, template, "problems")
    if not items:
        return
    substance = substance_for(template)
    touching = sum(1 for item in items if hits_of(report, template, item, "problems").get("thought"))
    if touching < substance.thought_items:
        section = next(s for s in report.sections if s.role == "problems")
        yield Finding("Q107", _heading_span(section), {"role": "problems", "items": len(items), "title": section.title})


def _heading_span(section: Section) -> Span:
    return section.span


# -- Q108 -------------------------------------------------------------------------------------------------


def reviews_last_year(report: Report, substance: Substance) -> bool:
    """A section or a paragraph on last year's measures: 上年度/上次/去年 and, within 40 characters
    after, 整改/落实情况/已完成."""
    automaton = substance.automaton_for(LISTS["review"])
    if not len(automaton):
        return False
    for paragraph in report.paragraphs:
        reference = -1  # where the last 上年度/上次 ended
        for end, (_, names, length) in automaton.iter(paragraph.text) if paragraph.text else ():
            if "last_year_status" in names and reference >= 0 and end - length + 1 - reference <= 40:
                return True
            if "last_year_reference" in names:
                reference = end + 1
    return False


@rule(
    code="Q108",
    name="missing-last-year-review",
    severity=Severity.INFO,
    summary={
        "zh": "民主生活会对照检查材料没有说明上年度整改措施的落实情况。",
        "en": "A 民主生活会 statement says nothing of how last year's measures were carried out.",
    },
    why={
        "zh": "民主生活会通常先“回头看”，通报上年度查摆问题和整改措施的落实情况：哪些已完成、哪些在推进、还有什么没做到、为什么。这是普遍做法，但没有找到成文的规定，所以默认只是提示。",
        "en": "A 民主生活会 usually starts by reviewing the previous meeting's measures: what was done, what is under way, what was not and why. This is wide practice, but no written rule was found, so it is info by default.",
    },
    detection={
        "zh": "只检查标题含“民主生活会”的对照检查材料（life-meeting 模板设 ask_last_year_review = true，词表 lexicons.last_year_titles；普通党员的组织生活会材料不要求）。有“上年度、上次、去年、回头看”且其后 40 字内有“整改、落实情况、已完成”等的段落或部分，即算已经说明。组织者可在模板或配置中提高级别（[severity] Q108 = \"warning\"），或把组织生活会加入 last_year_titles。",
        "en": "Only statements titled 民主生活会 are checked (the life-meeting template sets ask_last_year_review = true; list last_year_titles; ordinary members' 组织生活会 statements are not asked). A paragraph or section with 上年度, 上次, 去年 or 回头看 followed within 40 characters by 整改, 落实情况, 已完成 … counts as the review. An organiser raises it in a template or configuration ([severity] Q108 = \"warning\") or adds 组织生活会 to last_year_titles.",
    },
    bad="2024年度民主生活会个人对照检查材料\n一、存在的问题……（全文没有提到上年度整改情况）",
    good="一、上年度民主生活会整改措施落实情况\n上年度查摆的4个问题，已完成整改3个，1个正在推进，预计6月底前完成……",
)
def missing_last_year_review(report: Report, template: Template) -> Iterator[Finding]:
    substance = substance_for(template)
    if not substance.ask_last_year_review or not role_items(report, template, "problems"):
        return
    title = report.title or ""
    if not any(t in title for t in substance.terms.get("last_year_titles", ())):
        return
    if reviews_last_year(report, substance):
        return
    line = report.title_line or 1
    paragraph = report.paragraphs[line - 1]
    yield Finding("Q108", paragraph_span(paragraph, 0, len(paragraph.text)), {"title": title})
