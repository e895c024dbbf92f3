"""Which links to make from a matrix of scores: one to one first, the pairing that agrees best
as a whole; then what is left takes a plausible partner; nothing under the floor the document's
own scores set."""

from __future__ import annotations

import math
import re
from collections import Counter

ABSOLUTE_FLOOR = 0.06  # below this nothing is a link, whatever the document


RELATIVE_FLOOR = 0.45  # … and a link must reach this share of the document's typical best score


SECOND_LINK = 0.85  # a second target for the same problem must score this share of the best


COVER = 0.6  # a problem left unlinked takes its best target at this share of both bests (mutual score)


CLEAR_BEST = 0.2  # … or when it is the problem's only candidate: the next scores a fifth of it or less


EXACT_PAIRING = 2_500  # rows × columns up to which the best pairing as a whole is computed (every real report)


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
    measure answers something, mostly one to one: pairs are first taken one to one, as the
    pairing that agrees best as a whole (a score measured against the best of its row and of its
    column, so that an item written at length or in its own words is judged by its own scale;
    taking the single best pair first can rob two items of their answers: problem 2 takes the
    measure problem 3 needs, and problem 2's own measure is left over). Then a problem left
    without a link, or a target left without a problem, takes its best partner when that is
    plausible (one cause for two problems, one measure for two); and a problem takes a second
    target nearly as good as its best whose best problem it is, unless both already have their
    own partner. Nothing under the floor set by the document's own scores is ever linked."""
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
    agreement = [[mutual(i, j) if matrix[i][j] >= floor else 0.0 for j in range(columns)] for i in range(rows)]
    for i, j in one_to_one(agreement):
        chosen[i].add(j)
    own = {j: i for i in range(rows) for j in chosen[i]}  # each target's one-to-one problem
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
            if chosen[i] and own.get(j, i) != i:
                continue  # a problem with its answer, a target with its problem: both are answered
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



def chain(cause_picks: list[list[int]], measure_picks: list[list[int]],
          cause_matrix: list[list[float]], measure_matrix: list[list[float]]) -> None:  # fmt: skip
    """A cause and a measure that answer the same problem answer the same thing: a problem left
    without a cause (or a measure) whose one measure (or cause) it shares with other problems,
    each of which has that one measure and one cause only, takes that cause too, when it is the
    problem's own best one or nearly (SECOND_LINK): two signals that agree, its words and the
    report's pairing of cause and measure. A problem shared by one with two causes is left as it
    is: which of the two its measure answers, the pairing does not say."""
    before = ([list(p) for p in cause_picks], [list(p) for p in measure_picks])
    for (missing, matrix), (through, linked) in (
        ((cause_picks, cause_matrix), (before[1], before[0])),
        ((measure_picks, measure_matrix), (before[0], before[1])),
    ):
        # Per target on the side gone through: the problems holding it, those of them with one
        # link on each side, and what those are linked to (one pass: no rescan per problem).
        holders: Counter[int] = Counter()
        paired: Counter[int] = Counter()
        answers: dict[int, set[int]] = {}
        for i, targets in enumerate(through):
            for target in targets:
                holders[target] += 1
                if len(targets) == 1 and len(linked[i]) == 1:
                    paired[target] += 1
                    answers.setdefault(target, set()).add(linked[i][0])
        for i, row in enumerate(matrix):
            if missing[i] or len(through[i]) != 1 or not row:
                continue
            target = through[i][0]  # problem i itself has no link on the other side: no answer of its own
            if holders[target] < 2 or paired[target] != holders[target] - 1 or len(answers[target]) != 1:
                continue
            j = next(iter(answers[target]))
            if row[j] >= ABSOLUTE_FLOOR and row[j] >= SECOND_LINK * max(row):
                missing[i].append(j)


def one_to_one(weight: list[list[float]]) -> list[tuple[int, int]]:
    """Pairs (row, column), each row and column at most once, of positive weight, whose total
    weight is the largest (the assignment problem, solved with the Hungarian method). Above
    EXACT_PAIRING cells (no report; a generated or hostile file) pairs are taken greedily, the
    heaviest first, to keep the cost bounded."""
    rows, columns = len(weight), len(weight[0]) if weight else 0
    if rows * columns == 0:
        return []
    if rows * columns > EXACT_PAIRING:
        taken_rows: set[int] = set()
        taken_columns: set[int] = set()
        pairs = []
        for _, i, j in sorted(((weight[i][j], i, j) for i in range(rows) for j in range(columns) if weight[i][j] > 0),
                              reverse=True):  # fmt: skip
            if i not in taken_rows and j not in taken_columns:
                pairs.append((i, j))
                taken_rows.add(i)
                taken_columns.add(j)
        return sorted(pairs)
    transposed = rows > columns
    grid = [list(column) for column in zip(*weight, strict=True)] if transposed else weight
    pairs = [(j, i) if transposed else (i, j) for i, j in _hungarian(grid)]
    return sorted((i, j) for i, j in pairs if weight[i][j] > 0)


def _hungarian(weight: list[list[float]]) -> list[tuple[int, int]]:
    """The maximum-weight assignment of every row (rows ≤ columns) to a distinct column: the
    O(rows² × columns) shortest-augmenting-path form with potentials (Kuhn–Munkres), on costs
    ``top - weight``."""
    n, m = len(weight), len(weight[0])
    top = max(max(row) for row in weight)
    cost = [[top - v for v in row] for row in weight]
    inf = float("inf")
    u = [0.0] * (n + 1)  # row potentials (1-based; 0 is a sentinel)
    v = [0.0] * (m + 1)  # column potentials
    owner = [0] * (m + 1)  # the row each column is assigned to, 0 for none
    way = [0] * (m + 1)  # the previous column on the augmenting path
    for row in range(1, n + 1):
        owner[0] = row
        j0 = 0
        slack = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            delta, j1 = inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if reduced < slack[j]:
                        slack[j], way[j] = reduced, j0
                    if slack[j] < delta:
                        delta, j1 = slack[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    slack[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:  # flip the augmenting path
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]
