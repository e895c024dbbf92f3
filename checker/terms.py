"""Canonical formulations and misused words: loading rules/terms.toml and rules/words.toml and
finding near-misses in one pass per paragraph with Aho-Corasick automata (pyahocorasick) — no
loop of regular expressions per term."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from checker.paths import data_dir


@dataclass(frozen=True, slots=True)
class Term:
    name: str
    canonical: str  # the core: without a verb that merely introduces it
    members: tuple[str, ...] = ()
    source: str = ""
    allow: tuple[str, ...] = ()
    kind: str = "phrase"  # "phrase" | "list" (members checked where the list appears as one)
    verb: str = ""  # the verb usually before it, not part of it (坚持 以人民为中心的发展思想)


@dataclass(frozen=True, slots=True)
class Word:
    wrong: str
    right: str
    regex: bool = False
    after: str = ""
    before: str = ""
    note: str = ""
    near: tuple[str, ...] = ()  # flagged only where one of these stands within NEAR characters
    idioms: tuple[str, ...] = ()  # sound phrases holding the word: never flagged

    def in_idiom(self, text: str, start: int, end: int) -> bool:
        return any(idiom in text[max(0, start - len(idiom)) : end + len(idiom)] for idiom in self.idioms)

    def in_context(self, text: str, start: int, end: int) -> bool:
        """Whether the confusion's own list stands near (always, when ``near`` is empty)."""
        if not self.near:
            return True
        window = text[max(0, start - NEAR) : end + NEAR]
        return any(word in window for word in self.near)


NEAR = 40  # characters either side where a word's list (`near`) must appear
KINDS = ("phrase", "list")


class ListsError(ValueError):
    """An invalid entry in terms.toml or words.toml (the message names it)."""


@dataclass(slots=True)
class Lists:
    terms: list[Term]
    words: list[Word]
    shingles: Any = None  # trigram → [(term index, offset)]
    members: Any = None  # member → [(term index, member index)]
    literal_words: Any = None
    regex_words: list[tuple[re.Pattern[str], Word]] = field(default_factory=list)


@cache
def lists() -> Lists:
    from checker.snapshot import load_or_build

    return load_or_build("terms", _build_lists)


def _build_lists() -> Lists:
    rules = data_dir("rules")
    raw_terms = tomllib.loads((rules / "terms.toml").read_text("utf-8"))["terms"]
    raw_words = tomllib.loads((rules / "words.toml").read_text("utf-8"))["words"]
    terms = [Term(t["name"], t["canonical"], tuple(t.get("members", ())), t.get("source", ""),
                  tuple(t.get("allow", ())), t.get("kind", "list" if t.get("members") else "phrase"),
                  t.get("verb", "")) for t in raw_terms]  # fmt: skip
    for term in terms:
        if term.kind not in KINDS or (term.kind == "list") != bool(term.members):
            raise ListsError(f"terms.toml: {term.name}: kind must be one of {', '.join(KINDS)}; "
                             "a list has members, a phrase none")  # fmt: skip
        if term.verb and term.canonical.startswith(term.verb):
            raise ListsError(f"terms.toml: {term.name}: canonical is the core, without its verb {term.verb!r}")
    words = [Word(w["wrong"], w["right"], w.get("regex", False), w.get("after", ""), w.get("before", ""),
                  w.get("note", ""), tuple(w.get("near", ())), tuple(w.get("idioms", ()))) for w in raw_words]  # fmt: skip
    result = Lists(terms, words)

    shingles: dict[str, list[tuple[int, int]]] = defaultdict(list)
    members: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, term in enumerate(terms):
        if len(term.canonical) >= 6:
            for offset in range(len(term.canonical) - 2):
                shingles[term.canonical[offset : offset + 3]].append((index, offset))
        for position, member in enumerate(term.members):
            members[member].append((index, position))
    result.shingles = _automaton(shingles)
    result.members = _automaton(members)
    literal = {w.wrong: w for w in words if not w.regex}
    result.literal_words = _automaton({k: v for k, v in literal.items()})
    result.regex_words = [(re.compile(w.wrong), w) for w in words if w.regex]
    return result


def _automaton(table: dict[str, Any]) -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key, value in table.items():
        automaton.add_word(key, (key, value))
    automaton.make_automaton()
    return automaton


_SAME_PAUSE = str.maketrans({"，": "、", ",": "、"})


def allowed_distance(length: int) -> int:
    return 1 if length < 12 else 2


@dataclass(frozen=True, slots=True)
class Misquote:
    term: Term
    start: int
    end: int
    found: str


CHUNK = 4000  # long paragraphs are scanned in overlapping pieces: the votes stay small


def find_misquotes(text: str) -> list[Misquote]:
    """Near-misses of canonical wordings: trigrams of each wording vote for where it would start;
    a place with enough votes is compared with the wording by edit distance."""
    if len(text) <= CHUNK:
        return _find_misquotes(text)
    longest = max((len(t.canonical) for t in lists().terms), default=0) + 8
    found: dict[tuple[int, int], Misquote] = {}
    for offset in range(0, len(text), CHUNK - longest):
        for m in _find_misquotes(text[offset : offset + CHUNK]):
            shifted = Misquote(m.term, m.start + offset, m.end + offset, m.found)
            found.setdefault((shifted.start, shifted.end), shifted)
    return sorted(found.values(), key=lambda m: m.start)


def _find_misquotes(text: str) -> list[Misquote]:
    data = lists()
    if not text or len(data.terms) == 0:
        return []
    votes: dict[tuple[int, int], int] = defaultdict(int)
    for end, (_, hits) in data.shingles.iter(text):
        for term_index, offset in hits:
            votes[(term_index, end - 2 - offset)] += 1
    if not votes:
        return []  # most paragraphs: no trigram of any wording
    by_term: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (term_index, start), count in votes.items():
        by_term[term_index].append((start, count))
    found: list[Misquote] = []
    for term_index, starts in by_term.items():
        term = data.terms[term_index]
        n = len(term.canonical)
        need = max(2, (n - 2) // 2)
        starts.sort()
        seen_until = -1
        for start, _ in starts:
            if start <= seen_until:
                continue
            nearby = sum(c for s, c in starts if abs(s - start) <= 3)
            if nearby < need:
                continue
            exact = text.find(term.canonical, max(0, start - 3), start + 3 + n)
            if exact != -1:  # quoted exactly here: a window at distance 0, no near-miss to find
                seen_until = start + n
                continue
            from rapidfuzz.distance import Levenshtein  # only now: most reports quote exactly

            best: tuple[int, int, int] | None = None  # (distance, start, end)
            for s in range(max(0, start - 3), start + 4):
                for length in range(max(1, n - 3), n + 4):
                    window = text[s : s + length]
                    if len(window) < length:
                        continue
                    d = Levenshtein.distance(term.canonical, window, score_cutoff=3)
                    if (
                        best is None
                        or d < best[0]
                        or (d == best[0] and abs(length - n) < abs(best[2] - best[1] - n))
                    ):
                        best = (d, s, s + length)
            seen_until = start + n
            if best is None or best[0] == 0 or best[0] > allowed_distance(n):
                continue
            d, s, e = best
            window = text[s:e]
            if window.translate(_SAME_PAUSE) == term.canonical.translate(_SAME_PAUSE):
                continue  # 、 or ， between members: both are in use (不忘初心，牢记使命)
            # Trim what both ends share with the text around (a window may swallow a neighbour).
            if term.canonical in text[max(0, s - 3) : e + 3] or any(
                a in text[max(0, s - 5) : e + 5] for a in term.allow
            ):
                continue
            found.append(Misquote(term, s, e, window))
    # Overlapping findings: keep the most specific (shortest) wording.
    found.sort(key=lambda m: (len(m.term.canonical), m.start))
    kept: list[Misquote] = []
    for m in found:
        if not any(m.start < k.end and k.start < m.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


@dataclass(frozen=True, slots=True)
class OrderProblem:
    term: Term
    start: int
    end: int
    found: str
    kind: str  # "order" | "replaced"
    replaced: str = ""


_SEPARATORS = "、，,和及与 "


def find_order_problems(text: str) -> list[OrderProblem]:
    """Members of a listed formulation quoted out of order, or with one member replaced."""
    data = lists()
    hits: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # term → (start, end, member index)
    for end, (member, places) in data.members.iter(text):
        start = end - len(member) + 1
        for term_index, position in places:
            hits[term_index].append((start, end + 1, position))
    problems = []
    for term_index, places in hits.items():
        term = data.terms[term_index]
        if len(term.members) < 3:
            continue
        places.sort()
        # Runs of members separated only by list punctuation.
        run: list[tuple[int, int, int]] = []
        for place in [*places, (10**9, 10**9, -1)]:
            if run and (
                place[0] - run[-1][1] > 2 or any(c not in _SEPARATORS for c in text[run[-1][1] : place[0]])
            ):
                problems.extend(_judge(term, run, text))
                run = []
            if place[2] >= 0 and (not run or place[0] >= run[-1][1]):
                run.append(place)
    return problems


# The member next to a listed formulation, looked for beside it only (not in a slice of the rest).
_NEXT_MEMBER = re.compile(r"[、，,和及与]\s*([\u4e00-\u9fff“”]{1,12})")
_PREVIOUS_MEMBER = re.compile(r"([\u4e00-\u9fff“”]{1,12})\s*[、，,]$")


def _judge(term: Term, run: list[tuple[int, int, int]], text: str) -> list[OrderProblem]:
    positions = [p for _, _, p in run]
    if len(set(positions)) < 3:
        return []
    start, end = run[0][0], run[-1][1]
    if positions != sorted(positions):
        return [OrderProblem(term, start, end, text[start:end], "order")]
    missing = [i for i in range(len(term.members)) if i not in positions]
    if len(missing) != 1 or missing[0] not in (0, len(term.members) - 1):
        return []
    # One member replaced at either end of the list: 政治意识、大局意识、核心意识、服从意识.
    wanted = term.members[missing[0]]
    if missing[0] == len(term.members) - 1:
        m = _NEXT_MEMBER.match(text, end)
        item_start = m.start(1) if m else 0
    else:
        m = _PREVIOUS_MEMBER.search(text, max(0, start - 40), start)
        item_start = m.start(1) if m else 0
    if m is None:
        return []
    item = m.group(1)
    if (
        len(wanted) >= 2
        and item.endswith(wanted[-2:])
        and abs(len(item) - len(wanted)) <= 1
        and item != wanted
    ):
        lo, hi = min(start, item_start), max(end, item_start + len(item))
        return [OrderProblem(term, lo, hi, text[lo:hi], "replaced", item)]
    return []
