"""The one pass over an item's text that the Q rules (checks/substance.py) judge: one
Aho-Corasick automaton of every term of every lexicon; the hits, per lexicon, non-overlapping and
longest first, and the numbers, dates and documents an item names. Nothing here judges a report."""

from __future__ import annotations

import re
from collections.abc import Sequence

from checker.substance import Substance
from checker.text.automaton import longest

# A list's hits in one text: (start, end, term), in order. Read only: a list with no hit is the one
# shared empty tuple, not a list of its own per item (a 2 MB paragraph makes 100,000 items).
Spans = Sequence[tuple[int, int, str]]
NO_HITS: Spans = ()

NUMERALS = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十两百千万几半零〇")


EVIDENCE = ("evidence_number", "evidence_time", "evidence_period", "evidence_example", "evidence_event")


MEASURE = ("evidence_number", "measure_time", "measure_quantity", "measure_object", "measure_rule", "measure_owner")


_CLAUSES = re.compile("[。；！？;!?\n，,：:]")




# 在推进电子证照互认工作中: a task named as the setting (bounded: at most 18 characters between).
_SETTING = re.compile("在[^，。；：,;:\n中时]{5,18}(?:中|时|期间)")


CAP = 2  # hits of one list that count towards a score: a third 每月 proves nothing more


class Hits:
    """Where each list's terms occur in a text: (start, end, term), non-overlapping, in order.
    Numbers are found only when a rule first asks for them (most items are judged specific before
    that); where clauses and sentences end, the 《…》 titles and the 在…中 settings likewise."""

    __slots__ = ("_clauses", "_documents", "_settings", "_stops", "_substance", "numbers", "spans", "text")

    def __init__(self, text: str, spans: dict[str, Spans], substance: Substance,
                 numbers: bool) -> None:  # fmt: skip
        self.text = text
        self.spans = spans
        self._substance = substance
        self.numbers = numbers  # whether numbers with their units are looked for
        self._clauses: list[int] | None = None
        self._stops: list[int] | None = None
        self._documents: int | None = None
        self._settings: int | None = None

    @property
    def clauses(self) -> list[int]:
        """Where clauses end (sentence ends, ，and ：)."""
        if self._clauses is None:
            self._clauses = [m.start() for m in _CLAUSES.finditer(self.text)]
        return self._clauses

    @property
    def stops(self) -> list[int]:
        """Where sentences end (。；！？ and line breaks)."""
        if self._stops is None:
            self._stops = [c for c in self.clauses if self.text[c] not in "，,：:"]
        return self._stops

    @property
    def documents(self) -> int:
        """《…》 titles."""
        if self._documents is None:
            self._documents = _documents(self.text)
        return self._documents

    @property
    def settings(self) -> int:
        """在…中 / 在…时 frames naming a task."""
        if self._settings is None:
            self._settings = len(_SETTING.findall(self.text))
        return self._settings

    def get(self, name: str) -> Spans:
        spans = self.spans.get(name)
        if spans is None:
            if name != "evidence_number" or not self.numbers:
                return NO_HITS  # nothing stored: a miss costs no memory per item
            spans = self.spans[name] = _numbers(self.text, self._substance, self.get("not_evidence")) or NO_HITS
        return spans

    def count(self, name: str) -> int:
        return len(self.get(name))

    def terms(self, name: str, limit: int = 3) -> list[str]:
        """The distinct terms found, in order (to quote in a message)."""
        seen: list[str] = []
        for _, _, term in self.get(name):
            if term not in seen:
                seen.append(term)
            if len(seen) >= limit:
                break
        return seen

    def clause_share(self, name: str) -> float:
        """The share of clauses (of two characters or more) holding a hit of ``name``."""
        spans = self.get(name)
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

    def score(self, names: tuple[str, ...], weights: dict[str, float], enough: float = float("inf")) -> float:
        """What the hits of ``names`` and the 《…》 titles score (each list counts CAP hits at most);
        it stops once ``enough`` is reached (numbers, the dearest to find, come last)."""
        total: float = min(self.documents, CAP)
        for name in sorted(names, key=lambda n: n == "evidence_number"):
            if total >= enough:
                break
            if name in self.spans or name == "evidence_number":
                total += weights.get(name, 1.0) * min(len(self.get(name)), CAP)
        return total


def scan(text: str, substance: Substance, lists: tuple[str, ...] | None = None) -> Hits:
    """The hits in ``text`` of ``lists`` (every list when None): one automaton pass, leftmost
    longest (不够强, not 不够 and then 强; a term in two lists is a hit of both). Numbers are found
    apart, when first asked for: a numeral and a unit right after it (次, 万元, %), with 一 alone
    only for the event counts (一次, not 一名党员), and not inside a numbered formulation (四个意识)."""
    spans: dict[str, list[tuple[int, int, str]]] = {}  # lists while they fill
    automaton = substance.automaton_for(lists)
    if text and len(automaton):
        for end, (term, names, length) in longest(automaton, text):
            hit = (end - length + 1, end + 1, term)
            for name in names:
                found = spans.get(name)
                if found is None:
                    spans[name] = [hit]
                else:
                    found.append(hit)
    return Hits(text, {name: tuple(found) for name, found in spans.items()}, substance,
                lists is None or "evidence_number" in lists)


def _numbers(text: str, substance: Substance, blocked: Spans) -> list[tuple[int, int, str]]:
    units, single, longest = substance.units()
    found = []
    for match in substance.numeral_pattern().finditer(text):  # only numerals a unit may follow
        end = match.end()
        for size in range(longest, 0, -1):
            unit = text[end : end + size]
            if unit in units:
                break
        else:
            continue
        alone = match.group() == "一" and (end < 2 or text[end - 2] not in NUMERALS)  # 一名, not 十一名
        if alone and unit not in single:
            continue
        start = end - 1  # the numeral's last character and its unit
        if blocked and any(b_start < end + len(unit) and start < b_end for b_start, b_end, _ in _near(blocked, start)):
            continue  # 四个意识, 两个维护: a formulation, no fact
        found.append((start, end + len(unit), text[start:end] + unit))
    return found


def _near(spans: Spans, position: int) -> Spans:
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


def sentence_of(hits: Hits, position: int) -> tuple[int, int]:
    """The sentence around ``position``: between the stops before and after it (a bisect)."""
    from bisect import bisect_right

    index = bisect_right(hits.stops, position)
    start = hits.stops[index - 1] + 1 if index else 0
    end = hits.stops[index] if index < len(hits.stops) else len(hits.text)
    return start, end

