"""The JSON output contract (../shared/docs/output-contract.md; schema in docs/report.schema.json)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from checker import __version__
from checker.messages import render
from checker.result import FileResult
from checker.severity import Severity

if TYPE_CHECKING:
    from checker.model import Item, Report


def item_json(item: Item) -> dict[str, Any]:
    return {
        "index": item.index,
        "marker": item.marker.text.rstrip("，,：:") or item.marker.text,
        "heading": item.heading,
        "text": item.text,
        "line": item.line,
        "children": [item_json(child) for child in item.children],
        "depth": item.depth,
        "automatic": item.from_label,
    }


def outline_json(report: Report) -> dict[str, Any]:
    return {
        "title": report.title,
        "sections": [
            {
                "role": section.role,
                "number": section.numeral,
                "title": section.title,
                "line": section.line,
                "template_section": section.spec_id,
                "items": [item_json(item) for item in section.items],
            }
            for section in report.sections
        ],
        "links": links_json(report),
    }


def links_json(report: Report) -> list[dict[str, Any]]:
    """The contract's links: one entry per problem, 1-based indexes, a score in [0, 1], and for
    each linked cause and measure the evidence in words (the words both items use; related
    lexicon terms, one from each)."""
    alignment = report.alignment
    if alignment is None:
        return []

    def why(problem: int, role: str, picked: Sequence[int]) -> list[dict[str, Any]]:
        out = []
        for t in picked:
            found = alignment.evidence(problem, role, t)
            out.append({"target": t, "words": list(found.words), "related": [list(p) for p in found.related]})
        return out

    return [
        {
            "problem": link.problem,
            "causes": list(link.causes),
            "measures": list(link.measures),
            "score": link.score,
            "confidence": {"causes": list(link.cause_confidence), "measures": list(link.measure_confidence)},
            "evidence": {
                "causes": why(link.problem, "causes", link.causes),
                "measures": why(link.problem, "measures", link.measures),
            },
        }
        for link in alignment.links
    ]


def file_json(result: FileResult, lang: str) -> dict[str, Any]:
    if result.error is not None:
        code, detail = result.error
        return {
            "path": result.path,
            "template": None,
            "error": {"code": code, "message": render(code, lang, {"detail": detail})},
            "stats": None,
            "substance": None,
            "outline": None,
            "diagnostics": [],
        }
    assert result.report is not None or result.outline is not None
    detection = result.detection
    return {
        "path": result.path,
        "template": result.template,
        "template_detection": {
            "auto": detection is not None,
            "confidence": detection.confidence if detection else 1.0,
            "reasons": [zh if lang == "zh" else en for zh, en in detection.reasons] if detection else [],
            "known": detection.known if detection else True,
            "candidates": list(detection.candidates) if detection else [],
        },
        "error": None,
        "stats": {"chars": result.chars, "paragraphs": result.paragraphs},
        "substance": result.substance,
        "outline": result.outline if result.outline is not None else outline_json(result.report),  # type: ignore[arg-type]
        "diagnostics": [
            {
                "code": d.code,
                "rule": d.rule,
                "severity": d.severity.value,
                "message": render(d.code, lang, d.args),
                "line": d.line,
                "column": d.column,
                "end_line": d.end_line,
                "end_column": d.end_column,
                "excerpt": d.excerpt,
            }
            for d in result.diagnostics
        ],
    }


def summary(results: Sequence[FileResult]) -> dict[str, int]:
    return {
        "files": len(results),
        "errors": sum(r.count(Severity.ERROR) for r in results),
        "warnings": sum(r.count(Severity.WARNING) for r in results),
        "infos": sum(r.count(Severity.INFO) for r in results),
        "unreadable": sum(1 for r in results if r.error is not None),
    }


def render_json(results: Sequence[FileResult], lang: str, similar: Sequence[Any] | None = None) -> str:
    payload: dict[str, Any] = {
        "tool": {"name": "reportlint", "version": __version__},
        "files": [file_json(r, lang) for r in results],
        "summary": summary(results),
    }
    if similar is not None:  # copies were looked for (D101, `reportlint similar`)
        payload["similar"] = similar_json(similar)
    return dumps(payload)


def similar_json(pairs: Sequence[Any]) -> list[dict[str, Any]]:
    """Pairs of reports sharing passages, most alike first (``runner.CopiedPair``)."""
    return [
        {"a": p.a, "b": p.b, "share": p.share, "reference": p.reference, "passages": p.passages}
        for p in pairs
    ]


def dumps(value: Any) -> str:
    """Indented JSON, UTF-8 unescaped. orjson: the standard library indents in pure Python,
    30× slower on a report with 20,000 findings."""
    import orjson

    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
    except orjson.JSONEncodeError:  # a lone surrogate: a file name that is not UTF-8
        import json

        return json.dumps(value, ensure_ascii=False, indent=2)
