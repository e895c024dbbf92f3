"""Baselines: adopt the gate without fixing every old report first.

`--write-baseline FILE` records today's findings by file, code and a fingerprint of the line's
text (not its number, so edits elsewhere do not break it); `--baseline FILE` then reports only
findings that are not in it. A finding that occurs twice in the baseline is forgiven twice.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from checker import __version__
from checker.output.formats import fingerprint
from checker.result import FileResult


class BaselineError(Exception):
    pass


def _file_key(path: str) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def write(target: Path, results: Sequence[FileResult]) -> None:
    entries = [
        {"file": _file_key(r.path), "code": d.code, "fingerprint": fingerprint(r.path, d)}
        for r in results
        for d in r.diagnostics
    ]
    payload = {"tool": "reportlint", "version": __version__, "findings": entries}
    temporary = target.with_name(target.name + f".{os.getpid()}.tmp")
    temporary.write_text(
        json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8", errors="surrogateescape"
    )
    os.replace(temporary, target)


def apply(source: Path, results: Sequence[FileResult]) -> list[FileResult]:
    try:
        raw = json.loads(source.read_text("utf-8", "surrogateescape"))
        known = Counter((e["file"], e["code"], e["fingerprint"]) for e in raw["findings"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BaselineError(f"{source}: {exc}") from exc
    kept = []
    for result in results:
        file = _file_key(result.path)
        fresh = []
        for d in result.diagnostics:
            key = (file, d.code, fingerprint(result.path, d))
            if known[key] > 0:
                known[key] -= 1
            else:
                fresh.append(d)
        kept.append(dataclasses.replace(result, diagnostics=fresh))
    return kept
