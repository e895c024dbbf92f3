"""The JSON output contract (../shared/docs/output-contract.md; schema in docs/report.schema.json)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, overload

from checker import __version__
from checker.messages import render
from checker.result import Diagnostic, FileResult, Pieces, plain


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
    # One pass, each result's three counts at once: a warm run's summary line waits on this
    # over thousands of cached results.
    errors = warnings = infos = unreadable = 0
    for r in results:
        e, w, i = r.counts()
        errors += e
        warnings += w
        infos += i
        unreadable += r.error is not None
    return {"files": len(results), "errors": errors, "warnings": warnings, "infos": infos, "unreadable": unreadable}


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
    if result.diagnostics:  # made a thousand at a time as they are written, never all at once
        entry["diagnostics"] = _Mapped(result.diagnostics, lambda d: diagnostic_json(d, lang))
    out.write(b"    ")
    _write_value(entry, 2, out)


class _Mapped(Sequence[Any]):
    """``convert`` of each element of ``items``, made when it is read."""

    def __init__(self, items: Sequence[Any], convert: Callable[[Any], Any]) -> None:
        self.items, self.convert = items, convert

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self.convert(item) for item in self.items[index]]
        return self.convert(self.items[index])


BATCH = 1000  # elements of a long list dumped together
WHOLE = 2000  # a value of at most this many nodes is dumped whole


def _write_value(value: Any, depth: int, out: BinaryIO) -> None:
    """``value`` as ``dumps_bytes`` indents it at nesting ``depth`` (the line's indent already
    written), in pieces: a large dict key by key, a long list a thousand elements at a time, so
    that the JSON of a file's 100,000 items and 300,000 findings is never held whole. The bytes
    are those of the whole document dumped at once (tests/test_formats.py compares them)."""
    if isinstance(value, dict) and value and _nodes(value) > WHOLE:
        inner = b"  " * (depth + 1)
        out.write(b"{\n")
        for number, (key, item) in enumerate(value.items()):
            out.write((b",\n" if number else b"") + inner + dumps_bytes(key) + b": ")
            _write_value(item, depth + 1, out)
        out.write(b"\n" + b"  " * depth + b"}")
    elif isinstance(value, (list, _Mapped, Pieces)) and value and _nodes(value) > WHOLE:
        inner = b"  " * (depth + 1)
        out.write(b"[\n")
        for start in range(0, len(value), BATCH):
            for number, item in enumerate(value[start : start + BATCH], start):
                out.write((b",\n" if number else b"") + inner)
                _write_value(item, depth + 1, out)
        out.write(b"\n" + b"  " * depth + b"]")
    else:
        whole = value[:] if isinstance(value, (_Mapped, Pieces)) else value
        out.write(_indent(dumps_bytes(whole), 2 * depth)[2 * depth :])


def _nodes(value: Any, limit: int = WHOLE + 1) -> int:
    """How many values ``value`` holds, itself included, counted up to ``limit`` (a bounded look:
    a long list is known to be long after ``limit`` of its elements)."""
    if isinstance(value, (_Mapped, Pieces)):
        return len(value) + 1  # its elements are made only to be written
    count = 1
    stack = [value]
    while stack and count < limit:
        top = stack.pop()
        children = top.values() if isinstance(top, dict) else top if isinstance(top, list) else ()
        for child in children:
            if isinstance(child, (_Mapped, Pieces)):
                return limit  # what holds it is written in pieces, so as to write it in pieces
            count += 1
            if isinstance(child, (dict, list)) and child:
                stack.append(child)
            if count >= limit:
                break
    return count


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
        return orjson.dumps(value, default=plain, option=orjson.OPT_INDENT_2).decode("utf-8")
    except orjson.JSONEncodeError:
        return _standard_dumps(value)


def _standard_dumps(value: Any) -> str:
    """What orjson refuses: a lone surrogate (a file name that is not UTF-8)."""
    import json

    return json.dumps(value, ensure_ascii=False, indent=2, default=plain)


def dumps_bytes(value: Any) -> bytes:
    """``dumps`` as UTF-8 bytes; a file name that is not UTF-8 keeps its own bytes, as the
    terminal's surrogateescape writes them."""
    import orjson

    try:
        return orjson.dumps(value, default=plain, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:
        text = _standard_dumps(value)
        try:
            return text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a surrogate no file name decodes to
            return text.encode("utf-8", "backslashreplace")
