"""Suppressions where the writer works: a Word comment whose text starts with
`reportlint: ignore[N101,C2] 理由` silences those codes on the paragraphs it is anchored to; in
.txt/.md a line `<!-- reportlint: ignore[CODE] 理由 -->` silences them on the next paragraph and
`<!-- reportlint: ignore-file[CODE] -->` in the whole file. `ignore` without brackets silences every
code. A suppression that silences nothing is itself reported (X101, like ruff's RUF100)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.read.types import Remark

_DIRECTIVE = re.compile(r"^\s*reportlint\s*[:：]\s*(ignore-file|ignore)\s*(?:\[([^\]]*)\])?\s*(.*)$", re.S)


@dataclass(frozen=True, slots=True)
class Suppression:
    """A remark that silences findings: on its paragraph or the whole file, for some codes or all."""

    remark: Remark
    whole_file: bool
    codes: tuple[str, ...]  # codes or prefixes; empty = every code

    def covers(self, code: str, line: int) -> bool:
        if self.codes and not any(code.startswith(c) for c in self.codes):
            return False
        return self.whole_file or line in self.remark.lines


def parse_suppressions(remarks: tuple[Remark, ...]) -> list[Suppression]:
    found = []
    for remark in remarks:
        m = _DIRECTIVE.match(remark.text)
        if m is None:
            continue
        codes = tuple(c.strip().upper() for c in re.split(r"[,，\s]+", m.group(2) or "") if c.strip())
        found.append(Suppression(remark, m.group(1) == "ignore-file", codes))
    return found
