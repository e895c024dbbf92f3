"""A report's fingerprint for copy detection: one MinHash signature per paragraph.

A paragraph is masked (names, places, numbers: ``mask``), stripped to its characters (no
punctuation or spaces), and cut into overlapping character 5-grams (shingles); shingles of
boilerplate — canonical formulations, section titles, the template's phrases, the standard
openings and closings in ``rules/similar.toml`` — are dropped, so that what every report says
does not make two reports alike. What is left, if enough, is summarised by the minimum of each of
``PERMUTATIONS`` hash functions: two paragraphs agree on a share of those minima equal, on
average, to the Jaccard similarity of their shingle sets.

All of it is numpy over arrays of code points: under a millisecond per thousand characters, masking
included (bench/similar.py).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from checker.paths import data_dir
from checker.similar.mask import mask

SHINGLE = 5  # characters per shingle: short enough to survive a changed word, long enough to be rare
PERMUTATIONS = 60  # hash functions per signature (20 LSH bands of 3)
MIN_SHINGLES = 16  # a paragraph with fewer shingles left (a heading, a date) is not compared
_PRIME = np.uint64(1_000_003)
_MATRIX_ROWS = 65_536  # shingles hashed as one (rows × PERMUTATIONS) matrix: 31 MB at most
_DROP = re.compile(r"[\W_]+")  # punctuation, spaces: a copier's commas do not matter

_rng = np.random.default_rng(20261130)  # fixed: signatures are cached and compared across runs
_A = (_rng.integers(1, 2**63 - 1, PERMUTATIONS, dtype=np.uint64) | np.uint64(1)).astype(np.uint64)
_B = _rng.integers(0, 2**63 - 1, PERMUTATIONS, dtype=np.uint64).astype(np.uint64)


@dataclass(frozen=True, slots=True)
class Signature:
    """One report's paragraphs that can be compared: their lines, sizes (characters after
    masking) and MinHash rows; ``total`` is the characters of the whole report."""

    lines: Any  # np.ndarray[int32], one per compared paragraph
    sizes: Any  # np.ndarray[int32]
    minhash: Any  # np.ndarray[uint32], shape (paragraphs, PERMUTATIONS)
    total: int

    def __len__(self) -> int:
        return len(self.lines)


def shingles(text: str) -> Any:
    """The distinct shingle hashes (uint64) of an already masked and stripped text."""
    if len(text) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    count = len(codes) - SHINGLE + 1
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(SHINGLE):  # a polynomial hash, wrapping at 2**64
            hashes = hashes * _PRIME + codes[offset : offset + count]
    return np.unique(hashes)


def normalise(text: str) -> str:
    """What is compared of a paragraph: masked, without punctuation and spaces."""
    return _DROP.sub("", mask(text))


def signature_of(paragraphs: Iterable[tuple[int, str]]) -> Signature:
    """The signature of a report given as (line, text) of its paragraphs. One numpy pass over
    the whole report: paragraphs are joined, and shingles that straddle two are dropped."""
    lines: list[int] = []
    plains: list[str] = []
    total = 0
    for line, text in paragraphs:
        plain = normalise(text)
        total += len(plain)
        if len(plain) >= SHINGLE + MIN_SHINGLES - 1:  # too short to have enough shingles
            lines.append(line)
            plains.append(plain)
    empty = Signature(np.empty(0, np.int32), np.empty(0, np.int32), np.empty((0, PERMUTATIONS), np.uint32), total)
    if not plains:
        return empty
    lengths = np.array([len(p) for p in plains], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])  # one separator after each
    codes = np.frombuffer("\0".join(plains).encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    count = len(codes) - SHINGLE + 1
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(SHINGLE):  # a polynomial hash, wrapping at 2**64
            hashes = hashes * _PRIME + codes[offset : offset + count]
    owner = np.searchsorted(starts, np.arange(count), side="right") - 1
    inside = np.arange(count) + SHINGLE <= starts[owner] + lengths[owner]  # not across a separator
    boiler = boilerplate()
    if len(boiler):  # sorted: a binary search each, cheaper than np.isin's sort of both
        at = np.minimum(np.searchsorted(boiler, hashes), len(boiler) - 1)
        inside &= boiler[at] != hashes
    hashes, owner = hashes[inside], owner[inside]
    order = np.lexsort((hashes, owner))  # by paragraph, then hash: duplicates side by side
    hashes, owner = hashes[order], owner[order]
    fresh = np.ones(len(hashes), dtype=bool)
    fresh[1:] = (hashes[1:] != hashes[:-1]) | (owner[1:] != owner[:-1])
    hashes, owner = hashes[fresh], owner[fresh]
    per_paragraph = np.bincount(owner, minlength=len(plains))
    enough = per_paragraph >= MIN_SHINGLES
    if not enough.any():
        return empty
    keep = enough[owner]
    hashes, owner = hashes[keep], owner[keep]
    bounds = np.concatenate([[0], np.flatnonzero(owner[1:] != owner[:-1]) + 1])
    with np.errstate(over="ignore"):  # multiply-shift hashing: the high 32 bits of a*x + b
        if len(hashes) <= _MATRIX_ROWS:  # all permutations at once
            values = (hashes[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
            minhash = np.minimum.reduceat(values, bounds, axis=0).astype(np.uint32)
        else:  # a huge paragraph: one permutation at a time, memory linear in the shingles
            minhash = np.empty((len(bounds), PERMUTATIONS), dtype=np.uint32)
            for k in range(PERMUTATIONS):
                minhash[:, k] = np.minimum.reduceat((hashes * _A[k] + _B[k]) >> np.uint64(32), bounds)
    chosen = np.flatnonzero(enough)
    return Signature(np.asarray(lines, np.int32)[chosen], lengths[chosen].astype(np.int32), minhash, total)


@cache
def boilerplate() -> Any:
    """Shingles every report may share: formulations, section names, standard phrases."""
    from checker.template import builtin_templates
    from checker.terms import lists

    phrases: list[str] = []
    for term in lists().terms:
        phrases.append(term.canonical)
        phrases.extend(term.members)
    for template in builtin_templates().values():
        for section in template.sections:
            phrases.extend(section.synonyms)
            phrases.extend(section.keywords)
        phrases.extend(template.phrases.required)
    with open(data_dir("rules") / "similar.toml", "rb") as handle:
        phrases.extend(tomllib.load(handle).get("boilerplate", []))
    found = [shingles(normalise(p)) for p in phrases]
    found = [f for f in found if len(f)]
    return np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.uint64)


def to_bytes(signature: Signature) -> bytes:
    """A compact form for the result cache: counts, then the arrays as stored in memory."""
    parts: list[bytes] = [
        np.array([len(signature), signature.total], dtype=np.int64).tobytes(),
        signature.lines.astype("<i4").tobytes(),
        signature.sizes.astype("<i4").tobytes(),
        signature.minhash.astype("<u4").tobytes(),
    ]
    return b"".join(parts)


def from_bytes(data: bytes) -> Signature:
    """The signature ``to_bytes`` wrote; ValueError when the bytes are not one."""
    count, total = (int(v) for v in np.frombuffer(data[:16], dtype=np.int64))
    expected = 16 + count * 8 + count * PERMUTATIONS * 4
    if count < 0 or len(data) != expected:
        raise ValueError("not a signature of this version")
    lines = np.frombuffer(data, dtype="<i4", count=count, offset=16).astype(np.int32)
    sizes = np.frombuffer(data, dtype="<i4", count=count, offset=16 + count * 4).astype(np.int32)
    minhash = np.frombuffer(data, dtype="<u4", offset=16 + count * 8).astype(np.uint32).reshape(count, PERMUTATIONS)
    return Signature(lines, sizes, minhash, total)
