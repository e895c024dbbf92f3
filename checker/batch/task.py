"""One file to check and the settings it is checked with: picklable, so that a task crosses to a
worker process as it is. Light to import: a run whose results all come from the cache never
imports the pipeline."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.read.limits import DEFAULT_LIMITS, Limits
from checker.result import FileResult

if TYPE_CHECKING:
    from checker.checklists import Checklist
    from checker.config import LengthOverrides, RuleFilter
    from checker.profile import Profile
    from checker.substance import SubstanceChanges
    from checker.template import Template


@dataclass(frozen=True, slots=True)
class FileSettings:
    """Everything besides the file's bytes that decides its result, as the configuration and the
    command line give it for that file (the cache key is a digest of these)."""

    template: Template | None = None  # None: detected from the document
    checklist: Checklist | None = None  # a yearly check-list for the K1xx rules
    links: str = "lexical"  # the link back end: lexical | semantic | blend
    limits: Limits = DEFAULT_LIMITS
    rules: RuleFilter | None = None  # which rules run, at which severity; None: every rule
    lengths: LengthOverrides | None = None  # a configuration's length thresholds
    # The format profile for the F1xx rules: the profile itself (a TOML file's, or one with a
    # configuration's changes), or the name of a built-in one as it stands (GB/T 9704 under
    # `auto`), loaded where the file is checked (format_profile): a warm run's plan then imports
    # no profile code (3 ms), and the rules files' digest in the cache key covers its data.
    profile: Profile | str | None = None
    signature: bool = False  # copies between reports are looked for (D101, `reportlint similar`)
    substance: SubstanceChanges | None = None  # a configuration's [substance] changes

    def format_profile(self) -> Profile | None:
        """The format profile, a built-in one named here loaded (once per process)."""
        if isinstance(self.profile, str):
            from checker.profile import load_profile

            return load_profile(self.profile)
        return self.profile

    def identity(self) -> tuple[object, ...]:
        """The parts by identity: a batch shares them between files, so this names a combination
        without digesting it again for every file."""
        return tuple(value if value is None or isinstance(value, (str, bool)) else id(value)
                     for value in (getattr(self, f.name) for f in dataclasses.fields(self)))  # fmt: skip


@dataclass(slots=True)  # not frozen: a frozen __init__ costs three times as much, felt when a plan makes 2,000
class Task:
    """One file to check, with its settings: what a batch sends a worker."""

    path: str
    data: bytes | None  # stdin, or a member of a .zip
    settings: FileSettings
    outline: bool = True  # keep the outline (the JSON, HTML and xlsx outputs show it)
    # Refused before any check, with (E-code, detail): an archive, or a member of one, that cannot
    # be read. Its result is that error; it is never cached (the bytes are not what it is about).
    refused: tuple[str, str] | None = None

    def run(self) -> FileResult:
        if self.refused is not None:
            return FileResult(path=self.path, template=None, error=self.refused)
        result = self.check_bytes(self.data)
        if self.settings.signature and result.document is not None:
            from checker.similar.signature import signature_of  # numpy: only when copies are looked for

            document = result.document
            result.signature = signature_of((p.line, p.text) for p in document.paragraphs if not p.toc)
        return result.slim(self.outline)

    def check_bytes(self, data: bytes | None) -> FileResult:
        """The whole result (document and model kept) for this file's bytes, or for ``data`` in
        their place (a corrected copy checked again)."""
        from checker.pipeline import check_path  # only when a file is checked: a warm run needs none

        s = self.settings
        try:
            return check_path(self.path, s.template, data=data, checklist=s.checklist, links=s.links, limits=s.limits,
                              rules=s.rules, lengths=s.lengths, profile=s.format_profile(), substance=s.substance)  # fmt: skip
        except Exception as exc:  # a bug must not stop the batch: report it on that file
            if os.environ.get("REPORTLINT_DEBUG"):
                import traceback

                traceback.print_exc()
            return FileResult(path=self.path, template=None, error=("E011", f"{type(exc).__name__}: {exc}"))
