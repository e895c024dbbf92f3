"""`reportlint matrix`: the 对应关系 table — problems as rows, causes and measures as columns,
scores shaded, chosen links marked. Two narrow tables rather than one wide one, so that the
output reads at 80 columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.align.correspondence import Correspondence

LABELS = {
    "zh": {"problem": "问题", "cause": "原因", "measure": "措施", "none": "（无）", "why": "对应依据",
           "confidence": "置信度", "links": "对应关系"},
    "en": {
        "problem": "problem",
        "cause": "cause",
        "measure": "measure",
        "none": "(none)",
        "why": "why linked",
        "confidence": "confidence",
        "links": "links",
    },
}


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _shade(score: float, chosen: bool) -> str:
    if chosen:
        return "bold black on green3" if score >= 0.2 else "bold black on yellow3"
    if score >= 0.2:
        return "grey70"
    return "grey35"


def render_matrix(links: Correspondence | None, lang: str, explain: bool) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    words = LABELS.get(lang, LABELS["zh"])
    alignment = links
    if alignment is None or not alignment.problems:
        console.print(words["none"])
        return
    parts = [
        ("cause", "C", alignment.causes, alignment.cause_matrix, [link.causes for link in alignment.links]),
        (
            "measure",
            "M",
            alignment.measures,
            alignment.measure_matrix,
            [link.measures for link in alignment.links],
        ),
    ]
    for kind, letter, targets, matrix, picks in parts:
        if not targets or not matrix or not matrix[0]:
            continue
        table = Table(title=f"{words['problem']} × {words[kind]}", title_justify="left", pad_edge=False)
        table.add_column(words["problem"], no_wrap=True, max_width=18)
        for j in range(len(targets)):
            table.add_column(f"{letter}{j + 1}", justify="right", no_wrap=True)
        for i, unit in enumerate(alignment.problems):
            cells = []
            for j, score in enumerate(matrix[i]):
                chosen = (j + 1) in picks[i]
                cells.append(Text(("●" if chosen else " ") + f"{score:.2f}", style=_shade(score, chosen)))
            table.add_row(f"P{i + 1} " + _short(unit.item.heading, 12), *cells)
        console.print(table)
        for j, unit in enumerate(targets):
            console.print(f"  {letter}{j + 1} {_short(unit.item.heading, 34)}", highlight=False)
        console.print()
    # Each chosen link with how sure the engine is of it (0.5 at the document's floor).
    console.print(words["links"] + f" ({words['confidence']}):")
    for link in alignment.links:
        named = [f"C{t} {c:.2f}" for t, c in zip(link.causes, link.cause_confidence, strict=True)]
        named += [f"M{t} {c:.2f}" for t, c in zip(link.measures, link.measure_confidence, strict=True)]
        console.print(f"  P{link.problem} → " + ("，".join(named) or words["none"]), highlight=False)
    if explain:
        console.print(words["why"] + ":")
        for link in alignment.links:
            for letter, role, picked in (("C", "causes", link.causes), ("M", "measures", link.measures)):
                for t in picked:
                    terms = "、".join(alignment.evidence(link.problem, role, t).labels()) or "—"
                    console.print(f"  P{link.problem} → {letter}{t}: {terms}", highlight=False)
