"""What checking one file gives: its diagnostics, or the error that stopped it. A module of its
own, light to import: outputs, the cache and the baseline read results without loading the
parser, the model or any check."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checker.severity import Severity

if TYPE_CHECKING:
    from checker.align import Alignment
    from checker.align.correspondence import Correspondence
    from checker.model import Item, Report
    from checker.read import Document


# One change a fix makes: (line, column, end_column, text) replaces columns column..end_column of
# that line (1-based, inclusive; end_column = column - 1 inserts). Every edit stays on one line.
Edit = tuple[int, int, int, str]


@dataclass(slots=True)  # not frozen: a frozen __init__ costs 7× more, felt when 2,000 cached results load
class Diagnostic:
    code: str
    rule: str
    severity: Severity
    line: int
    column: int
    end_line: int
    end_column: int
    args: dict[str, Any]
    excerpt: str
    fix: str | None = None  # what the span becomes (shown as the suggestion)
    fix_safe: bool = True
    edits: list[Edit] | None = None  # when a fix changes more than the span (renumbering a list)
    # Where the excerpt starts in its line (0-based), 0 when it is the whole line; a long line's
    # excerpt is a window, shown after a leading "…"
    excerpt_start: int = 0

    def __reduce__(self) -> tuple[Any, ...]:
        # Its fields in order (the default pickles a dict of the slots' names for each finding).
        return (Diagnostic, (self.code, self.rule, self.severity, self.line, self.column, self.end_line,
                             self.end_column, self.args, self.excerpt, self.fix, self.fix_safe, self.edits,
                             self.excerpt_start))  # fmt: skip

    def suggestion(self) -> str | None:
        """What the fix writes in place of the finding's span, shown as the suggestion."""
        if self.fix:
            return self.fix
        texts = [text for line, _, _, text in self.fix_edits() if line == self.line]
        return "".join(texts) or None

    def fix_edits(self) -> list[Edit]:
        """The edits that apply this finding's fix (none when it has no fix)."""
        if self.edits is not None:
            return self.edits
        if self.fix is not None and self.line == self.end_line:
            return [(self.line, self.column, self.end_column, self.fix)]
        return []


@dataclass(slots=True)
class FileResult:
    path: str
    template: str | None
    error: tuple[str, str] | None = None  # (E-code, detail)
    chars: int = 0
    paragraphs: int = 0
    report: Report | None = None
    alignment: Alignment | None = None  # the sections matched and the links made (with ``report``)
    document: Document | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    detection: DetectionInfo | None = None  # set when the template was chosen automatically
    outline: dict[str, Any] | None = None  # the JSON outline (outline_data()), kept when report is dropped
    signature: Any = None  # paragraph MinHash signatures (checker.similar) when copies are looked for
    # The reviewers' verdict on the substance (checker.verdict): per aspect, items and how many fall short.
    substance: dict[str, Any] | None = None
    # A result read from the cache: its stored form, decoded on first use (see __getattr__).
    _stored: Stored | None = field(default=None, init=False, repr=False, compare=False)

    def count(self, severity: Severity) -> int:
        if self._stored is not None:  # a cached result's counts were stored with it: nothing to decode
            return self._stored.counts[_SEVERITY_INDEX[severity]]
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def __getattr__(self, name: str) -> Any:
        """A result from the cache is made with its path, error and counts only (``stored``): a
        warm run over thousands of files whose output is a summary or an exit status needs no
        more, and decoding every finding of every file was most of its time. The rest is decoded
        here, when first asked for. (Only called for a field never set: an ordinary result never
        comes here.)"""
        stored = self._stored
        if stored is None or name.startswith("__"):
            raise AttributeError(name)
        self._stored = None
        raw = stored.decode()
        detection = raw.get("detection")
        self.template = raw["template"]
        self.chars = raw["chars"]
        self.paragraphs = raw["paragraphs"]
        self.substance = raw.get("substance")
        self.detection = (DetectionInfo(detection[0], tuple(tuple(r) for r in detection[1]), detection[2],
                                        tuple(detection[3])) if detection else None)  # fmt: skip
        self.diagnostics = _diagnostics_from_cache(raw["diagnostics"])
        self.report = self.alignment = self.document = None
        return getattr(self, name)

    @classmethod
    def stored(cls, path: str, error: tuple[str, str] | None, outline: dict[str, Any] | None,
               stored: Stored) -> FileResult:  # fmt: skip
        """A cached result whose other fields are decoded when first used (``__getattr__``)."""
        result = cls.__new__(cls)
        result.path, result.error, result.outline, result.signature = path, error, outline, None
        result._stored = stored
        return result

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (a worker's answer) with its findings, and its outline's items and links, in
        pieces of a few thousand, each pickled apart: pickled whole, the 300,000 findings and
        100,000 items of a hostile 2 MB paragraph made the pickler keep every object it had made
        and written, 4× the size of the pickle, in the worker."""
        fields = tuple(getattr(self, name) for name in _PLAIN_FIELDS)
        return (_unpickled_result, (fields, _pack_diagnostics(self.diagnostics), _pack_outline(self.outline)))

    def outline_data(self) -> dict[str, Any] | None:
        """The outline of the output contract (sections, items, links with their evidence), built
        once from the model and kept: every output that shows it reads this."""
        if self.outline is None and self.report is not None:
            links = self.alignment.links if self.alignment is not None else None
            self.outline = outline_json(self.report, links)
        return self.outline

    def to_cache(self) -> dict[str, Any]:
        """The result as the cache stores it (JSON: lists, not objects, for a pack of thousands);
        the outline and the signature are stored apart (checker/batch/cache.py)."""
        detection = self.detection
        return {
            "template": self.template,
            "error": list(self.error) if self.error else None,
            "chars": self.chars,
            "paragraphs": self.paragraphs,
            "signature": self.signature is not None,
            "substance": self.substance,
            "detection": [detection.confidence, [list(r) for r in detection.reasons], detection.known,
                          list(detection.candidates)] if detection else None,
            "diagnostics": [[d.code, d.rule, d.severity.value, d.line, d.column, d.end_line, d.end_column, d.args,
                             d.excerpt, d.fix, d.fix_safe, d.edits, d.excerpt_start] for d in self.diagnostics],
        }

    @classmethod
    def from_cache(cls, path: str, raw: dict[str, Any], outline: dict[str, Any] | None) -> FileResult:
        """The result ``to_cache`` stored, for ``path``, with its ``outline`` when it was kept."""
        detection = raw.get("detection")
        return cls(
            path=path,
            template=raw["template"],
            error=tuple(raw["error"]) if raw["error"] else None,
            chars=raw["chars"],
            paragraphs=raw["paragraphs"],
            outline=outline,
            substance=raw.get("substance"),
            detection=DetectionInfo(detection[0], tuple(tuple(r) for r in detection[1]), detection[2],
                                    tuple(detection[3])) if detection else None,
            diagnostics=_diagnostics_from_cache(raw["diagnostics"]),
        )

    def slim(self, outline: bool = True) -> FileResult:
        """What the outputs need, without the document, model and alignment (to cross processes or
        be cached); the outline (every item's text) only when ``outline``: the JSON, HTML and xlsx
        outputs show it."""
        if outline:
            self.outline_data()
        return dataclasses.replace(self, report=None, alignment=None, document=None)


_SEVERITY = {s.value: s for s in Severity}  # a dict look-up, not an enum call per diagnostic
_SEVERITY_INDEX = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}  # Stored.counts


class Stored:
    """A cached result not yet decoded: its bytes (a slice of the cache's payload file), and the
    counts by severity kept beside them."""

    __slots__ = ("counts", "data")

    def __init__(self, data: bytes | memoryview, counts: list[int]) -> None:
        self.data, self.counts = data, counts

    def decode(self) -> dict[str, Any]:
        import orjson

        raw: dict[str, Any] = orjson.loads(self.data)
        return raw


def _diagnostics_from_cache(rows: list[list[Any]]) -> list[Diagnostic]:
    return [
        Diagnostic(code, rule, _SEVERITY[severity], line, column, end_line, end_column, args, excerpt, fix,
                   safe, [(e[0], e[1], e[2], e[3]) for e in edits] if edits is not None else None, start)
        for code, rule, severity, line, column, end_line, end_column, args, excerpt, fix, safe, edits, start in rows
    ]  # fmt: skip

_PLAIN_FIELDS = tuple(f.name for f in dataclasses.fields(FileResult) if f.name not in ("diagnostics", "outline", "_stored"))
PICKLE_PIECE = 5000  # findings pickled together: the pickler's memory of what it wrote is that of a piece


def _pack_diagnostics(diagnostics: list[Diagnostic]) -> list[bytes] | list[Diagnostic]:
    return diagnostics if len(diagnostics) <= PICKLE_PIECE else _pieces(diagnostics)  # one piece: with the rest


def _pieces(values: list[Any]) -> list[bytes]:
    """``values`` pickled a piece at a time, each piece compressed: the excerpts of neighbouring
    findings are windows of one line 50 characters apart, and a long list's entries are alike
    (the 88 MB pickle of 300,000 findings and their outline is 6 MB compressed)."""
    import pickle
    import zlib

    return [zlib.compress(pickle.dumps(values[start : start + PICKLE_PIECE], protocol=pickle.HIGHEST_PROTOCOL), 1)
            for start in range(0, len(values), PICKLE_PIECE)]  # fmt: skip


def _joined(pieces: list[bytes]) -> list[Any]:
    import pickle
    import zlib

    return [value for piece in pieces for value in pickle.loads(zlib.decompress(piece))]


def _pack_outline(outline: dict[str, Any] | None) -> dict[str, Any] | tuple[dict[str, Any]] | None:
    """The outline, or for a long one (a 1-tuple) the same with each section's items and the
    links in pickled pieces (every key in its place: the JSON output writes them in order)."""
    if outline is None:
        return None
    sections, links = outline.get("sections", []), outline.get("links", [])
    if len(links) + sum(len(section["items"]) for section in sections) <= PICKLE_PIECE:
        return outline
    return ({**outline, "sections": [{**section, "items": _pieces(section["items"])} for section in sections],
             "links": _pieces(links)},)  # fmt: skip


def _unpack_outline(packed: dict[str, Any] | tuple[dict[str, Any]] | None) -> dict[str, Any] | None:
    if not isinstance(packed, tuple):
        return packed
    (outline,) = packed
    return {**outline, "sections": [{**section, "items": _joined(section["items"])} for section in outline["sections"]],
            "links": _joined(outline["links"])}  # fmt: skip


def _unpickled_result(fields: tuple[Any, ...], diagnostics: list[bytes] | list[Diagnostic],
                      outline: dict[str, Any] | tuple[dict[str, Any]] | None) -> FileResult:  # fmt: skip
    result = FileResult(**dict(zip(_PLAIN_FIELDS, fields, strict=True)), outline=_unpack_outline(outline))
    if diagnostics and isinstance(diagnostics[0], bytes):
        result.diagnostics = _joined(diagnostics)
    else:
        result.diagnostics = diagnostics  # type: ignore[assignment]
    return result


@dataclass(frozen=True, slots=True)
class DetectionInfo:
    """How sure auto-detection was and why (the Detection without its template object).
    ``known`` is False for a document that fits no kind of report (only the language rules ran);
    ``candidates`` then names the closest kinds."""

    confidence: float
    reasons: tuple[tuple[str, str], ...]
    known: bool = True
    candidates: tuple[str, ...] = ()


# The outline of the output contract ---------------------------------------------------------


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


def outline_json(report: Report, links: Correspondence | None) -> dict[str, Any]:
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
        "links": links_json(links),
    }


def links_json(links: Correspondence | None) -> list[dict[str, Any]]:
    """The contract's links: one entry per problem, 1-based indexes, a score in [0, 1], and for
    each linked cause and measure the evidence in words (the words both items use; related
    lexicon terms, one from each)."""
    if links is None:
        return []
    found = links

    def why(problem: int, role: str, picked: tuple[int, ...]) -> list[dict[str, Any]]:
        out = []
        for t in picked:
            evidence = found.evidence(problem, role, t)
            out.append({"target": t, "words": list(evidence.words), "related": [list(p) for p in evidence.related]})
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
        for link in found.links
    ]
