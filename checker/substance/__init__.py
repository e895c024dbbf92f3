"""Substance settings, for the Q rules (checks/substance.py); scan.py is the one pass over an
item's text that they judge.

The lexicons and thresholds are data: rules/substance.toml, changed by a template's `[substance]`
table and then by a configuration's, each change validated with the file and key named. An item's
text is scanned once by one Aho-Corasick automaton of every term of every lexicon; the hits, per
lexicon, non-overlapping and longest first, are what the rules read. Nothing here judges a report.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from checker.paths import data_dir
from checker.settings import SettingsError, load_settings

DIGITS = "0-9０-９一二三四五六七八九十两百千万几半零〇"  # a character class: the numerals an amount starts with


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
    not_self: LexiconChange | None = None
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

    def changed(self) -> dict[str, Any]:
        """What this table sets, as TOML would write it (for `reportlint config`)."""
        out: dict[str, Any] = {n: getattr(self, n) for n in THRESHOLDS if getattr(self, n) is not None}
        lexicons = {name: {k: v for k, v in dataclasses.asdict(change).items() if v not in (None, [])}
                    for name in LEXICONS if (change := getattr(self.lexicons, name)) is not None}  # fmt: skip
        if lexicons:
            out["lexicons"] = lexicons
        return out


THRESHOLDS = tuple(f.name for f in dataclasses.fields(SubstanceChanges) if f.name != "lexicons")
LEXICONS = tuple(f.name for f in dataclasses.fields(Lexicons))


@dataclass(frozen=True, slots=True)
class Substance:
    """The settings in force: every threshold, every list, and the automaton of all their terms."""

    thresholds: dict[str, float]
    terms: dict[str, tuple[str, ...]]
    weights: dict[str, float]
    sources: dict[str, str]
    automaton: Any  # term → (term, names of the lexicons holding it, its length)
    built: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)  # automata of some lists

    def automaton_for(self, lists: tuple[str, ...] | None) -> Any:
        """The automaton of ``lists`` only (fewer hits for an item that needs fewer), built once."""
        if lists is None:
            return self.automaton
        found = self.built.get(lists)
        if found is None:
            found = self.built[lists] = _automaton({n: self.terms.get(n, ()) for n in lists if n != "evidence_number"})
        return found

    def units(self) -> tuple[frozenset[str], frozenset[str], int]:
        """The units a number takes (次, 万元, %), those 一 may take, and the longest one's length."""
        found = self.built.get("units")
        if found is None:
            units = frozenset(self.terms.get("evidence_number", ()))
            found = self.built["units"] = (units, frozenset(self.terms.get("single_counts", ())),
                                           max(map(len, units), default=0))  # fmt: skip
        return found

    def find(self, name: str, text: str, low: int, high: int, ends_by: int | None = None) -> tuple[int, int, str] | None:
        """The first term of list ``name`` that starts in text[low:high] (the longest there), and
        ends by ``ends_by`` when given: the lists read only beside another hit (有的 + 同志, 太 + 投入)
        are looked up in that small window, not scanned for over the whole item."""
        found = self.built.get(("window", name))
        if found is None:
            terms = frozenset(self.terms.get(name, ()))
            found = self.built[("window", name)] = (terms, sorted({len(t) for t in terms}, reverse=True))
        terms, sizes = found
        for position in range(max(low, 0), min(high, len(text))):
            for size in sizes:
                term = text[position : position + size]
                if term in terms and (ends_by is None or position + size <= ends_by):
                    return position, position + size, term
        return None

    def numeral_pattern(self) -> re.Pattern[str]:
        """A numeral right before the first character of a unit (one character and a look-ahead:
        一是, 进一步 and 统一 are left to the regular-expression engine, in linear time)."""
        found = self.built.get("numerals")
        if found is None:
            heads = "".join(sorted({re.escape(unit[0]) for unit in self.units()[0]}))
            found = self.built["numerals"] = re.compile(f"[{DIGITS}](?=[{heads}])" if heads else "(?!)")
        return found

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
    import tomllib

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
    base, built = _builtin()
    result = _build((base, *levels), source) if levels else built
    _RESOLVED[key] = result
    return result


@cache
def _builtin() -> tuple[SubstanceChanges, Substance]:
    """rules/substance.toml and the settings it gives, read once (from the snapshot when there is
    one): every later resolution starts from them without touching a file."""
    from checker.snapshot import load_or_build

    def build() -> tuple[SubstanceChanges, Substance]:
        changes = builtin_changes()
        return changes, _build((changes,), "rules/substance.toml")

    return load_or_build("substance", build)


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
    return Substance(thresholds, {n: tuple(t) for n, t in terms.items()},
                     {n: weights.get(n, 1.0) for n in terms}, sources, _automaton(terms))  # fmt: skip


def _automaton(lists: dict[str, Any]) -> Any:
    """One Aho-Corasick automaton of every term of ``lists``: term → (term, its lists, length)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    holders: dict[str, list[str]] = {}
    for name, words in lists.items():
        for word in words:
            holders.setdefault(word, []).append(name)
    for word, names in holders.items():
        automaton.add_word(word, (word, tuple(names), len(word)))
    if holders:
        automaton.make_automaton()
    return automaton


_FOR: dict[int, tuple[SubstanceChanges | None, Substance]] = {}


def substance_for(template: Any) -> Substance:
    """The settings for a template (its [substance] table, with the configuration's merged in by
    the engine); looked up by the changes' identity, as every rule asks for every item."""
    changes = getattr(template, "substance", None)
    found = _FOR.get(id(changes))
    if found is not None and found[0] is changes:
        return found[1]
    result = resolve((changes,) if changes is not None else ())
    _FOR[id(changes)] = (changes, result)
    return result


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




