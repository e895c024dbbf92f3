"""The JSON output contract (../shared/docs/output-contract.md; schema in docs/report.schema.json)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from checker import __version__
from checker.messages import render
from checker.result import FileResult
from checker.severity import Severity


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
    outline = result.outline_data()
    assert outline is not None
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
        "outline": outline,
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
    """Pairs of reports sharing passages, most alike first (``checker.run.similar.SimilarPair``)."""
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
