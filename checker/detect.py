"""Which template a report follows, when the user does not say: from its title, its opening
paragraphs and how well its 一、 headings fit each template's sections.

The choice and the reasons for it are part of the output, so a wrong guess is visible and
`--template` can override it.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.parse.lexer import Block, lex
from checker.read.types import Document
from checker.template import Template, builtin_names, classify_title, load_template

TITLE_WEIGHT = 10.0
BODY_WEIGHT = 3.0
HEADINGS_WEIGHT = 5.0
OPENING_PARAGRAPHS = 3


# The evidence a document must give to be taken for a report of some kind: a title word (10), or
# an opening phrase (3) with fitting headings (5 × fit), or a table header with half a problem
# list's columns (10 × share). Reports of every kind in ../shared/corpus give 7 or more; the
# notices, news, plans and theses of ../shared/realdocx give 3.4 or less (bench/corpus.py).
KNOWN_EVIDENCE = 5.0


@dataclass(frozen=True, slots=True)
class Detection:
    """The template a document was detected as, how sure and why."""

    template: Template
    confidence: float  # in [0, 1]: the winner's share of the two best scores
    reasons: tuple[tuple[str, str], ...]  # (zh, en) sentences
    scores: tuple[tuple[str, float], ...]  # every template's evidence, best first
    known: bool = True  # the evidence reaches KNOWN_EVIDENCE: a report of a kind we know


TABLE_WEIGHT = 10.0


def _header_rows(document: Document) -> list[str]:
    """The first row of every table, as one string per table."""
    rows: dict[int, list[str]] = {}
    for p in document.paragraphs:
        if p.cell is not None and p.cell.row == 0:
            rows.setdefault(p.cell.table, []).append(p.text.strip())
    return ["|".join(cells) for cells in rows.values()]


def _signals(document: Document, blocks: list[Block] | None) -> tuple[str, str, list[str]]:
    """The title, the opening paragraphs and the 一、 headings, from the blocks the parser lexed
    (each paragraph's first block: enumerations inside paragraphs play no part here)."""
    if len(document.paragraphs) > 400:
        return _quick_signals(document)
    if blocks is None:
        blocks = lex(list(document.paragraphs), inline=False)
    paragraphs = document.paragraphs
    title = "".join(paragraphs[b.para].text.strip() for b in blocks if b.kind == "TITLE")
    opening = [paragraphs[b.para].text for b in blocks if b.kind in ("PARA", "ADDRESSEE")][
        :OPENING_PARAGRAPHS
    ]
    headings = [  # the whole paragraph: a heading's inline 一是… belongs to what it names
        paragraphs[b.para].text[b.marker.end :].strip()
        for b in blocks
        if b.kind == "H1" and b.marker is not None
    ]
    return title, "\n".join(opening), headings


def _quick_signals(document: Document) -> tuple[str, str, list[str]]:
    """For a very long document: the title and opening from its first lines, the 一、 headings
    from every paragraph's marker, without lexing the whole document twice."""
    from checker.parse.markers import match_marker

    head = lex(list(document.paragraphs[:60]), inline=False)
    paragraphs = document.paragraphs
    title = "".join(paragraphs[b.para].text.strip() for b in head if b.kind == "TITLE")
    opening = "\n".join(
        [paragraphs[b.para].text for b in head if b.kind in ("PARA", "ADDRESSEE")][:OPENING_PARAGRAPHS]
    )
    headings = []
    for p in paragraphs:
        marker = match_marker(p.text) if p.text[:1] in "一二三四五六七八九十第" else None
        if marker is not None and marker.family == "cn":
            headings.append(p.text[marker.end :].strip())
    return title, opening, headings


def _score(
    template: Template, title: str, opening: str, headings: list[str], header_rows: list[str]
) -> tuple[float, list[tuple[str, str]]]:
    reasons: list[tuple[str, str]] = []
    score = 0.1 * template.detect.priority
    excluded = next((w for w in template.detect.exclude if w in title), None)
    title_word = next((w for w in template.detect.title if w in title), None)
    if excluded is not None:
        score -= TITLE_WEIGHT / 2
    elif title_word is not None:
        score += TITLE_WEIGHT
        reasons.append((f"标题含“{title_word}”", f"the title contains “{title_word}”"))
    body_word = next((w for w in template.detect.body if w in opening), None)
    if body_word is not None and excluded is None:
        score += BODY_WEIGHT
        reasons.append((f"导语含“{body_word}”", f"the opening mentions “{body_word}”"))
    if headings and template.sections:
        matched = [classify_title(template, h) for h in headings]
        recognised = sum(1 for m in matched if m is not None)
        present = {m.spec.id for m in matched if m is not None}
        required = [s.id for s in template.sections if s.required]
        required_found = sum(1 for r in required if r in present)
        fit = 0.5 * recognised / len(headings) + 0.5 * (required_found / len(required) if required else 1.0)
        score += HEADINGS_WEIGHT * fit
        reasons.append(
            (
                f"{recognised}/{len(headings)} 个一级标题可识别，必备部分齐 {required_found}/{len(required)}",
                f"{recognised}/{len(headings)} headings recognised, {required_found}/{len(required)} required sections present",
            )
        )
    if template.table is not None and template.table.columns:
        best = 0
        for header in header_rows:
            names = [(c.label, *c.synonyms) for c in template.table.columns]
            best = max(best, sum(1 for options in names if any(o in header for o in options)))
        if best:
            score += TABLE_WEIGHT * best / len(template.table.columns)
            reasons.append(
                (f"表格表头含 {best} 个清单列", f"a table header has {best} of the checklist's columns")
            )
    return score, reasons


def detect_template(document: Document, blocks: list[Block] | None = None,
                    candidates: list[str] | None = None) -> Detection:  # fmt: skip
    """The template ``document`` most likely follows; ``blocks`` are its lexed paragraphs when the
    parser has them already (they are lexed here otherwise)."""
    title, opening, headings = _signals(document, blocks)
    header_rows = _header_rows(document)
    results = []
    evidence: dict[str, float] = {}
    for name in candidates or builtin_names():
        template = load_template(name)
        score, reasons = _score(template, title, opening, headings, header_rows)
        results.append((score, name, template, reasons))
        evidence[name] = score - 0.1 * template.detect.priority  # what the document itself showed
    results.sort(key=lambda r: (-r[0], r[1]))
    best_score, best_name, best, reasons = results[0]
    second = results[1][0] if len(results) > 1 else 0.0
    top, runner_up = max(best_score, 0.0), max(second, 0.0)
    confidence = 1.0 if runner_up == 0 else top / (top + runner_up)
    return Detection(
        template=best,
        confidence=round(confidence, 2),
        reasons=tuple(reasons),
        scores=tuple((name, round(evidence[name], 2)) for _, name, _, _ in results),
        known=evidence[best_name] >= KNOWN_EVIDENCE,
    )
