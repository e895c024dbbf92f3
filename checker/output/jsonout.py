"""The JSON output contract (../shared/docs/output-contract.md; schema in docs/report.schema.json)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, BinaryIO

from checker import __version__
from checker.messages import render
from checker.result import Diagnostic, FileResult
from checker.severity import Severity


def file_json(result: FileResult, lang: str, diagnostics: bool = True) -> dict[str, Any]:
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
        "diagnostics": [diagnostic_json(d, lang) for d in result.diagnostics] if diagnostics else [],
    }


def diagnostic_json(d: Diagnostic, lang: str) -> dict[str, Any]:
    return {
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


def summary(results: Sequence[FileResult]) -> dict[str, int]:
    return {
        "files": len(results),
        "errors": sum(r.count(Severity.ERROR) for r in results),
        "warnings": sum(r.count(Severity.WARNING) for r in results),
        "infos": sum(r.count(Severity.INFO) for r in results),
        "unreadable": sum(1 for r in results if r.error is not None),
    }


def render_json(results: Sequence[FileResult], lang: str, similar: Sequence[Any] | None = None) -> str:
    return dumps(_payload(results, lang, similar))


def write_json(results: Sequence[FileResult], lang: str, similar: Sequence[Any] | None, out: BinaryIO) -> None:
    """The document ``render_json`` makes, byte for byte (UTF-8), written to ``out`` a thousand
    findings at a time: a run with 300,000 findings makes 500 MB of JSON, which built whole (the
    dicts, the bytes, the text, the text encoded again for the terminal) held 1.3 GB more than the
    check itself."""
    head = dumps_bytes(_payload([], lang, similar, summary(results)))
    cut = head.index(b'\n  "files": []') + len(b'\n  "files": [')
    out.write(head[:cut])
    for number, result in enumerate(results):
        out.write(b"\n" if number == 0 else b",\n")
        _write_file(result, lang, out)
    out.write(b"\n  ]" if results else b"]")
    out.write(head[cut + 1 :])


def _write_file(result: FileResult, lang: str, out: BinaryIO) -> None:
    entry = file_json(result, lang, diagnostics=False)
    shell = _indent(dumps_bytes(entry), 4)
    tail = b'"diagnostics": []\n    }'
    if not result.diagnostics:
        out.write(shell)
        return
    assert shell.endswith(tail)  # the last key of every file's entry
    out.write(shell[: -len(tail)] + b'"diagnostics": [\n')
    batch = 1000
    for start in range(0, len(result.diagnostics), batch):
        chunk = [_indent(dumps_bytes(diagnostic_json(d, lang)), 8) for d in result.diagnostics[start : start + batch]]
        out.write((b",\n" if start else b"") + b",\n".join(chunk))
    out.write(b"\n      ]\n    }")


def _indent(block: bytes, spaces: int) -> bytes:
    """An indented JSON block moved right: a JSON text holds no raw line break but its own."""
    pad = b" " * spaces
    return pad + block.replace(b"\n", b"\n" + pad)


def _payload(results: Sequence[FileResult], lang: str, similar: Sequence[Any] | None,
             totals: dict[str, int] | None = None) -> dict[str, Any]:  # fmt: skip
    payload: dict[str, Any] = {
        "tool": {"name": "reportlint", "version": __version__},
        "files": [file_json(r, lang) for r in results],
        "summary": totals if totals is not None else summary(results),
    }
    if similar is not None:  # copies were looked for (D101, `reportlint similar`)
        payload["similar"] = similar_json(similar)
    return payload


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
    except orjson.JSONEncodeError:
        return _standard_dumps(value)


def _standard_dumps(value: Any) -> str:
    """What orjson refuses: a lone surrogate (a file name that is not UTF-8)."""
    import json

    return json.dumps(value, ensure_ascii=False, indent=2)


def dumps_bytes(value: Any) -> bytes:
    """``dumps`` as UTF-8 bytes; a file name that is not UTF-8 keeps its own bytes, as the
    terminal's surrogateescape writes them."""
    import orjson

    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:
        text = _standard_dumps(value)
        try:
            return text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a surrogate no file name decodes to
            return text.encode("utf-8", "backslashreplace")
