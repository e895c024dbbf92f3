"""Which reports share passages: locality-sensitive hashing over paragraph signatures.

Every paragraph's MinHash row is cut into ``BANDS`` bands of ``ROWS`` values; paragraphs of two
reports that agree on a whole band become a candidate pair (a pair with Jaccard similarity s does
so with probability 1 − (1 − s³)²⁰: 0.93 at 0.5, 0.999 at 0.7, 0.42 at 0.3). Candidates are kept
when their signatures agree on at least ``THRESHOLD`` of the values. Sorting the band keys finds
the groups: O(n log n) in the paragraphs, never a comparison of every pair of reports.

A band group that spans many reports (over ``COMMON``, or 5 % of them) is boilerplate the lists
did not know (a paragraph the whole unit uses): it is dropped. Reports pair up through their matched paragraphs; a pair's share is
the characters of matched paragraphs on both sides over both reports' characters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from checker.similar.signature import PERMUTATIONS, Signature

ROWS = 3
BANDS = PERMUTATIONS // ROWS
THRESHOLD = 0.5  # share of equal MinHash values (≈ Jaccard similarity) for a copied paragraph
# A band group spanning more reports than this (or 5 % of them) is boilerplate. High enough that a
# ghost-written paragraph passed round a branch of twenty is still a copy; a stock phrase is shorter
# than a paragraph and is mostly removed by the boilerplate lists before it gets here.
COMMON = 20


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph of report ``a`` (at ``line_a``) copied from or into one of report ``b``."""

    line_a: int
    line_b: int
    similarity: float


@dataclass(slots=True)
class Pair:
    """Two reports (indexes into the list given) that share passages."""

    a: int
    b: int
    share: float = 0.0  # matched characters on both sides over both reports' characters
    passages: list[Passage] = field(default_factory=list)


def find_pairs(signatures: Sequence[Signature | None], reference_from: int | None = None) -> list[Pair]:
    """Pairs of reports that share at least one paragraph, most alike first. Reports at
    ``reference_from`` and after are known texts (--against): compared with the others, not
    with each other."""
    limit = len(signatures) if reference_from is None else reference_from
    rows_of = [s for s in signatures]
    counts = np.array([len(s) if s is not None else 0 for s in rows_of], dtype=np.int64)
    if counts.sum() == 0:
        return []
    owner = np.repeat(np.arange(len(rows_of)), counts)
    matrix = np.concatenate([s.minhash for s in rows_of if s is not None and len(s)])
    candidates = _candidates(matrix, owner, limit, max(COMMON, len(signatures) // 20))
    if not len(candidates):
        return []
    left, right = candidates[:, 0], candidates[:, 1]
    similarity = (matrix[left] == matrix[right]).mean(axis=1)
    keep = similarity >= THRESHOLD
    left, right, similarity = left[keep], right[keep], similarity[keep]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return _pairs(rows_of, owner, starts, left, right, similarity)


def _candidates(matrix: Any, owner: Any, limit: int, common: int) -> Any:
    """(row, row) pairs of paragraphs of different reports, not both known texts, that agree on a
    band; each pair once, lower row first."""
    found: list[Any] = []
    multipliers = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)
    for band in range(BANDS):
        block = matrix[:, band * ROWS : (band + 1) * ROWS].astype(np.uint64)
        with np.errstate(over="ignore"):
            keys = (block * multipliers[: block.shape[1]]).sum(axis=1, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        edges = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
        bounds = np.concatenate([[0], edges, [len(ordered)]])
        sizes = np.diff(bounds)
        twos = bounds[:-1][sizes == 2]  # the common case, a paragraph and its copy: all at once
        a, b = order[twos], order[twos + 1]
        chosen = (owner[a] != owner[b]) & ((owner[a] < limit) | (owner[b] < limit))
        if chosen.any():
            found.append(np.stack([np.minimum(a, b)[chosen], np.maximum(a, b)[chosen]], axis=1))
        for group in np.flatnonzero(sizes > 2):
            rows = order[bounds[group] : bounds[group + 1]]
            if len(rows) > 4 * common:
                continue  # bounded work: so many equal paragraphs are boilerplate whoever wrote them
            docs = owner[rows]
            distinct = np.unique(docs)
            if len(distinct) < 2 or len(distinct) > common:
                continue  # one report's own repetition, or boilerplate many reports share
            first, second = np.triu_indices(len(rows), k=1)
            a, b = rows[first], rows[second]
            differ = owner[a] != owner[b]
            mine = (owner[a] < limit) | (owner[b] < limit)
            chosen = differ & mine
            if chosen.any():
                found.append(np.stack([np.minimum(a, b)[chosen], np.maximum(a, b)[chosen]], axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(found), axis=0)


def _pairs(signatures: Sequence[Signature | None], owner: Any, starts: Any, left: Any, right: Any,
           similarity: Any) -> list[Pair]:  # fmt: skip
    pairs: dict[tuple[int, int], Pair] = {}
    matched: dict[tuple[int, int], dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for row_a, row_b, score in zip(left.tolist(), right.tolist(), similarity.tolist(), strict=True):
        doc_a, doc_b = int(owner[row_a]), int(owner[row_b])
        if doc_a > doc_b:
            doc_a, doc_b, row_a, row_b = doc_b, doc_a, row_b, row_a
        sig_a, sig_b = signatures[doc_a], signatures[doc_b]
        assert sig_a is not None and sig_b is not None
        index_a, index_b = row_a - int(starts[doc_a]), row_b - int(starts[doc_b])
        pair = pairs.setdefault((doc_a, doc_b), Pair(doc_a, doc_b))
        pair.passages.append(Passage(int(sig_a.lines[index_a]), int(sig_b.lines[index_b]), round(float(score), 2)))
        matched[(doc_a, doc_b)][doc_a].add(index_a)
        matched[(doc_a, doc_b)][doc_b].add(index_b)
    for key, pair in pairs.items():
        sig_a, sig_b = signatures[pair.a], signatures[pair.b]
        assert sig_a is not None and sig_b is not None
        shared = sum(int(sig_a.sizes[i]) for i in matched[key][pair.a]) + sum(
            int(sig_b.sizes[i]) for i in matched[key][pair.b]
        )
        pair.share = round(min(1.0, shared / max(1, sig_a.total + sig_b.total)), 3)
        pair.passages.sort(key=lambda p: (p.line_a, p.line_b))
    return sorted(pairs.values(), key=lambda p: (-p.share, p.a, p.b))
