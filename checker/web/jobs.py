"""What the server's worker processes do (checker/batch/pool.py): check an upload, make its
annotated or corrected copy, make the copies of a zip's members as one .zip. Each job is
picklable and names its template and check-list, which the worker loads from its own warm
rules (a template object is far larger than a report)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from checker.read.limits import DEFAULT_LIMITS, Limits
from checker.result import Diagnostic, FileResult, Pieces, pack_findings, plain
from checker.write import names


def _options(template: str, checklist: str) -> tuple[Any, Any]:
    from checker.run.plan import load_checklist, load_template

    return (load_template(template) if template != "auto" else None), (load_checklist(checklist) if checklist else None)


def internal_name(name: str, data: bytes) -> str:
    """The name the readers are given for an upload: its suffix only, as the command line would
    use it (the client's name is never a path); the bytes decide when it has no known suffix."""
    import os

    from checker.read import SUPPORTED_SUFFIXES, sniff_suffix

    suffix = os.path.splitext(name)[1].lower()
    known = (*SUPPORTED_SUFFIXES, ".doc", ".docm", ".dotx")
    return "upload" + (suffix if suffix in known else sniff_suffix(data))


@dataclass(frozen=True, slots=True)
class Checked:
    """What a check sends back to the server: never the document, whose objects take ten times
    its text and would pile up in the one process everybody shares. ``result`` without its
    document; for the API (``page`` False) the file's JSON entry, and the result without its
    outline and findings (its counts are kept); for the page its article, made here."""

    result: FileResult
    counts: tuple[int, int, int]  # errors, warnings, infos
    json: bytes = b""
    article: str = ""


@dataclass(frozen=True, slots=True)
class CheckJob:
    """One upload (or a zip's member) checked and rendered for the API or the page."""

    name: str
    data: bytes
    template: str = "auto"
    checklist: str = ""
    limits: Limits = DEFAULT_LIMITS
    lang: str = "zh"
    page: bool = False

    def run(self) -> Checked:
        from checker.run.check import check_upload
        from checker.severity import Severity

        try:
            template, checklist = _options(self.template, self.checklist)
            result = check_upload(self.name, self.data, template, checklist, limits=self.limits)
        except MemoryError:
            raise
        except Exception as exc:  # a bug shows as E011 on that file, as on the command line
            result = FileResult(path=self.name, template=None, error=("E011", f"{type(exc).__name__}: {exc}"))
        if result.error == ("E006", "out of memory"):
            raise MemoryError  # the worker says so and is replaced: E014
        counts = (result.count(Severity.ERROR), result.count(Severity.WARNING), result.count(Severity.INFO))
        if self.page:
            from checker.output.html import ANCHOR, report_html

            for_the_page(result)
            article = report_html(result, self.lang, ANCHOR)
            return Checked(result.slim(outline=True), counts, article=article)
        import orjson

        from checker.output.jsonout import file_json


        try:
            entry = orjson.dumps(file_json(result, self.lang), default=plain)
        except orjson.JSONEncodeError:  # a lone surrogate in a name
            import json

            entry = json.dumps(file_json(result, self.lang), ensure_ascii=False, default=plain).encode("utf-8", "replace")
        brief = FileResult(path=result.path, template=result.template, error=result.error, chars=result.chars,
                           paragraphs=result.paragraphs)  # fmt: skip
        return Checked(brief, counts, json=entry)


def for_the_page(result: FileResult) -> None:
    """Messages as the page says them: it has a template menu (of titles) where the command line
    has --template."""
    from checker.messages import PAGE_ARGS
    from checker.output.html import template_title


    def paged(d: Diagnostic) -> Diagnostic:
        if d.code in PAGE_ARGS:
            d.args = {**d.args, **PAGE_ARGS[d.code]}
        if d.code == "S109" and result.detection is not None and result.detection.candidates:
            titles = [template_title(name, "zh") for name in result.detection.candidates]
            titles_en = [template_title(name, "en") for name in result.detection.candidates]
            d.args = {**d.args, "closest": "最接近的是" + "、".join(titles), "closest_en": "closest: " + ", ".join(titles_en)}
        return d

    if isinstance(result.diagnostics, Pieces):  # what Pieces give are copies: changed, then packed again
        result.diagnostics = pack_findings(paged(d) for d in result.diagnostics)
    else:
        for d in result.diagnostics:
            paged(d)


@dataclass(frozen=True, slots=True)
class CopyJob:
    """The annotated copy ("annotated") or the corrected one ("fixed", None when nothing is to
    fix) of a checked upload: (bytes, the copy's suffix)."""

    kind: str
    name: str
    data: bytes
    diagnostics: Sequence[Diagnostic]
    lang: str = "zh"
    template: str = "auto"
    checklist: str = ""
    limits: Limits = DEFAULT_LIMITS

    def run(self) -> tuple[bytes, str] | None:
        internal = internal_name(self.name, self.data)
        if self.kind == "annotated":
            from checker.write.annotate import annotate

            return annotate(internal, self.data, self.diagnostics, self.lang)[0], names.ANNOTATED
        from checker.run.check import check_upload
        from checker.write.fix import can_fix, fix_file

        if not can_fix(internal):
            return None
        template, checklist = _options(self.template, self.checklist)
        result = FileResult(path=self.name, template=None, diagnostics=self.diagnostics)
        fixed = fix_file(internal, self.data, result,
                         lambda data: check_upload(self.name, data, template, checklist, limits=self.limits), False)  # fmt: skip
        if fixed.count == 0:
            return None
        return fixed.data, names.fixed_suffix(internal)


@dataclass(frozen=True, slots=True)
class ArchiveCopiesJob:
    """The annotated or corrected copies of a zip's members, as one .zip: members as
    (name inside the archive, bytes, findings)."""

    kind: str
    members: list[tuple[str, bytes, Sequence[Diagnostic]]]
    lang: str = "zh"
    template: str = "auto"
    checklist: str = ""
    limits: Limits = DEFAULT_LIMITS

    def run(self) -> bytes | None:
        import os

        from checker.read.archive import write_archive

        files = []
        for inside, data, diagnostics in self.members:
            made = CopyJob(self.kind, inside, data, diagnostics, self.lang, self.template, self.checklist,
                           self.limits).run()  # fmt: skip
            if made is not None:
                files.append((os.path.splitext(inside)[0] + made[1], made[0]))
        return write_archive(files) if files else None

