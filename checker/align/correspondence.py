"""Correspondence: which causes explain and which measures answer each problem.

Reports rarely line up by position (5 problems, 4 causes, 4 measures; one cause for two
problems; problem 4 answered by measure 2), so links follow meaning, the way a reviewer reads:

* character n-grams (2–3) of each item, its heading weighted above its body, weighted by TF-IDF
  within the document, so that what every item says (不够, 存在, 工作 …) counts for little; its
  words (checker/text/words.py), weighted the same way, are the evidence shown for a link;
* phrases the genre uses everywhere (rules/lexicon.toml `stop_phrases`) and the template's own
  section vocabulary are removed before counting;
* a lexicon of related terms (理论·学习·武装; 群众·为民·宗旨 …) links items that share a topic
  but few characters;
* a positional prior only where the template says the n-th problem has the n-th cause;
* a cause is also read sentence by sentence: one sentence that plainly points at one problem (an
  echo of its event, 没到现场就签了字，说到底是……; a recap, 读原著三天打鱼两天晒网、接待群众能推就推，根子都在于……) links the
  cause to that problem too, so one cause can explain two problems, one half each;
* a cause and a measure written against the same problem answer the same thing: a problem left
  without a cause that shares its one measure with problems of one cause and one measure each
  takes that cause, when its own scores rank it first or nearly (choose.py ``chain``), and the
  same for a measure.

Each problem is linked to its best-scoring cause and measure when that score clears a floor set
by the document's own scores; a target that is clearly best for a second problem is linked to
it too (one cause may explain two problems; a problem may need two measures). What no link
reaches becomes a finding in checks/correspondence.py.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from checker.align.choose import ABSOLUTE_FLOOR, chain, choose, confidence, link_floor, named_problems
from checker.align.lexicon import lexicon
from checker.align.units import (
    Evidence,
    Partners,
    RunGrams,
    Unit,
    cosines,
    evidence,
    idf_of,
    passage_grams,
    score_matrix,
    semantic_matrix,
    tf_idf,
    unit_of,
    vector_norm,
    weigh,
    weigh_words,
)
from checker.model import Item, Report
from checker.template import Template

WEAK_LINK = 0.5  # a link whose confidence is under this (under the document's floor) is weak (C205)
BLEND_SHARE = 0.3  # of the score from the embeddings, with --links blend (bench/accuracy.py)
MAX_PAIRS = 40_000  # problems × (causes + measures) beyond which no links are computed
HALF_MIN = 0.1  # a cause's sentence that scores this against one problem …
HALF_MARGIN = 2.0  # … and this many times its score against any other problem explains that problem
HALF_MIN_CHARS = 8  # shorter sentences say too little to point anywhere
HALF_MAX_PARTS = 12  # sentences of one cause looked at (a cause is a few sentences; a huge one is no cause)
RECAP_LOOKBACK = 80  # characters before 都在于 searched for the list of behaviours it sums up
PARTNER_CELLS = 200_000  # problems × n-grams with an IDF up to which _second_halves fills out the problems


@dataclass(frozen=True, slots=True)
class Link:
    """One problem and what answers it; indexes are 1-based within their sections."""

    problem: int
    causes: tuple[int, ...]
    measures: tuple[int, ...]
    score: float  # mean score of the chosen links, 0 when there are none
    cause_scores: tuple[float, ...] = ()
    measure_scores: tuple[float, ...] = ()
    # How sure each link is, in [0, 1]: 0.5 at the document's floor, 1 at twice it or more.
    cause_confidence: tuple[float, ...] = ()
    measure_confidence: tuple[float, ...] = ()


@dataclass(slots=True)
class Correspondence:
    """The links between a report's problems, causes and measures, with the score matrices they were chosen from."""

    links: list[Link]
    cause_matrix: list[list[float]]  # [problem][cause]
    measure_matrix: list[list[float]]  # [problem][measure]
    problems: list[Unit]
    causes: list[Unit]
    measures: list[Unit]
    expects_causes: bool
    expects_measures: bool
    cause_floor: float = ABSOLUTE_FLOOR  # under this score nothing was linked (see floor())
    measure_floor: float = ABSOLUTE_FLOOR
    removed: tuple[str, ...] = ()  # phrases left out of every item: stop phrases, section words
    worded: bool = False  # the units' words are computed (on the first evidence asked for)

    def evidence(self, problem: int, role: str, target: int) -> Evidence:
        """Why problem ``problem`` is linked to cause or measure ``target`` (1-based; role
        "causes" or "measures"), in words."""
        if not self.worded:
            weigh_words([*self.problems, *self.causes, *self.measures], frozenset(self.removed))
            self.worded = True
        targets = self.causes if role == "causes" else self.measures
        return evidence(self.problems[problem - 1], targets[target - 1])

    def linked_causes(self) -> set[int]:
        return {c for link in self.links for c in link.causes}

    def linked_measures(self) -> set[int]:
        return {m for link in self.links for m in link.measures}


@lru_cache(maxsize=64)
def _left_out(stop_phrases: tuple[str, ...], vocabulary: frozenset[str]) -> tuple[str, ...]:
    """The phrases left out of every item, sorted once per template: longest first; phrases of one
    length in a fixed order, so the pattern built of them is the same text in every process (a
    set's order is not: the compiled-pattern cache keys on the text)."""
    return tuple(sorted(set(stop_phrases) | vocabulary, key=lambda phrase: (-len(phrase), phrase)))


@dataclass(frozen=True, slots=True)
class _NoSection:
    """A part the report lacks: no items to link."""

    items: tuple[Item, ...] = ()


_EMPTY = _NoSection()


def link_items(report: Report, template: Template, backend: str = "lexical") -> Correspondence:
    """The links of the report's first problems section to its first causes and measures sections."""
    lex = lexicon()
    vocabulary = frozenset(w for spec in template.sections for w in (*spec.synonyms, *spec.keywords) if len(w) >= 2)
    removed = _left_out(lex.stop_phrases, vocabulary)
    problem_items = (report.first_section("problems") or _EMPTY).items
    cause_items = (report.first_section("causes") or _EMPTY).items
    measure_items = (report.first_section("measures") or _EMPTY).items
    if len(problem_items) * (len(cause_items) + len(measure_items)) > MAX_PAIRS:
        # Thousands of items are no report a reviewer reads as one; scoring every pair would
        # take minutes. No links are claimed, so no C2xx finding either.
        problem_items, cause_items, measure_items = (), (), ()
    if not cause_items and not measure_items:
        # Nothing to link to: every problem gets an empty link, and no scores are computed. The
        # units share one set of empty tables and the matrices one empty row: with no cause and
        # no measure no evidence is ever asked for, so nothing fills them (100,000 inline items
        # held 600 bytes each of empty tables).
        ngrams: Counter[str] = Counter()
        weights: dict[str, float] = {}
        terms: dict[str, tuple[str, ...]] = {}
        found: list[tuple[int, str]] = []
        bare = [Unit(i, ngrams, weights, vector=weights, words=ngrams, word_vector=weights, lexicon_terms=terms,
                     terms_found=found) for i in problem_items]  # fmt: skip
        empty_links = [Link(problem=n, causes=(), measures=(), score=0.0) for n in range(1, len(bare) + 1)]
        row: list[float] = []
        return Correspondence(empty_links, [row] * len(bare), [row] * len(bare), bare, [], [], False, False)
    memo = RunGrams()  # every n-gram cut once per document
    problems = [unit_of(i, removed, memo) for i in problem_items]
    causes = [unit_of(i, removed, memo) for i in cause_items]
    measures = [unit_of(i, removed, memo) for i in measure_items]
    weigh(problems + causes + measures)
    positional = template.links.one_to_one_order
    expects_causes = "causes" in template.links.problems and bool(causes)
    expects_measures = "measures" in template.links.problems and bool(measures)
    cause_matrix = score_matrix(problems, causes, positional) if expects_causes else [[] for _ in problems]
    measure_matrix = score_matrix(problems, measures, positional) if expects_measures else [[] for _ in problems]
    if backend in ("semantic", "blend") and problems:
        share = 1.0 if backend == "semantic" else BLEND_SHARE
        for matrix, targets, expected in (
            (cause_matrix, causes, expects_causes),
            (measure_matrix, measures, expects_measures),
        ):
            if not expected:
                continue
            semantic = semantic_matrix(problems, targets)
            for i, row in enumerate(matrix):
                for j, value in enumerate(row):
                    row[j] = round((1 - share) * value + share * semantic[i][j], 4)
    cause_picks = choose(cause_matrix) if expects_causes else [[] for _ in problems]
    measure_picks = choose(measure_matrix) if expects_measures else [[] for _ in problems]
    # What an item says outright wins: 「这是产生前两个问题的根本原因」, 「针对第三个问题」.
    for picks, targets, expected in ((cause_picks, causes, expects_causes), (measure_picks, measures, expects_measures)):
        if not expected:
            continue
        for j, target in enumerate(targets):
            named = named_problems(target.item.text, len(problems))
            if named:
                for i in range(len(problems)):
                    picks[i] = sorted({*picks[i], j} if i in named else set(picks[i]) - {j})
    if expects_causes:
        _second_halves(problems, causes, cause_picks, removed, memo)
    if expects_causes and expects_measures:
        chain(cause_picks, measure_picks, cause_matrix, measure_matrix)
    cause_floor = link_floor(cause_matrix) if expects_causes else ABSOLUTE_FLOOR
    measure_floor = link_floor(measure_matrix) if expects_measures else ABSOLUTE_FLOOR
    links = []
    for i in range(len(problems)):
        cs = tuple(cause_matrix[i][j] for j in cause_picks[i])
        ms = tuple(measure_matrix[i][j] for j in measure_picks[i])
        scores = cs + ms
        links.append(
            Link(
                problem=i + 1,
                causes=tuple(j + 1 for j in cause_picks[i]),
                measures=tuple(j + 1 for j in measure_picks[i]),
                score=round(min(1.0, sum(scores) / len(scores) * 2.5), 2) if scores else 0.0,
                cause_scores=cs,
                measure_scores=ms,
                cause_confidence=tuple(confidence(c, cause_floor) for c in cs),
                measure_confidence=tuple(confidence(m, measure_floor) for m in ms),
            )
        )
    return Correspondence(links, cause_matrix, measure_matrix, problems, causes, measures, expects_causes,
                     expects_measures, cause_floor, measure_floor, removed)  # fmt: skip


_SENTENCE_END = re.compile("[。；！？\n]|同时[，,]|另一方面|此外[，,]")
# 「X、Y，根子都在于……」: a list of behaviours summed up by one root.
# (The root word is a branch of its own, not an optional group: every branch opens on a character
# of a few, which lets the search skip the others.)
_RECAP = re.compile("(?:根子|根源|原因|病根|症结|说到底)(?:都|均|也都)(?:在于|是|源于|出在|反映)|(?:都|均|也都)(?:在于|是|源于|出在|反映)")


def _parts(unit: Unit) -> list[tuple[int, int, int]]:
    """The passages of a cause that may each point at a problem, as (start, end) in its text
    (the marker left out), each with the n-grams it must share with that problem: its sentences
    but the heading (and the second half after 同时/另一方面), two; the members of a list a recap
    sums up (X、Y，根子都在于……), which name a behaviour in a few characters, one."""
    text = unit.item.text[len(unit.item.marker.text) :]
    parts = []
    start = 0
    for m in itertools.chain(_SENTENCE_END.finditer(text), (None,)):  # None: the end of the text
        end = len(text) if m is None else m.start()
        if end - start >= HALF_MIN_CHARS and text[start:end] != unit.item.heading:  # the heading counts in the whole
            parts.append((start, end, 2))
            if len(parts) >= HALF_MAX_PARTS:
                break
        if m is not None:
            start = m.end()
    for m in _RECAP.finditer(text):
        window_start = max(0, m.start() - RECAP_LOOKBACK)
        window = text[window_start : m.start()]
        start = max(window.rfind(c) for c in "。；！？\n") + 1
        clause = window[start:].rstrip("，,")
        if "、" in clause:
            place = window_start + start
            for member in clause.split("、"):
                if len(member) >= 4:
                    parts.append((place, place + len(member), 1))
                place += len(member) + 1
        if len(parts) >= 2 * HALF_MAX_PARTS:
            break
    return parts


def _second_halves(problems: list[Unit], causes: list[Unit], picks: list[list[int]], removed: tuple[str, ...],
                   memo: RunGrams) -> None:  # fmt: skip
    """Link a cause to a problem one of its own passages explains clearly better than any other
    problem (scored like whole items, with the document's IDF): the half of a cause that answers
    a second problem, which the whole cause, diluted by its other half, scores too low for.
    Measured on causes only: a measure's sentences are actions, and an action often touches a
    second problem without answering it."""
    if len(problems) < 2:
        return
    df: Counter[str] = Counter()
    for unit in (*problems, *causes):
        df.update(unit.ngrams.keys())
    idf = idf_of(df, len(problems) + len(causes))
    targets = [(p.vector, p.norm) for p in problems]
    # The problems filled out over every n-gram a passage's vector may hold (those with an IDF),
    # where that stays small: memory for problems × n-grams, on a hostile file, would not be.
    partners = Partners(targets, idf) if len(problems) * len(idf) <= PARTNER_CELLS else None
    for j, cause in enumerate(causes):
        text = cause.item.text[len(cause.item.marker.text) :]
        for start, end, shared in _parts(cause):
            vector = tf_idf(Counter(passage_grams(text, cause.masked, start, end, removed, memo)), idf)
            norm = vector_norm(vector)
            scores = cosines(vector, norm, targets) if partners is None else partners.cosines(vector, norm)
            best = scores.index(max(scores))  # the first of equal bests
            second = max(scores[:best] + scores[best + 1 :])
            if (
                scores[best] >= HALF_MIN
                and scores[best] >= HALF_MARGIN * second
                and j not in picks[best]
                # fewer n-grams in common: a coincidence, not an echo
                and len(vector.keys() & problems[best].vector.keys()) >= shared
            ):
                picks[best] = sorted({*picks[best], j})
