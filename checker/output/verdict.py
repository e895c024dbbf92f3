"""The substance verdict (checker/verdict.py) in words: 问题准：问题 5 项，2 项不具体 — for the HTML
report, the web page and the xlsx summary. Rendering only; the verdict is computed by the engine."""

from __future__ import annotations

from typing import Any

ORDER = ("problems", "causes", "measures", "self")
ASPECT = {
    "zh": {"problems": "问题准", "causes": "原因清", "measures": "措施明", "self": "把自己摆进去"},
    "en": {"problems": "specific problems", "causes": "clear causes", "measures": "checkable measures",
           "self": "owning the problems"},
}  # fmt: skip
NOUN = {
    "zh": {"problems": "问题", "causes": "原因", "measures": "措施", "self": "问题"},
    "en": {"problems": "problems", "causes": "causes", "measures": "measures", "self": "problems"},
}
SHORT = {  # what an item falls short of, by the rule that found it
    "Q101": ("不具体", "not specific"),
    "Q104": ("明批暗褒", "praise in disguise"),
    "Q102": ("强调客观", "blaming circumstances"),
    "Q105": ("复述问题", "restating its problem"),
    "Q103": ("不可检验", "not checkable"),
    "Q106": ("写的是他人", "about others"),
}
FLAG = {  # report-wide findings
    "Q107": ("全是业务问题，未触及思想", "all about the work, none about thought or discipline"),
    "Q108": ("未说明上年度整改落实情况", "nothing on last year's measures"),
}
FINE = {
    "problems": ("均具体", "all specific"),
    "causes": ("均从自身找根源", "all owned by the writer"),
    "measures": ("均可检验", "all checkable"),
    "self": ("均写本人", "all the writer's own"),
}
COLUMNS = {"zh": [ASPECT["zh"][a] for a in ORDER], "en": [ASPECT["en"][a] for a in ORDER]}


def fine(entry: dict[str, Any]) -> bool:
    """No item falls short and no report-wide finding (items only to review do not count); a part
    with no item at all (no cause written) is no pass."""
    return bool(entry["items"]) and not entry["short"] and not entry["flags"]


def aspect_text(aspect: str, entry: dict[str, Any], lang: str) -> str:
    """问题 5 项，2 项不具体、1 项明批暗褒，另有 1 项待核 / 5 problems: 2 not specific; 1 more to review."""
    zh = lang != "en"
    n, borderline = entry["items"], entry["borderline"]
    found = [f"{k} 项{SHORT[c][0]}" if zh else f"{k} {SHORT[c][1]}" for c, k in entry["codes"].items() if k]
    found += [FLAG[c][0 if zh else 1] for c in entry["flags"]]
    if found:
        more = (f"，另有 {borderline} 项待核" if zh else f"; {borderline} more to review") if borderline else ""
    else:  # nothing falls short: all fine, or some only to review
        found = [(f"{borderline} 项待核" if zh else f"{borderline} to review") if borderline else FINE[aspect][0 if zh else 1]]
        more = ""
    if not n:
        found, more = ["未写"] if zh else ["none written"], ""
    if zh:
        return f"{NOUN['zh'][aspect]} {n} 项" + ("，" + "、".join(found) if found else "") + more
    return f"{n} {NOUN['en'][aspect]}" + (": " + ", ".join(found) if found else "") + more


def verdict_rows(verdict: dict[str, Any] | None, lang: str) -> list[tuple[str, str, str, bool]]:
    """(aspect, its name, its text, fine) for each aspect that applies, in the reviewers' order."""
    if not verdict:
        return []
    words = ASPECT["en" if lang == "en" else "zh"]
    return [(a, words[a], aspect_text(a, verdict[a], lang), fine(verdict[a])) for a in ORDER if verdict.get(a)]


def verdict_cells(verdict: dict[str, Any] | None, lang: str) -> list[str]:
    """One cell per aspect for a summary row ("" where the aspect does not apply)."""
    rows = {aspect: text for aspect, _, text, _ in verdict_rows(verdict, lang)}
    return [rows.get(aspect, "") for aspect in ORDER]
