"""Reports that share passages (D101, `reportlint similar`): every pair of the batch, and each
report against known texts (--against), with the passages quoted on both sides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.batch.task import Task
from checker.result import Diagnostic, FileResult, pack_findings
from checker.run.plan import Plan


@dataclass(slots=True)
class SimilarPair:
    """Two reports that share passages: each passage with its lines and texts on both sides."""

    a: str
    b: str
    share: float
    passages: list[dict[str, Any]]
    reference: bool = False  # b is a known text (--against), not a report of the batch


def find_similar(work: Plan, results: list[FileResult], reference: Plan | None = None,
                reference_results: list[FileResult] | None = None) -> list[SimilarPair]:  # fmt: skip
    """Pairs of reports of the batch (and of the batch with the known texts of ``reference``)
    that share passages, most alike first; a D101 finding goes on every copied paragraph of a
    batch file whose rules include D101. Files are read again only to quote the passages."""
    from checker.checks import RULES
    from checker.severity import Severity
    from checker.similar.pairs import find_pairs

    others = reference_results or []
    tasks = work.tasks + (reference.tasks if reference is not None else [])
    everything = results + others
    pairs = find_pairs([r.signature for r in everything], reference_from=len(results))
    texts: dict[int, dict[int, str]] = {}

    def text(index: int, line: int) -> str:
        if index not in texts:
            texts[index] = _line_texts(tasks[index])
        return texts[index].get(line, "")

    found: list[SimilarPair] = []
    added: dict[int, list[Diagnostic]] = {}  # D101 findings by result
    rule = RULES["D101"]
    for pair in pairs:
        passages: list[dict[str, Any]] = [{"line_a": p.line_a, "line_b": p.line_b, "similarity": p.similarity,
                     "text_a": text(pair.a, p.line_a), "text_b": text(pair.b, p.line_b)} for p in pair.passages]  # fmt: skip
        a, b = everything[pair.a].path, everything[pair.b].path
        found.append(SimilarPair(a, b, pair.share, passages, reference=pair.b >= len(results)))
        for index, other, mine, theirs in ((pair.a, b, "line_a", "line_b"), (pair.b, a, "line_b", "line_a")):
            if index >= len(results):
                continue
            rules = tasks[index].settings.rules
            if rules is None or "D101" not in rules.enabled:
                continue
            level = Severity(rules.level("D101", rule.severity.value))
            for passage in passages:
                line, quoted = passage[mine], passage["text_a" if mine == "line_a" else "text_b"]
                args = {"other": other, "other_line": passage[theirs],
                        "similarity": round(passage["similarity"] * 100), "share": round(pair.share * 100)}  # fmt: skip
                added.setdefault(index, []).append(Diagnostic("D101", rule.name, level, line, 1, line, len(quoted) + 1, args,
                                               quoted[:400]))  # fmt: skip
    for index, more in added.items():  # a result's own findings may be Pieces: packed again with these
        result = results[index]
        result.diagnostics = pack_findings(sorted([*result.diagnostics, *more], key=lambda d: (d.line, d.column, d.code)))
    return found


def _line_texts(task: Task) -> dict[int, str]:
    from checker.read import ReadError, read_bytes, read_path

    try:
        document = read_bytes(task.path, task.data) if task.data is not None else read_path(task.path)
    except (ReadError, OSError, ValueError):
        return {}
    return {p.line: p.text for p in document.paragraphs}

