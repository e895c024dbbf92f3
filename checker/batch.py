"""Checking many files: a result cache keyed by content and settings, and worker processes
that return results in the order the files were given.

The cache (`.reportlint_cache/`, like ruff's) keys each result by the file's bytes, everything
that decides the findings (template, check-list, rule selection and severities, thresholds,
link back end, limits) and the reportlint version; a changed file, template or configuration
misses the cache, nothing else does.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from checker import __version__
from checker.engine import DetectionInfo, Diagnostic, FileResult, check_path
from checker.severity import Severity

CACHE_DIR = ".reportlint_cache"


@dataclass(frozen=True, slots=True)
class Task:
    path: str
    data: bytes | None  # stdin
    settings: tuple[Any, ...]  # (template, checklist, links, limits, rules, lengths): all picklable

    def run(self) -> FileResult:
        template, checklist, links, limits, rules, lengths = self.settings
        try:
            result = check_path(self.path, template, data=self.data, checklist=checklist, links=links,
                                limits=limits, rules=rules, lengths=lengths)  # fmt: skip
        except Exception as exc:  # a bug must not stop the batch: report it on that file
            if os.environ.get("REPORTLINT_DEBUG"):
                import traceback

                traceback.print_exc()
            result = FileResult(path=self.path, template=None, error=("E011", f"{type(exc).__name__}: {exc}"))
        return result.slim()


def _run_task(task: Task) -> FileResult:
    return task.run()


def settings_key(settings: tuple[Any, ...]) -> str:
    """A digest of everything besides the file that decides the result. Templates and the rest
    are frozen dataclasses whose repr lists every field; with auto-detection every built-in
    template takes part."""
    template = settings[0]
    template_part = _builtin_templates() if template is None else canonical(template)
    text = "\0".join([__version__, template_part, *(canonical(s) for s in settings[1:])])
    return hashlib.sha256(text.encode()).hexdigest()


def canonical(value: Any) -> str:
    """A repr that is the same in every process: sets sorted (their order follows the string hash
    seed), dataclasses spelled field by field."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ", ".join(f"{f.name}={canonical(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__name__}({fields})"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(canonical(v) for v in value)) + "}"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(
                f"{canonical(k)}: {canonical(v)}"
                for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))
            )
            + "}"
        )
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(canonical(v) for v in value) + "]"
    return repr(value)


@cache
def _builtin_templates() -> str:
    """Auto-detection may pick any built-in template: their files (and the lexicon the links
    use) take part in the key, hashed as bytes rather than loaded."""
    from checker.paths import data_dir

    rules = data_dir("rules")
    digest = hashlib.sha256()
    for path in sorted([*(rules / "templates").glob("*.toml"), rules / "lexicon.toml"]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return "auto:" + digest.hexdigest()


def _to_json(result: FileResult) -> dict[str, Any]:
    return {
        "template": result.template,
        "error": list(result.error) if result.error else None,
        "chars": result.chars,
        "paragraphs": result.paragraphs,
        "detection": [result.detection.confidence, [list(r) for r in result.detection.reasons]]
        if result.detection
        else None,
        "diagnostics": [
            [
                d.code,
                d.rule,
                d.severity.value,
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                d.args,
                d.excerpt,
                d.fix,
                d.fix_safe,
            ]
            for d in result.diagnostics
        ],
    }


def _from_json(path: str, raw: dict[str, Any], outline: dict[str, Any] | None) -> FileResult:
    detection = raw.get("detection")
    return FileResult(
        path=path,
        template=raw["template"],
        error=tuple(raw["error"]) if raw["error"] else None,
        chars=raw["chars"],
        paragraphs=raw["paragraphs"],
        outline=outline,
        detection=DetectionInfo(detection[0], tuple(tuple(r) for r in detection[1])) if detection else None,
        diagnostics=[
            Diagnostic(
                code, rule, Severity(severity), line, column, end_line, end_column, args, excerpt, fix, safe
            )
            for code, rule, severity, line, column, end_line, end_column, args, excerpt, fix, safe in raw[
                "diagnostics"
            ]
        ],
    )


class Cache:
    """One small file per result, and the outline (large: every item's text) in a second file
    read only when the output needs it (JSON)."""

    def __init__(self, root: Path, need_outline: bool = True) -> None:
        self.root = str(root / CACHE_DIR / __version__)
        self.need_outline = need_outline
        self.hits = 0

    def _entry(self, key: str, suffix: str = ".json") -> str:
        return os.path.join(self.root, key[:2], key + suffix)

    def key(self, task: Task, settings_digest: str) -> str | None:
        try:
            if task.data is not None:
                data = task.data
            else:
                with open(task.path, "rb") as handle:
                    data = handle.read()
        except OSError:
            return None  # unreadable: let the reader say why
        return hashlib.sha256(hashlib.sha256(data).digest() + settings_digest.encode()).hexdigest()

    def get(self, key: str, path: str) -> FileResult | None:
        try:
            with open(self._entry(key), encoding="utf-8") as handle:
                raw = json.load(handle)
            outline = None
            if self.need_outline and raw.get("error") is None:
                with open(self._entry(key, ".outline.json"), encoding="utf-8") as handle:
                    outline = json.load(handle)
        except (OSError, ValueError):
            return None
        try:
            result = _from_json(path, raw, outline)
        except (KeyError, TypeError, ValueError):
            return None  # an entry from another layout: recompute
        self.hits += 1
        return result

    def put(self, key: str, result: FileResult) -> None:
        if result.error is not None and result.error[0] in ("E001", "E011"):
            return  # permissions and bugs may change without the bytes changing
        try:
            os.makedirs(os.path.dirname(self._entry(key)), exist_ok=True)
            ignore = os.path.join(os.path.dirname(self.root), ".gitignore")
            if not os.path.exists(ignore):
                with open(ignore, "w", encoding="utf-8") as handle:
                    handle.write("*\n")
            # The outline first: an entry is only ever found with its outline beside it.
            if result.outline is not None:
                self._write(self._entry(key, ".outline.json"), result.outline)
            self._write(self._entry(key), _to_json(result))
        except OSError:
            pass  # a read-only folder: run without a cache

    @staticmethod
    def _write(target: str, payload: Any) -> None:
        temporary = f"{target}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False)
        os.replace(temporary, target)  # atomic: a parallel run never reads half an entry


def run_tasks(tasks: Sequence[Task], jobs: int, cache: Cache | None,
              progress: Callable[[int], None] | None = None) -> list[FileResult]:  # fmt: skip
    """Results in the order of ``tasks``; cached ones are not recomputed."""
    results: list[FileResult | None] = [None] * len(tasks)
    keys: list[str | None] = [None] * len(tasks)
    digests: dict[tuple[Any, ...], str] = {}
    todo: list[int] = []
    for i, task in enumerate(tasks):
        if cache is not None:
            template, checklist, links, limits, rules, lengths = task.settings
            marker = (id(template), id(checklist), links, id(limits), id(rules), id(lengths))
            if marker not in digests:
                digests[marker] = settings_key(task.settings)
            keys[i] = cache.key(task, digests[marker])
            hit = cache.get(keys[i], task.path) if keys[i] else None  # type: ignore[arg-type]
            if hit is not None:
                results[i] = hit
                if progress:
                    progress(1)
                continue
        todo.append(i)
    for i, result in zip(todo, _execute([tasks[i] for i in todo], jobs), strict=True):
        results[i] = result
        if cache is not None and keys[i]:
            cache.put(keys[i], result)  # type: ignore[arg-type]
        if progress:
            progress(1)
    return [r for r in results if r is not None]


def _execute(tasks: Sequence[Task], jobs: int) -> Iterator[FileResult]:
    if jobs <= 1 or len(tasks) < 4:
        for task in tasks:
            yield task.run()
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_run_task, tasks, chunksize=max(1, min(32, len(tasks) // (jobs * 4))))
