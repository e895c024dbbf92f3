"""Canonical formulations and misused words: loading rules/terms.toml and rules/words.toml and
finding near-misses in one pass per paragraph with Aho-Corasick automata (pyahocorasick) — no
loop of regular expressions per term."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from checker.paths import data_dir


@dataclass(frozen=True, slots=True)
class Term:
    """A sourced formulation: its canonical wording and members."""

    name: str
    canonical: str  # the core: without a verb that merely introduces it
    members: tuple[str, ...] = ()
    source: str = ""
    allow: tuple[str, ...] = ()
    kind: str = "phrase"  # "phrase" | "list" (members checked where the list appears as one)
    verb: str = ""  # the verb usually before it, not part of it (坚持 以人民为中心的发展思想)
    year: int = 0  # of the text the wording was read in
    status: str = "primary"  # "primary" (✅ read in the text itself) | "secondary" (⚠)
    misquotes: tuple[str, ...] = ()  # seen in the sources; reported as T101 (tests assert it)
    misorders: tuple[str, ...] = ()  # … as T102


@dataclass(frozen=True, slots=True)
class Word:
    """A wrong wording and the right one (rules/terms.toml words)."""

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
STATUSES = ("primary", "secondary")


class ListsError(ValueError):
    """An invalid entry in terms.toml or words.toml (the message names it)."""


@dataclass(slots=True)
class Lists:
    """The formulations and word lists (rules/terms.toml) with the indexes built over them."""

    terms: list[Term]
    words: list[Word]
    shingles: Any = None  # trigram → (term index, offset, term index, offset, …), flat (see build)
    members: Any = None  # member → [(term index, member index)]
    literal_words: Any = None
    regex_words: list[tuple[re.Pattern[str], Word]] = field(default_factory=list)
    sound: Any = None  # wording known to be sound → the terms it belongs to (-1: a check-list's)
    known_misquotes: Any = None  # a misquote seen in the sources → its term


@cache
def lists() -> Lists:
    from checker.snapshot import load_or_build

    return load_or_build("terms", _build_lists)


def _build_lists() -> Lists:
    import tomllib

    rules = data_dir("rules")
    raw_terms = tomllib.loads((rules / "terms.toml").read_text("utf-8"))["terms"]
    raw_words = tomllib.loads((rules / "words.toml").read_text("utf-8"))["words"]
    terms = [Term(t["name"], t["canonical"], tuple(t.get("members", ())), t.get("source", ""),
                  tuple(t.get("allow", ())), t.get("kind", "list" if t.get("members") else "phrase"),
                  t.get("verb", ""), t.get("year", 0), t.get("status", "primary"),
                  tuple(t.get("misquotes", ())), tuple(t.get("misorders", ()))) for t in raw_terms]  # fmt: skip
    names: set[str] = set()
    for term in terms:
        if term.kind not in KINDS or (term.kind == "list") != bool(term.members):
            raise ListsError(f"terms.toml: {term.name}: kind must be one of {', '.join(KINDS)}; "
                             "a list has members, a phrase none")  # fmt: skip
        if term.verb and term.canonical.startswith(term.verb):
            raise ListsError(f"terms.toml: {term.name}: canonical is the core, without its verb {term.verb!r}")
        if not term.source or term.status not in STATUSES or not 1900 <= term.year <= 2100:
            raise ListsError(f"terms.toml: {term.name}: needs a source, a year and a status ({', '.join(STATUSES)})")
        if term.name in names:
            raise ListsError(f"terms.toml: {term.name}: named twice")
        names.add(term.name)
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
    # The votes as one flat tuple per trigram, not a list of pairs: this automaton is most of the
    # snapshot, and a process unpickles its 3,600 values in 0.5 ms rather than 1.6 ms.
    flat = {gram: tuple(n for pair in hits for n in pair) for gram, hits in shingles.items()}
    result.shingles = _automaton(flat, keyed=False)
    result.members = _automaton(members)
    result.sound = _automaton(_sound_phrases(terms))
    result.known_misquotes = _automaton({m: index for index, term in enumerate(terms) for m in term.misquotes})
    literal = {w.wrong: w for w in words if not w.regex}
    result.literal_words = _automaton({k: v for k, v in literal.items()})
    result.regex_words = [(re.compile(w.wrong), w) for w in words if w.regex]
    return result


def _sound_phrases(terms: list[Term]) -> dict[str, tuple[int, ...]]:
    """Wording that is sound as it stands: every formulation and its allowed variants, and the
    aspects of the yearly check-lists (rules/checklists), whole and by their 、/， parts. A
    near-miss of one formulation that is an exact quote of another (党纪学习教育 beside
    党史学习教育) or of an aspect's own wording is no misquote."""
    import tomllib

    found: dict[str, set[int]] = defaultdict(set)
    for index, term in enumerate(terms):
        for phrase in (term.canonical, *term.allow):
            found[phrase].add(index)
    for path in sorted((data_dir("rules") / "checklists").glob("*.toml")):
        for aspect in tomllib.loads(path.read_text("utf-8")).get("aspects", ()):
            name = aspect.get("name", "")
            for phrase in (name, *re.split("[、，,；]", name)):
                if len(phrase) >= 4:
                    found[phrase].add(-1)
    return {phrase: tuple(sorted(owners)) for phrase, owners in found.items()}


def _automaton(table: dict[str, Any], keyed: bool = True) -> Any:
    """An automaton over ``table``'s keys whose value is (key, value), or the value alone when
    not ``keyed``."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key, value in table.items():
        automaton.add_word(key, (key, value) if keyed else value)
    automaton.make_automaton()
    return automaton


_SAME_PAUSE = str.maketrans({"，": "、", ",": "、"})


def allowed_distance(length: int) -> int:
    return 1 if length < 12 else 2


@dataclass(frozen=True, slots=True)
class Misquote:
    """A formulation quoted with a word changed, and where."""

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
    for end, hits in data.shingles.iter(text):
        for k in range(0, len(hits), 2):  # (term index, offset) pairs, flat
            votes[(hits[k], end - 2 - hits[k + 1])] += 1
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
        if (starts[0][1] if len(starts) == 1 else sum(count for _, count in starts)) < need:
            continue  # too few trigrams anywhere, so near any place (most wordings: one stray trigram)
        starts.sort()
        seen_until = -1
        for start, _ in starts:
            if start <= seen_until:
                continue
            nearby = [(c, s) for s, c in starts if abs(s - start) <= 3]
            if sum(c for c, _ in nearby) < need:
                continue
            start = max(nearby)[1]  # where most trigrams put it: the first such place may be a stray
            exact = text.find(term.canonical, max(0, start - 3), start + 3 + n)
            if exact != -1:  # quoted exactly here: a window at distance 0, no near-miss to find
                seen_until = start + n
                continue
            from rapidfuzz.distance import OSA  # only now: most reports quote exactly

            best: tuple[int, int, int] | None = None  # (distance, start, end)
            for s in range(max(0, start - 3), start + 4):
                for length in range(max(1, n - 3), n + 4):
                    window = text[s : s + length]
                    if len(window) < length:
                        continue
                    # OSA: two characters swapped (知行信 for 知信行) are one slip, not two
                    d = OSA.distance(term.canonical, window, score_cutoff=3)
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
            if _misquoted(term, text, s, e):
                found.append(Misquote(term, s, e, text[s:e]))
    for end, (wording, term_index) in data.known_misquotes.iter(text):
        start = end - len(wording) + 1
        if not any(m.start < end + 1 and start < m.end for m in found):
            found.append(Misquote(data.terms[term_index], start, end + 1, wording))
    found = [m for m in found if not _quotes_another(m.term, text, m.start, m.end, data)]
    # Overlapping findings: keep the most specific (shortest) wording.
    found.sort(key=lambda m: (len(m.term.canonical), m.start))
    kept: list[Misquote] = []
    for m in found:
        if not any(m.start < k.end and k.start < m.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
_BRACKETS = set("（）()【】〔〕[]［］<>《》")
# A numbering marker inside a window: 一是 二是, 第一， 1. 2、 (bounded classes, on a window of a
# few dozen characters)
_MARKER = re.compile(r"[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，、,]|\d+[.．、)）]")
# Frames that hold part of a formulation, as check-lists' aspects are written: 在……方面,
# 在……上, 对照……; the text before a fragment ends with an opener, the text after starts with
# a closer.
_OPENERS = ("在", "对照", "对", "从", "于", "就", "围绕", "关于", "按照", "结合")
_CLOSERS = ("方面", "上", "中", "里", "等", "情况")


def _misquoted(term: Term, text: str, s: int, e: int) -> bool:
    """Whether the near-miss ``text[s:e]`` of ``term`` is a misquote rather than a sound
    context: a window across a numbering marker or bracket, the same words with other pauses or
    quotes, an allowed variant, or a fragment — the formulation cut short at either end (a title
    or heading that shortens it, an aspect frame 在……方面 around part of it, a paragraph that
    ends where a formulation is split over two lines). Only a slip inside the quoted part, or a
    word put in place of the formulation's own at its end (习近平新时代中国特色社会主义理论),
    is a misquote."""
    window = text[s:e]
    canonical = term.canonical
    if any(c in _BRACKETS and c not in canonical for c in window):
        return False
    if any(m.group(0) not in canonical for m in _MARKER.finditer(window)):
        return False  # 三件大事 holds its own 一是 二是 三是
    if window.translate(_SAME_PAUSE) == canonical.translate(_SAME_PAUSE):
        return False  # 、 or ， between members: both are in use (不忘初心，牢记使命)
    if window.translate(_QUOTES) == canonical.translate(_QUOTES):
        return False  # quotes (or their absence) are the punctuation rules' business
    if term.members and _members_in_order(term.members, window):
        return False  # 科学体系、核心要义和实践要求: every member, in order, joined as lists are
    if canonical in text[max(0, s - 3) : e + 3] or any(a in text[max(0, s - 5) : e + 5] for a in term.allow):
        return False
    from rapidfuzz.distance import Levenshtein

    ops = list(Levenshtein.opcodes(canonical, window))
    equal = [i for i, op in enumerate(ops) if op.tag == "equal"]
    if not equal:
        return False
    interior = any(op.tag != "equal" for op in ops[equal[0] : equal[-1] + 1])
    if interior:
        return True
    lead = ops[: equal[0]]
    trail = ops[equal[-1] + 1 :]
    if lead:
        said = window[lead[0].dest_start : lead[-1].dest_end]
        before = text[max(0, s - 4) : s + len(said)]
        if said and not _fragment_edge(said, s == 0, before.endswith(_OPENERS)):
            return True
    if trail:
        said = window[trail[0].dest_start : trail[-1].dest_end]
        after = text[e - len(said) : e + 4]
        if said and not _fragment_edge(said, e == len(text), after.startswith(_CLOSERS)):
            return True
    return False


def _members_in_order(members: tuple[str, ...], window: str) -> bool:
    at = 0
    for member in members:
        while at < len(window) and window[at] in _SEPARATORS:
            at += 1
        if not window.startswith(member, at):
            return False
        at += len(member)
    return all(c in _SEPARATORS for c in window[at:])


def _fragment_edge(said: str, at_paragraph_edge: bool, framed: bool) -> bool:
    """An edge where the text says something else than the formulation is where the quote ends,
    not a slip: at the paragraph's edge, at a punctuation mark, or in an aspect frame."""
    return at_paragraph_edge or framed or any(not ("\u4e00" <= c <= "\u9fff") for c in said)


def _quotes_another(term: Term, text: str, start: int, end: int, data: Lists) -> bool:
    """Whether the places where ``text[start:end]`` differs from ``term`` all lie inside an exact
    quote of another formulation, or of a check-list aspect's own wording: the writer quoted
    that one (党纪学习教育 is no misquote of 党史学习教育; nor is a sub-phrase of a longer known
    wording)."""
    from rapidfuzz.distance import Levenshtein

    window = text[start:end]
    places = [start + op.dest_start for op in Levenshtein.opcodes(term.canonical, window) if op.tag != "equal"]
    if not places:
        return False
    index = data.terms.index(term)
    for stop, (phrase, owners) in data.sound.iter(text, max(0, start - 60), min(len(text), end + 60)):
        if owners == (index,):
            continue
        p_start, p_end = stop - len(phrase) + 1, stop + 1
        if all(p_start <= place <= p_end for place in places):
            return True
    return False


@dataclass(frozen=True, slots=True)
class OrderProblem:
    """A formulation whose members are listed out of their official order, and where."""

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
    return [p for p in problems if not _inside_another(data.terms.index(p.term), text, p.start, p.end, data)]


def _inside_another(index: int, text: str, start: int, end: int, data: Lists) -> bool:
    """Whether ``text[start:end]`` lies inside an exact quote of another formulation or of a
    check-list aspect: its members in that wording's order are sound."""
    for stop, (phrase, owners) in data.sound.iter(text, max(0, start - 200), min(len(text), end + 200)):
        if owners != (index,) and stop - len(phrase) + 1 <= start and end <= stop + 1:
            return True
    return False


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
    # The member's own ending kept (服从意识 for 看齐意识), or, in a list of five or more quoted
    # otherwise whole and in order, an item of the member's length in its place.
    alike = item.endswith(wanted[-2:]) or len(set(positions)) >= 4
    if len(wanted) >= 2 and alike and abs(len(item) - len(wanted)) <= 1 and item != wanted:
        lo, hi = min(start, item_start), max(end, item_start + len(item))
        return [OrderProblem(term, lo, hi, text[lo:hi], "replaced", item)]
    return []
