"""Language rules over ../shared/corpus and examples/: findings per rule, split by clean and
flawed reports (the false-alarm budget: no error or warning on a clean report), and the time of
the formulation and word checks on a 6,000-字 report.

    python bench/language.py
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
FAMILIES = ("P", "T", "Y")


def main() -> int:
    from checker.model import Report
    from checker.pipeline import check_path
    from checker.template import load_template

    files: list[tuple[Path, bool]] = []
    if (CORPUS / "labels.json").exists():
        labels = {e["file"]: e["clean"] for e in json.loads((CORPUS / "labels.json").read_text("utf-8"))}
        files += [(CORPUS / name, clean) for name, clean in sorted(labels.items())]
    files += [
        (p, p.stem != "flawed")
        for p in sorted((ROOT / "examples").iterdir())
        if p.suffix in (".txt", ".md", ".docx")
    ]
    counts: dict[str, Counter[str]] = {"clean": Counter(), "flawed": Counter()}
    alarms = []
    for path, clean in files:
        result = check_path(str(path))
        for d in result.diagnostics:
            if d.code.startswith(FAMILIES):
                counts["clean" if clean else "flawed"][d.code] += 1
                if clean and d.severity.value != "info":
                    alarms.append(f"{path.name}:{d.line} {d.code}")
    codes = sorted(set(counts["clean"]) | set(counts["flawed"]))
    print(f"{len(files)} reports ({sum(c for _, c in files)} clean)")
    print(f"{'code':6} {'on flawed':>10} {'on clean':>9}")
    for code in codes:
        print(f"{code:6} {counts['flawed'][code]:>10} {counts['clean'][code]:>9}")
    print(f"errors or warnings from these rules on clean reports: {len(alarms)} {alarms}")

    from checker.align import align
    from checker.checks.terms import formulation_misquote, formulation_order, misused_word
    from checker.model.build import build_report
    from checker.parse.lexer import lex
    from checker.read import read_bytes

    text = (ROOT / "examples" / "clean.txt").read_text("utf-8")
    body = "\n".join([text] * 6)
    document = read_bytes("big.txt", body.encode())
    template = load_template("party-spirit")
    report: Report = build_report(document, lex(list(document.paragraphs)))
    align(report, template)
    for check in (formulation_misquote, formulation_order, misused_word):
        list(check(report, template))  # warm: automata built once per process
    runs = []
    for _ in range(30):
        start = time.perf_counter()
        for check in (formulation_misquote, formulation_order, misused_word):
            list(check(report, template))
        runs.append(time.perf_counter() - start)
    runs.sort()
    print(
        f"term and word checks on a {report.chars}-字 report: {runs[len(runs) // 2] * 1000:.2f} ms (median of 30; goal < 10 ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
