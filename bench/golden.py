"""Golden JSON: the `--format json` output of every example and every corpus report, written once
and compared later, so that a change meant to keep behaviour (a refactor) can show it did.

    python bench/golden.py write DIR      # one JSON file per input under DIR
    python bench/golden.py compare DIR    # differences, field by field; exit 1 if any

Each input is checked by the installed command line (`reportlint --no-cache --format json`), the
way users run it, with the default settings (template detected, layout profile for .docx). The
corpus (../shared/corpus, harder/, substance/) is included when present. Fields listed with
``--ignore a.b,c`` (dotted paths, ``*`` for every list element) are left out of the comparison:
say which in the note of the change that alters them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
COMMAND = [sys.executable, "-m", "checker", "--no-cache", "--format", "json", "--exit-zero"]


def inputs() -> Iterator[tuple[str, Path]]:
    """(a stable name, the path) for every example and corpus report."""
    for path in sorted((ROOT / "examples").iterdir()):
        if path.suffix in {".docx", ".txt", ".md"}:
            yield f"examples/{path.name}", path
    for folder in (CORPUS, CORPUS / "harder", CORPUS / "substance"):
        if folder.is_dir():
            for path in sorted(folder.glob("[ds][0-9][0-9].txt")):
                yield f"corpus/{path.relative_to(CORPUS)}", path


def run(path: Path) -> dict[str, Any]:
    out = subprocess.run([*COMMAND, str(path)], capture_output=True, text=True, cwd=ROOT, check=False)
    if out.returncode not in (0, 1):
        raise SystemExit(f"{path}: exit {out.returncode}\n{out.stderr}")
    payload: dict[str, Any] = json.loads(out.stdout)
    payload.pop("tool", None)  # the version
    for entry in payload.get("files", []):
        entry["path"] = Path(entry["path"]).name  # the same wherever the checkout is
    return payload


def drop(value: Any, path: list[str]) -> None:
    """Remove the field at ``path`` (``*`` walks every element of a list)."""
    if not path:
        return
    head, rest = path[0], path[1:]
    if head == "*" and isinstance(value, list):
        for element in value:
            drop(element, rest)
    elif isinstance(value, dict) and head in value:
        if rest:
            drop(value[head], rest)
        else:
            del value[head]


def differences(old: Any, new: Any, where: str = "") -> Iterator[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys()):
            if key not in new:
                yield f"{where}.{key}: removed"
            elif key not in old:
                yield f"{where}.{key}: added"
            else:
                yield from differences(old[key], new[key], f"{where}.{key}")
    elif isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            yield f"{where}: {len(old)} → {len(new)} elements"
        for i, (a, b) in enumerate(zip(old, new, strict=False)):
            yield from differences(a, b, f"{where}[{i}]")
    elif old != new:
        yield f"{where}: {str(old)[:80]!r} → {str(new)[:80]!r}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["write", "compare"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--ignore", default="", help="dotted fields to leave out, comma-separated")
    args = parser.parse_args()
    ignored = [field.split(".") for field in args.ignore.split(",") if field]
    args.folder.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name, path in inputs():
        payload = run(path)
        golden = args.folder / (name.replace("/", "__") + ".json")
        if args.action == "write":
            golden.write_text(json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
            continue
        if not golden.exists():
            print(f"{name}: no golden file")
            changed += 1
            continue
        old = json.loads(golden.read_text("utf-8"))
        for field in ignored:
            drop(old, field)
            drop(payload, field)
        found = list(differences(old, payload))
        if found:
            changed += 1
            print(f"{name}: {len(found)} difference(s)")
            for line in found[:20]:
                print(f"  {line}")
    if args.action == "compare":
        print(f"{changed} of {sum(1 for _ in inputs())} outputs differ")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
