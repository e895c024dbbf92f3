"""Golden JSON: the `--format json` output of every example and every corpus report, written once
and compared later, so that a change meant to keep behaviour (a refactor) can show it did.

    python bench/golden.py write DIR      # one JSON file per input under DIR
    python bench/golden.py compare DIR    # differences, field by field; exit 1 if any

Each input is checked by the installed command line (`reportlint --no-cache --format json`), the
way users run it, with the default settings (template detected, layout profile for .docx). The
corpus (../shared/corpus, harder/, substance/) is included when present. Fields listed with
``--ignore a.b,c`` (dotted paths, ``*`` for every list element) are left out of the comparison:
say which in the note of the change that alters them.

With ``--outputs``, the other outputs users and CI rely on are kept too, under DIR/outputs/: the
text, SARIF, JUnit, GitHub and HTML outputs of a check of examples/, every example's `outline`
JSON and `matrix`, the rules and templates lists, and the document.xml (and comments.xml) of
each example's annotated, corrected and formatted copies; these compare line by line.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
import tempfile
import zipfile
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


def _cli(*args: str) -> str:
    out = subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=ROOT,
                         check=False)  # fmt: skip
    if out.returncode not in (0, 1):
        raise SystemExit(f"reportlint {' '.join(args)}: exit {out.returncode}\n{out.stderr}")
    return out.stdout + (f"\n[stderr]\n{out.stderr}" if out.stderr else "")


# What changes from run to run or checkout to checkout: comment dates, the folder of a copy.
_VOLATILE = [(re.compile(r'w:date="[^"]*"'), 'w:date=""'), (re.compile(r'w:initials="[^"]*"'), 'w:initials=""')]


def _normal(text: str, where: str) -> str:
    text = text.replace(where, "TMP").replace(str(ROOT), "ROOT")
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def _parts(path: Path) -> str:
    """The text of a written copy: a .docx's document.xml and comments.xml, or the text itself."""
    if path.suffix != ".docx":
        return path.read_text("utf-8")
    with zipfile.ZipFile(path) as package:
        names = [n for n in ("word/document.xml", "word/comments.xml") if n in package.namelist()]
        return "\n".join(f"== {n}\n" + package.read(n).decode("utf-8").replace("><", ">\n<") for n in names)


def outputs() -> Iterator[tuple[str, str]]:
    """(a stable name, the text) of every other output kept (see --outputs)."""
    examples = [p for p in sorted((ROOT / "examples").iterdir()) if p.suffix in {".docx", ".txt", ".md"}]
    common = ["--no-cache", "--exit-zero"]
    for fmt in ("text", "sarif", "junit", "github", "html"):
        yield f"check.{fmt}", _cli(*common, "--format", fmt, "examples")
    yield "check.text.en", _cli(*common, "--lang", "en", "--statistics", "examples")
    yield "rules.json", _cli("rules", "--format", "json")
    yield "templates.json", _cli("templates", "--format", "json")
    for path in examples:
        relative = f"examples/{path.name}"
        yield f"{path.name}.outline.json", _cli("outline", "--format", "json", relative)
        yield f"{path.name}.matrix", _cli("matrix", "--explain-links", relative)
        with tempfile.TemporaryDirectory() as folder:
            text = _cli(*common, "--annotate", "--fix", "--unsafe-fixes", "--output-dir", folder, relative)
            written = "".join(f"\n=== {p.name}\n{_parts(p)}" for p in sorted(Path(folder).rglob("*")) if p.is_file())
            yield f"{path.name}.copies", _normal(text + written, folder)
        if path.suffix == ".docx":
            with tempfile.TemporaryDirectory() as folder:
                text = _cli("format", "--output-dir", folder, relative)
                written = "".join(f"\n=== {p.name}\n{_parts(p)}" for p in sorted(Path(folder).rglob("*")) if p.is_file())
                yield f"{path.name}.formatted", _normal(text + written, folder)


def compare_outputs(folder: Path, write: bool) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name, text in outputs():
        golden = folder / name
        if write:
            golden.write_text(text, "utf-8")
            continue
        old = golden.read_text("utf-8") if golden.exists() else ""
        if old != text:
            changed += 1
            lines = list(difflib.unified_diff(old.splitlines(), text.splitlines(), name, name, lineterm="", n=1))
            print(f"{name}: differs")
            for line in lines[:30]:
                print(f"  {line}")
    if not write:
        print(f"{changed} other outputs differ")
    return changed


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
    parser.add_argument("--outputs", action="store_true", help="also the other outputs (DIR/outputs/)")
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
    if args.outputs:
        changed += compare_outputs(args.folder / "outputs", args.action == "write")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
