"""Section and item recovery over ../shared/corpus (labels.json), and findings on clean reports.

    python bench/corpus.py [--json]

Prints, per file, how many labelled top-level items were found in a section of the labelled
role, which labelled defects were reported on their line, and every error or warning on a
report labelled clean. Skips (exit 0) when ../shared/corpus is absent.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"

# Defect kinds of labels.json → the code that reports them (only those this version checks).
DEFECT_CODES = {
    "numbering-gap": "N101", "numbering-duplicate": "N102", "numbering-punctuation": "N105",
    "numbering-mixed-style": "N104", "missing-section": "S101", "section-order": "S102",
    "item-too-short": "L103", "problem-without-cause": "C201", "problem-without-measure": "C202",
    "orphan-measure": "C204", "halfwidth-punctuation": "P101", "unpaired-quote": "P102",
    "repeated-punctuation": "P104", "formulation-misquote": "T101|T102",
}  # fmt: skip
KIND_TEMPLATE = {
    "党性分析": "party-spirit", "对照检查": "life-meeting", "发言提纲": "life-meeting",
    "检视剖析": "self-examination", "述职": "duty-report", "整改": "rectification",
}  # fmt: skip


@dataclass
class FileScore:
    name: str
    kind: str
    clean: bool
    detected: str = ""
    confidence: float = 0.0
    items: int = 0
    found: int = 0
    misses: list[str] = field(default_factory=list)
    defects: int = 0
    defects_found: int = 0
    defect_misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)


def score(template_name: str | None = None) -> list[FileScore]:
    """Score every corpus file with ``template_name``, or with the detected template (None)."""
    from checker.pipeline import check_path
    from checker.template import load_template

    template = load_template(template_name) if template_name else None
    labels = json.loads((CORPUS / "labels.json").read_text("utf-8"))
    scores = []
    for entry in labels:
        result = check_path(str(CORPUS / entry["file"]), template)
        assert result.report is not None, result.error
        s = FileScore(entry["file"], entry["kind"], entry["clean"], result.template or "",
                      result.detection.confidence if result.detection else 1.0)  # fmt: skip
        by_line = {sec.line: sec for sec in result.report.sections}
        for labelled in entry["sections"]:
            ours = by_line.get(labelled["line"])
            for prefix in labelled["items"]:
                s.items += 1
                ok = (
                    ours is not None
                    and ours.role == labelled["role"]
                    and any(item.own_text[: len(prefix)] == prefix for item in ours.items)
                )
                if ok:
                    s.found += 1
                else:
                    s.misses.append(f"{labelled['role']}: {prefix}")
        reported = {(d.code, d.line) for d in result.diagnostics}
        for defect in entry["defects"]:
            code = DEFECT_CODES.get(defect["kind"])
            if code is None:
                continue
            s.defects += 1
            if any((c, defect["line"]) in reported for c in code.split("|")):
                s.defects_found += 1
            else:
                s.defect_misses.append(f"{defect['kind']} line {defect['line']}")
        if entry["clean"]:
            s.alarms = [f"{d.code} line {d.line}" for d in result.diagnostics if d.severity.value != "info"]
        scores.append(s)
    return scores


def evidence() -> None:
    """What the threshold for "a known kind of report" (checker.detect.KNOWN_EVIDENCE) rests on:
    the evidence every corpus report gives, against the real files that are no such report."""
    from checker.detect import KNOWN_EVIDENCE, detect_template
    from checker.read import read_path

    rows = []
    for path in sorted(CORPUS.glob("d*.txt")) + sorted((CORPUS / "harder").glob("d*.txt")):
        rows.append(("report", path.name, detect_template(read_path(str(path)))))
    for path in sorted((CORPUS.parent / "realdocx").glob("*.docx")):
        rows.append(("not a report", path.name, detect_template(read_path(str(path)))))
    print(f"\nevidence for a kind of report (threshold {KNOWN_EVIDENCE}):")
    for group in ("report", "not a report"):
        values = [(name, d.scores[0][1], d.known) for g, name, d in rows if g == group]
        if not values:
            continue
        low = min(v for _, v, _ in values)
        high = max(v for _, v, _ in values)
        wrong = [name for name, _, known in values if known != (group == "report")]
        print(f"  {group:13} {len(values):3} files, evidence {low:5.2f} … {high:5.2f}; misjudged: {wrong or 'none'}")


def main() -> int:
    if not (CORPUS / "labels.json").exists():
        print("../shared/corpus not present: nothing to measure")
        return 0
    template = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--template=")), None)
    scores = score(template)
    print(f"{'file':8} {'kind':6} {'template':17} {'conf':>5} {'items':>9} {'defects':>9}  notes")
    for s in scores:
        notes = "; ".join(s.misses + s.defect_misses + [f"ALARM {a}" for a in s.alarms])
        print(f"{s.name:8} {s.kind:6} {s.detected:17} {s.confidence:5.2f} {s.found:>4}/{s.items:<4} "
              f"{s.defects_found:>4}/{s.defects:<4}  {notes}")  # fmt: skip
    kinds = sorted({s.kind for s in scores})
    names = sorted({KIND_TEMPLATE[k] for k in kinds} | {s.detected for s in scores})
    print("\ndetection (rows: labelled kind, columns: detected template)")
    print(f"{'':6} " + " ".join(f"{n[:12]:>12}" for n in names))
    for kind in kinds:
        row = [sum(1 for s in scores if s.kind == kind and s.detected == n) for n in names]
        print(f"{kind:6} " + " ".join(f"{c:>12}" for c in row))
    correct = sum(1 for s in scores if KIND_TEMPLATE[s.kind] == s.detected)
    print(f"detected as the labelled kind: {correct}/{len(scores)}")
    items = sum(s.items for s in scores)
    found = sum(s.found for s in scores)
    defects = sum(s.defects for s in scores)
    defects_found = sum(s.defects_found for s in scores)
    alarms = [a for s in scores for a in s.alarms]
    print(f"\nitem recovery: {found}/{items} = {found / items:.1%}")
    print(f"structure/numbering/length defects reported on their line: {defects_found}/{defects}")
    print(f"errors or warnings on clean reports: {len(alarms)}")
    evidence()
    if "--json" in sys.argv:
        print(json.dumps({"items": items, "found": found, "defects": defects, "defects_found": defects_found,
                          "clean_alarms": alarms}, ensure_ascii=False))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
