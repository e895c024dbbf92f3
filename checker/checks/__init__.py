"""Stage 5: checks. Importing this package registers every rule in ``RULES``."""

from __future__ import annotations

from checker.checks import (
    copying,
    correspondence,
    counts,
    coverage,
    input,
    layout,
    length,
    numbering,
    structure,
    style,
    substance,
    suppression,
    table,
    terms,
    typography,
    typos,
)
from checker.checks.base import RULES, Finding, Rule
from checker.severity import Severity

__all__ = [
    "RULES",
    "Finding",
    "Rule",
    "Severity",
    "copying",
    "correspondence",
    "counts",
    "coverage",
    "input",
    "layout",
    "length",
    "numbering",
    "structure",
    "style",
    "substance",
    "suppression",
    "table",
    "terms",
    "typography",
    "typos",
]
