"""The reviewers' verdict on a report's substance, in their own terms: 问题准 (problems pinned down),
原因清 (causes clear), 措施明 (measures checkable), 把自己摆进去 (the writer owns the problems). Each
aspect counts the report's items and how many fall short, from the Q findings that remain after
the writer's suppressions (checks/substance.py). Computed once by the engine and carried on the
result as plain data, so the cache, the HTML page, the web page, the xlsx summary and the JSON
output only render it (checker/output/verdict.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.model import Report
    from checker.result import Diagnostic
    from checker.template import Template

# aspect → (the role whose items it counts, the item rules that mark an item short, the report-wide rules)
ASPECTS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "problems": ("problems", ("Q101", "Q104"), ("Q107",)),
    "causes": ("causes", ("Q102", "Q105"), ()),
    "measures": ("measures", ("Q103",), ("Q108",)),
    "self": ("problems", ("Q106",), ()),
}


def substance_verdict(report: Report, template: Template, diagnostics: Iterable[Diagnostic],
                      enabled: frozenset[str] | None) -> dict[str, Any] | None:  # fmt: skip
    """Per aspect: {"items", "short" (items with a finding), "borderline" (items with only tentative
    ones), "codes" {code: items}, "flags" [report-wide codes found]}; an aspect whose section the
    template lacks, or whose rules did not run, is None. None when no aspect applies."""
    from checker.checks.substance import personal_report, role_items
    from checker.substance import substance_for

    if report.parse_error:
        return None
    items = {role: len(role_items(report, template, role)) for role in ("problems", "causes", "measures")}
    findings: dict[str, dict[int, bool]] = {}  # code → item → clear (True) or only tentative
    flags: set[str] = set()
    for d in diagnostics:
        if not d.code.startswith("Q"):
            continue
        index = d.args.get("item")
        if isinstance(index, int):
            marks = findings.setdefault(d.code, {})
            marks[index] = marks.get(index, False) or not d.args.get("borderline", False)
        else:
            flags.add(d.code)
    verdict: dict[str, Any] = {}
    for aspect, (role, item_codes, report_codes) in ASPECTS.items():
        ran = [c for c in (*item_codes, *report_codes) if enabled is None or c in enabled]
        if not ran or not any(spec.role == role for spec in template.sections):
            verdict[aspect] = None
            continue
        if aspect == "self" and not personal_report(report, substance_for(template)):
            verdict[aspect] = None  # a 班子's material: the 班子 is the right subject
            continue
        per_item: dict[int, bool] = {}
        for code in item_codes:
            for index, clear in findings.get(code, {}).items():
                per_item[index] = per_item.get(index, False) or clear
        codes = {code: sum(1 for clear in findings.get(code, {}).values() if clear) for code in item_codes if code in ran}
        verdict[aspect] = {
            "items": items[role],
            "short": sum(1 for clear in per_item.values() if clear),
            "borderline": sum(1 for clear in per_item.values() if not clear),
            "codes": codes,
            "flags": sorted(code for code in report_codes if code in flags),
        }
    return verdict if any(v is not None for v in verdict.values()) else None
