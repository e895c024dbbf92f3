"""Which files a run checks: named files as given, globs expanded, folders walked for reports in
a stable order (hidden folders, .gitignore'd files, --exclude globs and reportlint's own copies
left out). Each file comes with the folder it was found under, so that copies written under
--output-dir keep their path relative to it."""

from __future__ import annotations

import fnmatch
import glob
import os
import re
from pathlib import Path
from typing import Any, NamedTuple

# .doc: to say "save it as .docx"; .zip: the reports in it (checker/read/archive.py)
WALKED_SUFFIXES = (".docx", ".doc", ".txt", ".md", ".markdown", ".zip")
# What reportlint writes beside a report: a walk does not check these again.
OWN_OUTPUTS = ("*.reportlint.docx", "*.reportlint.zip", "*.fixed.*", "*.formatted.docx", "*.formatted.zip")


class Found(NamedTuple):
    """A file to check, and the folder or glob it was found under (a tuple: a walk makes
    thousands, and a frozen dataclass costs three times as much to make)."""

    path: str
    root: str | None  # the folder or glob base it was found under; None when named


def discover(paths: list[str], respect_gitignore: bool = True, exclude: list[str] | None = None) -> list[Found]:
    found: list[Found] = []
    for raw in paths:
        path = Path(raw)
        if raw != "-" and not path.exists() and glob.has_magic(raw):
            base = _glob_base(raw)
            found.extend(Found(p, base) for p in sorted(glob.glob(raw, recursive=True))
                         if os.path.isfile(p) and not is_own_output(p))  # fmt: skip
        elif path.is_dir():
            found.extend(Found(p, raw) for p in _walk(path, respect_gitignore))
        else:
            found.append(Found(raw, None))
    if exclude:
        found = [
            f for f in found
            if not any(fnmatch.fnmatch(f.path, g) or fnmatch.fnmatch(os.path.basename(f.path), g) for g in exclude)
        ]  # fmt: skip
    return found


def is_own_output(path: str) -> bool:
    return _OWN_OUTPUT.match(os.path.normcase(os.path.basename(path))) is not None


# The three patterns as one (fnmatch's own translation): a walk of 2,000 files asks this 2,000 times.
_OWN_OUTPUT = re.compile("|".join(fnmatch.translate(os.path.normcase(p)) for p in OWN_OUTPUTS))


def _glob_base(pattern: str) -> str:
    """The folder part of a glob before its first wildcard: reports/**/*.docx → reports."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return str(Path(*fixed)) if fixed else "."


def _walk(root: Path, respect_gitignore: bool) -> list[str]:
    specs: list[tuple[str, Any]] = []  # (directory, pathspec) from .gitignore files met so far
    if respect_gitignore:
        # .gitignore files above the walked folder, up to the repository's root, apply too.
        parent = root.resolve()
        chain = []
        while True:
            chain.append(parent)
            if (parent / ".git").exists() or parent.parent == parent:
                break
            parent = parent.parent
        for above in reversed(chain[1:]):
            ignore = above / ".gitignore"
            if ignore.is_file():
                specs.append((str(above), _gitignore(ignore)))
    walked: list[str] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        if respect_gitignore and ".gitignore" in files:
            specs.append((str(Path(folder).resolve()), _gitignore(Path(folder) / ".gitignore")))
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not _ignored(os.path.join(folder, d), specs, True)
        )
        prefix = os.path.join(folder, "")  # the folder with its separator: joined once, not per file
        for name in files:
            if (
                name.lower().endswith(WALKED_SUFFIXES)
                and not name.startswith(("~$", "."))
                and _OWN_OUTPUT.match(os.path.normcase(name)) is None  # is_own_output, for a bare name
                and not _ignored(prefix + name, specs, False)
            ):
                walked.append(prefix + name)
    return sorted(walked)


def _gitignore(path: Path) -> Any:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(path.read_text("utf-8", "replace").splitlines())


def _ignored(path: str, specs: list[tuple[str, Any]], is_dir: bool) -> bool:
    if not specs:
        return False
    absolute = os.path.abspath(path)
    for base, spec in specs:
        if absolute.startswith(base + os.sep):
            relative = os.path.relpath(absolute, base).replace(os.sep, "/") + ("/" if is_dir else "")
            if spec.match_file(relative):
                return True
    return False
