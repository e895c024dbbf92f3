"""What checking one file gives: its diagnostics, or the error that stopped it. A module of its
own, light to import: outputs, the cache and the baseline read results without loading the
parser, the model or any check."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

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
    """One finding as reported: rule, severity, place, message arguments, excerpt and fix."""

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
    """Everything a check of one file gives: its findings, the template used, or its error."""

    path: str
    template: str | None
    error: tuple[str, str] | None = None  # (E-code, detail)
    chars: int = 0
    paragraphs: int = 0
    report: Report | None = None
    alignment: Alignment | None = None  # the sections matched and the links made (with ``report``)
    document: Document | None = None
    # A list, or for a huge input (more than PICKLE_PIECE findings) the same held in Pieces.
    diagnostics: Sequence[Diagnostic] = field(default_factory=list)
    detection: DetectionInfo | None = None  # set when the template was chosen automatically
    outline: dict[str, Any] | None = None  # the JSON outline (outline_data()), kept when report is dropped
    signature: Any = None  # paragraph MinHash signatures (checker.similar) when copies are looked for
    # The reviewers' verdict on the substance (checker.verdict): per aspect, items and how many fall short.
    substance: dict[str, Any] | None = None
    # A result read from the cache: its stored form, decoded on first use (see __getattr__).
    _stored: Stored | None = field(default=None, init=False, repr=False, compare=False)

    def counts(self) -> tuple[int, int, int]:
        """(errors, warnings, infos): for a cached result, the counts stored with it."""
        if self._stored is not None:
            errors, warnings, infos = self._stored.counts
            return errors, warnings, infos
        return self.count(Severity.ERROR), self.count(Severity.WARNING), self.count(Severity.INFO)

    def count(self, severity: Severity) -> int:
        if self._stored is not None:  # a cached result's counts were stored with it: nothing to decode
            return self._stored.counts[_SEVERITY_INDEX[severity]]
        tally = getattr(self.diagnostics, "tally", None)  # Pieces count theirs once, when packed
        if tally is not None:
            return int(tally.get(severity, 0))
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
        Pieces when they are long: pickled whole, the 300,000 findings and 100,000 items of a
        hostile 2 MB paragraph made the pickler keep every object it had made and written, 4× the
        size of the pickle, in the worker; and the parent keeps them as compact as they came."""
        fields = tuple(getattr(self, name) for name in _PLAIN_FIELDS)
        return (_unpickled_result, (fields, pack_findings(self.diagnostics), _pack_outline(self.outline)))

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

    @staticmethod
    def counts_of(raw: dict[str, Any]) -> list[int]:
        """[errors, warnings, infos] of a result as to_cache gives it: what is stored beside it."""
        counts = [0, 0, 0]
        for row in raw["diagnostics"]:
            counts[_SEVERITY_INDEX[_SEVERITY[row[2]]]] += 1
        return counts

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
PICKLE_PIECE = 5000  # values pickled together: the pickler's memory of what it wrote is that of a piece

T = TypeVar("T")


class Pieces(Sequence[T], Generic[T]):
    """A long list held as pickled pieces of PICKLE_PIECE values, each compressed (zlib level 1),
    read a piece at a time: the 300,000 findings of a hostile 2 MB paragraph (750 bytes each as
    objects, their excerpts 400-character windows of one line) take 6 MB so, as every 100,000
    items of its outline do, from the check that makes them to the output that writes them.

    Read-only: a value read is made anew from its piece (change a copy, then pack again). ``tally``
    counts the values by ``key`` when packed (findings by severity, so that counting them does not
    unpack them all)."""

    __slots__ = ("_last", "length", "pieces", "tally")

    def __init__(self, pieces: list[bytes], length: int, tally: dict[Any, int] | None = None) -> None:
        self.pieces, self.length, self.tally = pieces, length, tally
        self._last: tuple[int, list[T]] | None = None  # the piece read last by index (a slice's run)

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> Iterator[T]:
        for piece in self.pieces:
            yield from _unpacked(piece)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self.length)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            out: list[T] = []
            while start < stop:
                number, offset = divmod(start, PICKLE_PIECE)
                values = self._piece(number)[offset : offset + stop - start]
                out.extend(values)
                start += len(values)
            return out
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError("Pieces index out of range")
        number, offset = divmod(index, PICKLE_PIECE)
        return self._piece(number)[offset]

    def _piece(self, number: int) -> list[T]:
        last = self._last
        if last is None or last[0] != number:
            last = self._last = (number, _unpacked(self.pieces[number]))
        return last[1]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)) or len(other) != self.length:
            return NotImplemented if not isinstance(other, Sequence) else False
        return all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Pieces({self.length} values in {len(self.pieces)} pieces)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Pieces, (self.pieces, self.length, self.tally))


def pack(values: Iterable[T], key: Any = None) -> list[T] | Pieces[T]:
    """``values`` as a list when there are at most PICKLE_PIECE of them, else as Pieces, packed as
    they come (never all held as objects); ``key`` tallies them (Pieces.tally)."""
    if isinstance(values, Pieces):
        return values
    pieces: list[bytes] = []
    piece: list[T] = []
    tally: dict[Any, int] | None = {} if key is not None else None
    for value in values:
        if len(piece) == PICKLE_PIECE:
            pieces.append(_packed(piece, tally, key))
            piece = []
        piece.append(value)
    if not pieces:
        return values if isinstance(values, list) else piece  # a short list as it was
    pieces.append(_packed(piece, tally, key))
    return Pieces(pieces, (len(pieces) - 1) * PICKLE_PIECE + len(piece), tally)


def pack_findings(diagnostics: Iterable[Diagnostic]) -> Sequence[Diagnostic]:
    """Findings as ``pack`` keeps them, tallied by severity (FileResult.count)."""
    if isinstance(diagnostics, Pieces) or (isinstance(diagnostics, list) and len(diagnostics) <= PICKLE_PIECE):
        return diagnostics
    return pack(diagnostics, _severity)


def _severity(d: Diagnostic) -> Severity:
    return d.severity


def _packed(values: list[Any], tally: dict[Any, int] | None, key: Any) -> bytes:
    if tally is not None:
        for value in values:
            counted = key(value)
            tally[counted] = tally.get(counted, 0) + 1
    return pack_piece(values)


def pack_piece(values: list[Any]) -> bytes:
    """One piece of Pieces: at most PICKLE_PIECE values, pickled and compressed."""
    import pickle
    import zlib

    return zlib.compress(pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpacked(piece: bytes) -> list[Any]:
    import pickle
    import zlib

    values: list[Any] = pickle.loads(zlib.decompress(piece))
    return values


def plain(value: Any) -> list[Any]:
    """What JSON writers (orjson's ``default``, json's) write for Pieces: a list."""
    if isinstance(value, Pieces):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _pack_outline(outline: dict[str, Any] | None) -> dict[str, Any] | None:
    """The outline with each long list of items and its links in Pieces (outline_json packs
    them as it makes them; an outline read from the cache has lists)."""
    if outline is None:
        return None
    sections, links = outline.get("sections", []), outline.get("links", [])
    if all(isinstance(s["items"], Pieces) or len(s["items"]) <= PICKLE_PIECE for s in sections) and (
            isinstance(links, Pieces) or len(links) <= PICKLE_PIECE):  # fmt: skip
        return outline
    return {**outline, "sections": [{**section, "items": pack(section["items"])} for section in sections],
            "links": pack(links)}  # fmt: skip


def _unpickled_result(fields: tuple[Any, ...], diagnostics: Sequence[Diagnostic],
                      outline: dict[str, Any] | None) -> FileResult:  # fmt: skip
    return FileResult(**dict(zip(_PLAIN_FIELDS, fields, strict=True)), diagnostics=diagnostics, outline=outline)


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
                # A long list made and packed a piece at a time, never held whole (100,000
                # inline items of a 2 MB paragraph made 170 MB of dicts).
                "items": pack(item_json(item) for item in section.items),
            }
            for section in report.sections
        ],
        "links": pack(_links(links)),
    }


def links_json(links: Correspondence | None) -> list[dict[str, Any]]:
    """The contract's links: one entry per problem, 1-based indexes, a score in [0, 1], and for
    each linked cause and measure the evidence in words (the words both items use; related
    lexicon terms, one from each)."""
    return list(_links(links))


def _links(links: Correspondence | None) -> Iterator[dict[str, Any]]:
    if links is None:
        return
    found = links

    def why(problem: int, role: str, picked: tuple[int, ...]) -> list[dict[str, Any]]:
        out = []
        for t in picked:
            evidence = found.evidence(problem, role, t)
            out.append({"target": t, "words": list(evidence.words), "related": [list(p) for p in evidence.related]})
        return out

    yield from (
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
    )
