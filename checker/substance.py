"""Substance settings and the one pass over an item's text that the Q rules (checks/substance.py) judge.

The lexicons and thresholds are data: rules/substance.toml, changed by a template's `[substance]`
table and then by a configuration's, each change validated with the file and key named. An item's
text is scanned once by one Aho-Corasick automaton of every term of every lexicon; the hits, per
lexicon, non-overlapping and longest first, are what the rules read. Nothing here judges a report.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from checker.paths import data_dir
from checker.settings import SettingsError, load_settings


class SubstanceError(ValueError):
    """An invalid [substance] table or rules/substance.toml; the message names the file and key."""


@dataclass(frozen=True, slots=True)
class LexiconChange:
    """One list in rules/substance.toml, or a change to it in a template or configuration."""

    source: str | None = None  # where the terms come from (substance.md section and source)
    weight: float | None = field(default=None, metadata={"min": 0})  # what one hit scores, where hits score
    terms: list[str] | None = None  # the whole list, in place of the one it changes
    extend: list[str] = field(default_factory=list)  # terms added
    remove: list[str] = field(default_factory=list)  # terms taken out

    def validate(self) -> list[str]:
        errors = []
        for key, values in (("terms", self.terms or []), ("extend", self.extend), ("remove", self.remove)):
            for index, term in enumerate(values):
                if not isinstance(term, str) or not term.strip():
                    errors.append(f"{key}.{index}: a term must be a non-empty string")
        return errors


@dataclass(frozen=True, slots=True)
class Lexicons:
    """Every list the Q rules read (rules/substance.toml says what each holds and its source)."""

    deficit: LexiconChange | None = None
    evidence_number: LexiconChange | None = None
    single_counts: LexiconChange | None = None
    not_evidence: LexiconChange | None = None
    evidence_time: LexiconChange | None = None
    evidence_period: LexiconChange | None = None
    evidence_example: LexiconChange | None = None
    evidence_event: LexiconChange | None = None
    objective_excuse: LexiconChange | None = None
    blame_marker: LexiconChange | None = None
    owning_turn: LexiconChange | None = None
    owning_self: LexiconChange | None = None
    excuse_critique: LexiconChange | None = None
    subjective_root: LexiconChange | None = None
    aspect_heading: LexiconChange | None = None
    vague_measure: LexiconChange | None = None
    measure_time: LexiconChange | None = None
    measure_quantity: LexiconChange | None = None
    measure_object: LexiconChange | None = None
    measure_rule: LexiconChange | None = None
    measure_owner: LexiconChange | None = None
    praise_excess: LexiconChange | None = None
    praise_sacrifice: LexiconChange | None = None
    praise_degree: LexiconChange | None = None
    praise_trait: LexiconChange | None = None
    neglect_verb: LexiconChange | None = None
    neglect_object: LexiconChange | None = None
    praise_virtue: LexiconChange | None = None
    praise_zeal: LexiconChange | None = None
    harm: LexiconChange | None = None
    others_quantifier: LexiconChange | None = None
    others_person: LexiconChange | None = None
    others_fault: LexiconChange | None = None
    collective_subject: LexiconChange | None = None
    evidence_verbs: LexiconChange | None = None
    self_reference: LexiconChange | None = None
    collective_title: LexiconChange | None = None
    personal_title: LexiconChange | None = None
    thought: LexiconChange | None = None
    last_year_titles: LexiconChange | None = None
    last_year_reference: LexiconChange | None = None
    last_year_status: LexiconChange | None = None


@dataclass(frozen=True, slots=True)
class SubstanceChanges:
    """A `[substance]` table: thresholds by key, lists under `lexicons.<name>`. Keys left out keep
    the value of the level below (rules/substance.toml ← template ← configuration)."""

    problem_specific_score: float | None = field(default=None, metadata={"min": 0})
    setting_weight: float | None = field(default=None, metadata={"min": 0})
    problem_vague_terms: int | None = field(default=None, metadata={"min": 0})
    problem_stock_share: float | None = field(default=None, metadata={"min": 0, "max": 1})
    measure_checkable_score: float | None = field(default=None, metadata={"min": 0})
    measure_vague_terms: int | None = field(default=None, metadata={"min": 0})
    measure_slogan_share: float | None = field(default=None, metadata={"min": 0, "max": 1})
    cause_objective_terms: int | None = field(default=None, metadata={"min": 1})
    restate_overlap: float | None = field(default=None, metadata={"min": 0, "max": 1})
    restate_heading_overlap: float | None = field(default=None, metadata={"min": 0, "max": 1})
    restate_min_pairs: int | None = field(default=None, metadata={"min": 1})
    others_clauses: int | None = field(default=None, metadata={"min": 1})
    personal_by_default: bool | None = None  # Q106 runs unless the title names a 班子
    thought_items: int | None = field(default=None, metadata={"min": 0})
    praise_window: int | None = field(default=None, metadata={"min": 0, "max": 400})
    ask_last_year_review: bool | None = None  # Q108 runs (on titles in last_year_titles)
    lexicons: Lexicons = field(default_factory=Lexicons)

    def is_empty(self) -> bool:
        return self == SubstanceChanges()


THRESHOLDS = tuple(f.name for f in dataclasses.fields(SubstanceChanges) if f.name != "lexicons")
LEXICONS = tuple(f.name for f in dataclasses.fields(Lexicons))


@dataclass(frozen=True, slots=True)
class Substance:
    """The settings in force: every threshold, every list, and the automaton of all their terms."""

    thresholds: dict[str, float]
    terms: dict[str, tuple[str, ...]]
    weights: dict[str, float]
    sources: dict[str, str]
    automaton: Any  # term → (term, names of the lexicons holding it)

    def __getattr__(self, name: str) -> float:
        try:
            return self.thresholds[name]
        except KeyError:
            raise AttributeError(name) from None


def parse_changes(raw: Any, source: str) -> SubstanceChanges:
    """A `[substance]` table validated (types, ranges, known keys and lists) and checked against
    the built-in lists it changes (a term removed must be there)."""
    if not isinstance(raw, dict):
        raise SubstanceError(f"{source}: substance: expected a table")
    try:
        changes = load_settings(SubstanceChanges, raw, f"{source}: substance")
    except SettingsError as exc:
        raise SubstanceError(str(exc).replace(": substance: ", ": substance.")) from exc
    resolve((changes,), source)  # a term removed that is not there is named now, not at check time
    return changes


def builtin_changes() -> SubstanceChanges:
    """rules/substance.toml, which must set every threshold and give every list its terms and source."""
    path = data_dir("rules") / "substance.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SubstanceError(f"{path}: cannot be read: {exc}") from exc
    try:
        changes = load_settings(SubstanceChanges, raw, str(path))
    except SettingsError as exc:
        raise SubstanceError(str(exc)) from exc
    errors = [f"{path}: {name}: required" for name in THRESHOLDS if getattr(changes, name) is None]
    for name in LEXICONS:
        entry = getattr(changes.lexicons, name)
        if entry is None or not entry.terms or not entry.source:
            errors.append(f"{path}: lexicons.{name}: needs terms and a source")
    if errors:
        raise SubstanceError("\n".join(errors))
    return changes


_RESOLVED: dict[str, Substance] = {}


def resolve(levels: tuple[SubstanceChanges, ...], source: str = "[substance]") -> Substance:
    """The built-in settings with each level's changes applied in turn (the same object for the
    same changes: checks and the result cache see one)."""
    levels = tuple(level for level in levels if not level.is_empty())
    key = repr(levels)
    found = _RESOLVED.get(key)
    if found is not None:
        return found
    if not levels:
        from checker.snapshot import load_or_build

        result = load_or_build("substance", lambda: _build((builtin_changes(),), "rules/substance.toml"))
    else:
        result = _build((builtin_changes(), *levels), source)
    _RESOLVED[key] = result
    return result


def _build(levels: tuple[SubstanceChanges, ...], source: str) -> Substance:
    thresholds: dict[str, float] = {}
    terms: dict[str, list[str]] = {}
    weights: dict[str, float] = {}
    sources: dict[str, str] = {}
    errors: list[str] = []
    for level in levels:
        for name in THRESHOLDS:
            value = getattr(level, name)
            if value is not None:
                thresholds[name] = value
        for name in LEXICONS:
            change: LexiconChange | None = getattr(level.lexicons, name)
            if change is None:
                continue
            current = list(change.terms) if change.terms is not None else terms.get(name, [])
            current += [t for t in change.extend if t not in current]
            for term in change.remove:
                if term not in current:
                    errors.append(f"{source}: substance.lexicons.{name}.remove: {term!r} is not in the list")
            terms[name] = [t for t in current if t not in change.remove]
            if change.weight is not None:
                weights[name] = change.weight
            if change.source is not None:
                sources[name] = change.source
    if errors:
        raise SubstanceError("\n".join(errors))
    import ahocorasick

    automaton = ahocorasick.Automaton()
    holders: dict[str, list[str]] = {}
    for name, words in terms.items():
        for word in words:
            holders.setdefault(word, []).append(name)
    for word, names in holders.items():
        automaton.add_word(word, (word, tuple(names)))
    if holders:
        automaton.make_automaton()
    return Substance(thresholds, {n: tuple(t) for n, t in terms.items()},
                     {n: weights.get(n, 1.0) for n in terms}, sources, automaton)  # fmt: skip


def substance_for(template: Any) -> Substance:
    """The settings for a template (its [substance] table, with the configuration's merged in by
    the engine)."""
    changes = getattr(template, "substance", None)
    return resolve((changes,) if changes is not None else ())


def merge_changes(base: SubstanceChanges, top: SubstanceChanges) -> SubstanceChanges:
    """``top`` over ``base``: thresholds it sets replace, a list it changes is changed after
    ``base``'s change (both apply, in order)."""
    if top.is_empty():
        return base
    if base.is_empty():
        return top
    values: dict[str, Any] = {n: getattr(top, n) if getattr(top, n) is not None else getattr(base, n) for n in THRESHOLDS}
    lexicons: dict[str, LexiconChange | None] = {}
    for name in LEXICONS:
        low: LexiconChange | None = getattr(base.lexicons, name)
        high: LexiconChange | None = getattr(top.lexicons, name)
        if low is None or high is None:
            lexicons[name] = high or low
            continue
        if high.terms is not None:  # the whole list replaced: what base did to it no longer counts
            lexicons[name] = dataclasses.replace(high, source=high.source or low.source,
                                                 weight=high.weight if high.weight is not None else low.weight)  # fmt: skip
            continue
        extend = [t for t in low.extend if t not in high.remove] + [t for t in high.extend if t not in low.extend]
        remove = [t for t in low.remove if t not in high.extend] + [t for t in high.remove if t not in low.extend]
        lexicons[name] = LexiconChange(high.source or low.source, high.weight if high.weight is not None else low.weight,
                                       low.terms, extend, remove)  # fmt: skip
    return SubstanceChanges(**values, lexicons=Lexicons(**lexicons))


# -- one pass over a text ---------------------------------------------------------------------------

NUMERALS = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十两百千万几半零〇")
EVIDENCE = ("evidence_number", "evidence_time", "evidence_period", "evidence_example", "evidence_event")
MEASURE = ("evidence_number", "measure_time", "measure_quantity", "measure_object", "measure_rule", "measure_owner")
_CLAUSES = re.compile("[。；！？;!?\n，,：:]")
# 在推进电子证照互认工作中: a task named as the setting (bounded: at most 18 characters between).
_SETTING = re.compile("在[^，。；：,;:\n中时]{5,18}(?:中|时|期间)")
CAP = 2  # hits of one list that count towards a score: a third 每月 proves nothing more


@dataclass(slots=True)
class Hits:
    """Where each list's terms occur in a text: (start, end, term), non-overlapping, in order."""

    text: str
    spans: dict[str, list[tuple[int, int, str]]]
    documents: int = 0  # 《…》 titles
    settings: int = 0  # 在…中 / 在…时 frames naming a task
    stops: list[int] = field(default_factory=list)  # where sentences end (。；！？ and line breaks)
    clauses: list[int] = field(default_factory=list)  # where clauses end (sentence ends, ，and ：)

    def get(self, name: str) -> list[tuple[int, int, str]]:
        return self.spans.get(name, [])

    def count(self, name: str, end: int | None = None) -> int:
        spans = self.spans.get(name, [])
        return len(spans) if end is None else sum(1 for s, _, _ in spans if s < end)

    def terms(self, name: str, limit: int = 3) -> list[str]:
        """The distinct terms found, in order (to quote in a message)."""
        seen: list[str] = []
        for _, _, term in self.spans.get(name, []):
            if term not in seen:
                seen.append(term)
            if len(seen) >= limit:
                break
        return seen

    def clause_share(self, name: str) -> float:
        """The share of clauses (of two characters or more) holding a hit of ``name``."""
        spans = self.spans.get(name, [])
        total = with_hit = 0
        start, index = 0, 0
        for end in [*self.clauses, len(self.text)]:
            if end - start >= 2:
                total += 1
                while index < len(spans) and spans[index][0] < start:
                    index += 1
                if index < len(spans) and spans[index][0] < end:
                    with_hit += 1
            start = end + 1
        return with_hit / total if total else 0.0

    def score(self, names: tuple[str, ...], weights: dict[str, float]) -> float:
        total = sum(weights.get(name, 1.0) * min(len(self.spans.get(name, [])), CAP) for name in names)
        return total + min(self.documents, CAP)


def scan(text: str, substance: Substance) -> Hits:
    """Every list's hits in ``text``: one automaton pass, then per list the longest of overlapping
    hits. A unit (次, 万元, %) counts as a number only right after a numeral (with 一 only for the
    event counts), and not inside a numbered formulation (四个意识)."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    if text and len(substance.automaton):
        for end, (term, names) in substance.automaton.iter(text):
            start = end - len(term) + 1
            for name in names:
                found.setdefault(name, []).append((start, end + 1, term))
    spans = {name: _longest(hits) for name, hits in found.items()}
    numbers = spans.get("evidence_number")
    if numbers:
        single = set(substance.terms.get("single_counts", ()))
        blocked = spans.get("not_evidence", [])
        kept = []
        for start, end, unit in numbers:
            before = text[start - 1] if start else ""
            if before not in NUMERALS or (before == "一" and unit not in single):
                continue
            if any(b_start < end and start - 1 < b_end for b_start, b_end, _ in _near(blocked, start)):
                continue
            kept.append((start - 1, end, text[start - 1] + unit))
        spans["evidence_number"] = kept
    clauses = [m.start() for m in _CLAUSES.finditer(text)]
    stops = [c for c in clauses if text[c] not in "，,：:"]
    return Hits(text, spans, _documents(text), len(_SETTING.findall(text)), stops, clauses)


def _longest(hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    hits.sort(key=lambda h: (h[0], -h[1]))
    kept: list[tuple[int, int, str]] = []
    for hit in hits:
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


def _near(spans: list[tuple[int, int, str]], position: int) -> list[tuple[int, int, str]]:
    """The spans that may overlap a hit at ``position`` (spans are short and sorted: a bisect)."""
    from bisect import bisect_left

    index = bisect_left(spans, (position - 12,))
    return spans[index : index + 4]


def _documents(text: str, longest: int = 60) -> int:
    """《…》 titles: each 《 closed within ``longest`` characters (a bounded look, no rescan)."""
    count, position = 0, text.find("《")
    while position != -1:
        close = text.find("》", position + 1, position + 1 + longest)
        if close != -1 and close > position + 1:
            count += 1
            position = text.find("《", close + 1)
        else:
            position = text.find("《", position + 1)
    return count


def near_pairs(first: list[tuple[int, int, str]], second: list[tuple[int, int, str]], window: int,
               either_order: bool = False) -> list[tuple[int, int, str]]:
    """Spans where a hit of ``first`` is followed within ``window`` characters by one of ``second``
    (or preceded, with ``either_order``): 过分 + 投入, 忽视 + 家庭. One bisect per hit."""
    from bisect import bisect_left

    found = []
    for start, end, term in first:
        index = bisect_left(second, (end,))
        if index < len(second) and second[index][0] - end <= window:
            found.append((start, second[index][1], term + second[index][2]))
            continue
        if either_order and index > 0 and start - second[index - 1][1] <= window and second[index - 1][1] <= start:
            found.append((second[index - 1][0], end, second[index - 1][2] + term))
    return found


def sentence_of(hits: Hits, position: int) -> tuple[int, int]:
    """The sentence around ``position``: between the stops before and after it (a bisect)."""
    from bisect import bisect_right

    index = bisect_right(hits.stops, position)
    start = hits.stops[index - 1] + 1 if index else 0
    end = hits.stops[index] if index < len(hits.stops) else len(hits.text)
    return start, end
