"""Stage 4: align. The report's sections matched to the template's parts, and each problem linked
to the causes that explain it and the measures that answer it, once per report, after the model
is built and before any check runs. Checks and outputs only read the outcome.

- sections.py: each section's part of the template; missing, misplaced, duplicate, unknown ones
- correspondence.py: the problem–cause–measure links (units.py scores items, choose.py picks
  the links, lexicon.py holds the related terms)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.align.sections import SectionMatch, match_sections

if TYPE_CHECKING:
    from checker.align.correspondence import Correspondence
    from checker.model import Report
    from checker.template import Template

__all__ = ["Alignment", "SectionMatch", "align"]


@dataclass(frozen=True, slots=True)
class Alignment:
    """What the aligner found in one report."""

    sections: SectionMatch
    # The links, when the report is of a known kind and parsed (None: no C2xx finding, no matrix).
    links: Correspondence | None = None


def align(report: Report, template: Template, backend: str = "lexical", linked: bool = True) -> Alignment:
    """Match the sections (setting each one's ``role`` and ``spec_id``), then, with ``linked``,
    link the problems to their causes and measures with the ``backend`` scores."""
    sections = match_sections(report, template)
    links = None
    if linked and not report.parse_error:
        from checker.align.correspondence import link_items

        links = link_items(report, template, backend)
    return Alignment(sections, links)
